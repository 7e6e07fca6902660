// Throughput and memory of the RL split's path to disk: examples -> Arrow batches
// (runtime/rows) -> Parquet (runtime/writers), against baselines in the same run:
// the same rows built through apache-arrow's `vectorFromArray`, and the writer fed
// batches built beforehand (so the writer's own share is visible).
// Run: npx tsx bench/writer.ts [rows]   (default 200000; 5 % of rows carry a 1 KiB image)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordBatch, Struct, makeData, vectorFromArray } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import type { Example, ShippedVerifier } from '../runtime/example.ts';
import type { MediaValue } from '../runtime/values.ts';
import { PLACEHOLDER, buildRlBatch } from '../runtime/rows/build.ts';
import { RL_SCHEMA } from '../runtime/rows/schema.ts';
import { createShardWriter } from '../runtime/writers/index.ts';
import type { ParquetCompression, ShardFormat } from '../runtime/writers/index.ts';

const totalRows = Number(process.argv[2] ?? 200_000);
const batchRows = 8192;
const folder = mkdtempSync(join(tmpdir(), 'rlr-bench-writer-'));

const VERIFIERS: ShippedVerifier[] = [
  { name: 'math', version: '1.0.0', params: { extract: 'boxed' } },
  { name: 'choice', version: '1.1.0', params: { letters: 'ABCD' } },
  { name: 'point_in_mask', version: '2.0.0', params: { scale: 'pixels' } },
];
const STAGES = ['math', 'charts', 'geometry', 'video', 'audio'];
const QUESTION = 'A train leaves the station at noon travelling at a constant speed; a second train leaves an hour later. '
  + 'Given the distances in the table, when does the second train catch up with the first? Answer in hours.';

function imageBytes(seed: number): Uint8Array {
  const bytes = new Uint8Array(1024);
  let state = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** The examples of rows [from, from + count): deterministic, verl-like sizes, 5 % with an image. */
function examples(from: number, count: number): Example[] {
  const out: Example[] = [];
  for (let i = from; i < from + count; i++) {
    const stage = STAGES[i % STAGES.length];
    const media: MediaValue[] = i % 20 === 0 ? [{ $media: 'image', path: `images/${i}.png`, bytes: imageBytes(i) }] : [];
    out.push({
      id: `ex-${i.toString(16).padStart(12, '0')}`,
      recipe: 'bench',
      stage,
      key: `src/${i}`,
      group: `src/${i >> 2}`,
      prompt: `Problem ${i}. ${QUESTION}`,
      system: i % 3 === 0 ? 'You are a careful reasoner. Think step by step.' : null,
      media,
      truth: i % 2 === 0 ? { answer: i % 97, unit: 'h' } : [i % 640, (i * 7) % 480],
      verifier: VERIFIERS[i % VERIFIERS.length],
      difficulty: (i % 100) / 100,
      domain: stage,
      trace: null,
      answer: String(i % 97),
      level: 1 + (i % 4),
      split: 'train',
      index: i,
    });
  }
  return out;
}

/** The baseline: the same columns gathered into arrays of JS values and built by `vectorFromArray`. */
function buildWithVectorFromArray(batch: readonly Example[]): RecordBatch {
  const field = (name: string) => RL_SCHEMA.fields.find((f) => f.name === name)!.type;
  const columns: Record<string, unknown[]> = {
    id: [], data_source: [], prompt: [], ability: [], reward_model: [], verifier: [], level: [], difficulty: [],
    extra_info: [], images: [], videos: [], audios: [],
  };
  for (const e of batch) {
    const user = (e.media.length > 0 ? e.media.map((m) => PLACEHOLDER[m.$media]).join('') + '\n' : '') + e.prompt;
    columns.id.push(e.id);
    columns.data_source.push(`${e.recipe}/${e.stage}`);
    columns.prompt.push(e.system === null ? [{ role: 'user', content: user }] : [{ role: 'system', content: e.system }, { role: 'user', content: user }]);
    columns.ability.push(e.domain);
    columns.reward_model.push({ style: 'rule', ground_truth: JSON.stringify(e.truth) });
    columns.verifier.push({ name: e.verifier.name, version: e.verifier.version, params: JSON.stringify({ name: e.verifier.name, params: e.verifier.params }) });
    columns.level.push(e.level);
    columns.difficulty.push(e.difficulty);
    columns.extra_info.push({ split: e.split, index: BigInt(e.index), stage: e.stage, group: e.group, key: e.key });
    columns.images.push(e.media.filter((m) => m.$media === 'image').map((m) => ({ bytes: m.bytes ?? null, path: m.path })));
    columns.videos.push([]);
    columns.audios.push([]);
  }
  const children: Data[] = RL_SCHEMA.fields.map((f) => {
    const vector = vectorFromArray(columns[f.name], field(f.name));
    if (vector.data.length !== 1) throw new Error(`vectorFromArray gave ${vector.data.length} chunks for ${f.name}`);
    return vector.data[0];
  });
  return new RecordBatch(RL_SCHEMA, makeData({ type: new Struct(RL_SCHEMA.fields), length: batch.length, nullCount: 0, children }));
}

interface Phase {
  name: string;
  seconds: number;
  /** User + system CPU seconds of the process: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  peakRssMb: number;
  fileMb?: number;
}

/** Samples RSS while `run` runs (the writer yields to the event loop between batches). */
async function measure(name: string, run: () => Promise<number | undefined>): Promise<Phase> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 5);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const bytes = await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { name, seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMb: peak / 2 ** 20, fileMb: bytes === undefined ? undefined : bytes / 2 ** 20 };
}

