// The review queue on its own: who gets which yes/no item, for how long, and
// that two people never hold the same item at once.
import { describe, expect, it } from 'vitest';
import { ReviewQueue, type Offer } from '../../runtime/human/review/queue.ts';
import type { Annotation, GateItem, GateTask, ItemAnswers } from '../../runtime/human/types.ts';
import { NO_ANSWERS } from '../../runtime/human/types.ts';
import type { GateEntry } from '../../runtime/store/pending.ts';

const LEASE_MS = 1000;

function item(gate: string, record: string, options: { qa?: boolean; task?: GateTask } = {}): GateItem {
  const task = options.task ?? 'yes_no';
  return {
    gate, task, mode: task === 'yes_no' ? 'validate' : 'annotate', record,
    media: { kind: 'image', file: `/data/${record}.png`, name: `${record}.png`, width: 8, height: 8, duration: null, fps: null, frame_count: null, frames: null },
    question: task === 'yes_no' ? `Does ${record} make sense?` : null, labels: [], predictions: null,
    qa: options.qa ?? false, instructions: null,
  };
}

const entry = (gate: string, itemKey: string, options: { qa?: boolean; task?: GateTask } = {}): GateEntry =>
  ({ itemKey, item: item(gate, itemKey, options), answers: NO_ANSWERS });

const answer = (annotator: string, value: boolean): Annotation => ({ annotator, value, origin: 'review', ref: `review:${annotator}:1` });

/** A queue whose clock the test moves. */
function queueOf(entries: GateEntry[]) {
  const clock = { now: 1_000_000 };
  const queue = new ReviewQueue(entries, { leaseMs: LEASE_MS, now: () => clock.now });
  return { queue, clock };
}

const keyOf = (offer: Offer | null) => offer && `${offer.gate}/${offer.itemKey}`;

/** What the server does after writing an answer: the queue learns the stored answers and the lease ends. */
function answered(queue: ReviewQueue, reviewer: string, offer: Offer | null, value: boolean): void {
  if (!offer) throw new Error(`${reviewer} has no item to answer`);
  const before = queue.find(offer.gate, offer.itemKey)!.answers;
  const after: ItemAnswers = offer.need === 'adjudication'
    ? { annotations: before.annotations, adjudication: answer(reviewer, value) }
    : { annotations: [...before.annotations, answer(reviewer, value)].sort((a, b) => a.annotator.localeCompare(b.annotator)), adjudication: before.adjudication };
  queue.update(offer.gate, offer.itemKey, after);
  queue.release(reviewer);
}

