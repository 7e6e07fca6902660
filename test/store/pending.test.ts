import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, openTracked, reopen, storePath } from './temp.ts';

afterEach(cleanUp);

describe('human-gate items', () => {
  it('adds an item once: a second add keeps the first payload', async () => {
    const store = await openTracked(storePath());
    expect(await store.pending.add('validate', 'q1', { question: 'first' })).toBe(true);
    expect(await store.pending.add('validate', 'q1', { question: 'second' })).toBe(false);
    expect([...store.pending.list('validate')]).toEqual([{ itemKey: 'q1', payload: { question: 'first' } }]);
    expect(store.pending.counts()).toEqual({ validate: { pending: 1, answered: 0 } });
  });

  it('keeps one item when the same add races itself in one event-loop turn', async () => {
    const store = await openTracked(storePath());
    const results = await Promise.all([1, 2, 3].map((n) => store.pending.add('g', 'same', n)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect([...store.pending.list('g')]).toEqual([{ itemKey: 'same', payload: 1 }]);
  });

  it('moves an answered item from list to answers, and a later add leaves the answer', async () => {
    let store = await openTracked(storePath());
    for (const key of ['c', 'a', 'b']) await store.pending.add('regions', key, { clip: `${key}.wav` });
    expect(await store.pending.answer('regions', 'b', { regions: [[0.5, 1.25, 'dog']] })).toBe(true);
    expect(await store.pending.add('regions', 'b', { clip: 'changed.wav' })).toBe(false);
    store = await reopen(store);
    expect([...store.pending.list('regions')].map((i) => i.itemKey)).toEqual(['a', 'c']);
    expect([...store.pending.answers('regions')]).toEqual([{ itemKey: 'b', payload: { clip: 'b.wav' }, answer: { regions: [[0.5, 1.25, 'dog']] } }]);
    expect(store.pending.answerOf('regions', 'b')).toEqual({ regions: [[0.5, 1.25, 'dog']] });
    expect(store.pending.answerOf('regions', 'a')).toBeUndefined();
  });

  it('replaces an answer that is imported again', async () => {
    const store = await openTracked(storePath());
    await store.pending.add('yes-no', 'q', 'Does it make sense?');
    await store.pending.answer('yes-no', 'q', false);
    await store.pending.answer('yes-no', 'q', true);
    expect([...store.pending.answers('yes-no')]).toEqual([{ itemKey: 'q', payload: 'Does it make sense?', answer: true }]);
    expect(store.pending.counts()).toEqual({ 'yes-no': { pending: 0, answered: 1 } });
  });

  it('refuses an answer for an item the gate never exported, writing nothing', async () => {
    const store = await openTracked(storePath());
    await store.pending.add('g', 'known', 1);
    expect(await store.pending.answer('g', 'unknown', 'yes')).toBe(false);
    expect(await store.pending.answer('other-gate', 'known', 'yes')).toBe(false);
    expect(store.pending.counts()).toEqual({ g: { pending: 1, answered: 0 } });
    expect(store.stats().entries.pendingAnswers).toBe(0);
  });

  it('counts every gate, and keeps gates apart', async () => {
    const store = await openTracked(storePath());
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => store.pending.add('qa', `item-${i}`, i)),
      ...Array.from({ length: 3 }, (_, i) => store.pending.add('qa-second', `item-${i}`, i)),
    ]);
    await store.pending.answer('qa', 'item-0', 'ok');
    await store.pending.answer('qa', 'item-4', 'ok');
    expect(store.pending.counts()).toEqual({ qa: { pending: 3, answered: 2 }, 'qa-second': { pending: 3, answered: 0 } });
    expect([...store.pending.list('qa-second')]).toHaveLength(3);
    expect([...store.pending.list('q')]).toEqual([]);
  });

  it('accepts any gate name as a key of counts', async () => {
    const store = await openTracked(storePath());
    await store.pending.add('__proto__', 'x', 1);
    const counts = store.pending.counts();
    expect(Object.keys(counts)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(counts, '__proto__')?.value).toEqual({ pending: 1, answered: 0 });
  });
});
