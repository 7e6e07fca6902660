import { describe, expect, it } from 'vitest';
import { scoreWith } from '../../stdlib/verifiers/index.ts';
import { extractChoice } from '../../stdlib/verifiers/choice.ts';

describe('choice: letter extraction', () => {
  it.each([
    ['(B)', 'B'],
    ['B)', 'B'],
    ['B.', 'B'],
    ['B', 'B'],
    ['**C**', 'C'],
    ['The answer is B.', 'B'],
    ['the correct answer is (d)', 'D'],
    ['Answer: C', 'C'],
    ['Answer: b', 'B'],
    ['\\boxed{A}', 'A'],
    ['\\boxed{\\text{(C)}}', 'C'],
    ['Option D is correct.', 'D'],
    ['I first thought (A), but the answer is (C).', 'C'],
    ['Answer: B. Option (C) fails because the bus leaves later.', 'B'],
    ['Looking at the options:\nA) no\nB) no\nC) yes', 'C'],
    ['<think>It could be (A).</think><answer>(B)</answer>', 'B'],
    ['Between (A) and (D), I choose (D)', 'D'],
  ])('%s -> %s', (response, letter) => {
    expect(extractChoice(response, 'ABCD')).toBe(letter);
  });

  it.each([
    ['A cat sat on a mat and that is all.'],
    ['The answer is a good one.'],
    ['Because DNA replication is semi-conservative.'],
    ['I do not know.'],
    ['(E)'],
  ])('no letter in %j', (response) => {
    expect(extractChoice(response, 'ABCD')).toBeNull();
  });

  it('uses the letters param', () => {
    expect(extractChoice('The answer is (E).', 'ABCDE')).toBe('E');
    expect(extractChoice('The answer is (E).', 'ABCD')).toBeNull();
  });
});

describe('choice: scoring', () => {
  const choice = (response: string, truth: unknown, params: Record<string, unknown> = {}) =>
    scoreWith({ name: 'choice', params }, response, truth);

  it('scores 1, 0, or null when no letter is given', () => {
    expect(choice('(B)', 'B')).toMatchObject({ score: 1, parsed: 'B' });
    expect(choice('(C)', 'B')).toMatchObject({ score: 0, parsed: 'C' });
    expect(choice('no idea', 'B')).toMatchObject({ score: null, parsed: null });
  });

  it('accepts a truth written as (B)', () => {
    expect(choice('B', '(B)').score).toBe(1);
  });

  it('renders the truth so that it scores 1', () => {
    expect(scoreWith({ name: 'choice' }, '(C)', 'C').score).toBe(1);
  });

  it('explains bad params and truths', () => {
    expect(() => choice('(B)', 'B', { letters: 'abc' })).toThrow(/capital letters/);
    expect(() => choice('(B)', 'B', { letters: 'AAB' })).toThrow(/repeat/);
    expect(() => choice('(B)', 'F')).toThrow(/one of the letters A, B, C, D/);
    expect(() => choice('(B)', 2)).toThrow(/option letter/);
  });
});
