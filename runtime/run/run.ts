// Runs a compiled DAG: streams every stage (reusing stored stage outputs),
// assembles the dataset, and writes manifest.json last.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import * as path from 'node:path';
import type { Dag, DagNode } from '../../compiler/lower/dag-schema.ts';
import { openStore, type Store } from '../store/store.ts';
import { Accounting, type Drop, type NodeCounts } from '../execute/accounting.ts';
import { Pipeline } from '../execute/pipeline.ts';
import { sourceFingerprint } from '../sources/index.ts';
import { materializationKey, materializer, outputTable, type KeyOptions } from './materialize.ts';
import { gateNames } from '../execute/gate.ts';
import { exportPending, type ExportReport } from '../human/export.ts';
import { gatesSection } from './gates.ts';
import { ModelCalls } from '../models/call.ts';
import { defaultProviders } from '../models/index.ts';
import { resolveModelPath } from '../models/onnx/model-path.ts';
import { registry } from '../../stdlib/registry/index.ts';
import type { ModelCallStats, ProviderTable } from '../models/call.ts';
import { assemble, type AssembleResult, type ShardRecord } from './assemble.ts';
import { buildManifest } from './manifest.ts';
import { writeFileAtomic } from '../writers/atomic-file.ts';
import { datasetCard } from '../assemble/card.ts';

export interface RunOptions {
  readonly dag: Dag;
  /** The recipe's folder: relative paths in the recipe resolve against it. */
  readonly directory: string;
  /** The dataset folder; the recipe's `output.dir` (relative to its folder) by default. */
  readonly out?: string;
  readonly limit?: number;
  readonly concurrency?: number;
  /** Recompute every stage even when its output is stored. */
  readonly noCache?: boolean;
  readonly env?: (name: string) => string | undefined;
  readonly progress?: (event: RunEvent) => void;
  /** Model providers by name (`hf`, `onnx`); the shipped ones by default. */
  readonly providers?: ProviderTable;
  /** Receives the run's live accounting when the run starts (for a progress display). */
  readonly observe?: (accounting: Accounting) => void;
  /**
   * Runs before the stages, with the store and the keys stage outputs are stored under: a
   * scale-out coordinator fills in the stage outputs its workers computed (runtime/scale).
   */
  readonly prepare?: (context: PrepareContext) => Promise<void>;
}

export interface PrepareContext {
  readonly store: Store;
  readonly keyOptions: KeyOptions;
  readonly out: string;
}

export type RunEvent =
  | { type: 'stage-start'; stage: string; cached: boolean }
  | { type: 'stage-done'; stage: string; examples: number; cached: boolean }
  | { type: 'shard'; path: string; rows: number; skipped: boolean }
  | { type: 'gates'; exported: ExportReport }
  | { type: 'done'; out: string };

export interface RunResult {
  readonly out: string;
  readonly manifest: Record<string, unknown>;
  readonly assembled: AssembleResult;
  readonly accounting: Accounting;
  readonly stats: {
    readonly seconds: number;
    readonly stagesComputed: number;
    readonly stagesReused: number;
    /** Records processed per node in this run (cache reads excluded). */
    readonly invocations: Readonly<Record<string, number>>;
    /** Per model: calls made, cache hits, retries, failures. */
    readonly models: readonly ModelCallStats[];
  };
}


export async function runDag(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const { dag } = options;
  const sink = dag.nodes.find((n) => n.id === dag.sink)!;
  const out = path.resolve(options.out ?? path.join(options.directory, String(sink.params.dir ?? 'out')));
  await mkdir(out, { recursive: true });
  await sweepTemporaryFiles(out);
  const store = await openStore(path.join(out, '.rlr', 'store'));
  try {
    return await runWithStore(options, dag, out, store, started);
  } finally {
    await store.close();
  }
}

async function runWithStore(options: RunOptions, dag: Dag, out: string, store: Store, started: number): Promise<RunResult> {
  const accounting = new Accounting();
  options.observe?.(accounting);
  const fingerprints = new Map<string, string>();
  for (const node of dag.nodes.filter((n) => n.kind === 'source')) fingerprints.set(node.id, await sourceFingerprint(node, options.directory));
  const names = gateNames(dag);
  const gateDigests = new Map([...names].map(([id, name]) => [id, store.pending.answersDigest(name)]));
  const keyOptions: KeyOptions = { dag, fingerprints, gateDigests, modelDigests: await modelFileDigests(dag, options.directory), limit: options.limit };
  await options.prepare?.({ store, keyOptions, out });
  const counters = { stagesReused: 0, incomplete: 0 };
  const materialize = materializer({
    ...keyOptions, store, accounting, reuse: !options.noCache,
    onIncomplete: () => counters.incomplete++,
    onHit: (node) => {
      if (node.kind === 'emit') counters.stagesReused++;
    },
  });
  const env = options.env ?? ((name: string) => process.env[name]);
  const models = new ModelCalls({ dag, providers: options.providers ?? defaultProviders(), context: { directory: options.directory, env }, cache: store.cache });
  try {
    return await runStages({ options, dag, out, store, started, accounting, keyOptions, models, names, materialize, counters });
  } finally {
    await models.close();
  }
}

