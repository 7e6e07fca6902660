import { describe, expect, it } from 'vitest';
import type * as A from '../../compiler/syntax/ast.ts';
import { MAX_NESTING } from '../../grammar/parser.ts';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import { check, dedent, expectDiagnostics, HEADER } from '../helpers.ts';
import { all, only, parseMarked, show, spanOf } from './support.ts';

const where = (text: string, d: Diagnostic) => `${d.code} ${JSON.stringify(text.slice(d.span.start, d.span.end))}: ${d.message}`;

/** Parses marked text and asserts one diagnostic of `code` on each marked span, and no other. */
function expectSyntaxErrors(source: string, code: 'syntax-error' | 'invalid-character' = 'syntax-error') {
  const parsed = parseMarked(source);
  const found = parsed.diagnostics.map((d) => ({ code: d.code, start: d.span.start, end: d.span.end }));
  const expected = parsed.spans.map((s) => ({ code, start: s.start, end: s.end }));
  expect(found, parsed.diagnostics.map((d) => where(parsed.text, d)).join('\n')).toEqual(expected);
  return parsed;
}

describe('recovery from several independent mistakes', () => {
  const source = dedent(`
    recipe r { version: "0.1.0" seed: 1 }
    param n: int = <|)|>
    source problems = math_problems { count: n <|kinds|> ["linear"] }
    stage first <|problems|> {
      where difficulty > 0.5
    }
    stage second from first {
      let x = <|*|> 2
      emit { truth: answer verifier: math() }
    }
    verifier v = all(format() <|}|>
    stage last from second {
      emit { truth: answer <|)|> }
    }
    output { dir: "out" }
  `);

  it('reports each mistake once, on the offending token', () => {
    const parsed = expectSyntaxErrors(source);
    expect(parsed.diagnostics.map((d) => d.message)).toEqual([
      'unexpected `)`; expected an expression',
      'unexpected `kinds`; expected a property (`name: value`) or `}`',
      'unexpected `problems`; expected `from`',
      'unexpected `*`; expected an expression',
      'unexpected `}`; expected an argument or `)`',
      'unexpected `)`; expected a property (`name: value`) or `}`',
    ]);
  });

  it('keeps every declaration, and what was written correctly inside the broken ones', () => {
    const { module } = parseMarked(source);
    expect(module.declarations.map((d) => `${d.kind}${'name' in d && d.name ? ' ' + d.name.name : ''}`)).toEqual([
      'RecipeDecl r', 'ParamDecl n', 'SourceDecl problems', 'StageDecl first', 'StageDecl second', 'VerifierDecl v', 'StageDecl last', 'OutputDecl',
    ]);
    const [first, second, last] = all(module, 'StageDecl');
    expect(first.input?.name.name).toBe('problems');
    expect(first.steps.map((s) => s.kind)).toEqual(['WhereStep']);
    expect(second.steps.map((s) => s.kind)).toEqual(['LetStep', 'EmitStep']);
    expect(last.steps.map((s) => s.kind)).toEqual(['EmitStep']);
    const param = only(module, 'ParamDecl');
    expect(param.defaultValue).toBeNull();
    expect(show((second.steps[1] as A.EmitStep).properties[1].value)).toBe('(call math)');
  });

  it('the whole compiler reports the same syntax errors, each once', () => {
    expectDiagnostics(source, ['syntax-error', 'syntax-error', 'syntax-error', 'syntax-error', 'syntax-error', 'syntax-error'], {
      only: ['syntax-error', 'invalid-character'],
    });
  });

  it('a missing value before the next declaration or step is reported there, and what follows is kept', () => {
    const parsed = expectSyntaxErrors(dedent(`
      param a: int =
      <|param|> b: int = 2
      stage s from src {
        let x =
        <|let|> y = 1
        where y >
      <|}|>
      stage t from s { }
    `));
    expect(all(parsed.module, 'ParamDecl').map((p) => [p.name?.name, show(p.defaultValue)])).toEqual([['a', '∅'], ['b', '2']]);
    const [s, t] = all(parsed.module, 'StageDecl');
    expect(s.steps.map((step) => step.kind === 'LetStep' ? `let ${step.name?.name} = ${show(step.value)}` : step.kind)).toEqual([
      'let x = ∅', 'let y = 1', 'WhereStep',
    ]);
    expect(t.name?.name).toBe('t');
  });

  it('a missing closing brace is reported at the next declaration, which is kept', () => {
    const parsed = expectSyntaxErrors(dedent(`
      stage s from src {
        emit { truth: answer }
      <|stage|> t from s { }
      output { dir: "out"
      <|mixture|> m for rl { by: stage }
    `));
    expect(parsed.module.declarations.map((d) => d.kind)).toEqual(['StageDecl', 'StageDecl', 'OutputDecl', 'MixtureDecl']);
    expect(show(only(parsed.module, 'MixtureDecl').properties[0].value)).toBe('stage');
  });

  it('debris inside a nested block does not close the enclosing one', () => {
    const parsed = expectSyntaxErrors(dedent(`
      mixture m for rl {
        weights: { math: 0.4, <|,|> charts: 0.6 }
        size: 100
      }
    `));
    const mixture = only(parsed.module, 'MixtureDecl');
    expect(mixture.properties.map((p) => `${p.key.name}: ${show(p.value)}`)).toEqual(['weights: {math: 0.4, charts: 0.6}', 'size: 100']);
  });

  it('a repeated word is dropped rather than taken for a missing one', () => {
    const parsed = expectSyntaxErrors(dedent(`
      stage s <|s|> from src { }
      source clips: {a: string, <|?|>} = folder { glob: "x" }
    `));
    expect(only(parsed.module, 'StageDecl').input?.name.name).toBe('src');
    expect(only(parsed.module, 'SourceDecl').sourceKind?.name).toBe('folder');
  });
});

