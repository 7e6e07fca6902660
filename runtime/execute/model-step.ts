// A model call as a pipeline node: the arguments are evaluated and the call
// goes through the call layer (cache, limits, retries, structured output).
// With `truth`, the call drafts a reasoning trace by rejection sampling: each
// attempt is a separate (cached) call, scored by the stage's own verifier
// against the known answer; the first that passes gives the trace, and when
// none does the value is none, so the example keeps its RL row but gets no
// CoT row.
import type { Dag, DagExpr, DagNode } from '../../compiler/lower/dag-schema.ts';
import { registryType } from '../../compiler/types/resolve.ts';
import { evaluate, type EvalContext } from '../evaluate/evaluate.ts';
import { RecordRejected } from '../evaluate/reject.ts';
import type { ShippedVerifier } from '../example.ts';
import type { ModelCalls } from '../models/call.ts';
import type { RuntimeRecord, Value } from '../values.ts';
import { verifierFor } from './emit.ts';
import { encodeTruth } from './truth.ts';

/** The argument that tells a provider which attempt of a draft this is (it becomes the request's seed). */
export const ATTEMPT_ARG = '$attempt';

export function modelStep(node: DagNode, dag: Dag, models: ModelCalls, context: (record: RuntimeRecord) => EvalContext): (record: RuntimeRecord) => Promise<RuntimeRecord> {
  const name = String(node.params.name);
  const argExprs = node.params.args as Record<string, DagExpr>;
  const draft = drafting(node, dag);
  return async (record) => {
    const args: Record<string, Value> = {};
    for (const [key, expr] of Object.entries(argExprs)) args[key] = evaluate(expr, record, context(record));
    const truth = args.truth ?? null;
    const attempts = typeof args.attempts === 'number' ? Math.max(1, Math.floor(args.attempts)) : 1;
    delete args.truth;
    delete args.attempts;
    let value: Value;
    if (truth === null) {
      value = await models.call(node, args);
    } else {
      if (!draft) throw new RecordRejected(`model \`${String(node.params.model)}\`: \`truth\` needs the stage to emit an example with a verifier`);
      value = null;
      for (let attempt = 0; attempt < attempts && value === null; attempt++) {
        const reply = await models.call(node, { ...args, [ATTEMPT_ARG]: attempt });
        if (typeof reply === 'string' && draft.passes(reply, truth, record)) value = traceOf(reply);
      }
    }
    return { ...record, fields: { ...record.fields, [name]: value } };
  };
}

/** How a draft is checked: the verifier (for `rollout()`, the record's) and ground-truth type of the stage's emit. */
function drafting(node: DagNode, dag: Dag): { passes: (reply: string, truth: Value, record: RuntimeRecord) => boolean } | null {
  const emit = dag.nodes.find((n) => n.kind === 'emit' && n.stage === node.stage);
  if (!emit?.params.verifier) return null;
  const verifierOf = verifierFor(emit.params.verifier as unknown as ShippedVerifier);
  const truthType = registryType(String(emit.params.truth_type ?? 'any'));
  return {
    passes: (reply, truth, record) => {
      const encoded = encodeTruth(truth, truthType);
      return encoded !== null && verifierOf(record)?.prepared.score(reply, encoded).score === 1;
    },
  };
}

/** The reasoning of a reply: what is inside `<think>…</think>` when it has one, else the whole reply. */
export function traceOf(reply: string): string {
  const match = /<think>([\s\S]*?)<\/think>/.exec(reply);
  return (match ? match[1] : reply).trim();
}
