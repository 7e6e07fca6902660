// The embedded store at a million small examples, against the simplest ways
// to do without it: JSON strings in an array (sorted in memory) and a JSONL
// file appended to and read back. Each phase runs in its own process, so its
// peak RSS is its own; RssAnon is the process's private memory, RssFile the
// pages mapped from files (the modules, and the LMDB pages read: shared with
// the page cache and reclaimable; spill runs are read without a mapping).
// Costs per row are CPU time of the whole process, its I/O threads included,
// so they compare across a busy machine better than the rates.
// Run: node --import tsx bench/store.ts [--rows 1000000] [--phase NAME]
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openStore } from '../runtime/store/store.ts';

interface Example {
  readonly id: string;
  readonly data_source: string;
  readonly prompt: ReadonlyArray<{ readonly role: string; readonly content: string }>;
  readonly ability: string;
  readonly reward_model: { readonly style: string; readonly ground_truth: string };
  readonly level: number;
  readonly difficulty: number;
}

/** A verl-style RL row of ~250 bytes. */
function example(n: number): Example {
  return {
    id: `ex-${n}`,
    data_source: 'bench/arithmetic',
    prompt: [{ role: 'user', content: `What is ${n % 997} + ${n % 313}? Put the answer in \\boxed{}.` }],
    ability: n % 3 === 0 ? 'math' : 'charts',
    reward_model: { style: 'rule', ground_truth: JSON.stringify((n % 997) + (n % 313)) },
    level: n % 4,
    difficulty: (n % 100) / 100,
  };
}

/** A shuffle key: a hash-like bucket, then the id, as the assembly would sort by. */
function sortKey(n: number): string {
  return `${((n * 2_654_435_761) >>> 0).toString(16).padStart(8, '0')}/ex-${n}`;
}

/** A record of a stage's output, with its emitted example, as the dataset assembly reads it. */
function stageRecord(n: number) {
  const a = n % 997;
  const b = n % 313;
  const key = `p-${n}`;
  return {
    key,
    group: key,
    fields: {
      id: key, a, b, total: a + b,
      example: {
        id: ((n * 2_654_435_761) >>> 0).toString(16).padStart(24, '0'),
        recipe: 'bench', stage: 'sums', key, group: key,
        prompt: `What is ${a} + ${b}? Put the answer in \\boxed{}.`,
        system: null, media: [], truth: JSON.stringify(a + b),
        verifier: { name: 'math', version: '1', params: { tolerance: 1e-6, boxed: true } },
        difficulty: 0.5, domain: 'math', trace: null, answer: `\\boxed{${a + b}}`,
      },
    },
  };
}

/** CPU time of this process (all its threads) in microseconds. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Puts `rows` values, flushes, reads them back in sort-key order, counts and clears; rates by wall time, costs by CPU time. */
async function spillPhase(rows: number, folder: string, memory: MemoryPeaks, valueOf: (n: number) => object): Promise<Figures> {
  const store = await openStore(join(folder, '.rlr', 'store'));
  let started = performance.now();
  let cpu = cpuMicros();
  for (let n = 0; n < rows; n++) {
    await store.examples.put('rl', sortKey(n), valueOf(n) as never);
    if (n % 10_000 === 0) memory.sample();
  }
  await store.examples.flush();
  const putsPerSecond = rate(rows, started);
  const putCpuMicros = ((cpuMicros() - cpu) / rows).toFixed(2);
  started = performance.now();
  cpu = cpuMicros();
  let previous = '';
  let read = 0;
  for (const { sortKey: key, value } of store.examples.iterate<object>('rl')) {
    if (key < previous || value === null) throw new Error(`out of order at ${read}`);
    previous = key;
    if (++read % 10_000 === 0) memory.sample();
  }
  if (read !== rows) throw new Error(`read ${read} of ${rows}`);
  const sortedReadRowsPerSecond = rate(read, started);
  const readCpuMicros = ((cpuMicros() - cpu) / rows).toFixed(2);
  started = performance.now();
  const counted = store.examples.count('rl');
  const countMs = Math.round(performance.now() - started);
  const stats = store.stats();
  started = performance.now();
  const cleared = await store.examples.clear('rl');
  const clearMs = Math.round(performance.now() - started);
  await store.close();
  if (counted !== rows || cleared !== rows) throw new Error(`count ${counted}, cleared ${cleared}, of ${rows}`);
  return {
    putsPerSecond, sortedReadRowsPerSecond, putCpuMicros, readCpuMicros, countMs, clearMs, runs: stats.spill.runs,
    fileMiB: Math.round((stats.fileBytes + stats.spill.bytes) / 2 ** 20),
  };
}

