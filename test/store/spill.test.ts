import { spawnSync } from 'node:child_process';
import { renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../runtime/store/store.ts';
import { compareSortKeys } from '../../runtime/store/sort-key.ts';
import { cleanUp, openTracked, reopen, spillFiles, storePath } from './temp.ts';

afterEach(cleanUp);

/** The oracle for "sort-key byte order": compare the UTF-8 bytes; ties keep their order (the sort is stable). */
function byteOrder<T extends { sortKey: string }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.sortKey, 'utf8'), Buffer.from(b.sortKey, 'utf8')));
}

/** A store whose spill buffers hold a few dozen entries, so that tables span many runs. */
function smallBuffers(path = storePath()): Promise<Store> {
  return openTracked(path, { spillBufferBytes: 4096 });
}

/** A deterministic pseudo-random stream, so failures replay. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('spill tables', () => {
  it('sorts by UTF-8 bytes, which is not JavaScript string order', async () => {
    // U+FF5E is one UTF-16 unit above the surrogates of U+1F600, but its UTF-8 bytes sort below.
    const keys = ['b', 'a', '', 'ab', 'a\u0000', 'a\u0001z', 'B', 'é', 'z', '\uFF5E', '😀', '\uD7FF', '\uE000', '10', '9', '0010'];
    for (const store of [await openTracked(storePath()), await smallBuffers()]) {
      for (const [i, key] of keys.entries()) await store.examples.put('t', key, { i });
      const read = [...store.examples.iterate('t')];
      expect(read.map((e) => e.sortKey)).toEqual(byteOrder(keys.map((sortKey) => ({ sortKey }))).map((e) => e.sortKey));
      expect(read.map((e) => e.sortKey)).not.toEqual([...keys].sort());
      for (const entry of read) expect(entry.value).toEqual({ i: keys.indexOf(entry.sortKey) });
    }
  });

  it('compares sort keys as UTF-8 bytes for any pair of strings', () => {
    const alphabet = ['a', 'b', '\u0000', '\u007f', 'é', '\u07ff', '\u0800', '\uD7FF', '\uE000', '\uFFFF', '😀', '𝔸', '\u{10FFFF}'];
    const next = random(7);
    const word = () => Array.from({ length: Math.floor(next() * 4) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const wrong: Array<[string, string]> = [];
    for (let i = 0; i < 20_000; i++) {
      const [a, b] = [word(), word()];
      if (Math.sign(compareSortKeys(a, b)) !== Buffer.compare(Buffer.from(a), Buffer.from(b))) wrong.push([a, b]);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps tables apart, even when one name is a prefix of another', async () => {
    const store = await openTracked(storePath());
    await Promise.all([
      store.examples.put('rl', 'k1', 'rl-1'),
      store.examples.put('rl', 'k2', 'rl-2'),
      store.examples.put('rl2', 'k1', 'rl2-1'),
      store.examples.put('r', 'k9', 'r-9'),
      store.examples.put('rl\u0001', 'k', 'odd name'),
    ]);
    await store.examples.flush('rl');
    expect([...store.examples.iterate('rl')].map((e) => e.value)).toEqual(['rl-1', 'rl-2']);
    expect([...store.examples.iterate('rl2')].map((e) => e.value)).toEqual(['rl2-1']);
    expect([...store.examples.iterate('r')].map((e) => e.value)).toEqual(['r-9']);
    expect(store.examples.count('rl')).toBe(2);
    expect(store.examples.count('missing')).toBe(0);
    expect([...store.examples.iterate('missing')]).toEqual([]);
    expect(store.examples.tables()).toEqual(['r', 'rl', 'rl\u0001', 'rl2']);
  });

  it('keeps every entry of a repeated sort key, in put order, across runs and the buffer', async () => {
    const store = await smallBuffers();
    let sames = 0;
    // Until some entries are left in the buffer as well as in runs.
    for (let i = 0; i < 300 || store.stats().spill.buffered === 0; i++) {
      await store.examples.put('t', 'same', sames++);
      await store.examples.put('t', `other-${i % 7}`, -i);
    }
    expect(store.stats().spill.runs).toBeGreaterThan(3);
    const same = [...store.examples.iterate<number>('t', { start: 'same', end: 'same\u0000' })].map((e) => e.value);
    expect(same).toEqual(Array.from({ length: sames }, (_, i) => i));
    expect(store.examples.count('t')).toBe(2 * sames);
  });

  it.each([
    { layout: 'many one-block runs and a buffer', spillBufferBytes: 8192, entries: 1000, pad: 0 },
    { layout: 'one run of many blocks, with equal keys across block ends', spillBufferBytes: undefined, entries: 4000, pad: 60 },
  ])('reads ranges, start inclusive and end exclusive, as the sorted list would: $layout', async ({ spillBufferBytes, entries, pad }) => {
    const next = random(42);
    const alphabet = ['a', 'b', 'c', 'é', '😀'];
    const word = () => Array.from({ length: 1 + Math.floor(next() * 3) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    let store = await openTracked(storePath(), { spillBufferBytes });
    const put: Array<{ sortKey: string; value: { i: number; pad: string } }> = [];
    for (let i = 0; i < entries || store.stats().spill.buffered === 0; i++) {
      const entry = { sortKey: word(), value: { i, pad: 'x'.repeat(pad) } };
      put.push(entry);
      await store.examples.put('t', entry.sortKey, entry.value);
    }
    const oracle = byteOrder(put);
    const inRange = (key: string, start?: string, end?: string) =>
      (start === undefined || compareSortKeys(key, start) >= 0) && (end === undefined || compareSortKeys(key, end) < 0);
    // Entries as `sortKey#i` (each i is put once), so that long lists compare fast and a mismatch prints short.
    const listed = (list: Iterable<{ sortKey: string; value: { i: number } }>) => Array.from(list, (e) => `${e.sortKey}#${e.value.i}`).join(' ');
    const check = () => {
      expect(listed(store.examples.iterate('t'))).toBe(listed(oracle));
      for (let i = 0; i < 30; i++) {
        const start = i % 5 === 0 ? undefined : word();
        const end = i % 7 === 0 ? undefined : word();
        expect(listed(store.examples.iterate<{ i: number }>('t', { start, end }))).toBe(listed(oracle.filter((e) => inRange(e.sortKey, start, end))));
      }
    };
    // With entries in memory, then all written as runs, then read from the store alone.
    check();
    await store.examples.flush();
    expect(store.stats().spill).toMatchObject({ buffered: 0, stored: put.length });
    if (spillBufferBytes === undefined) expect(store.stats().spill.runs).toBe(1);
    else expect(store.stats().spill.runs).toBeGreaterThan(10);
    check();
    store = await reopen(store);
    expect([...store.examples.iterate('t')]).toEqual(oracle);
  });

  it('reads 20k entries back in order after a reopen, as a sync and an async iterable', async () => {
    let store = await openTracked(storePath());
    // Keys like a shuffle's: a pseudo-random bucket, then the example id.
    const keys = Array.from({ length: 20_000 }, (_, i) => `${((i * 2_654_435_761) >>> 0).toString(16).padStart(8, '0')}/ex-${i}`);
    for (const [i, key] of keys.entries()) await store.examples.put('shuffle', key, { id: i, text: `example ${i}` });
    store = await reopen(store);
    expect(store.examples.count('shuffle')).toBe(keys.length);
    const expected = byteOrder(keys.map((sortKey) => ({ sortKey }))).map((e) => e.sortKey);
    const read = [...store.examples.iterate<{ id: number; text: string }>('shuffle')];
    expect(read.map((e) => e.sortKey)).toEqual(expected);
    expect(read.filter(({ sortKey, value }) => value.text !== `example ${value.id}` || keys[value.id] !== sortKey)).toEqual([]);
    let asyncCount = 0;
    for await (const entry of store.examples.iterate('shuffle')) {
      if (entry.sortKey !== expected[asyncCount]) throw new Error(`out of order at ${asyncCount}`);
      asyncCount++;
    }
    expect(asyncCount).toBe(keys.length);
  });

  it('lets a consumer stop early, and the store stays usable', async () => {
    const store = await smallBuffers();
    for (let i = 0; i < 1000; i++) await store.examples.put('t', String(i).padStart(4, '0'), i);
    const firstFive: number[] = [];
    for (const { value } of store.examples.iterate<number>('t')) {
      firstFive.push(value);
      if (firstFive.length === 5) break;
    }
    expect(firstFive).toEqual([0, 1, 2, 3, 4]);
    await store.examples.put('t', '1000', 1000);
    await store.examples.flush();
    expect(store.examples.count('t')).toBe(1001);
  });

  it('iterates what the table held when the loop began, while puts and run writes go on', async () => {
    const store = await smallBuffers();
    for (let i = 0; i < 200; i++) await store.examples.put('t', String(i).padStart(4, '0'), i);
    const seen: number[] = [];
    for (const { value } of store.examples.iterate<number>('t')) {
      seen.push(value);
      if (value === 50) for (let i = 200; i < 400; i++) await store.examples.put('t', String(i - 150).padStart(4, '0') + '+', i);
    }
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(store.examples.count('t')).toBe(400);
  });

  it('copies a value when it is put, so later changes to the object do not leak in', async () => {
    const store = await openTracked(storePath());
    const example = { text: 'before' };
    await store.examples.put('t', 'k', example);
    example.text = 'after';
    expect([...store.examples.iterate('t')].map((e) => e.value)).toEqual([{ text: 'before' }]);
  });

  it('clears one table in one go, buffered entries too, leaving the others', async () => {
    let store = await smallBuffers();
    let big = 0;
    while (big < 3000 || store.stats().spill.buffered === 0) await store.examples.put('big', String(big), big++);
    await store.examples.put('other', 'k', 'kept');
    await store.examples.flush('other');
    expect(await store.examples.clear('big')).toBe(big);
    expect(await store.examples.clear('big')).toBe(0);
    expect(store.examples.count('big')).toBe(0);
    store = await reopen(store);
    expect(store.examples.count('big')).toBe(0);
    expect([...store.examples.iterate('big')]).toEqual([]);
    expect([...store.examples.iterate('other')].map((e) => e.value)).toEqual(['kept']);
    expect(store.examples.tables()).toEqual(['other']);
    expect(store.stats().entries.examples).toBe(1);
  });

  it('keeps entries put while a clear is under way, runs written meanwhile included', async () => {
    const store = await smallBuffers();
    for (let i = 0; i < 200; i++) await store.examples.put('t', `old-${i}`, i);
    const clearing = store.examples.clear('t');
    // Enough to fill the buffer and write runs before the clear's transaction runs.
    const during = Array.from({ length: 100 }, (_, i) => store.examples.put('t', `new-${i}`, i));
    expect(await clearing).toBe(200);
    await Promise.all(during);
    await store.examples.flush();
    expect([...store.examples.iterate('t')].map((e) => e.sortKey)).toEqual(byteOrder(Array.from({ length: 100 }, (_, i) => ({ sortKey: `new-${i}` }))).map((e) => e.sortKey));
  });

  it('writes runs in the background of puts and keeps them in put order', async () => {
    const store = await smallBuffers();
    // Not awaited: several runs are in flight at once.
    const writes = Array.from({ length: 500 }, (_, i) => store.examples.put('t', 'k', i));
    expect(store.examples.count('t')).toBe(500);
    await Promise.all(writes);
    await store.examples.flush();
    expect([...store.examples.iterate<number>('t')].map((e) => e.value)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });
});


/** The id of a process that has exited: a file named after it is a dead writer's. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** Removes the registry entries of `table` behind the store's back, as a crash before their commit would have left it. */
async function forgetRuns(path: string, table: string): Promise<void> {
  const { open } = await import('lmdb');
  const root = open({ path, keyEncoding: 'binary' });
  const runs = root.openDB({ name: 'spill-runs', keyEncoding: 'binary' });
  for (const key of runs.getKeys()) if (Buffer.from(key as Uint8Array).toString('utf8').startsWith(`${table}\u0000`)) await runs.remove(key);
  await root.close();
}

