// Record-set steps: what each keeps, that the choice is deterministic, and
// that every record it does not keep is rejected with a reason.
import { describe, expect, it } from 'vitest';
import type { DagExpr } from '../../compiler/lower/dag-schema.ts';
import type { RuntimeRecord } from '../../runtime/values.ts';
import { stepEntries } from '../../stdlib/registry/steps.ts';
import { perValueCap } from '../../stdlib/steps/balance.ts';
import { steps } from '../../stdlib/steps/index.ts';
import { records, runStep, type StepRun } from './run.ts';

const lit = (value: number | string | null): DagExpr => ({ lit: value });
const field = (name: string): DagExpr => ({ field: name });
const keys = (rs: readonly RuntimeRecord[]) => rs.map((r) => r.key);

function expectAccounted(input: readonly RuntimeRecord[], run: StepRun): void {
  expect([...keys(run.kept), ...run.rejected.map((r) => r.key)].sort()).toEqual(keys(input).sort());
  for (const { reason } of run.rejected) expect(reason.length).toBeGreaterThan(0);
}

describe('step registry', () => {
  it('implements exactly the registry steps', () => {
    expect([...steps.keys()].sort()).toEqual(stepEntries.map((e) => e.name).sort());
  });
});

describe('arguments', () => {
  it('takes the registry default for an argument the DAG leaves out', async () => {
    const input = records([{ letter: 'A' }, { letter: 'A' }, { letter: 'B' }]);
    // max_share defaults to 50%, lowered to 0.5.
    expect((await runStep('balance', input, { key: field('letter') })).kept).toHaveLength(2);
    expect((await runStep('sample', input, { count: lit(2) })).kept).toHaveLength(2);
    const shuffled = await runStep('shuffle_choices', records([{ o: ['x', 'y'] }]), { options: field('o'), answer: lit(0) });
    expect('AB').toContain(shuffled.kept[0].fields.letter);
  });

  it('fails the run when a required argument is missing', async () => {
    await expect(runStep('dedup', records([{}]), {})).rejects.toThrow(/`dedup`: argument `key` is missing/);
  });
});

describe('dedup', () => {
  const input = records([
    { q: { text: 'A?' } }, { q: { text: 'B?' } }, { q: { text: 'A?' } }, { q: { text: 'C?' } }, { q: { text: 'B?' } }, { q: null },
  ]);

  it('keeps the first record for each key, in input order', async () => {
    const run = await runStep('dedup', input, { key: { member: [field('q'), 'text'] } });
    expect(keys(run.kept)).toEqual(['row-0000', 'row-0001', 'row-0003', 'row-0005']);
    expect(run.rejected).toEqual([
      { key: 'row-0002', reason: 'duplicate: record `row-0000` has the same dedup key' },
      { key: 'row-0004', reason: 'duplicate: record `row-0001` has the same dedup key' },
    ]);
  });

  it('compares structured keys by value', async () => {
    const run = await runStep('dedup', records([{ p: { x: 1, y: 2 } }, { p: { y: 2, x: 1 } }, { p: { x: 1, y: 3 } }]), { key: field('p') });
    expect(keys(run.kept)).toEqual(['row-0000', 'row-0002']);
  });

  it('rejects a record whose key cannot be evaluated', async () => {
    const run = await runStep('dedup', records([{ tags: [] }, { tags: ['a'] }]), { key: { index: [field('tags'), lit(0)] } });
    expect(keys(run.kept)).toEqual(['row-0001']);
    expect(run.rejected[0].reason).toMatch(/index 0 is out of range/);
  });
});