/** Peak memory, sampled where the loops call `sample()` and on a timer. */
class MemoryPeaks {
  rssAnon = 0;
  rssFile = 0;
  heapUsed = 0;
  private readonly timer = setInterval(() => this.sample(), 50);

  sample(): void {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    this.rssAnon = Math.max(this.rssAnon, kib('RssAnon') / 1024);
    this.rssFile = Math.max(this.rssFile, kib('RssFile') / 1024);
    this.heapUsed = Math.max(this.heapUsed, process.memoryUsage().heapUsed / 2 ** 20);
  }

  stop(): { peakRssMiB: number; peakRssAnonMiB: number; peakRssFileMiB: number; peakHeapMiB: number } {
    clearInterval(this.timer);
    this.sample();
    return {
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      peakRssAnonMiB: Math.round(this.rssAnon),
      peakRssFileMiB: Math.round(this.rssFile),
      peakHeapMiB: Math.round(this.heapUsed),
    };
  }
}

type Figures = Record<string, number | string>;

function rate(rows: number, started: number): number {
  return Math.round(rows / ((performance.now() - started) / 1000));
}

const phases: Record<string, (rows: number, folder: string, memory: MemoryPeaks) => Promise<Figures>> = {
  /** The process with the store's modules loaded and nothing done. */
  async idle() {
    return {};
  },

  /** JSON strings in an array, sorted in memory: fast, and memory grows with the rows. */
  async 'json-array'(rows, _folder, memory) {
    let started = performance.now();
    const entries: Array<[string, string]> = [];
    for (let n = 0; n < rows; n++) {
      entries.push([sortKey(n), JSON.stringify(example(n))]);
      if (n % 10_000 === 0) memory.sample();
    }
    const putsPerSecond = rate(rows, started);
    started = performance.now();
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let checksum = 0;
    for (const [, json] of entries) checksum += (JSON.parse(json) as Example).level;
    return { putsPerSecond, sortedReadRowsPerSecond: rate(rows, started), checksum };
  },

  /** Appending JSONL to a file and reading it back: flat memory, but no order. */
  async 'jsonl-file'(rows, folder, memory) {
    const path = join(folder, 'examples.jsonl');
    let started = performance.now();
    const out = createWriteStream(path);
    for (let n = 0; n < rows; n++) {
      if (!out.write(JSON.stringify({ key: sortKey(n), value: example(n) }) + '\n')) {
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        memory.sample();
      }
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const putsPerSecond = rate(rows, started);
    started = performance.now();
    let read = 0;
    for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      if (line) read += (JSON.parse(line) as { value: Example }).value.level >= 0 ? 1 : 0;
    }
    return { putsPerSecond, unorderedReadRowsPerSecond: rate(read, started), fileMiB: Math.round(statSync(path).size / 2 ** 20) };
  },

  /** Spill tables: await each put, flush, read back in sort-key order, count, clear. */
  async spill(rows, folder, memory) {
    return spillPhase(rows, folder, memory, example);
  },

  /** The same with a stage's output records as the dataset assembly puts them (~500 bytes as plain MessagePack maps). */
  async 'spill-records'(rows, folder, memory) {
    return spillPhase(rows, folder, memory, stageRecord);
  },

  /** The cache: puts in windows of 1,000 (one commit each), then a get of every entry; and a few awaited one by one. */
  async cache(rows, folder, memory) {
    const count = Math.min(rows, 200_000);
    const store = await openStore(join(folder, '.rlr', 'store'));
    let started = performance.now();
    for (let from = 0; from < count; from += 1000) {
      const window: Array<Promise<void>> = [];
      for (let n = from; n < Math.min(count, from + 1000); n++) window.push(store.cache.put(`node-${n % 16}`, sortKey(n), [example(n)]));
      await Promise.all(window);
      memory.sample();
    }
    const putsPerSecond = rate(count, started);
    started = performance.now();
    for (let n = 0; n < count; n++) if (store.cache.get<Example[]>(`node-${n % 16}`, sortKey(n))?.length !== 1) throw new Error(`miss at ${n}`);
    const getsPerSecond = rate(count, started);
    started = performance.now();
    for (let n = 0; n < 500; n++) await store.cache.put('node-awaited', sortKey(n), [example(n)]);
    const awaitedPutsPerSecond = rate(500, started);
    const stats = store.stats();
    await store.close();
    return { entries: count, putsPerSecond, getsPerSecond, awaitedPutsPerSecond, fileMiB: Math.round(stats.fileBytes / 2 ** 20) };
  },

  /** A node's output stream cached in chunks of 100 records under ascending chunk numbers: sequential inserts. */
  async 'cache-chunks'(rows, folder, memory) {
    const store = await openStore(join(folder, '.rlr', 'store'));
    const chunk = 100;
    let started = performance.now();
    let pending: Array<Promise<void>> = [];
    for (let from = 0, index = 0; from < rows; from += chunk, index++) {
      const records = Array.from({ length: Math.min(chunk, rows - from) }, (_, i) => example(from + i));
      pending.push(store.cache.put('node-output', String(index).padStart(10, '0'), records));
      if (pending.length === 50) {
        await Promise.all(pending);
        pending = [];
        memory.sample();
      }
    }
    await Promise.all(pending);
    const putsPerSecond = rate(rows, started);
    started = performance.now();
    let read = 0;
    for (let index = 0; index * chunk < rows; index++) read += store.cache.get<Example[]>('node-output', String(index).padStart(10, '0'))?.length ?? 0;
    if (read !== rows) throw new Error(`read ${read} of ${rows}`);
    const readRowsPerSecond = rate(rows, started);
    const stats = store.stats();
    await store.close();
    return { putsPerSecond, readRowsPerSecond, fileMiB: Math.round(stats.fileBytes / 2 ** 20) };
  },
};

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

