// The shape of a record-set step and the helpers steps share. A step reads
// the records of its input in the executor's order (source order, then
// explode index: deterministic, and what the registry calls record-key
// order), and accounts for every record it does not pass on through
// `context.reject`.
import type { DagExpr } from '../../compiler/lower/dag-schema.ts';
import { RecordRejected } from '../../runtime/evaluate/reject.ts';
import { loweredDefault } from '../functions/defaults.ts';
import { registry } from '../registry/index.ts';
import type { RuntimeRecord, Value } from '../../runtime/values.ts';

export interface StepContext {
  readonly nodeId: string;
  readonly seed: number;
  /** The step's arguments, by the registry's parameter names, defaults filled in. */
  readonly args: Readonly<Record<string, DagExpr>>;
  /** Evaluates an argument for one record (its random streams bound to this node and that record). */
  evaluate(expr: DagExpr, record: RuntimeRecord): Value;
  /** Accounts for a record the step drops, with the reason. */
  reject(record: RuntimeRecord, reason: string): void;
  /**
   * Reads the input again from the start, in the same order, when the
   * executor can (from its store). `balance` then makes two passes and holds
   * only counts; without it, `balance` holds its input in memory.
   */
  replay?(): AsyncIterable<RuntimeRecord>;
}

export type Step = (input: AsyncIterable<RuntimeRecord>, context: StepContext) => AsyncIterable<RuntimeRecord>;

const NO_RECORD: RuntimeRecord = { key: '', group: '', fields: {} };

/**
 * The argument's expression; the registry's default (percents as fractions, as
 * the compiler lowers them) when the DAG leaves it out, as a hand-written one may.
 */
function argExpr(step: string, context: StepContext, name: string): DagExpr {
  const expr = context.args[name];
  if (expr !== undefined) return expr;
  const param = registry.steps.get(step)?.params.find((p) => p.name === name);
  if (!param || param.default === undefined) throw new Error(`\`${step}\`: argument \`${name}\` is missing from the DAG`);
  return { lit: loweredDefault(param) as never };
}

/** An argument that must be the same for every record (`limit(count: 500)`), evaluated once. */
export function constantArg(step: string, context: StepContext, name: string): Value {
  const expr = argExpr(step, context, name);
  try {
    return context.evaluate(expr, NO_RECORD);
  } catch (error) {
    if (error instanceof RecordRejected) throw new Error(`\`${step}\`: \`${name}\` must not depend on the record (${error.reason})`, { cause: error });
    throw error;
  }
}

/** An argument evaluated for one record; a record it rejects is accounted for and yields undefined. */
export function recordArg(step: string, context: StepContext, name: string, record: RuntimeRecord): Value | undefined {
  const expr = argExpr(step, context, name);
  try {
    return context.evaluate(expr, record);
  } catch (error) {
    if (!(error instanceof RecordRejected)) throw error;
    context.reject(record, error.reason);
    return undefined;
  }
}
