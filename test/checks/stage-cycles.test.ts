import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const EMIT = 'emit { prompt: "p" truth: "a" verifier: exact() difficulty: 0.5 domain: "d" }';

describe('stage-cycle', () => {
  it('reports a -> b -> a at the input of each stage in the cycle, and nothing else', () => {
    expectDiagnostics(HEADER + dedent(`
      stage a from <|b|> { let x = y }
      stage b from <|a|> { let y = 1 }
      stage out from a { ${EMIT} }
    `), [
      { code: 'stage-cycle', message: 'stages form a cycle: `a` -> `b` -> `a`', hint: 'a stage must read from a source or from a stage upstream of it' },
      { code: 'stage-cycle', message: 'stages form a cycle: `a` -> `b` -> `a`' },
    ], { only: ['stage-cycle', 'unknown-field', 'unknown-name', 'unused-declaration'] });
  });

  it('reports a cycle through three stages once per stage, in reading order', () => {
    expectDiagnostics(HEADER + dedent(`
      stage first from <|third|> { let x = 1 }
      stage second from <|first|> { let y = x }
      stage third from <|second|> { ${EMIT} }
    `), [
      { code: 'stage-cycle', message: 'stages form a cycle: `first` -> `third` -> `second` -> `first`' },
      'stage-cycle',
      'stage-cycle',
    ], { only: ['stage-cycle', 'unknown-field'] });
  });

  it('reports a stage that reads from itself', () => {
    expectDiagnostics(HEADER + dedent(`
      stage loop from <|loop|> { ${EMIT} }
    `), [{ code: 'stage-cycle', message: 'stages form a cycle: `loop` -> `loop`' }], { only: ['stage-cycle'] });
  });

  it('accepts a chain and a diamond of stages over one source', () => {
    expectClean(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      stage base from problems { where difficulty < 0.9 }
      stage left from base { ${EMIT} }
      stage right from base { let short = len(question) < 80 }
      stage last from right { where short
        ${EMIT} }
    `));
  });
});
