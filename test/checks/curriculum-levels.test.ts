import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

// `graded` emits the generator's difficulty; `easy` always emits 0.3 and `hard` always 0.8; `prepared` does not emit.
const recipe = (levels: string) => HEADER + dedent(`
  source problems = math_problems { count: 10 }
  stage graded from problems { emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" } }
  stage easy from problems { emit { prompt: question truth: answer verifier: math() difficulty: 0.3 domain: "math" } }
  stage hard from problems { emit { prompt: question truth: answer verifier: math() difficulty: 0.8 domain: "math" } }
  stage prepared from problems { where difficulty < 0.5 }
  stage reads_prepared from prepared { emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" } }
`) + `curriculum c {\n${levels}\n}\n`;

describe('curriculum-empty-level', () => {
  it('accepts levels whose predicates their stages can satisfy', () => {
    expectClean(recipe(dedent(`
      level 1 warmup { stages: [easy, graded] where: difficulty < 0.5 }
      level 2 middle { stages: [graded] where: difficulty >= 0.3 and difficulty <= 0.7 }
      level 3 top { stages: [hard] where: difficulty >= 0.8 }
      level 4 ends { stages: [graded] where: difficulty < 0.2 or difficulty > 0.9 }
      level 5 all { stages: [reads_prepared] }
    `)));
  });

  it('reports a predicate no difficulty between 0 and 1 satisfies', () => {
    expectDiagnostics(recipe(dedent(`
      level 1 a { stages: [graded] where: <|difficulty > 1|> }
      level 2 b { stages: [graded] where: <|difficulty < 0|> }
      level 3 c { stages: [graded] where: <|difficulty > 0.7 and difficulty < 0.3|> }
      level 4 d { stages: [graded] where: <|1.5 <= difficulty|> }
      level 5 e { stages: [graded] where: <|domain == "math" and difficulty > 2|> }
    `)), [
      { code: 'curriculum-empty-level', message: 'curriculum level `a` selects nothing: no difficulty between 0 and 1 satisfies its `where`' },
      'curriculum-empty-level', 'curriculum-empty-level', 'curriculum-empty-level', 'curriculum-empty-level',
    ]);
  });

  it('accepts the edges of the range: `difficulty >= 1` and `difficulty <= 0`', () => {
    expectClean(recipe(dedent(`
      level 1 a { stages: [graded] where: difficulty >= 1 }
      level 2 b { stages: [graded] where: difficulty <= 0 }
      level 3 c { stages: [graded] where: difficulty > -1 }
    `)));
  });

  it('reports a predicate that contradicts the constant difficulty its stages emit', () => {
    expectDiagnostics(recipe(dedent(`
      level 1 a { stages: [easy] where: <|difficulty > 0.5|> }
      level 2 b { stages: [easy, hard] where: <|difficulty > 0.9|> }
      level 3 c { stages: [hard] where: <|difficulty > 0.8|> }
      level 4 d { stages: [easy] where: <|0.5 < difficulty|> }
    `)), [
      { code: 'curriculum-empty-level', message: 'curriculum level `a` selects nothing: its stages emit difficulty 0.3, which its `where` excludes' },
      { code: 'curriculum-empty-level', message: 'its stages emit difficulty 0.3, 0.8, which its `where` excludes' },
      { code: 'curriculum-empty-level', message: 'its stages emit difficulty 0.8, which its `where` excludes' },
      'curriculum-empty-level',
    ]);
  });

  it('accepts a predicate that one of its constant stages satisfies, or that it cannot read', () => {
    expectClean(recipe(dedent(`
      level 1 a { stages: [easy, hard] where: difficulty > 0.5 }
      level 2 b { stages: [hard] where: difficulty >= 0.8 }
      level 3 c { stages: [easy] where: difficulty == 0.3 }
      level 4 d { stages: [easy] where: not (difficulty > 0.5) }
      level 5 e { stages: [easy] where: difficulty != 0.5 }
    `)));
  });

  it('reports an empty `stages` list and stages that never emit, at the level\'s name', () => {
    expectDiagnostics(recipe(dedent(`
      level 1 <|nothing|> { stages: [] }
      level 2 <|unfinished|> { stages: [prepared] }
      level 3 ok { stages: [graded] }
    `)), [
      { code: 'curriculum-empty-level', message: 'curriculum level `nothing` selects nothing: its `stages` list is empty' },
      { code: 'curriculum-empty-level', message: 'curriculum level `unfinished` selects nothing: none of its stages ends in `emit`' },
    ]);
  });

  it('leaves an unknown stage to name resolution', () => {
    expectDiagnostics(recipe(dedent(`
      level 1 a { stages: [<|gradd|>] where: difficulty > 0.5 }
    `)), [{ code: 'unknown-name', message: 'unknown stage `gradd`', hint: /did you mean `graded`/ }], {
      only: ['unknown-name', 'curriculum-empty-level'],
    });
  });
});
