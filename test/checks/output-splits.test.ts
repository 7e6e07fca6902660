import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const recipe = (output: string) => HEADER + dedent(`
  source problems = math_problems { count: 10 }
  stage s from problems { emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" } }
`) + output + '\n';

describe('output splits', () => {
  it('accepts splits that sum to 100%, with or without validation and test', () => {
    expectClean(recipe('output { dir: "out" splits: { train: 90%, validation: 5%, test: 5% } }'));
    expectClean(recipe('output { dir: "out" splits: { train: 100% } shard_rows: 1 }'));
    expectClean(recipe('output { dir: "out" splits: { train: 90%, validation: 10%, test: 0% } }'));
  });

  it('reports splits that do not sum to 100%, at the map', () => {
    expectDiagnostics(recipe('output { dir: "out" splits: <|{ train: 90%, validation: 5% }|> }'), [{
      code: 'invalid-value', message: 'output `splits`: fractions sum to 95%, not 100%', hint: 'for example `{train: 90%, validation: 5%, test: 5%}`',
    }]);
  });

  it('reports each split outside 0% to 100%', () => {
    expectDiagnostics(recipe('output { dir: "out" splits: { train: <|120%|>, validation: <|-20%|> } }'), [
      { code: 'invalid-value', message: 'split `train`: must be between 0% and 100%' },
      { code: 'invalid-value', message: 'split `validation`: must be between 0% and 100%' },
    ]);
  });

  it('reports a split that is not train, validation or test, with a suggestion', () => {
    expectDiagnostics(recipe('output { dir: "out" splits: { train: 90%, <|validaton|>: 5%, <|dev|>: 5% } }'), [
      { code: 'unknown-property', message: 'output `splits` has no property `validaton`', hint: /did you mean `validation`/ },
      { code: 'unknown-property', message: 'output `splits` has no property `dev`', hint: 'allowed: `train`, `validation`, `test`' },
    ]);
  });

  it('reports a shard size below one row', () => {
    expectDiagnostics(recipe('output { dir: "out" shard_rows: <|0|> }\n'), [{ code: 'invalid-value', message: '`shard_rows`: must be at least 1' }]);
  });

  it('says nothing about fractions it cannot read', () => {
    expectClean(recipe('param held_out: percent = 10%\noutput { dir: "out" splits: { train: 100% - held_out, test: held_out } }'));
  });
});