describe('a token that recovery inserts is missing, not made up', () => {
  const cases: Array<[string, string, (module: A.Module) => unknown]> = [
    ['stage name', 'stage <|from|> src { }', (m) => only(m, 'StageDecl').name],
    ['param name', 'param <|:|> int = 3', (m) => only(m, 'ParamDecl').name],
    ['type name', 'type <|=|> string', (m) => only(m, 'TypeDecl').name],
    ['source kind', 'source s = <|{|> count: 1 }', (m) => only(m, 'SourceDecl').sourceKind],
    ['model provider', 'model m = <|{|> id: "x" }', (m) => only(m, 'ModelDecl').provider],
    ['mixture split', 'mixture m for <|{|> by: domain }', (m) => only(m, 'MixtureDecl').split],
    ['curriculum level number', 'curriculum c { level <|easy|> { stages: [] } }', (m) => only(m, 'CurriculumDecl').levels[0].number],
    ['let name', 'stage s from src { let <|=|> 1 }', (m) => (only(m, 'StageDecl').steps[0] as A.LetStep).name],
    ['explode name', 'stage s from src { explode xs as <|}|>', (m) => (only(m, 'StageDecl').steps[0] as A.ExplodeStep).name],
    ['validate gate', 'stage s from src { validate <|(|>q: 1) }', (m) => (only(m, 'StageDecl').steps[0] as A.ValidateStep).gate],
    ['member name', 'verifier v = f(a.<|)|>', (m) => ((only(m, 'VerifierDecl').value as A.Call).args[0].value as A.MemberAccess).member],
  ];

  for (const [what, source, pick] of cases) {
    it(`the ${what} is null`, () => {
      const parsed = expectSyntaxErrors(source);
      expect(pick(parsed.module)).toBeNull();
    });
  }

  it('the declaration keeps the parts that were written', () => {
    const { module } = parseMarked('stage from src { where ok }');
    const stage = only(module, 'StageDecl');
    expect([stage.name, stage.input?.name.name, stage.steps.length]).toEqual([null, 'src', 1]);
    expect(spanOf(stage)).toEqual({ start: 0, end: 27 });
  });

  it('no identifier in a recovered tree is empty', () => {
    const { module } = parseMarked(dedent(`
      stage from { let = a. }
      source = { : 1 }
      param : = 
      mixture for { by }
    `));
    const names: string[] = [];
    JSON.stringify(module, (key, value: unknown) => {
      if (value && typeof value === 'object' && (value as { kind?: string }).kind === 'Identifier') names.push((value as A.Identifier).name);
      return value;
    });
    expect(names.filter((n) => n.trim() === '')).toEqual([]);
  });
});

describe('lexer errors', () => {
  it('a stray character is one invalid-character diagnostic, and parsing goes on around it', () => {
    const parsed = expectSyntaxErrors(dedent(`
      param n: int = 3 <|@|>
      output { dir: "out" <|$$|> shard_rows: 10 }
    `), 'invalid-character');
    expect(parsed.diagnostics.map((d) => d.message)).toEqual(['unexpected character `@`', 'unexpected character `$$`']);
    expect(only(parsed.module, 'OutputDecl').properties.map((p) => p.key.name)).toEqual(['dir', 'shard_rows']);
  });

  it('an unterminated string is one diagnostic on its quote; the string runs to the end of the line', () => {
    const parsed = expectSyntaxErrors(dedent(`
      param p: string = <|"|>abc
      param q: int = 2
    `), 'invalid-character');
    expect(all(parsed.module, 'ParamDecl').map((p) => show(p.defaultValue))).toEqual(['"abc"', '2']);
  });

  it('an unterminated string with a trailing escape is still one diagnostic', () => {
    expectSyntaxErrors('param p: string = <|"|>abc\\\nparam q: int = 2\n', 'invalid-character');
  });

  it('an unterminated triple-quoted string runs to the end of the file', () => {
    const parsed = expectSyntaxErrors('param p: string = <|"""|>\n  never closed\nparam q: int = 2\n', 'invalid-character');
    expect(show(only(parsed.module, 'ParamDecl').defaultValue)).toBe('"  never closed\\nparam q: int = 2"');
  });

  it('the whole compiler reports a lexer error once, with no syntax errors after it', () => {
    for (const broken of ['param n: int = 3 @\n', 'param p: string = "abc\nparam q: int = 2\n']) {
      const result = check(HEADER + broken);
      expect(result.diagnostics.filter((d) => d.code === 'invalid-character' || d.code === 'syntax-error').map((d) => d.code)).toEqual(['invalid-character']);
    }
  });
});

