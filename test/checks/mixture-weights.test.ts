import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

// Two stages in two domains; `mix` is appended after them.
const recipe = (mix: string, domain = '"charts"') => HEADER + dedent(`
  source problems = math_problems { count: 10 }
  source charts = chart_questions { count: 10 }
  stage math_qa from problems { emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" } }
  stage chart_qa from charts { emit { prompt: question truth: letter verifier: choice() difficulty: difficulty domain: ${domain} } }
`) + mix + '\n';

describe('mixture weights', () => {
  it('accepts weights on known domains that sum to 1', () => {
    expectClean(recipe('mixture m for rl { weights: { math: 0.6, charts: 0.4 } size: 100 }'));
  });

  it('warns that weights summing to 0.9 will be normalised', () => {
    expectDiagnostics(recipe('mixture m for rl { weights: <|{ math: 0.5, charts: 0.4 }|> size: 100 }'), [{
      code: 'mixture-weights-sum', message: 'mixture weights sum to 0.9, not 1; they will be normalised',
      hint: 'write weights that sum to 1 to make the proportions explicit',
    }]);
  });

  it('accepts weights that sum to 1 up to rounding', () => {
    expectClean(recipe('mixture m for rl { weights: { math: 0.3333333333, charts: 0.6666666667 } size: 100 }'));
  });

  it('reports a negative weight even when the sum is 1', () => {
    expectDiagnostics(recipe('mixture m for rl { weights: { math: 1.2, charts: <|-0.2|> } size: 100 }'), [
      { code: 'mixture-negative-weight', message: 'weight of `charts` is negative (-0.2)', hint: 'weights are proportions: use 0 to exclude' },
    ], { only: ['mixture-negative-weight', 'mixture-weights-sum'] });
  });

  it('reports weights that cannot be normalised: none, or all zero', () => {
    expectDiagnostics(recipe('mixture m for rl { weights: <|{ }|> size: 100 }\nmixture n for cot { weights: <|{ math: 0, charts: 0 }|> size: 100 }'), [
      { code: 'invalid-value', message: 'mixture `m`: it has no weights', hint: 'give at least one domain a positive weight' },
      { code: 'invalid-value', message: 'mixture `n`: its weights sum to 0' },
    ], { only: ['invalid-value', 'mixture-weights-sum'] });
  });

  it('reports a weight on a domain no stage emits, with a suggestion', () => {
    expectDiagnostics(recipe('mixture m for rl { weights: { <|maths|>: 0.5, <|chart|>: 0.5 } size: 100 }'), [
      { code: 'mixture-unknown-domain', message: 'mixture weight on unknown domain `maths`', hint: /did you mean `math`/ },
      { code: 'mixture-unknown-domain', message: 'mixture weight on unknown domain `chart`', hint: /did you mean `charts`/ },
    ]);
  });

  it('checks stage names when the mixture is by stage, listing them when nothing is close', () => {
    expectDiagnostics(recipe('mixture m for rl { by: stage weights: { math_qa: 0.5, <|math|>: 0.5 } size: 100 }'), [
      { code: 'mixture-unknown-domain', message: 'mixture weight on unknown stage `math`', hint: 'known stages: `chart_qa`, `math_qa`' },
    ]);
  });

  it('does not guess at domains when a stage computes its domain', () => {
    expectClean(recipe('mixture m for rl { weights: { math: 0.5, bar: 0.5 } size: 100 }', 'chart'), { only: ['mixture-unknown-domain'] });
  });

  it('does not add up weights it cannot read', () => {
    expectClean(recipe('param share: float = 0.3\nmixture m for rl { weights: { math: 1.0 - share, charts: share } size: 100 }'));
  });

  it('reports a mixture for a split other than `rl` or `cot`, and weights that are not numbers', () => {
    expectDiagnostics(recipe('mixture m for <|train|> { weights: { math: <|"half"|>, charts: 0.5 } size: 100 }'), [
      { code: 'invalid-value', message: 'split `train`: a mixture is for the `rl` or the `cot` split', hint: 'write `mixture name for rl { ... }`' },
      { code: 'type-mismatch', message: 'the weight of `math` expects `float | percent`, found `string`' },
    ]);
  });
});

describe('mixture weights written as percentages', () => {
  it('accepts percentages that add up to 100%', () => {
    expectClean(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      stage a from problems {
        emit { prompt: question truth: answer verifier: math() difficulty: 0.5 domain: "math" }
      }
      stage b from problems {
        emit { prompt: question truth: answer verifier: math() difficulty: 0.5 domain: "logic" }
      }
      mixture m for rl { weights: { math: 40%, logic: 60% } size: 10 }
    `), { only: ['type-mismatch', 'mixture-weights-sum', 'mixture-unknown-domain'] });
  });
});
