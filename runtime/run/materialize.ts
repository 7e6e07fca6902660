// Stage outputs are stored as they stream, under a key of the node id (a
// content hash of everything upstream), the fingerprints of the source files
// it reads, the row limit, and a digest of the answers at every human gate
// upstream (so that answers given since make the gated part recompute). A later run with the same key reads them back:
// an unchanged recipe recomputes nothing, an edited one recomputes only the
// stages whose ids changed. The accounting of a stage's nodes is stored with
// its output, so a cache hit reports the same counts as the computation did.
import { createHash } from 'node:crypto';
import type { Dag, DagNode } from '../../compiler/lower/dag-schema.ts';
import type { Store } from '../store/store.ts';
import type { Accounting, Drop, NodeCounts } from '../execute/accounting.ts';
import type { RuntimeRecord } from '../values.ts';

interface Snapshot {
  readonly count: number;
  readonly nodes: Array<{ id: string; counts: NodeCounts }>;
}

export interface MaterializeOptions {
  readonly dag: Dag;
  readonly store: Store;
  readonly accounting: Accounting;
  readonly fingerprints: ReadonlyMap<string, string>;
  /** A digest of the answers recorded at each gate node, by node id. */
  readonly gateDigests: ReadonlyMap<string, string>;
  /** A digest of each model's files (an ONNX model's weights), by model id: a replaced file is a new model. */
  readonly modelDigests?: ReadonlyMap<string, string>;
  readonly limit: number | undefined;
  readonly reuse: boolean;
  /** Called when a stage output is computed with records lost to a transient failure (so it is not stored as done). */
  readonly onIncomplete?: (node: DagNode) => void;
  /** Called when a stage output is read back instead of computed. */
  readonly onHit?: (node: DagNode, count: number) => void;
}

/** Steps that hold state across records: their output for one record depends on the others. */
export const WHOLE_STAGE_STEPS: ReadonlySet<string> = new Set(['dedup', 'sample', 'limit', 'balance']);

/** A node that needs all of its stage's records (a whole-stage step) or the coordinator's store (a human gate). */
export function isBarrier(node: DagNode): boolean {
  return node.kind === 'gate' || (node.kind === 'operator' && WHOLE_STAGE_STEPS.has(node.op));
}

/**
 * Nodes whose output is stored: the last node of each stage (no consumer in the same stage),
 * a source that several stages read, so that it is read (or generated) once, and the node
 * before each human gate or whole-stage step (`dedup`, `sample`, `limit`, `balance`), so that
 * a run after new answers recomputes from the gate on only, and a queued run's workers can
 * compute the per-record part of a stage before its first such step (runtime/scale).
 */
export function stageOutputs(dag: Dag): Set<string> {
  const outputs = new Set<string>();
  const byId = new Map(dag.nodes.map((n) => [n.id, n]));
  for (const node of dag.nodes) {
    if (isBarrier(node)) {
      const input = byId.get(node.inputs[0]);
      if (input && input.kind !== 'source' && input.stage === node.stage) outputs.add(input.id);
    }
    const consumers = dag.nodes.filter((n) => n.inputs.includes(node.id));
    if (node.kind === 'source') {
      if (consumers.length > 1) outputs.add(node.id);
      continue;
    }
    if (node.stage === null) continue;
    if (!consumers.some((c) => c.stage === node.stage)) outputs.add(node.id);
  }
  return outputs;
}

/** The nodes a stored output's computation runs: its stage's nodes, and a source it reads directly (unless that is stored itself). */
function ownedNodes(dag: Dag, output: DagNode, outputs: ReadonlySet<string>): DagNode[] {
  const byId = new Map(dag.nodes.map((n) => [n.id, n]));
  const owned: DagNode[] = [];
  const visit = (node: DagNode) => {
    if (owned.includes(node)) return;
    owned.push(node);
    for (const input of node.inputs) {
      const upstream = byId.get(input)!;
      if (outputs.has(upstream.id)) continue;
      if (upstream.stage === output.stage || upstream.kind === 'source') visit(upstream);
    }
  };
  visit(output);
  return owned;
}

