// Which yes/no item a reviewer gets next. Items are offered in (gate, item key)
// order to whoever `awaits` says may answer them now; an offered item is leased
// to that one reviewer until they decide, skip, or the lease runs out, so that
// people reviewing at once never look at the same item together. A QA item's
// second answer goes to someone else because the first answerer is no longer
// awaited, and a disagreement goes to a third person the same way.
//
// The queue keeps the items and their answers in memory: the review server is
// the only writer of the store while it runs, and hands every answer it writes
// back through `update`. Leases and skips live only as long as the queue.
import type { GateEntry } from '../../store/pending.ts';
import { awaits, resolve } from '../resolve.ts';
import type { GateItem, ItemAnswers } from '../types.ts';

export const DEFAULT_LEASE_MS = 10 * 60 * 1000;

export interface ReviewQueueOptions {
  /** How long an offered item stays with its reviewer (default 10 minutes). */
  readonly leaseMs?: number;
  /** Milliseconds since the epoch; `Date.now` unless a test drives time itself. */
  readonly now?: () => number;
}

/** An item leased to one reviewer, and what they are asked for. */
export interface Offer {
  readonly gate: string;
  readonly itemKey: string;
  readonly item: GateItem;
  readonly answers: ItemAnswers;
  readonly need: 'answer' | 'adjudication';
  readonly expiresAt: number;
}

export interface ReviewProgress {
  /** Items this reviewer answered or adjudicated, in any session. */
  readonly done: number;
  /** Items that still wait for this reviewer (not counting those they skipped). */
  readonly remaining: number;
}

interface Slot {
  readonly gate: string;
  readonly itemKey: string;
  readonly item: GateItem;
  answers: ItemAnswers;
  lease: { reviewer: string; expiresAt: number } | null;
}

const slotId = (gate: string, itemKey: string) => `${gate}\u0000${itemKey}`;

/** The order of the store's keys: UTF-8 bytes, gate first. */
function byGateThenKey(a: { gate: string; itemKey: string }, b: { gate: string; itemKey: string }): number {
  return Buffer.compare(Buffer.from(a.gate), Buffer.from(b.gate)) || Buffer.compare(Buffer.from(a.itemKey), Buffer.from(b.itemKey));
}

/** Only a validate gate's yes/no items are reviewed here; the others go to annotation tools. */
export const isReviewable = (item: GateItem): boolean => item.task === 'yes_no';

export class ReviewQueue {
  private readonly slots: Slot[];
  private readonly index = new Map<string, number>();
  /** The slot each reviewer holds (its lease may have run out since). */
  private readonly held = new Map<string, number>();
  private readonly skipped = new Map<string, Set<number>>();
  private readonly leaseMs: number;
  private readonly now: () => number;

