// The split of one compiled recipe into partitions that workers compute on
// their own: every source's records, by index, in contiguous ranges (record i
// of n goes to partition floor(i * N / n)), so that concatenating the
// partitions in order gives each stage's records in the order a local run
// yields them. Which recipes can be split this way, and the ids of the jobs.
import { createHash } from 'node:crypto';
import type { Dag, DagNode } from '../../compiler/lower/dag-schema.ts';
import { materializationKey, stageOutputs, type KeyOptions } from '../run/materialize.ts';
import { readSource } from '../sources/index.ts';

/** Steps that hold state across records: their output for one record depends on the others. */
const WHOLE_STAGE_STEPS = new Set(['dedup', 'sample', 'limit', 'balance']);

/**
 * Why this DAG cannot run on a queue, or null. A step over a whole stage (dedup, sample, limit,
 * balance) would give a different result per partition, and a human gate reads and writes the
 * coordinator's store; such recipes run locally (`rlr run` without `--queue`).
 */
export function queueRefusal(dag: Dag): string | null {
  const wholeStage = dag.nodes.filter((n) => n.kind === 'operator' && WHOLE_STAGE_STEPS.has(n.op));
  if (wholeStage.length > 0) {
    const names = [...new Set(wholeStage.map((n) => `\`${n.op}\` (stage \`${n.stage ?? ''}\`)`))].join(', ');
    return `--queue cannot split a recipe whose steps need a whole stage at once: ${names}; run it without --queue`;
  }
  const gates = dag.nodes.filter((n) => n.kind === 'gate');
  if (gates.length > 0) return `--queue does not run human gates yet (\`${gates[0].op}\` in stage \`${gates[0].stage ?? ''}\`); run it without --queue`;
  return null;
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
 * The nodes whose accounting each emit's partition output carries: the nodes of its stage, its
 * source, and a source several stages read (stored on its own by a local run) with the first
 * emit that reads it, so that the counts and drops of every node arrive exactly once.
 */
export function accountedNodes(dag: Dag): Map<string, string[]> {
  const outputs = stageOutputs(dag);
  const byId = new Map(dag.nodes.map((n) => [n.id, n]));
  const taken = new Set<string>();
  const result = new Map<string, string[]>();
  for (const emit of emitNodes(dag)) {
    const owned: string[] = [];
    const visit = (node: DagNode) => {
      if (owned.includes(node.id)) return;
      owned.push(node.id);
      for (const input of node.inputs) {
        const upstream = byId.get(input)!;
        if (outputs.has(upstream.id)) continue;
        if (upstream.stage === emit.stage || upstream.kind === 'source') visit(upstream);
      }
    };
    visit(emit);
    for (const source of sourcesOf(dag, emit)) {
      if (outputs.has(source) && !taken.has(source)) {
        taken.add(source);
        owned.push(source);
      }
    }
    result.set(emit.id, owned);
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
 * What a run's result depends on: every emit's stored-output key (the DAG upstream, source
 * fingerprints, limit, runtime version), as a local run keys its dataset.
 */
export function runId(dag: Dag, keyOptions: KeyOptions): string {
  const keys = emitNodes(dag).map((n) => materializationKey(keyOptions, n)).sort();
  return createHash('sha256').update(dag.sink).update(`\0${keyOptions.limit ?? 'all'}\0${keys.join('\0')}`).digest('hex').slice(0, 16);
}

/** A job's id: a content hash of the run and the partition, so enqueueing it again adds nothing. */
export function jobId(run: string, p: number, partitions: number): string {
  return `p-${createHash('sha256').update(`${run}\0${partitions}\0${p}`).digest('hex').slice(0, 24)}`;
}
