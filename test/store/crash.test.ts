// A writer process killed with SIGKILL in the middle of its writes leaves a
// store that opens, holds every write acknowledged before the kill, and holds
// no half of a transaction, nor half of a spill run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH, isPayload, payload, sortKey, SPILL_BATCH } from './fixtures/kill-data.ts';
import { cleanUp, openTracked, reopen, spillFiles, storePath } from './temp.ts';

afterEach(cleanUp);

const writer = fileURLToPath(new URL('./fixtures/kill-writer.ts', import.meta.url));
const spillWriter = fileURLToPath(new URL('./fixtures/kill-spill-writer.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface KilledRun {
  /** The last batch the writer acknowledged (-1: none). */
  readonly lastAcked: number;
  readonly signal: NodeJS.Signals | null;
}

/** Runs `script` on the store at `path`, SIGKILLs it `delayMs` after its `afterAcks`-th acknowledgement, and waits for it to die. */
function runAndKill(script: string, path: string, afterAcks: number, delayMs: number): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, path], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let lastAcked = -1;
    let pending = '';
    let stderr = '';
    let killing = false;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the writer acknowledged only ${lastAcked + 1} batches in 30 s: ${stderr}`));
    }, 30_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const acked = /^acked (\d+)$/.exec(line);
        if (acked) lastAcked = Math.max(lastAcked, Number(acked[1]));
      }
      if (!killing && lastAcked + 1 >= afterAcks) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    // 'close' comes after the pipes drain: acknowledgements still in them were written before death and count too.
    child.on('close', (_code, signal) => {
      clearTimeout(deadline);
      resolve({ lastAcked, signal });
    });
  });
}

describe('a writer killed with SIGKILL', () => {
  it.each([
    { afterAcks: 1, delayMs: 1 },
    { afterAcks: 8, delayMs: 2 },
    { afterAcks: 25, delayMs: 7 },
  ])('after $afterAcks acknowledged batches (then $delayMs ms) leaves an intact store', async ({ afterAcks, delayMs }) => {
    const path = storePath();
    const run = await runAndKill(writer, path, afterAcks, delayMs);
    expect(run.signal).toBe('SIGKILL');
    expect(run.lastAcked).toBeGreaterThanOrEqual(afterAcks - 1);

    let store = await openTracked(path);
    const acknowledged = (run.lastAcked + 1) * BATCH;
    const spilled = new Map([...store.examples.iterate('spill')].map(({ sortKey: key, value }) => [key, value]));
    const lost: string[] = [];
    for (let n = 0; n < acknowledged; n++) {
      if (!isPayload(store.cache.get('node', `input-${n}`), n)) lost.push(`cache ${n}`);
      if (!isPayload(spilled.get(sortKey(n)), n)) lost.push(`spill ${n}`);
    }
    for (let batch = 0; batch <= run.lastAcked; batch++) {
      if (store.state.get(`pair/${batch}/a`) !== batch) lost.push(`pair ${batch}`);
    }
    expect(lost).toEqual([]);

    // Whatever else made it in is whole: no torn value, no half transaction.
    const torn = [...spilled].filter(([key, value]) => {
      const n = Number(key.slice(key.indexOf('/') + 1));
      return key !== sortKey(n) || !isPayload(value, n);
    });
    expect(torn).toEqual([]);
    // A run is whole or absent, and runs hold whole batches.
    expect(store.examples.count('spill')).toBe(spilled.size);
    expect(spilled.size % BATCH).toBe(0);
    expect(spilled.size).toBeGreaterThanOrEqual(acknowledged);
    // Beyond the acknowledged batches, at most the one in progress at the kill.
    let cached = 0;
    for (let n = acknowledged; store.cache.has('node', `input-${n}`); n++) cached++;
    expect(cached).toBeLessThanOrEqual(BATCH);
    const halves = new Map<number, number>();
    for (const { key } of store.state.entries('pair/')) {
      const batch = Number(key.split('/')[1]);
      halves.set(batch, (halves.get(batch) ?? 0) + 1);
    }
    expect([...halves].filter(([, count]) => count !== 2)).toEqual([]);

    // And the store takes new writes and keeps them.
    await store.cache.put('after', 'crash', payload(1));
    store = await reopen(store);
    expect(isPayload(store.cache.get('after', 'crash'), 1)).toBe(true);
  });
});

describe('a spill writer killed with SIGKILL', () => {
  it.each([
    // A batch takes ~50-150 ms to put, then ~20 ms to write: the kills land in both, over several runs.
    { afterAcks: 1, delayMs: 5 },
    { afterAcks: 2, delayMs: 30 },
    { afterAcks: 2, delayMs: 50 },
    { afterAcks: 3, delayMs: 80 },
    { afterAcks: 4, delayMs: 110 },
  ])('after $afterAcks runs (then $delayMs ms) leaves each run whole or absent, and no file of a run it did not commit', async ({ afterAcks, delayMs }) => {
    const path = storePath();
    const run = await runAndKill(spillWriter, path, afterAcks, delayMs);
    expect(run.signal).toBe('SIGKILL');
    expect(run.lastAcked).toBeGreaterThanOrEqual(afterAcks - 1);

    const store = await openTracked(path);
    const batches = new Map<number, number>();
    const torn: string[] = [];
    for (const { sortKey: key, value } of store.examples.iterate('runs')) {
      const n = Number(key.slice(key.indexOf('/') + 1));
      if (key !== sortKey(n) || !isPayload(value, n)) torn.push(key);
      const batch = Math.floor(n / SPILL_BATCH);
      batches.set(batch, (batches.get(batch) ?? 0) + 1);
    }
    expect(torn).toEqual([]);
    // Each run is one batch: every batch is all there or not at all, the acknowledged ones there.
    expect([...batches].filter(([, count]) => count !== SPILL_BATCH)).toEqual([]);
    expect(Array.from({ length: run.lastAcked + 1 }, (_, batch) => batch).filter((batch) => !batches.has(batch))).toEqual([]);
    expect(batches.size).toBeLessThanOrEqual(run.lastAcked + 2);
    expect(store.examples.count('runs')).toBe(batches.size * SPILL_BATCH);
    // The open deleted what the writer left uncommitted: only the runs' own files remain.
    const files = spillFiles(path);
    expect(files.filter((file) => !file.endsWith('.run'))).toEqual([]);
    expect(files).toHaveLength(store.stats().spill.runs);
  });
});
