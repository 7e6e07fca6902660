import { describe, expect, it } from 'vitest';
import { scoreWith } from '../../stdlib/verifiers/index.ts';

describe('exact', () => {
  it.each([
    ['Paris', 'Paris', 1],
    ['Answer: Paris', 'Paris', 1],
    ['<think>hmm</think><answer>Paris</answer>', 'Paris', 1],
    ['\\boxed{\\text{Paris}}', 'Paris', 1],
    ['paris', 'Paris', 0],
    ['Paris.', 'Paris', 0],
  ])('%j vs %j', (response, truth, score) => {
    expect(scoreWith({ name: 'exact' }, response, truth).score).toBe(score);
  });

  it('accepts any listed spelling and can compare the whole response', () => {
    expect(scoreWith({ name: 'exact' }, 'NYC', ['New York', 'NYC']).score).toBe(1);
    expect(scoreWith({ name: 'exact', params: { extract: false } }, 'Answer: Paris', 'Paris').score).toBe(0);
  });

  it('scores null for an empty answer', () => {
    expect(scoreWith({ name: 'exact' }, '   ', 'Paris').score).toBeNull();
  });
});

describe('normalized', () => {
  it.each([
    ['The Eiffel Tower!', 'eiffel tower', 1],
    ['  an   apple ', 'Apple', 1],
    ['Answer: the U.S.A.', 'u s a', 1],
    ['eiffel towers', 'eiffel tower', 0],
  ])('%j vs %j', (response, truth, score) => {
    expect(scoreWith({ name: 'normalized' }, response, truth).score).toBe(score);
  });

  it('each folding can be turned off', () => {
    expect(scoreWith({ name: 'normalized', params: { ignore_case: false } }, 'Apple', 'apple').score).toBe(0);
    expect(scoreWith({ name: 'normalized', params: { ignore_articles: false } }, 'the apple', 'apple').score).toBe(0);
    expect(scoreWith({ name: 'normalized', params: { ignore_punctuation: false } }, 'apple!', 'apple').score).toBe(0);
  });
});

describe('numeric', () => {
  it.each([
    ['\\boxed{3.1415}', Math.PI, {}, 0],
    ['\\boxed{3.1415}', Math.PI, { rel_tol: 1e-4 }, 1],
    ['The value is about 12.3', 12.5, { rel_tol: 0.05 }, 1],
    ['The value is about 11.3', 12.5, { rel_tol: 0.05 }, 0],
    ['\\boxed{\\frac{3}{4}}', 0.75, {}, 1],
    ['#### 1,250', 1250, {}, 1],
    ['\\boxed{1.5 \\times 10^{3}}', 1500, {}, 1],
    ['\\boxed{75\\%}', 0.75, {}, 1],
    ['\\boxed{0.001}', 0, { abs_tol: 0.01 }, 1],
    ['\\boxed{0.001}', 0, {}, 0],
    ['\\boxed{-4}', 4, {}, 0],
  ])('%j vs %d (%j)', (response, truth, params, score) => {
    expect(scoreWith({ name: 'numeric', params }, response, truth).score).toBe(score);
  });

  it('scores null when no number is stated', () => {
    expect(scoreWith({ name: 'numeric' }, '\\boxed{x + 1}', 3).score).toBeNull();
    expect(scoreWith({ name: 'numeric' }, 'I have no idea what it is', 3).score).toBeNull();
  });

  it('rejects non-numeric truths', () => {
    expect(() => scoreWith({ name: 'numeric' }, '1', 'one')).toThrow(/finite number/);
  });
});