async function runPhase(name: string, rows: number): Promise<void> {
  const phase = phases[name];
  if (!phase) throw new Error(`unknown phase ${name}; phases: ${Object.keys(phases).join(', ')}`);
  const folder = mkdtempSync(join(tmpdir(), 'rlr-bench-store-'));
  const memory = new MemoryPeaks();
  try {
    const figures = await phase(rows, folder, memory);
    process.stdout.write(JSON.stringify({ phase: name, rows, ...figures, ...memory.stop() }) + '\n');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function runAll(rows: number): void {
  const script = fileURLToPath(import.meta.url);
  const results: Figures[] = [];
  for (const name of Object.keys(phases)) {
    const child = spawnSync(process.execPath, [...process.execArgv, script, '--phase', name, '--rows', String(rows)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (child.status !== 0) throw new Error(`phase ${name} failed (${child.status ?? child.signal})`);
    results.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as Figures);
  }
  console.log(`store bench: ${rows.toLocaleString('en')} rows of ~250 bytes, one process per phase; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  console.table(
    results.map(({ phase, putsPerSecond, peakRssMiB, peakRssAnonMiB, peakRssFileMiB, peakHeapMiB, fileMiB, ...rest }) => ({
      phase,
      'puts/s': putsPerSecond ?? '',
      'reads/s': rest.sortedReadRowsPerSecond ?? rest.unorderedReadRowsPerSecond ?? rest.readRowsPerSecond ?? rest.getsPerSecond ?? '',
      'peak RSS MiB': peakRssMiB,
      'anon MiB': peakRssAnonMiB,
      'file-backed MiB': peakRssFileMiB,
      'heap MiB': peakHeapMiB,
      'on disk MiB': fileMiB ?? '',
    })),
  );
  for (const { phase, ...figures } of results) {
    const details = Object.entries(figures).filter(([key]) => !/^(rows|putsPerSecond|peak|fileMiB|checksum|sortedRead|unorderedRead|readRows)/.test(key));
    if (details.length > 0) console.log(`${phase}: ${details.map(([key, value]) => `${key} ${value}`).join(', ')}`);
  }
}

const rows = Number(argument('rows') ?? 1_000_000);
const only = argument('phase');
if (only) await runPhase(only, rows);
else runAll(rows);