describe('sample', () => {
  const many = records(Array.from({ length: 2000 }, (_, i) => ({ i })));

  it('keeps each record by its own draw: about the fraction, the same on every run', async () => {
    const run = await runStep('sample', many, { fraction: lit(0.1), count: lit(null) });
    expect(run.kept.length).toBeGreaterThan(150);
    expect(run.kept.length).toBeLessThan(250);
    expectAccounted(many, run);
    expect(run.rejected[0].reason).toBe('not among the 10% sampled');
    expect(keys((await runStep('sample', many, { fraction: lit(0.1), count: lit(null) })).kept)).toEqual(keys(run.kept));
  });

  it('keeps a record regardless of its neighbours and the order', async () => {
    const all = await runStep('sample', many, { fraction: lit(0.3), count: lit(null) });
    const reversed = await runStep('sample', [...many].reverse(), { fraction: lit(0.3), count: lit(null) });
    expect(keys(reversed.kept).sort()).toEqual(keys(all.kept).sort());
    const other = await runStep('sample', many, { fraction: lit(0.3), count: lit(null) }, { seed: 6 });
    expect(keys(other.kept)).not.toEqual(keys(all.kept));
  });

  it('keeps exactly `count` records, the same set in any order, passed on in input order', async () => {
    const run = await runStep('sample', many, { fraction: lit(null), count: lit(25) });
    expect(run.kept).toHaveLength(25);
    expectAccounted(many, run);
    expect(keys(run.kept)).toEqual([...keys(run.kept)].sort());
    const reversed = await runStep('sample', [...many].reverse(), { fraction: lit(null), count: lit(25) });
    expect(keys(reversed.kept).sort()).toEqual(keys(run.kept));
    expect(run.rejected[0].reason).toBe('not among the 25 records sampled');
  });

  it('keeps everything when fewer than `count` arrive', async () => {
    const few = many.slice(0, 5);
    expect(keys((await runStep('sample', few, { fraction: lit(null), count: lit(10) })).kept)).toEqual(keys(few));
  });

  it('takes exactly one of fraction and count', async () => {
    await expect(runStep('sample', many, { fraction: lit(null), count: lit(null) })).rejects.toThrow(/exactly one/);
    await expect(runStep('sample', many, { fraction: lit(0.5), count: lit(3) })).rejects.toThrow(/exactly one/);
  });
});

describe('limit', () => {
  it('passes the first `count` records and rejects the rest', async () => {
    const input = records(Array.from({ length: 6 }, (_, i) => ({ i })));
    const run = await runStep('limit', input, { count: lit(4) });
    expect(keys(run.kept)).toEqual(keys(input.slice(0, 4)));
    expect(run.rejected).toEqual([
      { key: 'row-0004', reason: 'beyond the first 4 records (limit)' },
      { key: 'row-0005', reason: 'beyond the first 4 records (limit)' },
    ]);
  });

  it('needs a count that does not depend on the record', async () => {
    await expect(runStep('limit', records([{ n: 1 }]), { count: field('n') })).rejects.toThrow(/`count` must be a whole number/);
  });
});

describe('shuffle_choices', () => {
  const questions = records(Array.from({ length: 40 }, (_, i) => ({ options: [`right ${i}`, 'wrong a', 'wrong b', 'wrong c'], answer: 0 })));
  const args = { options: field('options'), answer: field('answer'), letters: lit('ABCDEFGHIJ') };

  it('sets options and the letter of the correct one', async () => {
    const run = await runStep('shuffle_choices', questions, args);
    expect(run.kept).toHaveLength(40);
    for (const record of run.kept) {
      const options = record.fields.options as string[];
      const letter = record.fields.letter as string;
      expect([...options].sort()).toEqual([...(questions.find((q) => q.key === record.key)!.fields.options as string[])].sort());
      expect(options['ABCD'.indexOf(letter)]).toMatch(/^right/);
    }
    const letters = run.kept.map((r) => r.fields.letter);
    expect(new Set(letters)).toEqual(new Set(['A', 'B', 'C', 'D']));
    const again = await runStep('shuffle_choices', questions, args);
    expect(again.kept.map((r) => r.fields.letter)).toEqual(letters);
  });

  it('keeps the answer right when two options read the same', async () => {
    const input = records(Array.from({ length: 20 }, () => ({ options: ['same', 'same', 'other'], answer: 1 })));
    const run = await runStep('shuffle_choices', input, args);
    for (const record of run.kept) expect((record.fields.options as string[])['ABC'.indexOf(record.fields.letter as string)]).toBe('same');
  });

  it('rejects an answer index out of range and too few letters', async () => {
    const input = records([{ options: ['a', 'b'], answer: 2 }, { options: ['a', 'b', 'c'], answer: 0 }]);
    const run = await runStep('shuffle_choices', input, { ...args, letters: lit('AB') });
    expect(run.kept).toEqual([]);
    expect(run.rejected.map((r) => r.reason)).toEqual([
      '`shuffle_choices`: the answer index 2 is not a position in 2 options',
      '`shuffle_choices`: 3 options need 3 letters, `letters` has 2',
    ]);
  });
});

