import { describe, expect, it } from 'vitest';
import { renderTruthWith, scoreWith } from '../../stdlib/verifiers/index.ts';

describe('format', () => {
  it.each([
    ['<think>work</think><answer>5</answer>', {}, 1],
    ['<think>work</think>\nSo \\boxed{5}', {}, 1],
    ['<think>work</think>\nSo \\boxed{5}', { allow_boxed: false }, 0],
    ['<think>work</think> 5', {}, 0],
    ['<answer>5</answer>', {}, 0],
    ['<think></think><answer>5</answer>', {}, 0],
    ['<think>a</think><think>b</think><answer>5</answer>', {}, 0],
    ['<answer>4</answer><think>work</think>', {}, 0],
    ['<think>work</think><answer></answer>', {}, 0],
    ['Sure! <think>work</think><answer>5</answer>', {}, 1],
    ['Sure! <think>work</think><answer>5</answer>', { strict: true }, 0],
    ['<think>work</think><answer>5</answer> Hope this helps', { strict: true }, 0],
    [' <think>work</think>\n<answer>5</answer>\n', { strict: true }, 1],
    ['<reasoning>work</reasoning><final>5</final>', { think_tag: 'reasoning', answer_tag: 'final' }, 1],
  ])('%j %j -> %d', (response, params, score) => {
    expect(scoreWith({ name: 'format', params }, response, null).score).toBe(score);
  });

  it('rejects tag names that are not names', () => {
    expect(() => scoreWith({ name: 'format', params: { think_tag: 'a>b' } }, 'x', null)).toThrow(/tag name/);
  });
});

describe('combinators', () => {
  const formatAndMath = { name: 'all', children: [{ name: 'format' }, { name: 'math' }] };

  it('all takes the lowest score', () => {
    expect(scoreWith(formatAndMath, '<think>3+4</think><answer>\\boxed{7}</answer>', '7').score).toBe(1);
    expect(scoreWith(formatAndMath, '\\boxed{7}', '7').score).toBe(0);
    expect(scoreWith(formatAndMath, '<think>3+4</think><answer>\\boxed{8}</answer>', '7').score).toBe(0);
  });

  it('any takes the highest score', () => {
    const spec = { name: 'any', children: [{ name: 'math' }, { name: 'normalized' }] };
    expect(scoreWith(spec, 'Answer: seven', 'Seven').score).toBe(1);
    expect(scoreWith(spec, '\\boxed{7.0}', '7').score).toBe(1);
    expect(scoreWith(spec, '\\boxed{8}', '7').score).toBe(0);
  });

  it('weighted normalises its weights and counts a missing answer as 0', () => {
    const spec = { name: 'weighted', params: { weights: [1, 3] }, children: [{ name: 'format' }, { name: 'math' }] };
    expect(scoreWith(spec, '\\boxed{7}', '7').score).toBeCloseTo(0.75, 12);
    expect(scoreWith(spec, '<think>x</think><answer>no number here at all, sorry friend</answer>', '7').score).toBeCloseTo(0.25, 12);
  });

  it('is null only when no child found an answer', () => {
    const spec = { name: 'any', children: [{ name: 'choice' }, { name: 'choice', params: { letters: 'ABCDE' } }] };
    expect(scoreWith(spec, 'nothing', 'B').score).toBeNull();
  });

  it('nests, and renders one response that satisfies every child', () => {
    const spec = { name: 'all', children: [{ name: 'format' }, { name: 'any', children: [{ name: 'math' }, { name: 'exact' }] }] };
    const rendered = renderTruthWith(spec, '\\frac{1}{2}');
    expect(rendered).toContain('<think>');
    expect(scoreWith(spec, rendered, '\\frac{1}{2}').score).toBe(1);
  });

  it('checks its arity and children', () => {
    expect(() => scoreWith({ name: 'all' }, 'x', 1)).toThrow(/at least one verifier/);
    expect(() => scoreWith({ name: 'weighted', params: { weights: [1] }, children: [{ name: 'math' }, { name: 'format' }] }, 'x', 1))
      .toThrow(/2 verifiers but 1 weights/);
    expect(() => scoreWith({ name: 'all', children: [{ name: 'mth' }] }, 'x', 1)).toThrow(/unknown verifier `mth` \(did you mean `math`\?\)/);
    expect(() => scoreWith({ name: 'math', children: [{ name: 'math' }] }, 'x', 1)).toThrow(/takes no child/);
  });
});

describe('degenerate responses', () => {
  // Policies in RL collapse into loops; a reward must stay cheap and sane on them.
  it.each([
    ['format', '<think>'.repeat(20000), null],
    ['math', 'Answer: '.repeat(20000), '1'],
    ['math', `\\boxed{${'1,'.repeat(20000)}1}`, '1'],
    ['choice', 'The answer is '.repeat(20000), 'A'],
    ['duration', '1 min and '.repeat(20000), 3],
    ['point_in_box', '(1, '.repeat(20000), [0, 0, 1, 1]],
  ])('%s on a long loop stays fast', (name, response, truth) => {
    const started = performance.now();
    const score = scoreWith({ name }, response, truth).score;
    expect(score === null || score === 0).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('does not read an overflowing number as close to everything', () => {
    expect(scoreWith({ name: 'numeric' }, '9'.repeat(400), 1).score).toBeNull();
    expect(scoreWith({ name: 'math' }, `\\boxed{${'9'.repeat(400)}}`, '1').score).toBe(0);
  });
});
