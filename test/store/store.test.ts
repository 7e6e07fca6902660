import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_KEY_BYTES, StoreKeyError } from '../../runtime/store/keys.ts';
import { STORE_FORMAT, StoreFormatError, openStore, type Store } from '../../runtime/store/store.ts';
import type { RuntimeRecord } from '../../runtime/values.ts';
import { gateItem, yes } from './gate-item.ts';
import { cleanUp, openTracked, reopen, storePath } from './temp.ts';

afterEach(cleanUp);

describe('opening', () => {
  it('creates the folder, with LMDB files inside it, at the path it is given', async () => {
    const path = storePath();
    await openTracked(path);
    expect(existsSync(join(path, 'data.mdb'))).toBe(true);
  });

  it('refuses a store written in another format', async () => {
    const path = storePath();
    const store = await openStore(path);
    await store.close();
    // As a future rlr would have written it.
    const { open } = await import('lmdb');
    const root = open({ path, keyEncoding: 'binary' });
    await root.openDB({ name: 'meta', keyEncoding: 'binary' }).put(Buffer.from('format'), 99);
    await root.close();
    await expect(openStore(path)).rejects.toThrow(StoreFormatError);
    await expect(openStore(path)).rejects.toThrow(new RegExp(`format 99, this rlr reads format ${STORE_FORMAT}`));
  });

  it('refuses a store of the format before spill runs were files, and leaves it untouched', async () => {
    const path = storePath();
    await (await openStore(path)).close();
    rmSync(join(path, 'spill'), { recursive: true });
    // Format 2 kept spill runs as blocks in LMDB: this rlr would find none of them.
    const { open } = await import('lmdb');
    const root = open({ path, keyEncoding: 'binary' });
    await root.openDB({ name: 'meta', keyEncoding: 'binary' }).put(Buffer.from('format'), 2);
    await root.close();
    expect(STORE_FORMAT).toBe(3);
    await expect(openStore(path)).rejects.toThrow(/has format 2, this rlr reads format 3; delete the folder to start afresh/);
    expect(existsSync(join(path, 'spill'))).toBe(false);
  });

  it('treats the path as a folder even when it looks like a file name', async () => {
    const path = `${storePath()}.db`;
    const store = await openTracked(path);
    await store.state.put('k', 1);
    expect(existsSync(join(path, 'data.mdb'))).toBe(true);
  });

  it('rejects a path that is a file', async () => {
    const path = storePath();
    await openTracked(path).then((s) => s.close());
    const file = join(path, 'not-a-folder');
    writeFileSync(file, 'x');
    await expect(openStore(file)).rejects.toThrow();
  });
});

describe('values', () => {
  const samples: Array<[string, unknown]> = [
    ['null', null],
    ['booleans', [true, false]],
    ['integers and floats', [0, -1, 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1), 0.1, 1e-300, 1.7976931348623157e308]],
    ['strings', ['', 'plain', 'é ü 中文 😀', '\u0000inside', 'x'.repeat(100_000)]],
    ['nested objects', { a: { b: { c: [1, { d: 'e' }] } }, empty: {}, list: [] }],
    ['an array of records', Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, group: `g${i % 3}`, fields: { n: i, ok: i % 2 === 0 } }))],
  ];

  it.each(samples)('round-trips %s through a reopen', async (_name, value) => {
    let store = await openTracked(storePath());
    await store.cache.put('node', 'input', value as never);
    store = await reopen(store);
    expect(store.cache.get('node', 'input')).toEqual(value);
  });

  it('round-trips bytes as a Uint8Array, inside records too', async () => {
    let store = await openTracked(storePath());
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const record: RuntimeRecord = {
      key: 'clip-1',
      group: 'clip-1',
      fields: { image: { $media: 'image', path: 'a.png', bytes, width: 3, height: 2 }, caption: 'a cat' },
    };
    await store.cache.put('node', 'input', [record]);
    store = await reopen(store);
    const [back] = store.cache.get<RuntimeRecord[]>('node', 'input')!;
    const image = back.fields.image as { bytes: Uint8Array };
    expect(image.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(image.bytes, bytes)).toBe(0);
    expect({ ...back, fields: { ...back.fields, image: { ...image, bytes: null } } }).toEqual({
      ...record,
      fields: { ...record.fields, image: { $media: 'image', path: 'a.png', bytes: null, width: 3, height: 2 } },
    });
  });

  it('refuses undefined at the top level, where it would read as a miss', async () => {
    const store = await openTracked(storePath());
    await expect(store.cache.put('n', 'h', undefined as never)).rejects.toThrow(/cannot store undefined/);
    await expect(store.state.put('k', undefined as never)).rejects.toThrow(/cannot store undefined/);
  });
});

