import { describe, expect, it } from 'vitest';
import { check, compile, dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const BODY = dedent(`
  source problems = math_problems { count: 10 }
  stage s from problems {
    emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
  }
`);

describe('recipe structure', () => {
  it('points at every `recipe` header when there are two, each related to the other', () => {
    const found = expectDiagnostics(dedent(`
      <|recipe|> t { version: "0.1.0" seed: 1 }
      <|recipe|> u { version: "0.2.0" seed: 2 }
    `) + BODY, [
      { code: 'duplicate-declaration', message: '`recipe` is declared more than once' },
      { code: 'duplicate-declaration', message: '`recipe` is declared more than once' },
    ]);
    expect(found.map((d) => d.related?.length)).toEqual([1, 1]);
  });

  it('points at every `output` block when there are two', () => {
    expectDiagnostics(HEADER + BODY + dedent(`
      <|output|> { dir: "out/a" }
      <|output|> { dir: "out/b" }
    `), [
      { code: 'duplicate-declaration', message: '`output` is declared more than once' },
      'duplicate-declaration',
    ]);
  });

  it('reports a header or an output block in an imported file', () => {
    const libraryText = 'recipe lib { version: "1.0.0" seed: 1 }\nverifier boxed = math()\noutput { dir: "out" }\n';
    const { diagnostics } = check(HEADER + dedent(`
      import "lib/a.rlr" as lib
      source problems = math_problems { count: 10 }
      stage s from problems {
        emit { prompt: question truth: answer verifier: lib.boxed difficulty: difficulty domain: "math" }
      }
    `), { '/r/lib/a.rlr': libraryText });
    expect(diagnostics.map((d) => [d.code, d.span.file, libraryText.slice(d.span.start, d.span.start + 6), d.message])).toEqual([
      ['misplaced-declaration', '/r/lib/a.rlr', 'recipe', 'a `recipe` header belongs only in the main recipe file, not in an imported one'],
      ['misplaced-declaration', '/r/lib/a.rlr', 'output', 'an `output` block belongs only in the main recipe file, not in an imported one'],
    ]);
  });

  it('reports a schema where a generator has its own, and a file source without one', () => {
    expectDiagnostics(HEADER + dedent(`
      source problems: <|{q: string}|> = math_problems { count: 10 }
      source <|rows|> = file { path: "data/rows.jsonl" format: jsonl }
      source listed: <|list<string>|> = file { path: "data/rows.jsonl" format: jsonl }
      stage a from problems { emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" } }
      stage b from rows { emit { prompt: question truth: answer verifier: exact() difficulty: 0.5 domain: "text" } }
      stage c from listed { emit { prompt: "p" truth: "a" verifier: exact() difficulty: 0.5 domain: "text" } }
    `), [
      { code: 'misplaced-declaration', message: 'a record schema is not needed: generator `math_problems` yields records of its own type' },
      { code: 'misplaced-declaration', message: 'source `rows` needs a record schema: write `source name: {field: type, ...} = ...`' },
      { code: 'misplaced-declaration', message: 'a source schema must be a record type such as `{question: string}`' },
    ], { only: ['misplaced-declaration', 'unknown-field'] });
  });

  it('accepts an optional record as a schema, and reads its fields', () => {
    expectClean(HEADER + dedent(`
      source rows: {question: string, answer: string}? = file { path: "data/rows.jsonl" format: jsonl }
      stage s from rows {
        let shown = question
        emit { prompt: shown truth: answer verifier: exact() difficulty: 0.5 domain: "text" }
      }
    `));
  });

  it('checks a file without a header as a library, but compiles only a recipe', () => {
    expectClean(BODY);
    const compiled = compile(BODY);
    expect(compiled.diagnostics.map((d) => [d.code, d.span.start])).toEqual([['missing-recipe-header', 0]]);
    expect(compiled.dag).toBeUndefined();
  });

  it('accepts one header, imports, declarations and one output', () => {
    expectClean(HEADER + BODY + 'output { dir: "out" }\n');
  });
});
