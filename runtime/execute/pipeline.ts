// Streams the records of every stage through its nodes. Each node is an
// async iterable; per-record nodes run with bounded concurrency and yield in
// input order, so the output never depends on timing.
import type { Dag, DagExpr, DagNode } from '../../compiler/lower/dag-schema.ts';
import { evaluate, type EvalContext } from '../evaluate/evaluate.ts';
import { RecordRejected } from '../evaluate/reject.ts';
import { randomFor } from '../evaluate/random.ts';
import { steps } from '../../stdlib/steps/index.ts';
import { readSource } from '../sources/index.ts';
import type { RuntimeRecord, Value } from '../values.ts';
import type { Accounting } from './accounting.ts';
import { makeEmitter, type EmittedExample } from './emit.ts';
import { gateStep, type GateRuntime } from './gate.ts';
import { modelStep } from './model-step.ts';
import { shownVideo } from './video-cut.ts';
import type { ModelCalls } from '../models/call.ts';
import { orderedMap } from './ordered-map.ts';

export interface PipelineOptions {
  readonly dag: Dag;
  readonly directory: string;
  readonly concurrency: number;
  readonly limit?: number;
  readonly accounting: Accounting;
  readonly env: (name: string) => string | undefined;
  readonly strict: boolean;
  /** The recipe's models behind the call layer; without them a model call rejects its records. */
  readonly models?: ModelCalls;
  /** Where human gates record their items and find answers; without it a gate rejects its records. */
  readonly gates?: GateRuntime;
  /** Replaces a node's computation by stored output (a cache hit), or records its output as it streams. */
  readonly materialize?: (node: DagNode, compute: () => AsyncIterable<RuntimeRecord>) => AsyncIterable<RuntimeRecord>;
}

/** A per-record node outcome: the records it passes on (none when filtered or rejected). */
type Outcome = { records: RuntimeRecord[] } | { drop: 'filtered' | 'rejected'; reason: string; key: string; transient?: boolean } | { waiting: string };

export class Pipeline {
  private readonly nodes: Map<string, DagNode>;
  /** Records each non-source node processed in this run (computations, not cache reads): what a cache saves. */
  readonly invocations = new Map<string, number>();

  constructor(private readonly options: PipelineOptions) {
    this.nodes = new Map(options.dag.nodes.map((n) => [n.id, n]));
  }

  private context(node: DagNode, record: RuntimeRecord): EvalContext {
    const seed = this.options.dag.recipe.seed;
    return {
      random: (purpose: string) => randomFor(seed, node.id, record.key, purpose),
      env: this.options.env,
    };
  }

  /** The records a node yields. */
  records(nodeId: string): AsyncIterable<RuntimeRecord> {
    const node = this.nodes.get(nodeId);
    if (!node) throw new Error(`the DAG has no node ${nodeId}`);
    const compute = () => this.compute(node);
    return this.options.materialize ? this.options.materialize(node, compute) : compute();
  }

  private async *compute(node: DagNode): AsyncGenerator<RuntimeRecord> {
    if (node.kind === 'source') {
      yield* this.source(node);
      return;
    }
    const input = this.records(node.inputs[0]);
    const stepImplementation = node.kind === 'operator' ? steps.get(node.op) : undefined;
    if (stepImplementation) {
      const counts = this.options.accounting.node(node.id);
      const counted = countIn(input, counts, () => this.invocations.set(node.id, (this.invocations.get(node.id) ?? 0) + 1));
      for await (const record of stepImplementation(counted, {
        nodeId: node.id,
        seed: this.options.dag.recipe.seed,
        args: node.params.args as Record<string, DagExpr>,
        evaluate: (expr: DagExpr, record: RuntimeRecord): Value => evaluate(expr, record, this.context(node, record)),
        reject: (record: RuntimeRecord, reason: string) => this.options.accounting.drop({ stage: node.stage, node: node.id, key: record.key, kind: 'filtered', reason }),
      })) {
        counts.out++;
        counts.passed++;
        yield record;
      }
      return;
    }
    const perRecord = this.perRecord(node);
    const counts = this.options.accounting.node(node.id);
    for await (const outcome of orderedMap(input, this.options.concurrency, (record) => {
      counts.in++;
      this.invocations.set(node.id, (this.invocations.get(node.id) ?? 0) + 1);
      return perRecord(record);
    })) {
      if ('waiting' in outcome) {
        counts.waiting++;
        continue;
      }
      if ('drop' in outcome) {
        this.options.accounting.drop({ stage: node.stage, node: node.id, key: outcome.key, kind: outcome.drop, reason: outcome.reason, ...(outcome.transient ? { transient: true } : {}) });
        continue;
      }
      counts.passed++;
      for (const record of outcome.records) {
        counts.out++;
        yield record;
      }
    }
  }

