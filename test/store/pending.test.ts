import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, openTracked, reopen, storePath } from './temp.ts';
import { gateItem, yes } from './gate-item.ts';

afterEach(cleanUp);

describe('human-gate items', () => {
  it('adds an item once: a second add keeps the first payload', async () => {
    const store = await openTracked(storePath());
    expect(await store.pending.add('q1', gateItem('validate', { question: 'first' }))).toBe(true);
    expect(await store.pending.add('q1', gateItem('validate', { question: 'second' }))).toBe(false);
    expect([...store.pending.entries('validate')].map((e) => [e.itemKey, e.item.question])).toEqual([['q1', 'first']]);
    expect(store.pending.counts()).toEqual({ validate: { items: 1, answered: 0 } });
  });

  it('keeps one item when the same add races itself in one event-loop turn', async () => {
    const store = await openTracked(storePath());
    const results = await Promise.all([1, 2, 3].map((n) => store.pending.add('same', gateItem('g', { record: `r${n}` }))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect([...store.pending.entries('g')].map((e) => e.itemKey)).toEqual(['same']);
  });

  it('keeps answers per annotator, sorted, and a later add leaves them', async () => {
    let store = await openTracked(storePath());
    for (const key of ['c', 'a', 'b']) await store.pending.add(key, gateItem('regions', { record: key }));
    expect(await store.pending.record('regions', 'b', yes('zoe'))).toBe('added');
    expect(await store.pending.record('regions', 'b', yes('ann', false))).toBe('added');
    expect(await store.pending.add('b', gateItem('regions', { record: 'changed' }))).toBe(false);
    store = await reopen(store);
    expect([...store.pending.entries('regions')].map((e) => [e.itemKey, e.answers.annotations.length])).toEqual([['a', 0], ['b', 2], ['c', 0]]);
    expect(store.pending.answers('regions', 'b').annotations.map((a) => [a.annotator, a.value])).toEqual([['ann', false], ['zoe', true]]);
    expect(store.pending.item('regions', 'b')?.record).toBe('b');
    expect(store.pending.answers('regions', 'a')).toEqual({ annotations: [], adjudication: null });
  });

  it('says whether an answer was new, replaced or unchanged', async () => {
    const store = await openTracked(storePath());
    await store.pending.add('q', gateItem('yes-no'));
    expect(await store.pending.record('yes-no', 'q', yes('ann', false))).toBe('added');
    expect(await store.pending.record('yes-no', 'q', yes('ann', false))).toBe('unchanged');
    expect(await store.pending.record('yes-no', 'q', yes('ann', true))).toBe('replaced');
    expect(store.pending.answers('yes-no', 'q').annotations.map((a) => a.value)).toEqual([true]);
    expect(store.pending.counts()).toEqual({ 'yes-no': { items: 1, answered: 1 } });
  });

  it('refuses an answer for an item the gate never exported, writing nothing', async () => {
    const store = await openTracked(storePath());
    await store.pending.add('known', gateItem('g'));
    expect(await store.pending.record('g', 'unknown', yes('ann'))).toBe('unknown-item');
    expect(await store.pending.record('other-gate', 'known', yes('ann'))).toBe('unknown-item');
    expect(await store.pending.adjudicate('g', 'unknown', yes('ann'))).toBe('unknown-item');
    expect(store.stats().entries.pendingAnswers).toBe(0);
  });

  it('withdraws one annotator\'s answer or an adjudication, and removes an emptied entry', async () => {
    const store = await openTracked(storePath());
    await store.pending.add('q', gateItem('g', { qa: true }));
    await store.pending.record('g', 'q', yes('ann'));
    await store.pending.record('g', 'q', yes('bob', false));
    await store.pending.adjudicate('g', 'q', yes('cat'));
    expect(await store.pending.withdraw('g', 'q', 'cat')).toBe(true);
    expect(store.pending.answers('g', 'q').adjudication).toBeNull();
    expect(await store.pending.withdraw('g', 'q', 'nobody')).toBe(false);
    expect(await store.pending.withdraw('g', 'q', 'ann')).toBe(true);
    expect(await store.pending.withdraw('g', 'q', 'bob')).toBe(true);
    expect(store.stats().entries.pendingAnswers).toBe(0);
  });

  it('changes the answers digest of a gate with every answer, and only of that gate', async () => {
    const store = await openTracked(storePath());
    await store.pending.add('q', gateItem('g'));
    await store.pending.add('q', gateItem('h'));
    const [g0, h0] = [store.pending.answersDigest('g'), store.pending.answersDigest('h')];
    await store.pending.record('g', 'q', yes('ann'));
    const g1 = store.pending.answersDigest('g');
    expect(g1).not.toBe(g0);
    expect(store.pending.answersDigest('h')).toBe(h0);
    await store.pending.record('g', 'q', yes('ann', false));
    expect(store.pending.answersDigest('g')).not.toBe(g1);
  });

  it('remembers where an item was exported', async () => {
    let store = await openTracked(storePath());
    await store.pending.add('q', gateItem('g'));
    expect(store.pending.exportedIn('g', 'q')).toBeUndefined();
    await store.pending.markExported('g', 'q', 'annotations/g/tasks-00001.json');
    store = await reopen(store);
    expect(store.pending.exportedIn('g', 'q')).toBe('annotations/g/tasks-00001.json');
  });

  it('counts every gate, and keeps gates apart', async () => {
    const store = await openTracked(storePath());
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => store.pending.add(`item-${i}`, gateItem('qa'))),
      ...Array.from({ length: 3 }, (_, i) => store.pending.add(`item-${i}`, gateItem('qa-second'))),
    ]);
    await store.pending.record('qa', 'item-0', yes('ann'));
    await store.pending.record('qa', 'item-4', yes('ann'));
    expect(store.pending.counts()).toEqual({ qa: { items: 5, answered: 2 }, 'qa-second': { items: 3, answered: 0 } });
    expect(store.pending.gates()).toEqual(['qa', 'qa-second']);
    expect([...store.pending.entries('q')]).toEqual([]);
  });

  it('accepts any gate name as a key of counts', async () => {
    const store = await openTracked(storePath());
    await store.pending.add('x', gateItem('__proto__'));
    const counts = store.pending.counts();
    expect(Object.keys(counts)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(counts, '__proto__')?.value).toEqual({ items: 1, answered: 0 });
  });
});
