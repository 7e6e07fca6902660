import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';
import { diagnosticCodes } from '../../compiler/diagnostics/catalogue.ts';

const EMIT = 'emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }';

describe('emit-not-last', () => {
  it('reports an `emit` followed by other steps, at the keyword, and nothing about the steps after it', () => {
    expectDiagnostics(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      stage s from problems {
        <|emit|> { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
        where difficulty > 0.5
        let hint = kind
      }
    `), [{ code: 'emit-not-last', message: '`emit` must be the last step of stage `s`', hint: 'move the steps before `emit`' }], { only: diagnosticCodes });
  });

  it('reports the first of two emits, and types the second as if the first were not there', () => {
    expectDiagnostics(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      stage s from problems {
        <|emit|> { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
        ${EMIT}
      }
    `), ['emit-not-last'], { only: diagnosticCodes });
  });

  it('accepts a stage that ends in `emit`, and one with no `emit` that feeds another', () => {
    expectClean(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      stage prepared from problems {
        where difficulty < 0.9
        let hint = "Think step by step."
      }
      stage s from prepared {
        where len(hint) > 0
        ${EMIT}
      }
    `));
  });
});

describe('emit difficulty range', () => {
  it('reports a literal difficulty outside 0..1, and accepts the bounds', () => {
    expectDiagnostics(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      stage a from problems {
        emit { prompt: question truth: answer verifier: math() difficulty: <|1.5|> domain: "math" }
      }
      stage b from problems {
        emit { prompt: question truth: answer verifier: math() difficulty: 1 domain: "math" }
      }
      stage c from problems {
        emit { prompt: question truth: answer verifier: math() difficulty: 0 domain: "math" }
      }
    `), [{ code: 'invalid-value', message: /1\.5 is not between 0 and 1/ }], { only: ['invalid-value'] });
  });
});
