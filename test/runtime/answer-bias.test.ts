import { describe, expect, it } from 'vitest';
import { ANSWER_COUNTERS, AnswerBias } from '../../runtime/assemble/answer-bias.ts';

describe('answer bias', () => {
  it('warns when always giving the most common letter scores well above chance', () => {
    const bias = new AnswerBias();
    for (let i = 0; i < 100; i++) bias.add('mcq', i < 70 ? 'B' : ['A', 'C', 'D'][i % 3], 'choice', 4);
    const report = bias.report().mcq;
    expect(report).toMatchObject({ examples: 100, most_common_answer: 'B', constant_guess_accuracy: 0.7 });
    expect(report.letters).toEqual({ A: 10, B: 70, C: 10, D: 10 });
    expect(report.warning).toContain('always answering `B` scores 70.0%');
  });

  it('stays quiet on balanced letters and normalises `(a)` to `A`', () => {
    const bias = new AnswerBias();
    for (let i = 0; i < 100; i++) bias.add('mcq', ['(a)', 'B', 'c', 'D'][i % 4], 'choice', 4);
    expect(bias.report().mcq).toMatchObject({ constant_guess_accuracy: 0.25, letters: { A: 25, B: 25, C: 25, D: 25 } });
    expect(bias.report().mcq.warning).toBeUndefined();
  });

  it('keeps memory bounded over many distinct answers and still finds a frequent one', () => {
    const bias = new AnswerBias();
    const total = 5 * ANSWER_COUNTERS;
    for (let i = 0; i < total; i++) bias.add('math', i % 3 === 0 ? '42' : String(1000 + i), 'math', null);
    expect(bias.counted('math')).toBeLessThanOrEqual(ANSWER_COUNTERS);
    const report = bias.report().math;
    expect(report.most_common_answer).toBe('42');
    // A lower bound, short by at most total / (counters + 1).
    const exact = Math.ceil(total / 3) / total;
    expect(report.constant_guess_accuracy).toBeLessThanOrEqual(exact + 1e-4);
    expect(report.constant_guess_accuracy).toBeGreaterThanOrEqual(exact - 1 / (ANSWER_COUNTERS + 1) - 1e-4);
    expect(report.warning).toContain('always answering `42`');
  });

  it('counts exactly while the answers fit', () => {
    const bias = new AnswerBias();
    for (let i = 0; i < ANSWER_COUNTERS; i++) bias.add('math', String(i % 500), 'math', null);
    expect(bias.counted('math')).toBe(500);
    expect(bias.report().math).toMatchObject({ examples: ANSWER_COUNTERS, constant_guess_accuracy: 0.002 });
  });
});
