// One partition computed by a worker: the DAG's per-record stages (each up to
// its first whole-stage step or gate) over the partition's slice of every
// source, and, per stored output it computes (an emit node, or the node
// before a stage's first barrier), the records in order, the drops and the
// accounting of the nodes it carries. Committed as
// one file under `<out>/.rlr/partitions/`, written under a temporary name and
// renamed, so a file that exists is whole and a killed worker leaves none.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { Dag, DagNode } from '../../compiler/lower/dag-schema.ts';
import { Accounting, type Drop, type NodeCounts } from '../execute/accounting.ts';
import { Pipeline } from '../execute/pipeline.ts';
import { RecordRejected } from '../evaluate/reject.ts';
import type { ModelCalls } from '../models/call.ts';
import { readSource } from '../sources/index.ts';
import type { RuntimeRecord } from '../values.ts';
import { accountedNodes, inPartition, workerTargets } from './plan.ts';

/** What a job carries: everything a worker needs, so any worker can take any job. */
export interface PartitionJob {
  readonly run: string;
  readonly recipe: string;
  readonly dag: Dag;
  readonly directory: string;
  readonly out: string;
  readonly limit?: number;
  /** Records in flight per node. */
  readonly concurrency: number;
  readonly partition: number;
  readonly partitions: number;
  /** Records per source id, as the coordinator counted them. */
  readonly sourceCounts: Record<string, number>;
  /** The committed file, relative to `out`. */
  readonly file: string;
}

export interface EmitOutput {
  /** The stored output's node: an emit, or the node before the first barrier of its stage (see workerTargets). */
  readonly emit: string;
  readonly records: RuntimeRecord[];
  readonly drops: Drop[];
  readonly counts: Array<{ id: string; counts: NodeCounts }>;
  /** Records were lost to a failure that may pass (a model server that kept failing). */
  readonly transient: boolean;
}

export interface PartitionOutput {
  readonly format: 1;
  readonly run: string;
  readonly partition: number;
  readonly emits: EmitOutput[];
}

export function partitionFile(out: string, id: string): string {
  return path.join(out, '.rlr', 'partitions', `${id}.bin`);
}

export interface ComputeOptions {
  readonly models: ModelCalls;
  readonly env: (name: string) => string | undefined;
}

export async function computePartition(job: PartitionJob, options: ComputeOptions): Promise<PartitionOutput> {
  const { dag } = job;
  const carried = accountedNodes(dag);
  const strict = Boolean(dag.nodes.find((n) => n.id === dag.sink)?.params.strict);
  const emits: EmitOutput[] = [];
  for (const emit of workerTargets(dag)) {
    // A fresh accounting per output: a source two stages read is counted by the output that carries it.
    const accounting = new Accounting();
    const nodes = carried.get(emit.id)!;
    const drops: Drop[] = [];
    let transient = false;
    const stop = accounting.onEveryDrop((drop) => {
      if (!nodes.includes(drop.node)) return;
      if (drop.transient) transient = true;
      drops.push(drop);
    });
    const pipeline = new Pipeline({
      dag, directory: job.directory, concurrency: job.concurrency, limit: job.limit, accounting, models: options.models, env: options.env, strict,
      materialize: (node, compute) => (node.kind === 'source' ? partitionSource(node, job, accounting, strict) : compute()),
    });
    const records: RuntimeRecord[] = [];
    try {
      for await (const record of pipeline.records(emit.id)) records.push(record);
    } finally {
      stop();
    }
    emits.push({ emit: emit.id, records, drops, counts: nodes.map((id) => ({ id, counts: accounting.node(id) })), transient });
  }
  return { format: 1, run: job.run, partition: job.partition, emits };
}

/** The partition's slice of a source, counted as the pipeline counts a whole source. */
async function* partitionSource(node: DagNode, job: PartitionJob, accounting: Accounting, strict: boolean): AsyncGenerator<RuntimeRecord> {
  accounting.reset(node.id);
  const counts = accounting.node(node.id);
  const total = job.sourceCounts[node.id];
  if (total === undefined) throw new Error(`the job has no record count for source ${node.id}`);
  let index = 0;
  for await (const item of readSource(node, { directory: job.directory, limit: job.limit, seed: job.dag.recipe.seed, nodeId: node.id })) {
    const mine = inPartition(index++, job.partition, job.partitions, total);
    if (!mine) continue;
    counts.in++;
    if ('rejected' in item) {
      if (strict) throw new RecordRejected(`${item.key}: ${item.rejected}`);
      accounting.drop({ stage: null, node: node.id, key: item.key, kind: 'rejected', reason: item.rejected });
      continue;
    }
    counts.out++;
    counts.passed++;
    yield { key: item.key, group: item.group ?? item.key, fields: item.fields };
  }
  if (index !== total) throw new Error(`source ${node.id} now has ${index} records, the run was split over ${total}: it changed during the run`);
}

/** Writes the partition's output under a temporary name, then renames it: a reader sees all of it or nothing. */
export async function commitPartition(file: string, output: PartitionOutput): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temporary, serialize(output), { flush: true });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function readPartition(file: string): Promise<PartitionOutput> {
  const output = deserialize(await readFile(file)) as PartitionOutput;
  if (output.format !== 1) throw new Error(`${file} is not a partition of this version of rlr`);
  return output;
}
