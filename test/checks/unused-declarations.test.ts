import { describe, expect, it } from 'vitest';
import { check, dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const EMIT = 'emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }';

describe('unused-declaration', () => {
  it('reports a parameter, type, model, verifier and source that nothing uses', () => {
    expectDiagnostics(HEADER + dedent(`
      param <|spare|>: int = 3
      type <|Unused|> = {a: string}
      model <|idle|> = hf { id: "m" task: image_to_text }
      verifier <|loose|> = exact()
      source <|extra|> = chart_questions { count: 10 }
      source problems = math_problems { count: 10 }
      stage s from problems { ${EMIT} }
    `), [
      { code: 'unused-declaration', message: 'parameter `spare` is never used', hint: 'remove it, or use it' },
      { code: 'unused-declaration', message: 'type `Unused` is never used' },
      { code: 'unused-declaration', message: 'model `idle` is never used' },
      { code: 'unused-declaration', message: 'verifier `loose` is never used' },
      { code: 'unused-declaration', message: 'source `extra` is never used' },
    ]);
  });

  it('is a warning, not an error', () => {
    const { diagnostics } = check(HEADER + 'param spare: int = 3\n');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['unused-declaration', 'warning']]);
  });

  it('counts every kind of use: in properties, calls, types, emits and stage inputs', () => {
    expectClean(HEADER + dedent(`
      param size: int = 10
      param cutoff: float = 0.5
      type Q = {question: string, answer: string}
      model writer = hf { id: "w" task: chat_completion }
      verifier answer_check = exact()
      source problems = math_problems { count: size }
      stage prepared from problems {
        where difficulty < cutoff
      }
      stage s from prepared {
        let q: Q = writer(prompt: question)
        emit { prompt: q.question truth: q.answer verifier: answer_check difficulty: difficulty domain: "math" }
      }
    `));
  });

  it('reports a stage that neither emits nor feeds another, but not the source it reads', () => {
    expectDiagnostics(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      stage <|dead_end|> from problems { where difficulty > 0.5 }
      stage s from problems { ${EMIT} }
    `), [{ code: 'unused-declaration', message: 'stage `dead_end` is never used' }]);
  });

  it('reports an import whose alias is never used, and counts a qualified use', () => {
    expectDiagnostics(HEADER + dedent(`
      import "lib/v.rlr" as lib
      import "lib/v.rlr" as <|again|>
      source problems = math_problems { count: 10 }
      stage s from problems {
        emit { prompt: question truth: answer verifier: lib.boxed difficulty: difficulty domain: "math" }
      }
    `), [{ code: 'unused-declaration', message: 'import `again` is never used' }], {
      files: { '/r/lib/v.rlr': 'verifier boxed = math()\nverifier spare = exact()\n' },
    });
  });

  it('does not report a declaration whose only use is misspelt: the misspelling is reported with it as the suggestion', () => {
    expectDiagnostics(HEADER + dedent(`
      param size: int = 10
      type Region = {label: string}
      source problems = math_problems { count: <|sise|> }
      source clips: {regions: list<<|Regoin|>>} = folder { glob: "data/*.wav" media: audio }
      stage s from <|problemz|> { ${EMIT} }
      stage t from clips { emit { prompt: "p" truth: "a" verifier: exact() difficulty: 0.5 domain: "audio" } }
    `), ['unknown-name', 'unknown-name', 'unknown-name'], { only: ['unknown-name', 'unused-declaration'] });
  });

  it('leaves a library file alone: its declarations are for its importers', () => {
    expectClean(dedent(`
      verifier boxed = math()
      param spare: int = 3
    `));
  });
});