function batchStarts(): number[] {
  const starts: number[] = [];
  for (let from = 0; from < totalRows; from += batchRows) starts.push(from);
  return starts;
}

/** Time spent making the example objects alone, subtracted from the phases that make them. */
async function generation(): Promise<{ seconds: number; cpuSeconds: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let sink = 0;
  for (const from of batchStarts()) sink += examples(from, Math.min(batchRows, totalRows - from)).length;
  if (sink !== totalRows) throw new Error('generation lost rows');
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function endToEnd(format: ShardFormat, compression: ParquetCompression): Promise<number> {
  const writer = createShardWriter(format, RL_SCHEMA, { compression });
  await writer.open(join(folder, `e2e-${compression}.${format}`));
  for (const from of batchStarts()) await writer.write(buildRlBatch(examples(from, Math.min(batchRows, totalRows - from))));
  const stats = await writer.close();
  if (stats.rows !== totalRows) throw new Error(`wrote ${stats.rows} rows`);
  return stats.bytes;
}

async function warmUp(): Promise<void> {
  const writer = createShardWriter('parquet', RL_SCHEMA);
  await writer.open(join(folder, 'warm-up.parquet'));
  for (let from = 0; from < 4 * batchRows; from += batchRows) await writer.write(buildRlBatch(examples(from, batchRows)));
  await writer.close();
  buildWithVectorFromArray(examples(0, batchRows));
}

async function buildOnly(build: (batch: readonly Example[]) => RecordBatch): Promise<undefined> {
  let rows = 0;
  for (const from of batchStarts()) rows += build(examples(from, Math.min(batchRows, totalRows - from))).numRows;
  if (rows !== totalRows) throw new Error(`built ${rows} rows`);
  return undefined;
}

async function writeOnly(batches: readonly RecordBatch[], format: ShardFormat, compression: ParquetCompression): Promise<number> {
  const writer = createShardWriter(format, RL_SCHEMA, { compression });
  await writer.open(join(folder, `prebuilt-${compression}.${format}`));
  for (const batch of batches) await writer.write(batch);
  return (await writer.close()).bytes;
}

async function main(): Promise<void> {
  console.log(`${totalRows.toLocaleString('en')} RL rows, batches of ${batchRows}, 5 % with a 1 KiB image; Node ${process.version}\n`);
  const generating = await generation();
  // Compile the WASM module and warm the JIT, which otherwise cost the first phase about a third.
  await warmUp();
  const phases: Phase[] = [];
  // The end-to-end runs go first, so that their peak RSS is not inflated by later phases.
  phases.push(await measure('direct build + Parquet ZSTD', () => endToEnd('parquet', 'zstd')));
  phases.push(await measure('direct build + Parquet SNAPPY', () => endToEnd('parquet', 'snappy')));
  phases.push(await measure('direct build + Arrow IPC', () => endToEnd('arrow', 'none')));
  phases.push(await measure('direct build only', () => buildOnly(buildRlBatch)));
  phases.push(await measure('vectorFromArray build only', () => buildOnly(buildWithVectorFromArray)));
  const batches: RecordBatch[] = [];
  for (const from of batchStarts()) batches.push(buildRlBatch(examples(from, Math.min(batchRows, totalRows - from))));
  phases.push(await measure('Parquet ZSTD, pre-built batches', async () => writeOnly(batches, 'parquet', 'zstd')));

  const madeExamples = (name: string): boolean => !name.includes('pre-built');
  const rate = (phase: Phase): number => totalRows / Math.max(1e-9, phase.seconds - (madeExamples(phase.name) ? generating.seconds : 0));
  const cpuRate = (phase: Phase): number => totalRows / Math.max(1e-9, phase.cpuSeconds - (madeExamples(phase.name) ? generating.cpuSeconds : 0));
  const baseline = phases.find((p) => p.name === 'vectorFromArray build only')!;
  const k = (n: number): string => `${(n / 1000).toFixed(0)}k`;
  console.log(`making the example objects alone: ${k(totalRows / generating.seconds)} rows/s (${generating.seconds.toFixed(2)} s, subtracted below)\n`);
  console.log('phase                              rows/s  rows/CPU-s   vs vectorFromArray (CPU)   vs end-to-end ZSTD (CPU)   peak RSS   file');
  for (const phase of phases) {
    console.log(
      `${phase.name.padEnd(34)} ${k(rate(phase)).padStart(6)}  ${k(cpuRate(phase)).padStart(10)}   `
      + `${`${(cpuRate(phase) / cpuRate(baseline)).toFixed(2)}x`.padStart(24)}   `
      + `${`${(cpuRate(phase) / cpuRate(phases[0])).toFixed(2)}x`.padStart(24)}   ${`${phase.peakRssMb.toFixed(0)} MB`.padStart(8)}   `
      + `${phase.fileMb === undefined ? '' : `${phase.fileMb.toFixed(1)} MB`}`,
    );
  }
  console.log(`\nprocess peak RSS (maxRSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

try {
  await main();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
