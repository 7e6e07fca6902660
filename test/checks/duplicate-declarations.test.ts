import { describe, expect, it } from 'vitest';
import { check, dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

describe('duplicate-declaration', () => {
  it('reports every occurrence of a duplicated name', () => {
    expectDiagnostics(HEADER + dedent(`
      verifier <|v|> = exact()
      verifier <|v|> = math()
      param <|v|>: int = 3
    `), ['duplicate-declaration', 'duplicate-declaration', 'duplicate-declaration']);
  });

  it('accepts distinct names', () => {
    expectClean(HEADER + dedent(`
      verifier a = exact()
      verifier b = math()
    `), { only: ['duplicate-declaration'] });
  });

  it('shares one namespace between kinds, names the kind in the hint and relates each occurrence to the others', () => {
    const found = expectDiagnostics(HEADER + dedent(`
      source <|problems|> = math_problems { count: 10 }
      stage <|problems|> from problems {
        emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
      }
    `), [
      { code: 'duplicate-declaration', message: '`problems` is declared more than once', hint: 'rename one of the source declarations' },
      { code: 'duplicate-declaration', hint: 'rename one of the stage declarations' },
    ]);
    expect(found.map((d) => d.related?.map((r) => r.message))).toEqual([['`problems` is also declared here'], ['`problems` is also declared here']]);
  });

  it('counts an import alias as a declaration', () => {
    expectDiagnostics(HEADER + dedent(`
      import "lib/v.rlr" as <|shared|>
      verifier <|shared|> = exact()
    `), ['duplicate-declaration', 'duplicate-declaration'], { files: { '/r/lib/v.rlr': 'verifier boxed = math()\n' } });
  });

  it('lets an imported file use the same names as the main file, and checks its own names', () => {
    const library = 'verifier boxed = math()\nverifier letter = choice()\nverifier letter = exact()\n';
    const { diagnostics } = check(HEADER + dedent(`
      import "lib/v.rlr" as shared
      verifier boxed = all(format(), shared.boxed)
      source problems = math_problems { count: 10 }
      stage s from problems {
        emit { prompt: question truth: answer verifier: boxed difficulty: difficulty domain: "math" }
      }
    `), { '/r/lib/v.rlr': library });
    expect(diagnostics.map((d) => [d.code, d.span.file, library.slice(d.span.start, d.span.end)])).toEqual([
      ['duplicate-declaration', '/r/lib/v.rlr', 'letter'],
      ['duplicate-declaration', '/r/lib/v.rlr', 'letter'],
    ]);
  });
});
