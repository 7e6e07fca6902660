// The second pass: every emitted example gets its curriculum level, each
// dataset (rl, cot) is sampled to its mixture, examples are assigned to
// train / validation / test by group, ordered, and written as shards. All of
// it streams through spill tables in the store, so memory stays bounded.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import type { Dag, DagNode } from '../../compiler/lower/dag-schema.ts';
import type { Store } from '../store/store.ts';
import type { Example, Split } from '../example.ts';
import type { EmittedExample } from '../execute/emit.ts';
import type { Accounting } from '../execute/accounting.ts';
import { assignSplit, splitNames, type SplitFractions } from '../assemble/split.ts';
import { curriculumFrom, levelOf, type Curriculum } from '../assemble/curriculum.ts';
import { mixtureFrom, planMixture, type MixturePlan, type MixtureSpec } from '../assemble/mixture.ts';
import { AnswerBias } from '../assemble/answer-bias.ts';
import { buildCotBatch, buildRlBatch } from '../rows/build.ts';
import { schemaFor, type SplitKind } from '../rows/schema.ts';
import { createShardWriter, shardName, type ShardFormat, type ParquetCompression } from '../writers/index.ts';
import type { RuntimeRecord } from '../values.ts';
import { sha256Hex } from '../hash.ts';

export interface ShardRecord {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface AssembleResult {
  readonly counts: Record<SplitKind, Record<Split, number>>;
  readonly byLevel: Record<SplitKind, Record<string, number>>;
  readonly byDomain: Record<SplitKind, Record<string, number>>;
  readonly byStage: Record<SplitKind, Record<string, number>>;
  readonly mixtures: Record<string, { spec: MixtureSpec; plan: MixturePlan; realised: Record<string, number> }>;
  readonly shards: ShardRecord[];
  readonly bias: ReturnType<AnswerBias['report']>;
  readonly curriculum: Curriculum | null;
  readonly verifiers: Record<string, string>;
}

export interface AssembleOptions {
  readonly dag: Dag;
  readonly store: Store;
  readonly accounting: Accounting;
  readonly out: string;
  /** Emit node id -> the table its stored examples are in. */
  readonly emitTables: ReadonlyMap<string, string>;
  /** Namespaces this run's assembly tables. */
  readonly runKey: string;
  readonly onShard?: (shard: ShardRecord, skipped: boolean) => void;
}

const BATCH_ROWS = 1024;

function hex(...parts: readonly (string | number)[]): string {
  return sha256Hex(parts.join('\0')).slice(0, 16);
}

export async function assemble(options: AssembleOptions): Promise<AssembleResult> {
  const { dag, store, runKey } = options;
  const seed = dag.recipe.seed;
  const sink = dag.nodes.find((n) => n.id === dag.sink)!;
  const curriculumNode = dag.nodes.find((n) => n.kind === 'curriculum');
  const curriculum = curriculumNode ? curriculumFrom(curriculumNode.params) : null;
  const mixtures = dag.nodes.filter((n) => n.kind === 'mixture').map((n) => mixtureFrom(n.params));
  const mixtureFor = (kind: SplitKind) => mixtures.find((m) => m.split === kind) ?? null;
  const fractions = sink.params.splits as unknown as SplitFractions;
  const groupMode = sink.params.group === 'none' ? 'none' : 'record';
  const format = (sink.params.format === 'arrow' ? 'arrow' : 'parquet') as ShardFormat;
  const shardRows = Math.max(1, Number(sink.params.shard_rows ?? 50000));
  const compression = (sink.params.compression ?? 'zstd') as ParquetCompression;
  const bias = new AnswerBias();
  const verifiers: Record<string, string> = {};
  const candidates = (kind: SplitKind, bucket: string) => `cand/${runKey}/${kind}/${bucket}`;
  const finals = (kind: SplitKind, split: Split) => `final/${runKey}/${kind}/${split}`;
  const available: Record<SplitKind, Record<string, number>> = { rl: {}, cot: {} };
  const selectionNode = curriculumNode ?? sink;

  for (const table of store.examples.tables().filter((t) => t.startsWith(`cand/${runKey}/`) || t.startsWith(`final/${runKey}/`))) {
    await store.examples.clear(table);
  }

  // Counts and placement into the final, ordered tables (one per dataset and split).
  const counts: AssembleResult['counts'] = { rl: { train: 0, validation: 0, test: 0 }, cot: { train: 0, validation: 0, test: 0 } };
  const byLevel: AssembleResult['byLevel'] = { rl: {}, cot: {} };
  const byDomain: AssembleResult['byDomain'] = { rl: {}, cot: {} };
  const byStage: AssembleResult['byStage'] = { rl: {}, cot: {} };
  const mixtureReport: AssembleResult['mixtures'] = {};
  // Values read back from the spill tables are this loop's own copies, and a put encodes its
  // value at once, so a placed example takes its level, id and split in place.
  type Placed = { -readonly [K in keyof EmittedExample]: EmittedExample[K] } & { level: number; split?: Split };
  const place = async (kind: SplitKind, value: Placed, id: string, order: string) => {
    const group = groupMode === 'none' && value.group === value.key ? id : value.group;
    const split = assignSplit(seed, group, fractions);
    // Train runs from level 1 up when the curriculum orders by level; otherwise by the seeded hash.
    const ordered = split === 'train' && curriculum && curriculum.order !== 'mixed' ? `${String(value.level).padStart(4, '0')}/${order}` : order;
    value.id = id;
    value.split = split;
    await store.examples.put(finals(kind, split), ordered, value as never);
    counts[kind][split]++;
    byLevel[kind][String(value.level)] = (byLevel[kind][String(value.level)] ?? 0) + 1;
    byDomain[kind][value.domain] = (byDomain[kind][value.domain] ?? 0) + 1;
    byStage[kind][value.stage] = (byStage[kind][value.stage] ?? 0) + 1;
  };

  // 1. Levels; each dataset without a mixture is placed directly, one with a mixture first
  //    goes to candidate tables per bucket (domain or stage), in a seeded hash order.
  const emits = [...options.emitTables.entries()].sort(([a], [b]) => stageOf(dag, a).localeCompare(stageOf(dag, b)));
  const selection = options.accounting.node(selectionNode.id);
  for (const [, table] of emits) {
    for (const { value } of store.examples.iterate<RuntimeRecord>(table)) {
      const example = value.fields.example as unknown as Placed;
      selection.in++;
      const level = levelOf(curriculum, example);
      if (level === null) {
        options.accounting.drop({ stage: example.stage, node: selectionNode.id, key: example.key, kind: 'filtered', reason: 'not selected by any curriculum level' });
        continue;
      }
      selection.passed++;
      selection.out++;
      collectVerifiers(example.verifier, verifiers);
      bias.add(example.stage, example.truth, example.verifier.name, letterCount(example.verifier));
      const order = `${hex('order', seed, example.id)}/${example.id}`;
      const placed = example;
      placed.level = level;
      for (const kind of ['rl', 'cot'] as const) {
        if (kind === 'cot' && example.trace === null) continue;
        const mixture = mixtureFor(kind);
        if (!mixture) {
          await place(kind, placed, example.id, order);
          continue;
        }
        const bucket = mixture.by === 'stage' ? example.stage : example.domain;
        available[kind][bucket] = (available[kind][bucket] ?? 0) + 1;
        await store.examples.put(candidates(kind, bucket), order, placed as never);
      }
    }
  }

  // 2. Mixtures: each bucket's first `target` candidates in hash order, repeated (with new ids) when upsampling.
  for (const kind of ['rl', 'cot'] as const) {
    const mixture = mixtureFor(kind);
    if (!mixture) continue;
    const plan = planMixture(mixture, available[kind]);
    const realised: Record<string, number> = {};
    for (const bucket of Object.keys(mixture.weights).sort()) {
      const target = plan.targets[bucket] ?? 0;
      let taken = 0;
      for (let round = 0; taken < target; round++) {
        let any = false;
        for (const { sortKey, value } of store.examples.iterate<Placed>(candidates(kind, bucket))) {
          if (taken >= target) break;
          any = true;
          const id = round === 0 ? value.id : `${value.id}-r${round}`;
          await place(kind, value, id, round === 0 ? sortKey : `${hex('order', seed, id)}/${id}`);
          realised[bucket] = (realised[bucket] ?? 0) + 1;
          taken++;
        }
        if (!any) break;
      }
    }
    mixtureReport[mixture.name] = { spec: mixture, plan, realised };
  }
  await store.flush();

  // 3. Shards.
  const shards: ShardRecord[] = [];
  for (const kind of ['rl', 'cot'] as const) {
    for (const split of splitNames) {
      const total = counts[kind][split];
      if (total === 0) continue;
      const shardCount = Math.ceil(total / shardRows);
      const writer = createShardWriter(format, schemaFor(kind), { compression });
      let index = 0;
      let shard = -1;
      let rowsInShard = 0;
      let batch: Example[] = [];
      let skipping = false;
      let shardPath = '';
      const build = (examples: Example[]) => (kind === 'rl' ? buildRlBatch(examples) : buildCotBatch(examples));
      const closeShard = async () => {
        if (batch.length && !skipping) await writer.write(build(batch));
        batch = [];
        if (shard < 0) return;
        const relative = path.relative(options.out, shardPath);
        if (skipping) {
          const record = store.state.get<ShardRecord>(`shard/${runKey}/${relative}`)!;
          shards.push(record);
          options.onShard?.(record, true);
          return;
        }
        const stats = await writer.close();
        const record: ShardRecord = { path: relative, rows: stats.rows, bytes: stats.bytes, sha256: stats.sha256 };
        await store.state.put(`shard/${runKey}/${relative}`, record as never);
        shards.push(record);
        options.onShard?.(record, false);
      };
      const openShard = async () => {
        shard++;
        rowsInShard = 0;
        shardPath = path.join(options.out, kind, shardName(split, shard, shardCount, format));
        const relative = path.relative(options.out, shardPath);
        const committed = store.state.get<ShardRecord>(`shard/${runKey}/${relative}`);
        // A shard finished by an earlier attempt of this same run is kept, not rewritten.
        skipping = committed !== undefined && existsSync(shardPath) && (await sha256File(shardPath)) === committed.sha256;
        if (!skipping) {
          await mkdir(path.dirname(shardPath), { recursive: true });
          await writer.open(shardPath);
        }
      };
      try {
        for (const { value } of store.examples.iterate<Omit<Example, 'index'>>(finals(kind, split))) {
          if (shard < 0 || rowsInShard >= shardRows) {
            await closeShard();
            await openShard();
          }
          rowsInShard++;
          if (skipping) {
            index++;
            continue;
          }
          // The value is this loop's own decoded copy: it takes its index in place.
          (value as { index?: number }).index = index++;
          batch.push(value as Example);
          if (batch.length >= BATCH_ROWS) {
            await writer.write(build(batch));
            batch = [];
          }
        }
        await closeShard();
      } catch (error) {
        // Nothing half-written stays behind: the shard being written is removed.
        await writer.abort().catch(() => undefined);
        throw error;
      }
    }
  }

  return { counts, byLevel, byDomain, byStage, mixtures: mixtureReport, shards, bias: bias.report(), curriculum, verifiers };
}

function stageOf(dag: Dag, emitId: string): string {
  return dag.nodes.find((n: DagNode) => n.id === emitId)?.stage ?? '';
}

function collectVerifiers(spec: { name: string; version: string; children?: Array<{ name: string; version: string }> }, into: Record<string, string>): void {
  into[spec.name] = spec.version;
  for (const child of spec.children ?? []) collectVerifiers(child as typeof spec, into);
}

function letterCount(spec: { name: string; params: Record<string, unknown> }): number | null {
  if (spec.name !== 'choice') return null;
  const letters = spec.params.letters;
  return typeof letters === 'string' ? letters.length : 4;
}

async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

