import { describe, expect, it } from 'vitest';
import { orderedMap } from '../../runtime/execute/ordered-map.ts';
import { selfCheck } from '../../runtime/execute/self-check.ts';
import type { PreparedVerifier } from '../../stdlib/verifiers/index.ts';
import { prepareCached } from '../../stdlib/verifiers/index.ts';

async function* numbers(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}

describe('orderedMap', () => {
  it('yields in input order whether each call returns a value or a promise settling at any time', async () => {
    const fn = (i: number) => (i % 3 === 0 ? i * 10 : new Promise<number>((resolve) => setTimeout(() => resolve(i * 10), (7 - (i % 7)) * 2)));
    for (const concurrency of [1, 4, 16]) {
      expect(await collect(orderedMap(numbers(40), concurrency, fn))).toEqual(Array.from({ length: 40 }, (_, i) => i * 10));
    }
  });

  it('surfaces a synchronous throw at its item, after the items before it', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const value of orderedMap(numbers(10), 8, (i) => {
        if (i === 5) throw new Error('five');
        return i === 2 ? Promise.resolve(i) : i;
      })) seen.push(value);
    };
    await expect(run()).rejects.toThrow('five');
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps at most `concurrency` calls started ahead of the consumer', async () => {
    let started = 0;
    const iterator = orderedMap(numbers(100), 4, (i) => {
      started++;
      return i;
    })[Symbol.asyncIterator]();
    await iterator.next();
    expect(started).toBeLessThanOrEqual(4);
    await iterator.return?.(undefined);
  });
});

describe('self-check memo', () => {
  it('scores each truth once per verifier and gives the same result as scoring it', () => {
    const math = prepareCached({ name: 'math', params: { rel_tol: 1e-6 } });
    let scored = 0;
    const counting: PreparedVerifier = { ...math, score: (response, truth) => (scored++, math.score(response, truth)) };
    for (let i = 0; i < 100; i++) {
      const truth = String(i % 7);
      const checked = selfCheck(counting, truth);
      expect(checked.rendered).toBe(math.renderTruth(truth));
      expect(checked.result).toEqual(math.score(math.renderTruth(truth), truth));
    }
    expect(scored).toBe(7);
    // A different verifier object has its own memo.
    selfCheck({ ...counting }, '3');
    expect(scored).toBe(8);
  });

  it('does not remember long truths', () => {
    const exact = prepareCached({ name: 'exact', params: {} });
    let scored = 0;
    const counting: PreparedVerifier = { ...exact, score: (response, truth) => (scored++, exact.score(response, truth)) };
    const long = 'x'.repeat(1000);
    selfCheck(counting, long);
    selfCheck(counting, long);
    expect(scored).toBe(2);
  });
});