describe('cache', () => {
  it('counts hits and misses, and keeps entries of different nodes apart', async () => {
    const store = await openTracked(storePath());
    expect(store.cache.get('node-a', 'h1')).toBeUndefined();
    await store.cache.put('node-a', 'h1', [{ answer: 42 }]);
    await store.cache.put('node-b', 'h1', 'other node, same input');
    await store.cache.put('node-a', 'h2', null);
    expect(store.cache.get('node-a', 'h1')).toEqual([{ answer: 42 }]);
    expect(store.cache.get('node-b', 'h1')).toBe('other node, same input');
    // A stored null is a hit, not a miss.
    expect(store.cache.get('node-a', 'h2')).toBeNull();
    expect(store.cache.get('node-a', 'h3')).toBeUndefined();
    expect(store.cache.has('node-a', 'h1')).toBe(true);
    expect(store.cache.counters()).toEqual({ hits: 3, misses: 2, puts: 3 });
    expect(store.cache.countFor('node-a')).toBe(2);
    expect(store.cache.countFor('node')).toBe(0);
  });

  it('shows a put to reads once its promise resolves, not before', async () => {
    const store = await openTracked(storePath());
    const write = store.cache.put('n', 'h', 'v');
    // Reads see committed data only: a get racing an unawaited put misses, which costs a recomputation.
    expect(store.cache.has('n', 'h')).toBe(false);
    await write;
    expect(store.cache.get('n', 'h')).toBe('v');
  });

  it('keeps what was put across a reopen, and counters start afresh', async () => {
    let store = await openTracked(storePath());
    await Promise.all(Array.from({ length: 1000 }, (_, i) => store.cache.put('node', `h${i}`, { i })));
    store = await reopen(store);
    for (let i = 0; i < 1000; i++) expect(store.cache.get('node', `h${i}`)).toEqual({ i });
    expect(store.cache.counters()).toEqual({ hits: 1000, misses: 0, puts: 0 });
  });
});

describe('run state', () => {
  it('puts, gets, deletes and lists by prefix, across a reopen', async () => {
    let store = await openTracked(storePath());
    await store.state.put('shard/rl/train/00001', { sha256: 'b'.repeat(64), rows: 10 });
    await store.state.put('shard/rl/train/00000', { sha256: 'a'.repeat(64), rows: 12 });
    await store.state.put('shard/cot/train/00000', { sha256: 'c'.repeat(64), rows: 3 });
    await store.state.put('source/done', true);
    expect(await store.state.delete('source/done')).toBe(true);
    expect(await store.state.delete('source/done')).toBe(false);
    store = await reopen(store);
    expect(store.state.get('source/done')).toBeUndefined();
    expect(store.state.get('shard/rl/train/00000')).toEqual({ sha256: 'a'.repeat(64), rows: 12 });
    expect([...store.state.entries('shard/rl/')].map((e) => e.key)).toEqual(['shard/rl/train/00000', 'shard/rl/train/00001']);
    expect([...store.state.entries()].map((e) => e.key)).toEqual(['shard/cot/train/00000', 'shard/rl/train/00000', 'shard/rl/train/00001']);
  });
});

