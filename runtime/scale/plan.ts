// The split of one compiled recipe into partitions that workers compute on
// their own: every source's records, by index, in contiguous ranges (record i
// of n goes to partition floor(i * N / n)), so that concatenating the
// partitions in order gives each stage's records in the order a local run
// yields them. What the workers compute (the per-record part of every stage,
// up to its first whole-stage step or gate), and the ids of the jobs.
import { createHash } from 'node:crypto';
import type { Dag, DagNode } from '../../compiler/lower/dag-schema.ts';
import { isBarrier, materializationKey, stageOutputs, type KeyOptions } from '../run/materialize.ts';
import { readSource } from '../sources/index.ts';

/**
 * The stored outputs a queue's workers compute, in the order a run computes them (by stage
 * name): the emit of every stage with neither a barrier (a step over a whole stage: `dedup`,
 * `sample`, `limit`, `balance`; or a human gate) nor a stage upstream with one, and, for a stage
 * whose first barrier follows per-record steps, the node before that barrier (stored on its own
 * by a local run too). A whole-stage step would give a different result per partition and a gate
 * reads and writes the coordinator's store, so the barrier, what follows it, and every stage
 * downstream of it are computed by the coordinator's own run, from these stored outputs.
 */
export function workerTargets(dag: Dag): DagNode[] {
  const byId = new Map(dag.nodes.map((n) => [n.id, n]));
  const barriersUpstream = (node: DagNode): DagNode[] => {
    const found = new Map<string, DagNode>();
    const seen = new Set<string>();
    const visit = (current: DagNode) => {
      if (seen.has(current.id)) return;
      seen.add(current.id);
      if (isBarrier(current)) found.set(current.id, current);
      for (const input of current.inputs) visit(byId.get(input)!);
    };
    visit(node);
    return [...found.values()];
  };
  const targets: DagNode[] = [];
  for (const emit of emitNodes(dag)) {
    const barriers = barriersUpstream(emit);
    if (barriers.length === 0) {
      targets.push(emit);
      continue;
    }
    // The first barrier of the emit's stage: the one with no other barrier upstream.
    const first = barriers.find((b) => b.stage === emit.stage && barriersUpstream(b).length === 1);
    if (!first) continue;
    const input = byId.get(first.inputs[0]);
    if (!input || input.kind === 'source' || input.stage !== first.stage) continue;
    targets.push(input);
  }
  return targets;
}

/** The emit nodes in the order a run computes them (by stage name). */
export function emitNodes(dag: Dag): DagNode[] {
  return dag.nodes.filter((n) => n.kind === 'emit').sort((a, b) => (a.stage ?? '').localeCompare(b.stage ?? ''));
}

/** The sources a node reads, directly or through its stage. */
export function sourcesOf(dag: Dag, node: DagNode): string[] {
  const byId = new Map(dag.nodes.map((n) => [n.id, n]));
  const found = new Set<string>();
  const visit = (current: DagNode) => {
    if (current.kind === 'source') found.add(current.id);
    for (const input of current.inputs) visit(byId.get(input)!);
  };
  visit(node);
  return [...found].sort();
}

/**
 * The nodes whose accounting each worker target's partition output carries (see workerTargets):
 * the nodes of its stage up to it, its source, and a source several stages read (stored on its
 * own by a local run) with the first target that reads it, so that the counts and drops of every
 * node arrive exactly once.
 */
export function accountedNodes(dag: Dag): Map<string, string[]> {
  const outputs = stageOutputs(dag);
  const byId = new Map(dag.nodes.map((n) => [n.id, n]));
  const taken = new Set<string>();
  const result = new Map<string, string[]>();
  for (const target of workerTargets(dag)) {
    const owned: string[] = [];
    const visit = (node: DagNode) => {
      if (owned.includes(node.id)) return;
      owned.push(node.id);
      for (const input of node.inputs) {
        const upstream = byId.get(input)!;
        if (outputs.has(upstream.id)) continue;
        if (upstream.stage === target.stage || upstream.kind === 'source') visit(upstream);
      }
    };
    visit(target);
    for (const source of sourcesOf(dag, target)) {
      if (outputs.has(source) && !taken.has(source)) {
        taken.add(source);
        owned.push(source);
      }
    }
    result.set(target.id, owned);
  }
  return result;
}

/** Records each source yields (rejected rows included: they have an index too), under the run's limit. */
export async function countSources(dag: Dag, directory: string, limit: number | undefined): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const node of dag.nodes.filter((n) => n.kind === 'source')) {
    let count = 0;
    for await (const _item of readSource(node, { directory, limit, seed: dag.recipe.seed, nodeId: node.id })) count++;
    counts[node.id] = count;
  }
  return counts;
}

/** Record `index` belongs to the partition `floor(index * partitions / count)`. */
export function inPartition(index: number, p: number, partitions: number, count: number): boolean {
  return Math.floor((index * partitions) / count) === p;
}

/**
 * What the workers' results depend on: every worker target's stored-output key (the DAG upstream,
 * source fingerprints, limit, runtime version), as a local run keys its stored outputs. For a
 * recipe without barriers the targets are its emits; answers given at a gate change no target's key.
 */
export function runId(dag: Dag, keyOptions: KeyOptions): string {
  const keys = workerTargets(dag).map((n) => materializationKey(keyOptions, n)).sort();
  return createHash('sha256').update(dag.sink).update(`\0${keyOptions.limit ?? 'all'}\0${keys.join('\0')}`).digest('hex').slice(0, 16);
}

/** A job's id: a content hash of the run and the partition, so enqueueing it again adds nothing. */
export function jobId(run: string, p: number, partitions: number): string {
  return `p-${createHash('sha256').update(`${run}\0${partitions}\0${p}`).digest('hex').slice(0, 24)}`;
}