interface RunContext {
  readonly options: RunOptions;
  readonly dag: Dag;
  readonly out: string;
  readonly store: Store;
  readonly started: number;
  readonly accounting: Accounting;
  readonly keyOptions: KeyOptions;
  readonly models: ModelCalls;
  readonly names: ReadonlyMap<string, string>;
  readonly materialize: ReturnType<typeof materializer>;
  readonly counters: { stagesReused: number; incomplete: number };
}

async function runStages(run: RunContext): Promise<RunResult> {
  const { options, dag, out, store, started, accounting, keyOptions, models, names, materialize, counters } = run;
  const pipeline = new Pipeline({
    dag, directory: options.directory, concurrency: options.concurrency ?? 8, limit: options.limit, accounting, models,
    env: options.env ?? ((name) => process.env[name]), strict: Boolean(dag.nodes.find((n) => n.id === dag.sink)?.params.strict),
    materialize,
    gates: { gates: store.pending, names, directory: options.directory, mediaFolder: path.join(out, 'annotations', 'media') },
  });

  // Drops, computed or read back, go to one table keyed so that each is kept once, in a stable order.
  // Everything the dataset depends on: the sink (a hash of the whole DAG) and every emit's stored-output key
  // (which adds source fingerprints, the limit and the runtime version). A committed shard is reused only under the same key.
  const emitKeys = dag.nodes.filter((n) => n.kind === 'emit').map((n) => materializationKey(keyOptions, n)).sort();
  const runKey = createHash('sha256').update(dag.sink).update(`\0${options.limit ?? 'all'}\0${emitKeys.join('\0')}`).digest('hex').slice(0, 16);
  const finished = await finishedRun(store, out, runKey, accounting, dag, started);
  if (finished) {
    options.progress?.({ type: 'done', out });
    return finished;
  }
  const rejectsTable = `rejects/${runKey}`;
  await store.examples.clear(rejectsTable);
  let pendingDrops: Promise<void>[] = [];
  const stopDrops = accounting.onEveryDrop((drop: Drop) => {
    pendingDrops.push(store.examples.put(rejectsTable, `${drop.stage ?? ''}\0${drop.node}\0${drop.key}\0${drop.reason}`, drop as never));
    if (pendingDrops.length > 4096) {
      const batch = pendingDrops;
      pendingDrops = [];
      void Promise.all(batch);
    }
  });

  const emits = dag.nodes.filter((n) => n.kind === 'emit').sort((a, b) => (a.stage ?? '').localeCompare(b.stage ?? ''));
  const emitTables = new Map<string, string>();
  let stagesComputed = 0;
  for (const emit of emits) {
    const before = counters.stagesReused;
    options.progress?.({ type: 'stage-start', stage: emit.stage ?? '', cached: false });
    let examples = 0;
    for await (const _record of pipeline.records(emit.id)) examples++;
    const cached = counters.stagesReused > before;
    if (!cached) stagesComputed++;
    options.progress?.({ type: 'stage-done', stage: emit.stage ?? '', examples, cached });
    emitTables.set(emit.id, outputTable(materializationKey(keyOptions, emit)));
  }
  await store.flush();
  const exported = await exportPending(store, out);
  options.progress?.({ type: 'gates', exported });

  const assembled = await assemble({
    dag, store, accounting, out, emitTables, runKey,
    onShard: (shard: ShardRecord, skipped: boolean) => options.progress?.({ type: 'shard', path: shard.path, rows: shard.rows, skipped }),
  });
  await removeStaleShards(out, assembled.shards.map((s) => s.path));
  stopDrops();
  await Promise.all(pendingDrops);
  await store.flush();

  await writeRejects(path.join(out, 'rejects.jsonl'), store, rejectsTable);
  const manifest = buildManifest(dag, accounting, assembled, gatesSection(dag, names, accounting, store));
  const recipeMeta = dag.recipe;
  await writeFileAtomic(path.join(out, 'README.md'), datasetCard({
    recipe: { name: recipeMeta.name, version: recipeMeta.version, description: recipeMeta.description, license: recipeMeta.license },
    format: sink(dag).params.format === 'arrow' ? 'arrow' : 'parquet',
    splits: assembled.counts, domains: assembled.byDomain.rl, verifiers: assembled.verifiers,
    warnings: manifest.warnings as string[],
  }));
  const seconds = (performance.now() - started) / 1000;
  await writeFileAtomic(path.join(out, '.rlr', 'last-run.json'), JSON.stringify({ seconds, stagesComputed, stagesReused: counters.stagesReused, invocations: Object.fromEntries(pipeline.invocations), models: models.stats() }, null, 2) + '\n');
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  await writeFileAtomic(path.join(out, 'manifest.json'), manifestText);
  // A run with records lost to transient failures is not final: the next run tries them again.
  if (counters.incomplete === 0) await store.state.put(`run-done/${runKey}`, { manifest: sha256Text(manifestText), files: await digestFiles(out, assembled.shards.map((s) => s.path)), assembled } as never);
  options.progress?.({ type: 'done', out });
  const invocations = Object.fromEntries([...pipeline.invocations].sort(([a], [b]) => a.localeCompare(b)));
  return { out, manifest, assembled, accounting, stats: { seconds, stagesComputed, stagesReused: counters.stagesReused, invocations, models: models.stats() } };
}

