// Human-gate items: a gate exports the items it needs people to look at, the
// run goes on without them, and an import records the answers. An item is
// identified by (gate, itemKey); adding it again keeps the first payload and
// never erases an answer, so re-running a stage is harmless.
import type { Database, RootDatabase } from 'lmdb';
import { itemOf, scopeOf, scopeRange, scopedKey } from './keys.ts';
import { assertDefined, type StorableEntry, type StoreValue } from './value.ts';

export interface PendingItem<P = StoreValue> {
  readonly itemKey: string;
  readonly payload: P;
}

export interface AnsweredItem<P = StoreValue, A = StoreValue> {
  readonly itemKey: string;
  readonly payload: P;
  readonly answer: A;
}

export interface GateCounts {
  /** Items still waiting for an answer. */
  readonly pending: number;
  readonly answered: number;
}

/** The two tables behind the gates: payloads, and answers under the same keys. */
export interface GateTables {
  readonly items: Database<StoreValue, Buffer>;
  readonly answers: Database<StoreValue, Buffer>;
}

export class HumanGates {
  private readonly writer: GateWriter;

  constructor(private readonly root: RootDatabase<StoreValue, Buffer>, private readonly tables: GateTables) {
    this.writer = new GateWriter(tables, () => {});
  }

  /** Resolves to true when the item is new, false when it was already there (left unchanged). */
  async add<T>(gate: string, itemKey: string, payload: T & StorableEntry<T>): Promise<boolean> {
    scopedKey('gate', gate, itemKey);
    assertDefined(payload, 'pending.add');
    return this.root.childTransaction(() => this.writer.add<T>(gate, itemKey, payload));
  }

  /**
   * Records (or replaces) the answer to an item. Resolves to false, writing
   * nothing, when the gate holds no such item: an import of a stale export
   * should report it rather than invent an item.
   */
  async answer<T>(gate: string, itemKey: string, answer: T & StorableEntry<T>): Promise<boolean> {
    scopedKey('gate', gate, itemKey);
    assertDefined(answer, 'pending.answer');
    return this.root.childTransaction(() => this.writer.answer<T>(gate, itemKey, answer));
  }

  /** Items of `gate` with no answer yet, in item-key byte order. `P` is not checked. */
  *list<P = StoreValue>(gate: string): Generator<PendingItem<P>, void, undefined> {
    const range = scopeRange('gate', gate);
    for (const { key, value } of this.tables.items.getRange({ start: range.start, end: range.end })) {
      if (this.tables.answers.doesExist(key)) continue;
      yield { itemKey: itemOf(key, range.prefixBytes), payload: value as P };
    }
  }

  /** Answered items of `gate` with their payloads, in item-key byte order. */
  *answers<P = StoreValue, A = StoreValue>(gate: string): Generator<AnsweredItem<P, A>, void, undefined> {
    const range = scopeRange('gate', gate);
    for (const { key, value } of this.tables.answers.getRange({ start: range.start, end: range.end })) {
      yield { itemKey: itemOf(key, range.prefixBytes), payload: this.tables.items.get(key) as P, answer: value as A };
    }
  }

  /** The answer to one item, or `undefined`. */
  answerOf<A = StoreValue>(gate: string, itemKey: string): A | undefined {
    return this.tables.answers.get(scopedKey('gate', gate, itemKey)) as A | undefined;
  }

  /** Pending and answered counts for every gate that has items, by gate name. */
  counts(): Record<string, GateCounts> {
    const items = countByScope(this.tables.items);
    const answered = countByScope(this.tables.answers);
    return Object.fromEntries(
      [...items].map(([gate, total]): [string, GateCounts] => {
        const done = answered.get(gate) ?? 0;
        return [gate, { pending: total - done, answered: done }];
      }),
    );
  }
}

/** Gate writes inside a write transaction (also the body of the async methods above). */
export class GateWriter {
  constructor(private readonly tables: GateTables, private readonly guard: () => void) {}

  add<T>(gate: string, itemKey: string, payload: T & StorableEntry<T>): boolean {
    this.guard();
    assertDefined(payload, 'pending.add');
    const key = scopedKey('gate', gate, itemKey);
    if (this.tables.items.doesExist(key)) return false;
    this.tables.items.putSync(key, payload as StoreValue);
    return true;
  }

  answer<T>(gate: string, itemKey: string, answer: T & StorableEntry<T>): boolean {
    this.guard();
    assertDefined(answer, 'pending.answer');
    const key = scopedKey('gate', gate, itemKey);
    if (!this.tables.items.doesExist(key)) return false;
    this.tables.answers.putSync(key, answer as StoreValue);
    return true;
  }
}

function countByScope(db: Database<StoreValue, Buffer>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of db.getKeys()) {
    const gate = scopeOf(key);
    counts.set(gate, (counts.get(gate) ?? 0) + 1);
  }
  return counts;
}