describe('keys', () => {
  it('rejects keys LMDB cannot hold, with the limit in the message', async () => {
    const store = await openTracked(storePath());
    const long = 'k'.repeat(MAX_KEY_BYTES);
    await expect(store.state.put(long + 'k', 1)).rejects.toThrow(StoreKeyError);
    await expect(store.state.put(long + 'k', 1)).rejects.toThrow(/1979 bytes, above the store's limit of 1978/);
    await store.state.put(long, 1);
    expect(store.state.get(long)).toBe(1);
    // Multi-byte characters count as their UTF-8 bytes.
    await expect(store.examples.put('é'.repeat(1000), 'k', 1)).rejects.toThrow(StoreKeyError);
    // Sort keys live in the spilled values, so they have no such limit.
    await store.examples.put('t', 'k'.repeat(10_000), 1);
    expect([...store.examples.iterate('t')].map((e) => e.sortKey)).toEqual(['k'.repeat(10_000)]);
  });

  it('rejects empty names and names containing U+0000', async () => {
    const store = await openTracked(storePath());
    await expect(store.examples.put('', 'k', 1)).rejects.toThrow(/table name is empty/);
    await expect(store.examples.put('a\u0000b', 'k', 1)).rejects.toThrow(/contains U\+0000/);
    expect(() => store.cache.get('a\u0000b', 'h')).toThrow(StoreKeyError);
    await expect(store.pending.add('item', gateItem(''))).rejects.toThrow(/gate name is empty/);
    await expect(store.state.put('', 1)).rejects.toThrow(/state key is empty/);
  });
});

describe('statistics', () => {
  it('reports entries per table, sizes and cache counters', async () => {
    const store = await openTracked(storePath());
    await Promise.all([
      store.cache.put('n', 'h1', 1),
      store.cache.put('n', 'h2', 2),
      store.examples.put('rl', 'a', { x: 'y'.repeat(10_000) }),
      store.state.put('k', 1),
      store.pending.add('item', gateItem('gate')),
    ]);
    await store.pending.record('gate', 'item', yes('ann'));
    store.cache.get('n', 'h1');
    expect(store.stats().spill).toEqual({ runs: 0, stored: 0, buffered: 1, bytes: 0 });
    await store.examples.flush();
    const stats = store.stats();
    expect(stats.entries).toEqual({ cache: 2, examples: 1, state: 1, pendingItems: 1, pendingAnswers: 1 });
    expect(stats.spill).toMatchObject({ runs: 1, stored: 1, buffered: 0 });
    // The spilled value is in its run's file, outside the LMDB data file.
    expect(stats.spill.bytes).toBeGreaterThan(10_000);
    expect(stats.cache).toEqual({ hits: 1, misses: 0, puts: 2 });
    expect(stats.usedBytes).toBeGreaterThan(0);
    expect(stats.fileBytes).toBeGreaterThanOrEqual(stats.usedBytes);
    expect(stats.path).toBe(store.path);
  });
});

describe('closing', () => {
  it('flushes writes that were not awaited, and a second close does nothing', async () => {
    const path = storePath();
    const store: Store = await openStore(path);
    for (let i = 0; i < 100; i++) void store.state.put(`k${i}`, i);
    await store.close();
    await store.close();
    const again = await openTracked(path);
    expect(again.state.get('k99')).toBe(99);
  });
});

// Compile-time checks of what `put` accepts; never called.
export function storableTypes(store: Store): void {
  const records: readonly RuntimeRecord[] = [];
  void store.cache.put('n', 'h', records);
  void store.examples.put('t', 'k', { nested: [{ ok: true, maybe: undefined as string | undefined }] });
  // @ts-expect-error dates do not survive as dates
  void store.cache.put('n', 'h', new Date());
  // @ts-expect-error maps are not JSON
  void store.state.put('k', new Map<string, number>());
  // @ts-expect-error functions are not data
  void store.state.put('k', { run: () => 1 });
  // @ts-expect-error bigint is not JSON
  void store.state.put('k', { n: 1n });
  // @ts-expect-error undefined reads back as a miss
  void store.state.put('k', undefined);
  // @ts-expect-error a possibly undefined value neither
  void store.state.put('k', records[0] as RuntimeRecord | undefined);
  // @ts-expect-error transactions are synchronous
  void store.transaction(async () => 1);
}
