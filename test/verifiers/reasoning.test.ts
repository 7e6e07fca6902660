// The reasoning of a response, as a rollout's trace: inside <think>, else before the line that states the answer.
import { describe, expect, it } from 'vitest';
import { reasoningOf } from '../../stdlib/verifiers/answer-region.ts';

describe('reasoningOf', () => {
  it('takes the inside of the think block', () => {
    expect(reasoningOf('<think>\n2 + 3 = 5.\n</think>\n<answer>5</answer>')).toBe('2 + 3 = 5.');
  });

  it('takes the text before the line that states the final answer: a box, an answer tag or an answer phrase', () => {
    expect(reasoningOf('First 2 + 3 = 5.\nThen 5 × 2 = 10.\nSo the answer is \\boxed{10}.')).toBe('First 2 + 3 = 5.\nThen 5 × 2 = 10.');
    expect(reasoningOf('Half of 8 is 4.\n<answer>4</answer>')).toBe('Half of 8 is 4.');
    expect(reasoningOf('Half of 8 is 4.\nFinal Answer: 4')).toBe('Half of 8 is 4.');
    expect(reasoningOf('Half of 8 is 4.\n#### 4')).toBe('Half of 8 is 4.');
  });

  it('keeps what precedes the answer on its only line, and the whole response when it states no answer', () => {
    expect(reasoningOf('Half of 8 is 4, so the answer is 4.')).toBe('Half of 8 is 4');
    expect(reasoningOf('Half of 8 is 4; therefore the final answer: 4')).toBe('Half of 8 is 4');
    expect(reasoningOf('\\boxed{4}')).toBe('');
    expect(reasoningOf('I am not sure how to start.')).toBe('I am not sure how to start.');
    expect(reasoningOf('<think>  </think>Half of 8 is 4.\n\\boxed{4}')).toBe('Half of 8 is 4.');
  });
});
