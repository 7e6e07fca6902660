// Runs a step over records the way the executor does, collecting what it
// passes on and what it rejects.
import type { DagExpr } from '../../compiler/lower/dag-schema.ts';
import { evaluate, recordContext } from '../../runtime/evaluate/evaluate.ts';
import type { RuntimeRecord, Value } from '../../runtime/values.ts';
import { steps, type StepContext } from '../../stdlib/steps/index.ts';

export interface StepRun {
  readonly kept: RuntimeRecord[];
  readonly rejected: Array<{ key: string; reason: string }>;
}

export interface RunOptions {
  readonly seed?: number;
  readonly nodeId?: string;
  /** Let the step read its input a second time. */
  readonly replay?: boolean;
}

export async function* stream(records: readonly RuntimeRecord[]): AsyncGenerator<RuntimeRecord> {
  for (const record of records) yield record;
}

export function records(fields: ReadonlyArray<Record<string, Value>>, prefix = 'row-'): RuntimeRecord[] {
  return fields.map((f, i) => ({ key: `${prefix}${String(i).padStart(4, '0')}`, group: `${prefix}${i}`, fields: f }));
}

export async function runStep(name: string, input: readonly RuntimeRecord[], args: Record<string, DagExpr>, options: RunOptions = {}): Promise<StepRun> {
  const step = steps.get(name);
  if (!step) throw new Error(`no step ${name}`);
  const seed = options.seed ?? 5;
  const nodeId = options.nodeId ?? '00000000000000aa';
  const kept: RuntimeRecord[] = [];
  const rejected: Array<{ key: string; reason: string }> = [];
  const context: StepContext = {
    nodeId,
    seed,
    args,
    evaluate: (expr, record) => evaluate(expr, record, recordContext(seed, nodeId, record.key, () => undefined)),
    reject: (record, reason) => rejected.push({ key: record.key, reason }),
    ...(options.replay ? { replay: () => stream(input) } : {}),
  };
  for await (const record of step(stream(input), context)) kept.push(record);
  return { kept, rejected };
}
