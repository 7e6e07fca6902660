// Evaluates a lowered expression against one record. Pure: the only inputs
// besides the record are the deterministic random streams and the environment,
// both given by the context. A value the record cannot support (an index out
// of range, a division by zero, a function that rejects) throws RecordRejected.
import type { DagExpr, Json } from '../../compiler/lower/dag-schema.ts';
import { callFunction, type FunctionContext } from '../../stdlib/functions/index.ts';
import { describeValue } from '../../stdlib/functions/types.ts';
import type { RuntimeRecord, Value } from '../values.ts';
import { valuesEqual } from './equality.ts';
import { memberOf } from './members.ts';
import { randomFor, type RandomStream } from './random.ts';
import { RecordRejected } from './reject.ts';
import { renderTemplate } from './template.ts';

export interface EvalContext {
  /** The deterministic stream for `purpose` (seed, node id and record key are bound already). */
  random(purpose: string): RandomStream;
  /** An environment variable, or undefined when it is not set. */
  env(name: string): string | undefined;
}

/** The context for one record at one node; `env` defaults to the process environment. */
export function recordContext(seed: number, nodeId: string, key: string, env: (name: string) => string | undefined = (name) => process.env[name]): EvalContext {
  return { random: (purpose) => randomFor(seed, nodeId, key, purpose), env };
}

export function evaluate(expr: DagExpr, record: RuntimeRecord, context: EvalContext): Value {
  if ('lit' in expr) return expr.lit as Value;
  if ('field' in expr) return record.fields[expr.field] ?? null;
  if ('member' in expr) return memberOf(evaluate(expr.member[0], record, context), expr.member[1]);
  if ('index' in expr) return indexOf(evaluate(expr.index[0], record, context), evaluate(expr.index[1], record, context));
  if ('call' in expr) return call(expr, record, context);
  if ('op' in expr) return operate(expr.op, expr.args, record, context);
  if ('if' in expr) {
    const condition = evaluate(expr.if[0], record, context);
    if (typeof condition !== 'boolean') throw new RecordRejected(`the condition of \`if\` is ${describeValue(condition)}, not true or false`);
    return evaluate(condition ? expr.if[1] : expr.if[2], record, context);
  }
  if ('list' in expr) return expr.list.map((item) => evaluate(item, record, context));
  if ('record' in expr) {
    return Object.fromEntries(Object.entries(expr.record).map(([name, value]) => [name, evaluate(value, record, context)]));
  }
  if ('template' in expr) return renderTemplate(expr.template, (path) => lookup(path, record));
  if ('env' in expr) return readEnv(expr.env, context);
  throw new Error(`unknown expression ${JSON.stringify(expr as Json)}`);
}

function lookup(path: readonly string[], record: RuntimeRecord): Value {
  let value: Value = record.fields[path[0]] ?? null;
  for (const name of path.slice(1)) value = memberOf(value, name);
  return value;
}

function readEnv(name: string, context: EvalContext): string {
  const value = context.env(name);
  // A missing variable is the run's configuration, not the record's fault.
  if (value === undefined) throw new Error(`environment variable \`${name}\` is not set`);
  return value;
}

function indexOf(base: Value, index: Value): Value {
  if (base === null) return null;
  if (Array.isArray(base) || typeof base === 'string') {
    const items = typeof base === 'string' ? [...base] : base;
    if (typeof index !== 'number' || !Number.isInteger(index)) throw new RecordRejected(`a list index must be a whole number, got ${describeValue(index)}`);
    if (index < 0 || index >= items.length) {
      throw new RecordRejected(`index ${index} is out of range for a ${typeof base === 'string' ? 'string' : 'list'} of ${items.length}`);
    }
    return items[index];
  }
  if (typeof base === 'object' && typeof index === 'string') return memberOf(base, index);
  throw new RecordRejected(`cannot index ${describeValue(base)} with ${describeValue(index)}`);
}

// Calls with the same arguments at the same node draw the same numbers: the stream is named by the call itself.
const callNames = new WeakMap<object, string>();

function call(expr: Extract<DagExpr, { call: string }>, record: RuntimeRecord, context: EvalContext): Value {
  const args: Record<string, Value> = {};
  for (const [name, arg] of Object.entries(expr.args)) args[name] = evaluate(arg, record, context);
  if (expr.call === 'template') return renderTemplate(String(args.text ?? ''), (path) => lookup(path, record));
  if (expr.call === 'env') return readEnv(String(args.name ?? ''), context);
  let callName = callNames.get(expr);
  if (callName === undefined) {
    callName = JSON.stringify(expr);
    callNames.set(expr, callName);
  }
  const name = callName;
  const functionContext: FunctionContext = { random: (purpose) => context.random(`${name}#${purpose}`) };
  return callFunction(expr.call, args, functionContext);
}

function operate(op: string, operands: readonly DagExpr[], record: RuntimeRecord, context: EvalContext): Value {
  const value = (i: number) => evaluate(operands[i], record, context);
  switch (op) {
    case 'and':
    case 'or': {
      const left = truth(op, value(0));
      if (op === 'and' ? !left : left) return left;
      return truth(op, value(1));
    }
    case 'not':
      return !truth(op, value(0));
    case 'neg':
      return -number(op, value(0));
    case '==':
      return valuesEqual(value(0), value(1));
    case '!=':
      return !valuesEqual(value(0), value(1));
    default:
      return binary(op, value(0), value(1));
  }
}

function binary(op: string, left: Value, right: Value): Value {
  if (op === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  if (op === '+' && Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  if (op === '<' || op === '<=' || op === '>' || op === '>=') {
    if (!(typeof left === 'number' && typeof right === 'number') && !(typeof left === 'string' && typeof right === 'string')) {
      throw new RecordRejected(`\`${op}\` compares two numbers or two strings, got ${describeValue(left)} and ${describeValue(right)}`);
    }
    if (op === '<') return left < right;
    if (op === '<=') return left <= right;
    if (op === '>') return left > right;
    return left >= right;
  }
  const a = number(op, left);
  const b = number(op, right);
  let result: number;
  switch (op) {
    case '+': result = a + b; break;
    case '-': result = a - b; break;
    case '*': result = a * b; break;
    case '/':
      if (b === 0) throw new RecordRejected(`division by zero (${a} / 0)`);
      result = a / b;
      break;
    default: throw new Error(`unknown operator \`${op}\``);
  }
  if (!Number.isFinite(result)) throw new RecordRejected(`\`${a} ${op} ${b}\` is too large to represent`);
  return result;
}

function number(op: string, value: Value): number {
  if (typeof value !== 'number') throw new RecordRejected(`\`${op}\` needs a number, got ${describeValue(value)}`);
  return value;
}

function truth(op: string, value: Value): boolean {
  if (typeof value !== 'boolean') throw new RecordRejected(`\`${op}\` needs true or false, got ${describeValue(value)}`);
  return value;
}