describe('balance', () => {
  const letters = (counts: Record<string, number>) => records(Object.entries(counts).flatMap(([letter, n]) => Array.from({ length: n }, () => ({ letter }))));
  const shares = (run: StepRun) => {
    const tally = new Map<string, number>();
    for (const record of run.kept) tally.set(record.fields.letter as string, (tally.get(record.fields.letter as string) ?? 0) + 1);
    return Object.fromEntries([...tally].sort());
  };

  it.each([
    ['caps the most common value', { A: 70, B: 20, C: 10 }, 0.5, { A: 30, B: 20, C: 10 }],
    ['caps two large values', { A: 50, B: 40, C: 10 }, 0.4, { A: 20, B: 20, C: 10 }],
    ['leaves a balanced set alone', { A: 10, B: 10, C: 10 }, 0.5, { A: 10, B: 10, C: 10 }],
    ['keeps one of each when only that fits', { A: 100, B: 1 }, 0.5, { A: 1, B: 1 }],
  ] as const)('%s', async (_name, counts, share, expected) => {
    const input = letters(counts);
    for (const replay of [false, true]) {
      const run = await runStep('balance', input, { key: field('letter'), max_share: lit(share) }, { replay });
      expect(shares(run)).toEqual(expected);
      expectAccounted(input, run);
      const largest = Math.max(...Object.values(shares(run)));
      expect(largest / run.kept.length).toBeLessThanOrEqual(share + 1e-9);
    }
  });

  it('rejects every record when a single value can never be under the share', async () => {
    const run = await runStep('balance', letters({ A: 5 }), { key: field('letter'), max_share: lit(0.5) });
    expect(run.kept).toEqual([]);
    expect(run.rejected[0].reason).toBe('balance: value "A" would hold more than 50% of the output (keeps 0 of 5)');
  });

  it('chooses which records to drop deterministically, the same with or without a replay, and spread over the input', async () => {
    const input = letters({ A: 300, B: 100 });
    const args = { key: field('letter'), max_share: lit(0.5) };
    const held = await runStep('balance', input, args);
    const replayed = await runStep('balance', input, args, { replay: true });
    expect(keys(replayed.kept)).toEqual(keys(held.kept));
    expect(keys((await runStep('balance', input, args)).kept)).toEqual(keys(held.kept));
    const keptA = held.kept.filter((r) => r.fields.letter === 'A').map((r) => Number(r.key.slice(4)));
    expect(keptA).toHaveLength(100);
    // Not simply the first hundred: the kept ones spread over all three hundred.
    expect(Math.max(...keptA)).toBeGreaterThan(250);
    const other = await runStep('balance', input, args, { seed: 99 });
    expect(keys(other.kept)).not.toEqual(keys(held.kept));
  });

  it('finds the largest cap that fits', () => {
    expect(perValueCap([70, 20, 10], 0.5)).toBe(30);
    expect(perValueCap([10, 10], 0.5)).toBe(10);
    expect(perValueCap([5], 0.5)).toBe(0);
    expect(perValueCap([5], 1)).toBe(5);
    expect(perValueCap([], 0.3)).toBe(0);
  });
});
