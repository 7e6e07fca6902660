// Calls a standard-library function the way the evaluator does, for one record key.
import { expect } from 'vitest';
import { randomFor } from '../../runtime/evaluate/random.ts';
import { RecordRejected } from '../../runtime/evaluate/reject.ts';
import type { Value } from '../../runtime/values.ts';
import { callFunction, type Args } from '../../stdlib/functions/index.ts';

export function call(name: string, args: Args, key = 'record-1', seed = 7): Value {
  return callFunction(name, args, { random: (purpose) => randomFor(seed, 'node0000000000ab', key, purpose) });
}

/** The reason the call rejects the record with; fails the test when it does not reject. */
export function rejection(name: string, args: Args, key = 'record-1'): string {
  try {
    call(name, args, key);
  } catch (error) {
    if (error instanceof RecordRejected) return error.reason;
    throw error;
  }
  expect.fail(`\`${name}\` did not reject ${JSON.stringify(args)}`);
}
