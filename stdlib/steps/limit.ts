// limit: the first `count` records pass, the rest are rejected (read to the
// end, so that each one is accounted for).
import type { RuntimeRecord } from '../../runtime/values.ts';
import { constantArg, type StepContext } from './types.ts';

export async function* limit(input: AsyncIterable<RuntimeRecord>, context: StepContext): AsyncGenerator<RuntimeRecord> {
  const count = constantArg('limit', context, 'count');
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw new Error(`\`limit\`: \`count\` must be a whole number >= 0, got ${JSON.stringify(count)}`);
  }
  let passed = 0;
  for await (const record of input) {
    if (passed < count) {
      passed++;
      yield record;
    } else {
      context.reject(record, `beyond the first ${count} records (limit)`);
    }
  }
}
