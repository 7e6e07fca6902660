// dedup: the first record for each value of `key` passes; later ones are
// rejected as duplicates. Memory holds one 128-bit hash of each distinct
// value (and the key of the record that kept it, for the reason), not records.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../runtime/evaluate/equality.ts';
import type { RuntimeRecord, Value } from '../../runtime/values.ts';
import { recordArg, type StepContext } from './types.ts';

export function valueHash(value: Value): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64').slice(0, 22);
}

export async function* dedup(input: AsyncIterable<RuntimeRecord>, context: StepContext): AsyncGenerator<RuntimeRecord> {
  const keptBy = new Map<string, string>();
  for await (const record of input) {
    const value = recordArg('dedup', context, 'key', record);
    if (value === undefined) continue;
    const hash = valueHash(value);
    const first = keptBy.get(hash);
    if (first !== undefined) {
      context.reject(record, `duplicate: record \`${first}\` has the same dedup key`);
      continue;
    }
    keptBy.set(hash, record.key);
    yield record;
  }
}
