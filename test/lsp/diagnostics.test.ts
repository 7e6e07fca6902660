// The compiler's diagnostics as LSP diagnostics: ranges, severities, codes linked to the reference, hints, related spans.
import { describe, expect, it } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { diagnostics } from '../../lsp/features/diagnostics.ts';
import { fixture, MAIN_URI } from './support.ts';

describe('diagnostics', () => {
  it('map each of the compiler\'s diagnostics to its range, with the code linked to the reference and the hint', () => {
    const { document, ranges } = fixture(`
      recipe t { version: "0.1.0" seed: 1 }
      param <|unused|>: int = 3
      source problems = math_problems { count: 10 }
      stage s from problems {
        where <|difficultly|> > 0.5 else "too easy"
        emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
      }
      output { dir: "out" }
    `);
    expect(diagnostics(document)).toEqual([
      {
        range: ranges[0], severity: DiagnosticSeverity.Warning, code: 'unused-declaration', source: 'rlr',
        codeDescription: { href: 'https://github.com/rlr-dev/rlr/blob/main/docs/reference.md#code-unused-declaration' },
        message: expect.stringContaining('`unused`'),
      },
      {
        range: ranges[1], severity: DiagnosticSeverity.Error, code: 'unknown-field', source: 'rlr',
        codeDescription: { href: 'https://github.com/rlr-dev/rlr/blob/main/docs/reference.md#code-unknown-field' },
        message: 'field `difficultly` is not produced upstream\nhint: did you mean `difficulty`?',
      },
    ]);
  });

  it('point at every occurrence of a duplicate, each with the others as related information', () => {
    const { document, ranges } = fixture(`
      recipe t { version: "0.1.0" seed: 1 }
      param <|size|>: int = 1
      param <|size|>: int = 2
      source problems = math_problems { count: size }
      stage s from problems {
        emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
      }
      output { dir: "out" }
    `);
    const found = diagnostics(document).filter((d) => d.code === 'duplicate-declaration');
    expect(found.map((d) => d.range)).toEqual(ranges);
    expect(found[0].relatedInformation).toEqual([expect.objectContaining({ location: { uri: MAIN_URI, range: ranges[1] } })]);
  });

  it('belong to the file they are in: an imported file\'s own mistakes are not shown in the recipe', () => {
    const { document } = fixture(`
      recipe t { version: "0.1.0" seed: 1 }
      import "lib.rlr" as shared
      source problems = math_problems { count: 10 }
      stage s from problems {
        emit { prompt: question truth: answer verifier: shared.boxed difficulty: difficulty domain: "math" }
      }
      output { dir: "out" }
    `, { '/r/lib.rlr': 'verifier boxed = all(format(), math())\nparam broken: int = "x"\n' });
    expect(document.result.diagnostics.map((d) => [d.span.file, d.code])).toContainEqual(['/r/lib.rlr', 'type-mismatch']);
    expect(diagnostics(document)).toEqual([]);
  });

  it('report syntax errors with their place', () => {
    const { document, ranges } = fixture('recipe t { version: "0.1.0" seed: 1 }\nparam p: int = <|@|>\n');
    expect(diagnostics(document).find((d) => d.code === 'invalid-character')).toMatchObject({ range: ranges[0], severity: DiagnosticSeverity.Error });
  });
});
