import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const STAGE = dedent(`
  source problems = math_problems { count: 10 }
  stage s from problems {
    emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
  }
`);

describe('unknown-property', () => {
  it('reports a property the block does not accept, with a suggestion', () => {
    expectDiagnostics(HEADER + STAGE + dedent(`
      output { dir: "out" <|shard_row|>: 100 }
    `), [{ code: 'unknown-property', message: 'the output block has no property `shard_row`', hint: /did you mean `shard_rows`\?/ }]);
  });

  it('lists what is allowed when nothing is close', () => {
    expectDiagnostics(HEADER + STAGE + dedent(`
      output { dir: "out" <|shards|>: 4 }
    `), [{ code: 'unknown-property', hint: 'allowed: `dir`, `format`, `shard_rows`, `compression`, `splits`, `group`, `strict`' }]);
  });

  it('checks models, sources, emits, levels and mixtures against their own schemas', () => {
    expectDiagnostics(HEADER + dedent(`
      model writer = hf { id: "m" task: chat_completion <|tokens|>: 512 }
      source problems = math_problems { count: 10 <|levels|>: 3 }
      stage s from problems {
        let q = writer(prompt: question)
        emit { prompt: q truth: answer verifier: math() difficulty: difficulty domain: "math" <|dificulty|>: 0.5 }
      }
      curriculum c { level 1 all { stages: [s] <|wehre|>: difficulty > 0.2 } }
      mixture m for rl { weights: { math: 1.0 } size: 10 <|on_shortage|>: fail }
    `), [
      { code: 'unknown-property', message: 'model `writer` (hf) has no property `tokens`', hint: /did you mean `token`/ },
      { code: 'unknown-property', message: 'source `problems` (math_problems) has no property `levels`' },
      { code: 'unknown-property', message: '`emit` in stage `s` has no property `dificulty`', hint: /did you mean `difficulty`/ },
      { code: 'unknown-property', message: 'level `all` has no property `wehre`', hint: /did you mean `where`/ },
      { code: 'unknown-property', message: 'mixture `m` has no property `on_shortage`', hint: /did you mean `on_short`/ },
    ], { only: ['unknown-property', 'missing-property'] });
  });
});

describe('missing-property', () => {
  it('reports a header without `version`', () => {
    expectDiagnostics(dedent(`
      <|r|>ecipe t { seed: 1 }
    `) + STAGE, [{ code: 'missing-property', message: 'the recipe header needs the property `version`', hint: 'add `version: <string>`' }]);
  });

  it('reports required properties of sources, models and emits', () => {
    expectDiagnostics(HEADER + dedent(`
      <|s|>ource problems = math_problems { }
      <|m|>odel captioner = hf { task: image_to_text }
      stage s from problems {
        <|e|>mit { prompt: question truth: answer verifier: math() difficulty: difficulty }
      }
    `), [
      { code: 'missing-property', message: 'source `problems` (math_problems) needs the property `count`', hint: 'add `count: <int>`' },
      { code: 'missing-property', message: 'model `captioner` (hf) needs the property `id`' },
      { code: 'missing-property', message: '`emit` in stage `s` needs the property `domain`' },
    ], { only: ['missing-property'] });
  });

  it('reports a misspelt required property once, as unknown with its suggestion', () => {
    expectDiagnostics(HEADER + STAGE + dedent(`
      output { <|dri|>: "out" }
      curriculum c { level 1 all { <|stage|>: [s] } }
    `), [
      { code: 'unknown-property', hint: /did you mean `dir`/ },
      { code: 'unknown-property', hint: /did you mean `stages`/ },
    ], { only: ['unknown-property', 'missing-property'] });
  });

  it('does not ask for properties that have defaults', () => {
    expectClean(HEADER + STAGE + dedent(`
      output { dir: "out" }
      mixture m for rl { weights: { math: 1.0 } size: 10 }
    `));
  });
});

describe('duplicate-property', () => {
  it('points at every occurrence of a property set twice', () => {
    expectDiagnostics(HEADER + dedent(`
      source problems = math_problems { <|count|>: 10 <|count|>: 20 }
      stage s from problems {
        emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
      }
    `), [
      { code: 'duplicate-property', message: 'property `count` is set more than once', hint: 'keep one of them' },
      'duplicate-property',
    ]);
  });

  it('accepts the same property name in different blocks', () => {
    expectClean(HEADER + dedent(`
      source a = math_problems { count: 10 }
      source b = chart_questions { count: 10 }
      stage sa from a { emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" } }
      stage sb from b { emit { prompt: question truth: letter verifier: choice() difficulty: difficulty domain: "charts" } }
    `));
  });
});