describe('spill run files', () => {
  it('keeps each run in a file of its own and counts their bytes', async () => {
    const store = await smallBuffers();
    for (let i = 0; i < 200; i++) await store.examples.put('t', `k${i}`, { i, text: 'x'.repeat(50) });
    await store.examples.flush();
    const files = spillFiles(store.path);
    expect(files.length).toBe(store.stats().spill.runs);
    expect(files.every((file) => /^t-[0-9a-f]{16}\/\d+-\d+\.run$/.test(file))).toBe(true);
    const bytes = files.reduce((sum, file) => sum + statSync(join(store.path, 'spill', file)).size, 0);
    expect(store.stats().spill.bytes).toBe(bytes);
  });

  it('deletes on opening the files no run entry names, except those a live process may still commit', async () => {
    let store = await smallBuffers();
    const path = store.path;
    for (let i = 0; i < 100; i++) await store.examples.put('kept', `k${i}`, i);
    for (let i = 0; i < 100; i++) await store.examples.put('lost', `k${i}`, i);
    await store.close();
    const before = spillFiles(path);
    const kept = before.find((file) => file.startsWith('kept-'))!.split('/')[0];
    // A crash after the renames, before the commits, by a writer now dead; and crashes mid-write.
    await forgetRuns(path, 'lost');
    const dead = deadPid();
    for (const file of before.filter((name) => name.startsWith('lost-'))) {
      renameSync(join(path, 'spill', file), join(path, 'spill', file.replace(`-${process.pid}.run`, `-${dead}.run`)));
    }
    writeFileSync(join(path, 'spill', kept, `99-${dead}.run.tmp`), 'half a run');
    writeFileSync(join(path, 'spill', kept, `98-${dead}.run`), 'a run never committed');
    writeFileSync(join(path, 'spill', kept, `97-${process.ppid}.run.tmp`), 'a run a live process is writing');
    store = await openTracked(path, { spillBufferBytes: 4096 });
    expect(spillFiles(path)).toEqual([...before.filter((file) => file.startsWith('kept-')), `${kept}/97-${process.ppid}.run.tmp`].sort());
    expect(store.examples.count('lost')).toBe(0);
    expect(store.examples.tables()).toEqual(['kept']);
    expect([...store.examples.iterate<number>('kept')].map((e) => e.value)).toEqual(byteOrder(Array.from({ length: 100 }, (_, i) => ({ sortKey: `k${i}`, i }))).map((e) => e.i));
  });

  it('deletes a table’s files when it is cleared, orphans included, and writes new runs after', async () => {
    const store = await smallBuffers();
    for (let i = 0; i < 100; i++) await store.examples.put('t', `k${i}`, i);
    await store.examples.put('other', 'k', 'kept');
    await store.examples.flush();
    const folder = spillFiles(store.path).find((file) => file.startsWith('t-'))!.split('/')[0];
    writeFileSync(join(store.path, 'spill', folder, `5-${process.pid}.run.tmp`), 'left by an earlier attempt');
    expect(await store.examples.clear('t')).toBe(100);
    await store.examples.put('t', 'again', 1);
    await store.examples.flush();
    expect(spillFiles(store.path).filter((file) => file.startsWith(folder))).toHaveLength(1);
    expect([...store.examples.iterate('t')].map((e) => e.value)).toEqual([1]);
    expect([...store.examples.iterate('other')].map((e) => e.value)).toEqual(['kept']);
  });

  it('reads a table as the loop began while a clear deletes its files', async () => {
    const store = await smallBuffers();
    for (let i = 0; i < 300; i++) await store.examples.put('t', String(i).padStart(4, '0'), i);
    await store.examples.flush();
    const seen: number[] = [];
    for (const { value } of store.examples.iterate<number>('t')) {
      seen.push(value);
      if (value === 10) {
        await store.examples.clear('t');
        await store.examples.flush();
        expect(spillFiles(store.path).filter((file) => file.startsWith('t-'))).toEqual([]);
      }
    }
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('names the table, the run and the file when a run file is missing or cut short', async () => {
    const store = await openTracked(storePath());
    for (let i = 0; i < 2000; i++) await store.examples.put('t', `k${i}`, { i, pad: 'x'.repeat(100) });
    await store.examples.flush();
    const [file] = spillFiles(store.path);
    const path = join(store.path, 'spill', file);
    truncateSync(path, statSync(path).size - 10);
    expect(() => [...store.examples.iterate('t')]).toThrow(/spill table `t`, run 0: .* ends at byte \d+, before byte \d+/);
    rmSync(path);
    expect(() => [...store.examples.iterate('t')]).toThrow(/spill table `t`, run 0: cannot open its file: ENOENT/);
  });

  it('decodes values as they were put, whatever their shapes, from the buffer, runs in flight and files', async () => {
    // More object shapes than a run shares (32) or msgpackr keeps besides (32), so some are defined inline.
    const value = (i: number) => ({
      [`field${i % 90}`]: i,
      nested: { list: [1, 'two', null, true, { deep: [i % 7] }], empty: {}, none: [] },
      ...(i % 3 === 0 ? { bytes: Buffer.from([i % 256, 1, 2]), text: 'é 😀'.repeat(i % 4), float: i / 7, big: 2 ** 40 + i } : {}),
      ...(i % 5 === 0 ? { missing: undefined, negative: -i - 1 } : {}),
      [`other${i % 45}`]: { [`inner${i % 11}`]: `v${i}` },
    });
    let store = await openTracked(storePath(), { spillBufferBytes: 64 * 1024 });
    const put = Array.from({ length: 3000 }, (_, i) => ({ sortKey: `k${String(i % 997).padStart(4, '0')}`, value: value(i) }));
    // Not awaited, so that runs are in flight while the table is read.
    const writes = put.map((entry) => store.examples.put('t', entry.sortKey, entry.value));
    const oracle = byteOrder(put);
    expect([...store.examples.iterate('t')]).toStrictEqual(oracle);
    await Promise.all(writes);
    expect([...store.examples.iterate('t')]).toStrictEqual(oracle);
    store = await reopen(store);
    const read = [...store.examples.iterate('t')];
    expect(read).toStrictEqual(oracle);
    const withBytes = read.find((entry) => (entry.value as { bytes?: unknown }).bytes !== undefined)!.value as { bytes: unknown };
    expect(withBytes.bytes).toBeInstanceOf(Buffer);
  });
});