describe('the review queue', () => {
  it('offers yes/no items in (gate, item key) order and leaves the other tasks out', () => {
    const { queue } = queueOf([
      entry('b.check', 'x2'), entry('a.check', 'y'), entry('b.check', 'x10'), entry('a.boxes', 'z', { task: 'image_boxes' }), entry('b.check', 'x1'),
    ]);
    expect(queue.size).toBe(4);
    expect(queue.find('a.boxes', 'z')).toBeUndefined();
    const seen: (string | null)[] = [];
    for (let offer = queue.next('ana'); offer; offer = queue.next('ana')) {
      seen.push(keyOf(offer));
      answered(queue, 'ana', offer, true);
    }
    // Byte order of the keys, as the store keeps them: x10 before x2.
    expect(seen).toEqual(['a.check/y', 'b.check/x1', 'b.check/x10', 'b.check/x2']);
  });

  it('gives a reviewer one item at a time, the same one until they decide', () => {
    const { queue } = queueOf([entry('g', 'a'), entry('g', 'b')]);
    const first = queue.next('ana');
    expect(keyOf(first)).toBe('g/a');
    expect(keyOf(queue.next('ana'))).toBe('g/a');
    answered(queue, 'ana', first, true);
    expect(keyOf(queue.next('ana'))).toBe('g/b');
  });

  it('never gives two reviewers the same item at the same time', () => {
    const { queue } = queueOf([entry('g', 'a'), entry('g', 'b'), entry('g', 'c')]);
    const offers = ['ana', 'ben', 'cleo', 'dan'].map((reviewer) => keyOf(queue.next(reviewer)));
    expect(offers).toEqual(['g/a', 'g/b', 'g/c', null]);
    // Asking again changes nothing while the leases last.
    expect(['ana', 'ben', 'cleo', 'dan'].map((reviewer) => keyOf(queue.next(reviewer)))).toEqual(offers);
  });

  it('hands a lease that ran out to the next reviewer, and refuses the first a decision on it', () => {
    const { queue, clock } = queueOf([entry('g', 'a'), entry('g', 'b')]);
    const first = queue.next('ana')!;
    expect(first.expiresAt).toBe(clock.now + LEASE_MS);
    expect(keyOf(queue.next('ben'))).toBe('g/b');
    expect(queue.next('cleo')).toBeNull();
    clock.now += LEASE_MS - 1;
    expect(queue.next('cleo')).toBeNull();
    clock.now += 1;
    // Both leases ran out: cleo takes the first item; ana's lease is gone.
    expect(keyOf(queue.next('cleo'))).toBe('g/a');
    expect(queue.mayDecide('ana', 'g', 'a')).toBeNull();
    expect(queue.heldByOther('ana', 'g', 'a')).toBe(true);
    expect(queue.mayDecide('cleo', 'g', 'a')).toBe('answer');
    // Ana asks again and gets the other item (ben's lease ran out too).
    expect(keyOf(queue.next('ana'))).toBe('g/b');
  });

  it('renews a lease when its reviewer asks again', () => {
    const { queue, clock } = queueOf([entry('g', 'a')]);
    queue.next('ana');
    clock.now += LEASE_MS - 10;
    expect(queue.next('ana')!.expiresAt).toBe(clock.now + LEASE_MS);
    clock.now += LEASE_MS - 10;
    expect(queue.next('ben')).toBeNull();
  });

  it('does not give a skipped item back to the reviewer who skipped it, but gives it to others', () => {
    const { queue } = queueOf([entry('g', 'a'), entry('g', 'b')]);
    expect(keyOf(queue.next('ana'))).toBe('g/a');
    queue.skip('ana', 'g', 'a');
    expect(keyOf(queue.next('ana'))).toBe('g/b');
    expect(keyOf(queue.next('ben'))).toBe('g/a');
    answered(queue, 'ana', queue.next('ana'), true);
    queue.release('ben');
    // Only the skipped item is left, and it is free: still not ana's.
    expect(queue.next('ana')).toBeNull();
    expect(queue.progress('ana')).toEqual({ done: 1, remaining: 0 });
    expect(queue.progress('ben')).toEqual({ done: 0, remaining: 1 });
  });

  it('sends a QA item to a second, different reviewer, and settles it when they agree', () => {
    const { queue } = queueOf([entry('g', 'q', { qa: true })]);
    const first = queue.next('ana');
    expect(keyOf(first)).toBe('g/q');
    expect(queue.next('ben')).toBeNull();
    answered(queue, 'ana', first, true);
    // The first answerer asks first, and still does not get it again.
    expect(queue.next('ana')).toBeNull();
    const second = queue.next('ben');
    expect(keyOf(second)).toBe('g/q');
    expect(second!.need).toBe('answer');
    answered(queue, 'ben', second, true);
    expect(['ana', 'ben', 'cleo'].map((reviewer) => queue.next(reviewer))).toEqual([null, null, null]);
    expect(queue.summary()).toEqual({ items: 1, settled: 1 });
  });

  it('after two QA answers disagree, gives the item to a third reviewer to adjudicate', () => {
    const { queue } = queueOf([entry('g', 'plain'), entry('g', 'q', { qa: true })]);
    answered(queue, 'ana', queue.next('ana'), true);
    answered(queue, 'ana', queue.next('ana'), true);
    expect(queue.next('ana')).toBeNull();
    const second = queue.next('ben');
    expect(keyOf(second)).toBe('g/q');
    answered(queue, 'ben', second, false);
    expect(queue.summary()).toEqual({ items: 2, settled: 1 });
    expect(queue.next('ana')).toBeNull();
    expect(queue.next('ben')).toBeNull();
    const third = queue.next('cleo');
    expect(keyOf(third)).toBe('g/q');
    expect(third!.need).toBe('adjudication');
    expect(queue.mayDecide('dan', 'g', 'q')).toBeNull();
    answered(queue, 'cleo', third, false);
    expect(queue.next('dan')).toBeNull();
    expect(queue.summary()).toEqual({ items: 2, settled: 2 });
    expect(queue.progress('cleo')).toEqual({ done: 1, remaining: 0 });
  });

  it('takes an undone item back for its reviewer unless someone else holds it', () => {
    const { queue } = queueOf([entry('g', 'a'), entry('g', 'b'), entry('g', 'c')]);
    const first = queue.next('ana');
    answered(queue, 'ana', first, true);
    expect(keyOf(queue.next('ana'))).toBe('g/b');
    // Undo: the answer is withdrawn, and ana holds `a` again in place of `b`.
    queue.update('g', 'a', NO_ANSWERS);
    expect(keyOf(queue.take('ana', 'g', 'a'))).toBe('g/a');
    expect(keyOf(queue.next('ben'))).toBe('g/b');
    expect(queue.take('cleo', 'g', 'a')).toBeNull();
    expect(queue.take('cleo', 'g', 'missing')).toBeNull();
  });

  it('ends a lease when another answer settles the item under it, and keeps one that still waits for its holder', () => {
    const { queue } = queueOf([entry('g', 'a'), entry('g', 'q', { qa: true })]);
    expect(keyOf(queue.next('ana'))).toBe('g/a');
    expect(keyOf(queue.next('ben'))).toBe('g/q');
    // Answers recorded for someone else (an earlier lease of theirs, say): `a` is settled, `q` still waits for ben.
    queue.update('g', 'a', { annotations: [answer('dan', true)], adjudication: null });
    queue.update('g', 'q', { annotations: [answer('dan', true)], adjudication: null });
    expect(queue.heldByOther('cleo', 'g', 'a')).toBe(false);
    expect(queue.heldByOther('cleo', 'g', 'q')).toBe(true);
    expect(keyOf(queue.next('ben'))).toBe('g/q');
    expect(queue.next('ana')).toBeNull();
  });

  it('refuses the same item twice', () => {
    expect(() => queueOf([entry('g', 'a'), entry('g', 'a')])).toThrow(/twice/);
  });
});
