import { describe, expect, it } from 'vitest';
import { check, dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const MAIN = HEADER + dedent(`
  import "lib/a.rlr" as a
  source problems = math_problems { count: 10 }
  stage s from problems {
    emit { prompt: question truth: answer verifier: a.boxed difficulty: difficulty domain: "math" }
  }
`);

/** Checks MAIN with the given library files; returns the diagnostics of `codes` in every file, with the text of their spans. */
function diagnosticsIn(libraries: Record<string, string>, codes: readonly string[]) {
  const texts: Record<string, string> = { '/r/main.rlr': MAIN, ...libraries };
  const result = check(MAIN, libraries);
  return result.diagnostics
    .filter((d) => codes.includes(d.code))
    .map((d) => ({ code: d.code, file: d.span.file, text: texts[d.span.file].slice(d.span.start, d.span.end), message: d.message }));
}

describe('import-cycle', () => {
  it('reports two files that import each other, at the import that closes the cycle', () => {
    expect(diagnosticsIn({
      '/r/lib/a.rlr': 'import "b.rlr" as b\nverifier boxed = b.math_check\n',
      '/r/lib/b.rlr': 'import "a.rlr" as a\nverifier math_check = math()\n',
    }, ['import-cycle', 'unknown-name', 'unused-declaration'])).toEqual([{
      code: 'import-cycle', file: '/r/lib/b.rlr', text: '"a.rlr"', message: 'import cycle: /r/lib/a.rlr -> /r/lib/b.rlr -> /r/lib/a.rlr',
    }]);
  });

  it('reports a cycle through three files once, naming every file on it', () => {
    const found = diagnosticsIn({
      '/r/lib/a.rlr': 'import "b.rlr" as b\nverifier boxed = math()\n',
      '/r/lib/b.rlr': 'import "c.rlr" as c\n',
      '/r/lib/c.rlr': 'import "a.rlr" as a\n',
    }, ['import-cycle']);
    expect(found).toEqual([{
      code: 'import-cycle', file: '/r/lib/c.rlr', text: '"a.rlr"',
      message: 'import cycle: /r/lib/a.rlr -> /r/lib/b.rlr -> /r/lib/c.rlr -> /r/lib/a.rlr',
    }]);
  });

  it('reports a library that imports the main recipe back, and nothing about its path', () => {
    expect(diagnosticsIn({
      '/r/lib/a.rlr': 'import "../main.rlr" as main\nverifier boxed = math()\n',
    }, ['import-cycle', 'path-escapes-recipe'])).toEqual([{
      code: 'import-cycle', file: '/r/lib/a.rlr', text: '"../main.rlr"', message: 'import cycle: /r/main.rlr -> /r/lib/a.rlr -> /r/main.rlr',
    }]);
  });

  it('accepts two files importing one shared file (a diamond, not a cycle)', () => {
    expectClean(HEADER + dedent(`
      import "lib/a.rlr" as a
      import "lib/b.rlr" as b
      source problems = math_problems { count: 10 }
      stage s from problems {
        emit { prompt: question truth: answer verifier: all(a.boxed, b.shaped) difficulty: difficulty domain: "math" }
      }
    `), {
      files: {
        '/r/lib/a.rlr': 'import "common.rlr" as common\nverifier boxed = common.math_check\n',
        '/r/lib/b.rlr': 'import "common.rlr" as common\nverifier shaped = all(format(), common.math_check)\n',
        '/r/lib/common.rlr': 'verifier math_check = math()\n',
      },
    });
  });
});

describe('import-not-found', () => {
  it('reports an import that cannot be read, once, and nothing about the names used through it', () => {
    expectDiagnostics(HEADER + dedent(`
      import <|"lib/missing.rlr"|> as lib
      stage s from lib.problems {
        emit { prompt: question truth: answer verifier: lib.boxed difficulty: difficulty domain: "math" }
      }
    `), [{ code: 'import-not-found', message: 'cannot read imported file `lib/missing.rlr`', hint: 'import paths are relative to the importing file' }], {
      only: ['import-not-found', 'unknown-name', 'unknown-field', 'unused-declaration'],
    });
  });

  it('resolves an import inside a library against the library\'s own folder', () => {
    expect(diagnosticsIn({
      '/r/lib/a.rlr': 'import "lib/b.rlr" as b\nverifier boxed = math()\n',
      '/r/lib/b.rlr': 'verifier unused = exact()\n',
    }, ['import-not-found'])).toEqual([{
      code: 'import-not-found', file: '/r/lib/a.rlr', text: '"lib/b.rlr"', message: 'cannot read imported file `lib/b.rlr`',
    }]);
  });
});