  constructor(entries: Iterable<GateEntry>, options: ReviewQueueOptions = {}) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.now = options.now ?? Date.now;
    this.slots = [...entries]
      .filter((entry) => isReviewable(entry.item))
      .map((entry): Slot => ({ gate: entry.item.gate, itemKey: entry.itemKey, item: entry.item, answers: entry.answers, lease: null }))
      .sort(byGateThenKey);
    this.slots.forEach((slot, i) => {
      const id = slotId(slot.gate, slot.itemKey);
      if (this.index.has(id)) throw new Error(`the review queue was given the item \`${slot.itemKey}\` of gate \`${slot.gate}\` twice`);
      this.index.set(id, i);
    });
  }

  get size(): number {
    return this.slots.length;
  }

  /** The item with its current answers, when it is one the queue reviews. */
  find(gate: string, itemKey: string): { item: GateItem; answers: ItemAnswers } | undefined {
    const at = this.index.get(slotId(gate, itemKey));
    return at === undefined ? undefined : this.slots[at];
  }

  /**
   * The reviewer's current item, or else the first item that waits for them,
   * nobody else holds and they did not skip, leased to them; null when none.
   */
  next(reviewer: string): Offer | null {
    const now = this.now();
    const current = this.held.get(reviewer);
    if (current !== undefined) {
      const offer = this.lease(reviewer, current, now);
      if (offer) return offer;
      this.release(reviewer);
    }
    const skipped = this.skipped.get(reviewer);
    for (let i = 0; i < this.slots.length; i++) {
      if (skipped?.has(i)) continue;
      const offer = this.lease(reviewer, i, now);
      if (offer) return offer;
    }
    return null;
  }

  /**
   * Leases this item to the reviewer in place of what they held (an undo
   * shows the item again), unless someone else holds it or it no longer waits
   * for them; null then.
   */
  take(reviewer: string, gate: string, itemKey: string): Offer | null {
    const at = this.index.get(slotId(gate, itemKey));
    if (at === undefined) return null;
    const now = this.now();
    if (!this.freeFor(this.slots[at], reviewer, now) || awaits(this.slots[at].item, this.slots[at].answers, reviewer) === null) return null;
    this.release(reviewer);
    this.skipped.get(reviewer)?.delete(at);
    return this.lease(reviewer, at, now);
  }

  /** What `reviewer` may do with this item now: null when it does not wait for them or someone else holds it. */
  mayDecide(reviewer: string, gate: string, itemKey: string): 'answer' | 'adjudication' | null {
    const at = this.index.get(slotId(gate, itemKey));
    if (at === undefined) return null;
    const slot = this.slots[at];
    return this.freeFor(slot, reviewer, this.now()) ? awaits(slot.item, slot.answers, reviewer) : null;
  }

  /** Whether someone other than `reviewer` holds a live lease on the item. */
  heldByOther(reviewer: string, gate: string, itemKey: string): boolean {
    const at = this.index.get(slotId(gate, itemKey));
    return at !== undefined && !this.freeFor(this.slots[at], reviewer, this.now());
  }

  /** Gives up the reviewer's lease, if any. */
  release(reviewer: string): void {
    const at = this.held.get(reviewer);
    if (at === undefined) return;
    this.held.delete(reviewer);
    if (this.slots[at].lease?.reviewer === reviewer) this.slots[at].lease = null;
  }

  /** The reviewer passes on this item: they do not get it again from this queue. */
  skip(reviewer: string, gate: string, itemKey: string): void {
    const at = this.index.get(slotId(gate, itemKey));
    if (at === undefined) return;
    if (this.held.get(reviewer) === at) this.release(reviewer);
    const skipped = this.skipped.get(reviewer) ?? new Set<number>();
    skipped.add(at);
    this.skipped.set(reviewer, skipped);
  }

  /** The item's answers as now stored; a lease whose holder is no longer awaited ends. */
  update(gate: string, itemKey: string, answers: ItemAnswers): void {
    const at = this.index.get(slotId(gate, itemKey));
    if (at === undefined) return;
    const slot = this.slots[at];
    slot.answers = answers;
    if (slot.lease && awaits(slot.item, answers, slot.lease.reviewer) === null) this.release(slot.lease.reviewer);
  }

  progress(reviewer: string): ReviewProgress {
    const skipped = this.skipped.get(reviewer);
    let done = 0;
    let remaining = 0;
    this.slots.forEach((slot, i) => {
      if (slot.answers.adjudication?.annotator === reviewer || slot.answers.annotations.some((a) => a.annotator === reviewer)) done++;
      if (!skipped?.has(i) && awaits(slot.item, slot.answers, reviewer) !== null) remaining++;
    });
    return { done, remaining };
  }

  /** How many items there are and how many are settled (answered, agreed on or adjudicated). */
  summary(): { items: number; settled: number } {
    return { items: this.slots.length, settled: this.slots.filter((slot) => resolve(slot.item, slot.answers).status === 'answered').length };
  }

  private freeFor(slot: Slot, reviewer: string, now: number): boolean {
    return slot.lease === null || slot.lease.reviewer === reviewer || slot.lease.expiresAt <= now;
  }

  /** Leases slot `at` to the reviewer (renewing their own lease) when it is free for them and waits for them. */
  private lease(reviewer: string, at: number, now: number): Offer | null {
    const slot = this.slots[at];
    if (!this.freeFor(slot, reviewer, now)) return null;
    const need = awaits(slot.item, slot.answers, reviewer);
    if (need === null) return null;
    if (this.held.get(reviewer) !== at) this.release(reviewer);
    if (slot.lease && slot.lease.reviewer !== reviewer) this.held.delete(slot.lease.reviewer);
    const expiresAt = now + this.leaseMs;
    slot.lease = { reviewer, expiresAt };
    this.held.set(reviewer, at);
    return { gate: slot.gate, itemKey: slot.itemKey, item: slot.item, answers: slot.answers, need, expiresAt };
  }
}