interface FinishedRecord {
  readonly manifest: string;
  readonly files: Record<string, string>;
  readonly assembled: AssembleResult;
}

function sha256Text(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

const OUTPUT_FILES = ['README.md', 'rejects.jsonl'];

async function digestFiles(out: string, shards: readonly string[]): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const file of [...shards, ...OUTPUT_FILES]) digests[file] = sha256Text(await readFile(path.join(out, file)));
  return digests;
}

/**
 * A rerun of a run that already finished with the same key (same DAG, sources, limit and
 * runtime) does nothing when every file it wrote is still there, unchanged.
 */
async function finishedRun(store: Store, out: string, runKey: string, accounting: Accounting, dag: Dag, started: number): Promise<RunResult | null> {
  const record = store.state.get<FinishedRecord>(`run-done/${runKey}`);
  if (!record) return null;
  try {
    const manifestText = await readFile(path.join(out, 'manifest.json'), 'utf8');
    if (sha256Text(manifestText) !== record.manifest) return null;
    for (const [file, digest] of Object.entries(record.files)) {
      if (sha256Text(await readFile(path.join(out, file))) !== digest) return null;
    }
    const manifest = JSON.parse(manifestText) as Record<string, unknown> & { accounting: Record<string, NodeCounts> };
    for (const [id, counts] of Object.entries(manifest.accounting)) accounting.restore(id, counts);
    const emits = dag.nodes.filter((n) => n.kind === 'emit').length;
    return {
      out, manifest, assembled: record.assembled, accounting,
      stats: { seconds: (performance.now() - started) / 1000, stagesComputed: 0, stagesReused: emits, invocations: {}, models: [] },
    };
  } catch {
    return null;
  }
}

/** Shards of an earlier run that this run did not write (a changed recipe may write fewer) would be read as part of the dataset: remove them. */
async function removeStaleShards(out: string, current: readonly string[]): Promise<void> {
  const keep = new Set(current);
  for (const kind of ['rl', 'cot']) {
    let names: string[];
    try {
      names = await readdir(path.join(out, kind));
    } catch {
      continue;
    }
    for (const name of names) {
      if (/^(train|validation|test)-\d{5}-of-\d{5}\.(parquet|arrow)$/.test(name) && !keep.has(`${kind}/${name}`)) await rm(path.join(out, kind, name));
    }
  }
}

/** Removes `*.tmp-<pid>` files that a killed run left behind; committed files are never touched. */
async function sweepTemporaryFiles(out: string): Promise<void> {
  for (const folder of [out, path.join(out, 'rl'), path.join(out, 'cot'), path.join(out, '.rlr')]) {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      continue;
    }
    for (const name of names) if (/\.tmp-\d+$/.test(name)) await rm(path.join(folder, name), { force: true });
  }
}

function sink(dag: Dag): DagNode {
  return dag.nodes.find((n) => n.id === dag.sink)!;
}

async function writeRejects(file: string, store: Store, table: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  const stream = createWriteStream(temporary);
  let previous: string | null = null;
  for (const { sortKey, value } of store.examples.iterate<Drop>(table)) {
    // A source read by two stages reports its rejects twice; the sort key identifies a drop.
    if (sortKey === previous) continue;
    previous = sortKey;
    const line = JSON.stringify({ stage: value.stage, node: value.node, key: value.key, kind: value.kind, reason: value.reason }) + '\n';
    if (!stream.write(line)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  await rename(temporary, file);
}

/**
 * Size and modification time of each model's files (an ONNX model's `path`), by model id, as
 * source files are fingerprinted: a replaced weights file recomputes the stages that call it.
 * A file that cannot be found is left out here; the call itself then rejects its records.
 */
async function modelFileDigests(dag: Dag, directory: string): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const model of dag.models) {
    const parts: string[] = [];
    for (const key of registry.providers.get(model.provider)?.paths ?? []) {
      const value = model.identity[key];
      if (typeof value !== 'string') continue;
      try {
        const file = resolveModelPath(value, directory);
        const info = await stat(file);
        parts.push(`${key}=${info.size}:${info.mtimeMs}`);
      } catch {
        parts.push(`${key}=missing`);
      }
    }
    if (parts.length > 0) digests.set(model.id, parts.join(','));
  }
  return digests;
}
