// balance: caps the share of each value of `key` in the output. The largest
// per-value count c with c <= max_share * (the output's size when every value
// is cut to c) is found from the value counts; each value with more records
// than c keeps exactly c of them, chosen by selection sampling (Knuth's
// algorithm S: the t-th of n records is kept when its own draw is below
// (still needed) / (still to come)), which is uniform and needs no buffer.
//
// That needs the counts before the first record is passed on, so balance
// reads its input twice when the executor can replay it (memory: one count
// per distinct value), and otherwise holds its input in memory.
import { canonicalJson } from '../../runtime/evaluate/equality.ts';
import { randomFor } from '../../runtime/evaluate/random.ts';
import { RecordRejected } from '../../runtime/evaluate/reject.ts';
import type { RuntimeRecord } from '../../runtime/values.ts';
import { valueHash } from './dedup.ts';
import { constantArg, recordArg, type StepContext } from './types.ts';

interface Tally {
  readonly shown: string;
  count: number;
  cap: number;
  seen: number;
  kept: number;
}

/** The largest c with c <= share * sum(min(n, c)); feasibility only shrinks as c grows, so bisect. */
export function perValueCap(counts: readonly number[], share: number): number {
  const total = (c: number) => counts.reduce((sum, n) => sum + Math.min(n, c), 0);
  // A little slack, so that 50% of 10 allows 5 despite binary fractions.
  const fits = (c: number) => c <= share * total(c) + 1e-9;
  let low = 0;
  let high = counts.reduce((most, n) => Math.max(most, n), 0);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

export async function* balance(input: AsyncIterable<RuntimeRecord>, context: StepContext): AsyncGenerator<RuntimeRecord> {
  const share = constantArg('balance', context, 'max_share');
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) throw new Error(`\`balance\`: \`max_share\` must be above 0% and at most 100%, got ${JSON.stringify(share)}`);

  const replay = context.replay?.bind(context);
  const held: Array<{ record: RuntimeRecord; hash: string }> = [];
  const tallies = new Map<string, Tally>();
  let firstPass = 0;
  for await (const record of input) {
    const value = recordArg('balance', context, 'key', record);
    if (value === undefined) continue;
    const hash = valueHash(value);
    const tally = tallies.get(hash);
    if (tally) tally.count++;
    else tallies.set(hash, { shown: canonicalJson(value).slice(0, 60), count: 1, cap: 0, seen: 0, kept: 0 });
    firstPass++;
    if (!replay) held.push({ record, hash });
  }

  const cap = perValueCap([...tallies.values()].map((t) => t.count), share);
  for (const tally of tallies.values()) tally.cap = Math.min(tally.count, cap);
  const shareText = `${Number((share * 100).toPrecision(6))}%`;

  const decide = (record: RuntimeRecord, tally: Tally): boolean => {
    const remaining = tally.count - tally.seen++;
    const needed = tally.cap - tally.kept;
    const keep = needed > 0 && (needed >= remaining || randomFor(context.seed, context.nodeId, record.key, 'balance')() * remaining < needed);
    if (keep) tally.kept++;
    else context.reject(record, `balance: value ${tally.shown} would hold more than ${shareText} of the output (keeps ${tally.cap} of ${tally.count})`);
    return keep;
  };

  if (!replay) {
    for (const { record, hash } of held.splice(0)) if (decide(record, tallies.get(hash)!)) yield record;
    return;
  }
  let secondPass = 0;
  for await (const record of replay()) {
    let hash: string;
    try {
      hash = valueHash(context.evaluate(context.args.key, record));
    } catch (error) {
      // Rejected in the first pass already.
      if (error instanceof RecordRejected) continue;
      throw error;
    }
    const tally = tallies.get(hash);
    if (!tally) throw new Error('`balance`: the replayed input differs from the first pass');
    secondPass++;
    if (decide(record, tally)) yield record;
  }
  if (secondPass !== firstPass) throw new Error(`\`balance\`: the replayed input had ${secondPass} records, the first pass ${firstPass}`);
}
