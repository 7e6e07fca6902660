// Every function of the registry, by name. `template` and `env` are not here:
// the evaluator fills templates from the record and reads the environment.
import { registry } from '../registry/index.ts';
import type { Value } from '../../runtime/values.ts';
import { choices } from './choices.ts';
import { conversions } from './conversions.ts';
import { loweredDefault } from './defaults.ts';
import { lists } from './lists.ts';
import { masks } from './masks.ts';
import { numbers } from './numbers.ts';
import { regions } from './regions.ts';
import { strings } from './strings.ts';
import { text } from './text.ts';
import type { Args, FunctionContext, FunctionImpl } from './types.ts';
import { units } from './units.ts';
import { video } from './video.ts';

export type { Args, FunctionContext, FunctionImpl } from './types.ts';

/** Functions the evaluator handles itself, because they read the record or the environment. */
export const evaluatorFunctions: readonly string[] = ['template', 'env'];

export const functions: ReadonlyMap<string, FunctionImpl> = new Map([
  ...conversions, ...numbers, ...strings, ...lists, ...units, ...text, ...masks, ...regions, ...video, ...choices,
]);

/**
 * The arguments with the registry's defaults for those not given, percents as
 * fractions the way the compiler lowers them. A DAG always carries every
 * argument; this serves tests and tools that call functions directly.
 */
export function withDefaults(name: string, args: Args): Args {
  const entry = registry.functions.get(name);
  if (!entry) return args;
  const filled: Record<string, Value> = { ...args };
  for (const param of entry.params) {
    if (filled[param.name] !== undefined || param.default === undefined) continue;
    filled[param.name] = loweredDefault(param);
  }
  return filled;
}

/** Calls a function by name; unknown names are a bug in the DAG, not in the record. */
export function callFunction(name: string, args: Args, context: FunctionContext): Value {
  const implementation = functions.get(name);
  if (!implementation) throw new Error(`no implementation of function \`${name}\``);
  return implementation(withDefaults(name, args), context);
}
