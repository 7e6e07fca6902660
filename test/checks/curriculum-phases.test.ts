import { describe, expect, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const recipe = (body: string) => HEADER + dedent(`
  source problems = math_problems { count: 10 }
  stage s from problems { emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" } }
`) + `curriculum c {\n${body}\n}\n`;

const LEVELS = dedent(`
  level 1 easy { stages: [s] where: difficulty < 0.5 }
  level 2 hard { stages: [s] where: difficulty >= 0.5 }
`);

describe('curriculum phases', () => {
  it('accepts phases whose shares sum to 100%, naming levels by number or by name', () => {
    expectClean(recipe(LEVELS + dedent(`
      phase warmup { 1: 100% }
      phase main { 1: 30%, 2: 70% }
      phase named { easy: 50%, hard: 50% }
    `)));
  });

  it('reports a phase whose shares do not sum to 100%, at its name', () => {
    expectDiagnostics(recipe(LEVELS + dedent(`
      phase <|short|> { 1: 70%, 2: 20% }
      phase <|over|> { 1: 70%, 2: 40% }
    `)), [
      { code: 'invalid-value', message: 'phase `short`: its shares sum to 90%, not 100%', hint: 'make the level shares of each phase add up to 100%' },
      { code: 'invalid-value', message: 'phase `over`: its shares sum to 110%, not 100%' },
    ]);
  });

  it('reports a share on a level that does not exist, with a suggestion for a name', () => {
    expectDiagnostics(recipe(LEVELS + dedent(`
      phase main { 1: 70%, <|3|>: 30% }
      phase named { <|esay|>: 50%, hard: 50% }
    `)), [
      { code: 'unknown-name', message: 'unknown level `3`' },
      { code: 'unknown-name', message: 'unknown level `esay`', hint: /did you mean `easy`/ },
    ]);
  });

  it('reports shares written as plain numbers, without adding up the sum wrong', () => {
    expectDiagnostics(recipe(LEVELS + dedent(`
      phase main { 1: <|0.5|>, 2: <|0.5|> }
    `)), [
      { code: 'type-mismatch', message: 'a phase share expects `percent`, found `float`', hint: /`20%`/ },
      'type-mismatch',
    ], { only: ['type-mismatch', 'invalid-value'] });
  });

  it('reports every level that shares a number or a name with another', () => {
    const found = expectDiagnostics(recipe(dedent(`
      level <|1|> easy { stages: [s] }
      level <|1|> easy_too { stages: [s] }
      level 2 <|hard|> { stages: [s] }
      level 3 <|hard|> { stages: [s] }
      phase main { 1: 50%, 2: 50% }
    `)), [
      { code: 'duplicate-declaration', message: '`level 1` is declared more than once' },
      'duplicate-declaration',
      { code: 'duplicate-declaration', message: '`hard` is declared more than once' },
      'duplicate-declaration',
    ]);
    expect(found.map((d) => d.related?.length)).toEqual([1, 1, 1, 1]);
  });
});
