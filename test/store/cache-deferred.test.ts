// Results given to `cache.putLater` are readable at once, share one
// transaction with the others of their window, and are committed by flush()
// and close().
import { afterEach, describe, expect, it } from 'vitest';
import { DEFERRED_WRITE_MS } from '../../runtime/store/cache.ts';
import { cleanUp, openTracked, reopen, storePath } from './temp.ts';

afterEach(cleanUp);

describe('cache.putLater', () => {
  it('is read back at once, before its write, and counted as a put and then a hit', async () => {
    const store = await openTracked(storePath());
    store.cache.putLater('model:a', 'k1', 'reply one');
    expect(store.cache.get('model:a', 'k1')).toBe('reply one');
    expect(store.cache.has('model:a', 'k1')).toBe(true);
    expect(store.cache.has('model:a', 'k2')).toBe(false);
    expect(store.cache.countFor('model:a')).toBe(1);
    expect(store.cache.counters()).toEqual({ hits: 1, misses: 0, puts: 1 });
  });

  it('keeps a stored null apart from a miss', async () => {
    const store = await openTracked(storePath());
    store.cache.putLater('model:a', 'k', null);
    expect(store.cache.get('model:a', 'k')).toBeNull();
  });

  it('writes within its window without being asked, and the store keeps it across a reopen', async () => {
    let store = await openTracked(storePath());
    for (let i = 0; i < 50; i++) store.cache.putLater('model:a', `k${i}`, { i });
    await new Promise((resolve) => setTimeout(resolve, DEFERRED_WRITE_MS * 4));
    await store.cache.flush();
    expect(store.cache.countFor('model:a')).toBe(50);
    store = await reopen(store);
    expect(store.cache.get('model:a', 'k49')).toEqual({ i: 49 });
    expect(store.cache.countFor('model:a')).toBe(50);
  });

  it('is committed by the store’s close, however soon after', async () => {
    let store = await openTracked(storePath());
    store.cache.putLater('model:a', 'k', [1, 2, 3]);
    store = await reopen(store);
    expect(store.cache.get('model:a', 'k')).toEqual([1, 2, 3]);
  });

  it('lets the latest value of a key win while an earlier one is being written', async () => {
    let store = await openTracked(storePath());
    store.cache.putLater('model:a', 'k', 'first');
    const writing = store.cache.flush();
    store.cache.putLater('model:a', 'k', 'second');
    await writing;
    expect(store.cache.get('model:a', 'k')).toBe('second');
    store = await reopen(store);
    expect(store.cache.get('model:a', 'k')).toBe('second');
  });

  it('refuses undefined, as put does', async () => {
    const store = await openTracked(storePath());
    expect(() => store.cache.putLater('n', 'h', undefined as never)).toThrow(/cannot store undefined/);
  });
});