/** The sources, gates and models a node's output depends on, each sorted by id. */
function upstream(dag: Dag, node: DagNode): { sources: string[]; gates: string[]; models: string[] } {
  const byId = new Map(dag.nodes.map((n) => [n.id, n]));
  const sources = new Set<string>();
  const gates = new Set<string>();
  const models = new Set<string>();
  const visit = (id: string) => {
    const current = byId.get(id)!;
    if (current.kind === 'source') sources.add(id);
    if (current.kind === 'gate') gates.add(id);
    if (current.kind === 'model_call') models.add(String(current.params.model));
    current.inputs.forEach(visit);
  };
  visit(node.id);
  return { sources: [...sources].sort(), gates: [...gates].sort(), models: [...models].sort() };
}

/**
 * Bumped whenever the runtime computes a node differently for the same DAG (an operator's
 * semantics, the emit self-check, record encoding), so that stored outputs of an older
 * runtime are not reused. Verifier versions already enter the DAG through their specs.
 */
export const RUNTIME_VERSION = 4;

export type KeyOptions = Pick<MaterializeOptions, 'dag' | 'fingerprints' | 'gateDigests' | 'modelDigests' | 'limit'>;

export function materializationKey(options: KeyOptions, node: DagNode): string {
  const hash = createHash('sha256').update(`${RUNTIME_VERSION}\0${node.id}`).update(`\0${options.limit ?? 'all'}`);
  const { sources, gates, models } = upstream(options.dag, node);
  for (const source of sources) hash.update(`\0${options.fingerprints.get(source) ?? ''}`);
  for (const gate of gates) hash.update(`\0gate:${options.gateDigests.get(gate) ?? ''}`);
  for (const model of models) {
    const digest = options.modelDigests?.get(model);
    if (digest) hash.update(`\0model:${digest}`);
  }
  return hash.digest('hex').slice(0, 24);
}

export function outputTable(key: string): string {
  return `stage/${key}`;
}

export function dropsTable(key: string): string {
  return `drops/${key}`;
}

const sequence = (n: number) => String(n).padStart(12, '0');

export function materializer(options: MaterializeOptions): (node: DagNode, compute: () => AsyncIterable<RuntimeRecord>) => AsyncIterable<RuntimeRecord> {
  const outputs = stageOutputs(options.dag);
  return (node, compute) => {
    if (!outputs.has(node.id)) return compute();
    return stream(options, node, compute, outputs);
  };
}

async function* stream(options: MaterializeOptions, node: DagNode, compute: () => AsyncIterable<RuntimeRecord>, outputs: ReadonlySet<string>): AsyncGenerator<RuntimeRecord> {
  const { store, accounting } = options;
  const key = materializationKey(options, node);
  const doneKey = `stage-done/${key}`;
  const owned = ownedNodes(options.dag, node, outputs);
  const snapshot = options.reuse ? store.state.get<Snapshot>(doneKey) : undefined;
  if (snapshot) {
    for (const entry of snapshot.nodes) accounting.restore(entry.id, entry.counts);
    for (const { value } of store.examples.iterate<Drop>(dropsTable(key))) accounting.restoreDrop(value);
    options.onHit?.(node, snapshot.count);
    for (const { value } of store.examples.iterate<RuntimeRecord>(outputTable(key))) yield value;
    return;
  }
  // A partial output from an interrupted run is discarded: it is recomputed whole.
  await store.state.delete(doneKey);
  await store.examples.clear(outputTable(key));
  await store.examples.clear(dropsTable(key));
  for (const owner of owned) accounting.reset(owner.id);
  let count = 0;
  let drops = 0;
  let transient = false;
  const unsubscribe = accounting.subscribe(owned.map((n) => n.id), (drop) => {
    if (drop.transient) transient = true;
    void store.examples.put(dropsTable(key), sequence(drops++), drop as unknown as Record<string, string>);
  });
  try {
    for await (const record of compute()) {
      void store.examples.put(outputTable(key), sequence(count++), record as never);
      yield record;
    }
  } finally {
    unsubscribe();
  }
  await store.flush();
  // A stage that lost records to a transient failure is not marked done: the next run computes it
  // again (what succeeded comes from the model cache) and tries those records once more.
  if (transient) {
    options.onIncomplete?.(node);
    return;
  }
  await store.state.put(doneKey, { count, nodes: owned.map((n) => ({ id: n.id, counts: accounting.node(n.id) })) } as never);
}
