// sample: a deterministic subsample. By `fraction`, each record is kept on its
// own draw (streaming, no memory). By `count`, the records with the `count`
// smallest draws are kept: the same set whatever the order or timing, held
// in a heap of `count` records and passed on, in input order, at the end.
import { randomFor } from '../../runtime/evaluate/random.ts';
import type { RuntimeRecord } from '../../runtime/values.ts';
import { BoundedMaxHeap } from './heap.ts';
import { constantArg, type StepContext } from './types.ts';

interface Ranked { readonly rank: number; readonly key: string; readonly position: number; readonly record: RuntimeRecord }

const byRank = (a: Ranked, b: Ranked) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export async function* sample(input: AsyncIterable<RuntimeRecord>, context: StepContext): AsyncGenerator<RuntimeRecord> {
  const fraction = constantArg('sample', context, 'fraction');
  const count = constantArg('sample', context, 'count');
  if ((fraction === null) === (count === null)) throw new Error('`sample` takes exactly one of `fraction` and `count`');
  const draw = (record: RuntimeRecord) => randomFor(context.seed, context.nodeId, record.key, 'sample')();

  if (fraction !== null) {
    if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) throw new Error(`\`sample\`: \`fraction\` must be between 0% and 100%, got ${JSON.stringify(fraction)}`);
    const shown = `${Number((fraction * 100).toPrecision(6))}%`;
    for await (const record of input) {
      if (draw(record) < fraction) yield record;
      else context.reject(record, `not among the ${shown} sampled`);
    }
    return;
  }

  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new Error(`\`sample\`: \`count\` must be a whole number >= 0, got ${JSON.stringify(count)}`);
  const heap = new BoundedMaxHeap<Ranked>(count, byRank);
  let position = 0;
  for await (const record of input) {
    const dropped = heap.offer({ rank: draw(record), key: record.key, position: position++, record });
    if (dropped) context.reject(dropped.record, `not among the ${count} records sampled`);
  }
  const kept = [...heap.values()].sort((a, b) => a.position - b.position);
  for (const { record } of kept) yield record;
}