describe('syntax error messages', () => {
  const cases: Array<[string, string]> = [
    ['verifier v =<||> ', 'unexpected end of file; expected an expression'],
    ['stage s from src { where a > <|else|> "x" }', 'unexpected `else`; expected an expression'],
    ['stage s from src { let x = f(a: <|,|> b: 2) }', 'unexpected `,`; expected an expression'],
    ['output {\n  dir <|"x"|>\n}', 'unexpected `"x"`; expected `:`'],
    ['stage s from src { <|42|> }', 'unexpected `42`; expected a step (`let`, `where`, `explode`, `validate`, `emit` or an operation) or `}`'],
    ['type T = {a: <|,|> b: int}', 'unexpected `,`; expected a type'],
    ['type T = {a: int<||>', 'unexpected end of file; expected a field (`name: type`) or `}`'],
    ['<|hello|>', 'unexpected `hello`; expected a declaration such as `stage`, `source` or `param`'],
    ['mixture m <|{|> by: domain }', 'unexpected `{`; expected `for`'],
    ['import "x" <|shared|>', 'unexpected `shared`; expected `as`'],
    ['curriculum c { phase p { 1: 50% <|2|> 50% } }', 'unexpected `2`; expected a share such as `1: 50%`, or `}`'],
    ['curriculum c { phase p {\n  1: 50%\n  2 <|50%|>\n} }', 'unexpected `50%`; expected `:`'],
    ['stage s from src { let x = [1, 2 <|}|> }', 'unexpected `}`; expected an item or `]`'],
    ['param p: string = <|"""|>\nnot closed', 'unexpected character `"""`'],
  ];

  for (const [source, message] of cases) {
    it(message, () => {
      const parsed = parseMarked(source);
      expect(parsed.diagnostics.map((d) => d.message)).toEqual([message]);
      expect({ start: parsed.diagnostics[0].span.start, end: parsed.diagnostics[0].span.end }).toEqual(parsed.spans[0]);
    });
  }

  it('never name Chevrotain token types or list every token an expression may start with', () => {
    const broken = [
      'param n: int =', 'recipe t { seed: }', 'stage s from src { where }', 'verifier v = (1 +)', 'type T = list<>',
      'source s: = file { }', 'curriculum c { phase p { 1: } }', 'stage s from src { let x = if a then }', 'output { splits: { a: - } }',
    ];
    for (const source of broken) {
      for (const d of parseMarked(source).diagnostics) {
        expect(d.message, source).not.toMatch(/-->|<--|Identifier|LBrace|RBrace|LParen|NumberLiteral|ValueName|BinaryOperator|`minus`|one of `if`/);
        expect(d.message, source).toMatch(/^unexpected .+; expected .+$/);
      }
    }
  });
});

describe('nesting too deep to parse', () => {
  it('brackets nested past the limit are one error on the first bracket too many', () => {
    const source = `param p: int = ${'('.repeat(MAX_NESTING)}<|(|>1${')'.repeat(MAX_NESTING + 1)}\nparam q: int = 2\n`;
    const parsed = expectSyntaxErrors(source);
    expect(parsed.diagnostics[0].message).toBe(`unexpected \`(\`; expected at most ${MAX_NESTING} levels of nesting`);
  });

  it('unclosed brackets and long runs of `-` or `not` are limited too, and checking does not throw', () => {
    for (const deep of ['['.repeat(500), '{ a: '.repeat(500), 'f('.repeat(500), '- '.repeat(500) + '1', 'not '.repeat(500) + 'true']) {
      const result = check(`${HEADER}param p: int = ${deep}\n`);
      expect(result.diagnostics.some((d) => d.code === 'syntax-error' && d.message.includes(`at most ${MAX_NESTING} levels`)), deep.slice(0, 10)).toBe(true);
    }
  });

  it('type arguments nested past the limit are one error', () => {
    // A marker cannot enclose a lone `<`, so the span is that of the first `<` past the limit.
    const text = `param p: ${'list<'.repeat(MAX_NESTING + 1)}int${'>'.repeat(MAX_NESTING + 1)}\n`;
    const start = text.split('<', MAX_NESTING + 1).join('<').length;
    const parsed = parseMarked(text);
    expect(parsed.diagnostics.map((d) => [d.span.start, d.span.end, d.message])).toEqual([
      [start, start + 1, `unexpected \`<\`; expected at most ${MAX_NESTING} levels of nesting`],
    ]);
  });

  it('a long chain of conditionals is an error or a tree, never a crash', () => {
    expect(() => check(HEADER + `param p: int = ${'if a then 1 else '.repeat(1000)}0\n`)).not.toThrow();
  });
});
