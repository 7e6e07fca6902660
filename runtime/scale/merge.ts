// The coordinator's side of a partitioned run: the committed partitions,
// read in partition order, fill the same stored outputs a local run fills
// (each worker target's records, its drops, and the `stage-done` snapshot of
// its nodes' accounting; a target is an emit, or the node before a stage's
// first whole-stage step or gate), so that the ordinary run then reads them
// back as a cache hit, computes what follows a barrier itself, and assembles
// shards, manifest and card exactly as it would have after computing all of
// them itself.
import type { Dag } from '../../compiler/lower/dag-schema.ts';
import type { NodeCounts } from '../execute/accounting.ts';
import type { Store } from '../store/store.ts';
import { dropsTable, materializationKey, outputTable, type KeyOptions } from '../run/materialize.ts';
import { workerTargets } from './plan.ts';
import { readPartition } from './partition.ts';

const sequence = (n: number) => String(n).padStart(12, '0');

/** Worker targets whose output is not stored as done yet: the ones the queue has to compute. */
export function missingTargets(dag: Dag, store: Store, keyOptions: KeyOptions): string[] {
  return workerTargets(dag).filter((n) => !store.state.get(`stage-done/${materializationKey(keyOptions, n)}`)).map((n) => n.id);
}

export interface MergeResult {
  /** Targets stored as done; the others lost records to a transient failure and are left to the local run. */
  readonly stored: string[];
  readonly incomplete: string[];
  /** Partitions that lost records to a transient failure: removed after the run, so that the next one computes them again. */
  readonly transientFiles: string[];
}

export async function mergePartitions(dag: Dag, store: Store, keyOptions: KeyOptions, files: readonly string[]): Promise<MergeResult> {
  const emits = workerTargets(dag);
  const state = new Map(emits.map((emit) => {
    const key = materializationKey(keyOptions, emit);
    return [emit.id, { key, records: 0, drops: 0, transient: false, counts: new Map<string, NodeCounts>() }];
  }));
  for (const { key } of state.values()) {
    await store.state.delete(`stage-done/${key}`);
    await store.examples.clear(outputTable(key));
    await store.examples.clear(dropsTable(key));
  }
  const transientFiles: string[] = [];
  for (const file of files) {
    const partition = await readPartition(file);
    if (partition.emits.some((output) => output.transient)) transientFiles.push(file);
    for (const output of partition.emits) {
      const emit = state.get(output.emit);
      if (!emit) throw new Error(`${file} holds an output node this DAG does not have`);
      for (const record of output.records) void store.examples.put(outputTable(emit.key), sequence(emit.records++), record as never);
      for (const drop of output.drops) void store.examples.put(dropsTable(emit.key), sequence(emit.drops++), drop as unknown as Record<string, string>);
      if (output.transient) emit.transient = true;
      for (const { id, counts } of output.counts) emit.counts.set(id, addCounts(emit.counts.get(id), counts));
    }
    await store.flush();
  }
  const stored: string[] = [];
  const incomplete: string[] = [];
  for (const [id, emit] of state) {
    // As in a local run, a stage that lost records to a transient failure is not stored as done:
    // the run computes it again (locally), trying those records once more.
    if (emit.transient) {
      incomplete.push(id);
      continue;
    }
    await store.state.put(`stage-done/${emit.key}`, { count: emit.records, nodes: [...emit.counts].map(([node, counts]) => ({ id: node, counts })) } as never);
    stored.push(id);
  }
  await store.flush();
  return { stored, incomplete, transientFiles };
}

/** Sums two partitions' counts; reasons keep the order they first appear in, as in a local run. */
function addCounts(total: NodeCounts | undefined, more: NodeCounts): NodeCounts {
  if (!total) return { ...more, filtered: { ...more.filtered }, rejected: { ...more.rejected } };
  const add = (a: Record<string, number>, b: Record<string, number>) => {
    const sum = { ...a };
    for (const [reason, n] of Object.entries(b)) sum[reason] = (sum[reason] ?? 0) + n;
    return sum;
  };
  return {
    in: total.in + more.in, passed: total.passed + more.passed, out: total.out + more.out, waiting: (total.waiting ?? 0) + (more.waiting ?? 0),
    filtered: add(total.filtered, more.filtered), rejected: add(total.rejected, more.rejected),
  };
}