  private async *source(node: DagNode): AsyncGenerator<RuntimeRecord> {
    const counts = this.options.accounting.node(node.id);
    for await (const item of readSource(node, { directory: this.options.directory, limit: this.options.limit, seed: this.options.dag.recipe.seed, nodeId: node.id })) {
      counts.in++;
      if ('rejected' in item) {
        if (this.options.strict) throw new RecordRejected(`${item.key}: ${item.rejected}`);
        this.options.accounting.drop({ stage: null, node: node.id, key: item.key, kind: 'rejected', reason: item.rejected });
        continue;
      }
      counts.out++;
      counts.passed++;
      yield { key: item.key, group: item.group ?? item.key, fields: item.fields };
    }
  }

  private perRecord(node: DagNode): (record: RuntimeRecord) => Outcome | Promise<Outcome> {
    // Synchronous steps stay synchronous: orderedMap then spends no promise on them.
    const guard = (fn: (record: RuntimeRecord) => Outcome | Promise<Outcome>) => (record: RuntimeRecord): Outcome | Promise<Outcome> => {
      const rejected = (error: unknown): Outcome => {
        if (this.options.strict) throw error;
        const reason = error instanceof RecordRejected ? error.message : `internal error in ${node.kind} \`${node.op}\`: ${(error as Error).message}`;
        return { drop: 'rejected', reason, key: record.key };
      };
      try {
        const outcome = fn(record);
        return outcome instanceof Promise ? outcome.catch(rejected) : outcome;
      } catch (error) {
        return rejected(error);
      }
    };
    const params = node.params;
    switch (node.kind) {
      case 'operator':
        switch (node.op) {
          case 'let': {
            const name = String(params.name);
            const value = params.value as DagExpr;
            return guard((record) => ({ records: [{ ...record, fields: { ...record.fields, [name]: evaluate(value, record, this.context(node, record)) } }] }));
          }
          case 'filter': {
            const condition = params.condition as DagExpr;
            const reason = typeof params.reason === 'string' ? params.reason : 'filtered by `where`';
            return guard((record) => (evaluate(condition, record, this.context(node, record)) === true
              ? { records: [record] }
              : { drop: 'filtered', reason, key: record.key }));
          }
          case 'explode': {
            const value = params.value as DagExpr;
            const name = String(params.name);
            return guard((record) => {
              const list = evaluate(value, record, this.context(node, record));
              if (!Array.isArray(list)) throw new RecordRejected('`explode` found no list');
              if (list.length === 0) return { drop: 'filtered', reason: '`explode` over an empty list', key: record.key };
              return { records: list.map((item, i) => ({ key: `${record.key}/${i}`, group: record.group, fields: { ...record.fields, [name]: item } })) };
            });
          }
          default:
            return guard(() => {
              throw new RecordRejected(`step \`${node.op}\` has no implementation in this version of rlr`);
            });
        }
      case 'emit': {
        const emit = makeEmitter(node, this.options.dag.recipe.name);
        const outcome = (record: RuntimeRecord, example: EmittedExample): Outcome => ({ records: [{ key: record.key, group: record.group, fields: { example: example as unknown as Value } }] });
        return guard((record) => {
          const example = emit(record, this.context(node, record));
          if (example.media.length === 0) return outcome(record, example);
          return Promise.all(example.media.map((m) => shownVideo(m, this.options.directory))).then((media) => outcome(record, { ...example, media }));
        });
      }
      case 'gate': {
        const gates = this.options.gates;
        if (!gates) return guard(() => { throw new RecordRejected(`human gate \`${node.op}\` needs a dataset store (run it with \`rlr run\`)`); });
        const step = gateStep(node, gates, this.options.dag.recipe.seed, (record) => this.context(node, record));
        return guard(async (record): Promise<Outcome> => {
          const outcome = await step(record);
          if (outcome.kind === 'waiting') return { waiting: outcome.gate };
          if (outcome.kind === 'filtered') return { drop: 'filtered', reason: outcome.reason, key: record.key };
          return { records: [outcome.record] };
        });
      }
      case 'model_call': {
        const models = this.options.models;
        if (!models) return guard(() => { throw new RecordRejected(`model task \`${node.op}\` needs the run's models`); });
        const step = modelStep(node, this.options.dag, models, (record) => this.context(node, record));
        // A failed call rejects its record; any other error (a missing token, an unknown model) stops the run.
        return async (record) => {
          try {
            return { records: [await step(record)] };
          } catch (error) {
            if (!(error instanceof RecordRejected) || this.options.strict) throw error;
            return { drop: 'rejected', reason: error.message, key: record.key, transient: error.transient };
          }
        };
      }
      default:
        return guard(() => {
          throw new RecordRejected(`node kind \`${node.kind}\` is not available in this version of rlr`);
        });
    }
  }
}

async function* countIn(input: AsyncIterable<RuntimeRecord>, counts: { in: number }, onRecord: () => void): AsyncGenerator<RuntimeRecord> {
  for await (const record of input) {
    counts.in++;
    onRecord();
    yield record;
  }
}
