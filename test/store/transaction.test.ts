import { afterEach, describe, expect, it } from 'vitest';
import type { StoreTransaction } from '../../runtime/store/store.ts';
import { gateItem, yes } from './gate-item.ts';
import { cleanUp, openTracked, reopen, storePath } from './temp.ts';

afterEach(cleanUp);

describe('transactions', () => {
  it('commits a batch of writes together and returns the callback result', async () => {
    let store = await openTracked(storePath());
    await store.pending.add('a', gateItem('gate'));
    const result = await store.transaction((tx) => {
      tx.cache.put('node', 'h', [{ row: 1 }]);
      tx.state.put('import/batch-1', { answers: 1 });
      tx.pending.record('gate', 'a', yes('ann'));
      return 'imported';
    });
    expect(result).toBe('imported');
    store = await reopen(store);
    expect(store.cache.get('node', 'h')).toEqual([{ row: 1 }]);
    expect(store.state.get('import/batch-1')).toEqual({ answers: 1 });
    expect(store.pending.answers('gate', 'a').annotations.map((a) => a.value)).toEqual([true]);
  });

  it('rolls back every write of a callback that throws, in every table', async () => {
    let store = await openTracked(storePath());
    await store.state.put('before', 'kept');
    await store.pending.add('a', gateItem('gate'));
    const failing = store.transaction((tx) => {
      tx.state.put('before', 'overwritten');
      tx.state.put('during', 1);
      tx.state.delete('before');
      tx.cache.put('node', 'h', 1);
      tx.pending.add('b', gateItem('gate'));
      tx.pending.record('gate', 'a', yes('ann'));
      throw new Error('annotation 17 is malformed');
    });
    await expect(failing).rejects.toThrow('annotation 17 is malformed');
    store = await reopen(store);
    expect(store.state.get('before')).toBe('kept');
    expect(store.state.get('during')).toBeUndefined();
    expect(store.cache.has('node', 'h')).toBe(false);
    expect(store.pending.counts()).toEqual({ gate: { items: 1, answered: 0 } });
  });

  it('reads its own writes inside the callback', async () => {
    const store = await openTracked(storePath());
    const seen = await store.transaction((tx) => {
      tx.state.put('k', 1);
      const first = tx.state.get('k');
      const added = [tx.pending.add('i', gateItem('g')), tx.pending.add('i', gateItem('g', { question: 'again' }))];
      const answered = tx.pending.record('g', 'i', yes('ann'));
      return { first, added, answered };
    });
    expect(seen).toEqual({ first: 1, added: [true, false], answered: 'added' });
  });

  it('does not take down writes that were queued beside a failing transaction', async () => {
    const store = await openTracked(storePath());
    const beside = store.state.put('beside', 'committed');
    const failing = store.transaction((tx) => {
      tx.state.put('inside', 1);
      throw new Error('no');
    });
    const after = store.state.put('after', 'committed');
    await expect(failing).rejects.toThrow('no');
    await Promise.all([beside, after]);
    expect(store.state.get('beside')).toBe('committed');
    expect(store.state.get('after')).toBe('committed');
    expect(store.state.get('inside')).toBeUndefined();
  });

  it('refuses an asynchronous callback and rolls back what it wrote before its first await', async () => {
    const store = await openTracked(storePath());
    let kept: StoreTransaction | undefined;
    // The type refuses an async callback; the cast reaches the runtime guard behind it.
    const failing = store.transaction(((tx: StoreTransaction) => {
      kept = tx;
      tx.state.put('sync-part', 1);
      return Promise.resolve(1);
    }) as unknown as () => number);
    await expect(failing).rejects.toThrow(/must be synchronous/);
    expect(store.state.get('sync-part')).toBeUndefined();
    // The transaction object is dead once its callback has returned.
    expect(() => kept!.state.put('late', 1)).toThrow(/transaction has ended/);
  });

  it('keeps a thousand-write import atomic across a reopen', async () => {
    let store = await openTracked(storePath());
    await Promise.all(Array.from({ length: 1000 }, (_, i) => store.pending.add(`item-${String(i).padStart(4, '0')}`, gateItem('gate'))));
    const importAnswers = (throwAt?: number) =>
      store.transaction((tx) => {
        for (let i = 0; i < 1000; i++) {
          if (i === throwAt) throw new Error(`bad answer at ${i}`);
          tx.pending.record('gate', `item-${String(i).padStart(4, '0')}`, yes('ann', i % 2 === 0));
        }
        return 1000;
      });
    await expect(importAnswers(999)).rejects.toThrow('bad answer at 999');
    store = await reopen(store);
    expect(store.pending.counts()).toEqual({ gate: { items: 1000, answered: 0 } });
    expect(await importAnswers()).toBe(1000);
    store = await reopen(store);
    expect(store.pending.counts()).toEqual({ gate: { items: 1000, answered: 1000 } });
  });
});
