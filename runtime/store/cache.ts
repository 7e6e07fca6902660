// The content-addressed cache of operator results and model calls, keyed by
// (node id, input hash). Both parts are content hashes, so an entry is never
// stale: an edited recipe gets new node ids and misses; nothing is evicted.
// Cost: a commit copies every B-tree page it touches, so puts under random
// hashes cost several times more than puts under ascending keys (a node's
// output cached in numbered chunks of records; see bench/store.ts). A
// transaction also has a cost of its own (the commit, the hand-over to the
// write thread and back, the sync), many times that of a put: a caller that
// stores many small results and need not wait for each (model replies) gives
// them to `putLater`, which writes them together.
import type { Database } from 'lmdb';
import { scopeRange, scopedKey } from './keys.ts';
import { assertDefined, type StorableEntry, type StoreValue } from './value.ts';

export interface CacheCounters {
  readonly hits: number;
  readonly misses: number;
  readonly puts: number;
}

/** How long a result given to `putLater` waits for others to share its transaction. */
export const DEFERRED_WRITE_MS = 25;
/** Deferred results written at once, without waiting out the window, when this many are waiting. */
const MAX_DEFERRED = 1024;

interface DeferredEntry {
  readonly id: string;
  readonly key: Buffer;
  readonly nodeId: string;
  readonly value: StoreValue;
}

export class OperatorCache {
  private hits = 0;
  private misses = 0;
  private puts = 0;
  /** Results given to `putLater` and not yet committed, by node id and input hash (`deferredId`). */
  private readonly deferred = new Map<string, DeferredEntry>();
  /** Those of them not yet handed to LMDB. */
  private waiting: DeferredEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly writing = new Set<Promise<void>>();
  private writeFailure: unknown = null;

  constructor(private readonly db: Database<StoreValue, Buffer>) {}

  /**
   * The value stored for this node and input, or `undefined` (a miss).
   * `T` is not checked: the caller knows what it stored under its node id.
   */
  get<T = StoreValue>(nodeId: string, inputHash: string): T | undefined {
    const deferred = this.deferred.size > 0 ? this.deferred.get(deferredId(nodeId, inputHash)) : undefined;
    const value = deferred ? deferred.value : this.db.get(scopedKey('cache', nodeId, inputHash));
    if (value === undefined) this.misses++;
    else this.hits++;
    return value as T | undefined;
  }

  /** Whether an entry exists, without counting a hit or a miss. */
  has(nodeId: string, inputHash: string): boolean {
    return this.deferred.has(deferredId(nodeId, inputHash)) || this.db.doesExist(scopedKey('cache', nodeId, inputHash));
  }

  /**
   * Stores a result. The promise resolves once the write is committed (see
   * the durability note in store.ts); writes issued in one event-loop turn
   * share one commit, so a caller need not await each put to be fast.
   */
  async put<T>(nodeId: string, inputHash: string, value: T & StorableEntry<T>): Promise<void> {
    assertDefined(value, 'cache.put');
    this.puts++;
    await this.db.put(scopedKey('cache', nodeId, inputHash), value as StoreValue);
  }

  /**
   * Stores a result without making the caller wait for its commit: `get`
   * and `has` see it at once, and it is written within DEFERRED_WRITE_MS in
   * one transaction with the others stored this way meanwhile. `flush()`
   * (and the store's flush and close) write it at once. A process that dies
   * before the write loses it, and the result is computed again. A write
   * that failed is thrown by the next `putLater` and by `flush()`.
   */
  putLater<T>(nodeId: string, inputHash: string, value: T & StorableEntry<T>): void {
    assertDefined(value, 'cache.putLater');
    if (this.writeFailure !== null) throw this.writeFailure;
    const entry: DeferredEntry = { id: deferredId(nodeId, inputHash), key: scopedKey('cache', nodeId, inputHash), nodeId, value: value as StoreValue };
    this.puts++;
    this.deferred.set(entry.id, entry);
    this.waiting.push(entry);
    if (this.waiting.length >= MAX_DEFERRED) this.writeWaiting();
    else this.timer ??= setTimeout(() => this.writeWaiting(), DEFERRED_WRITE_MS);
  }

  /** Writes the results waiting from `putLater` now; resolves once all of them are committed. */
  async flush(): Promise<void> {
    this.writeWaiting();
    await Promise.all(this.writing);
    if (this.writeFailure !== null) throw this.writeFailure;
  }

  /** Entries stored for one node (walks that node's keys, then counts its results not yet written). */
  countFor(nodeId: string): number {
    const range = scopeRange('cache', nodeId);
    let count = this.db.getKeysCount({ start: range.start, end: range.end });
    for (const entry of this.deferred.values()) {
      if (entry.nodeId === nodeId && !this.db.doesExist(entry.key)) count++;
    }
    return count;
  }

  counters(): CacheCounters {
    return { hits: this.hits, misses: this.misses, puts: this.puts };
  }

  /** Hands the waiting results to LMDB in one event-loop turn, which lmdb-js commits as one transaction. */
  private writeWaiting(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    const written = Promise.all(batch.map((entry) => this.db.put(entry.key, entry.value))).then(
      () => {
        for (const entry of batch) {
          // A later putLater of the same key may be waiting still.
          if (this.deferred.get(entry.id) === entry) this.deferred.delete(entry.id);
        }
      },
      (error: unknown) => {
        this.writeFailure ??= error;
      },
    );
    this.writing.add(written);
    void written.finally(() => this.writing.delete(written));
  }
}

/** A deferred entry's name: a node id cannot contain U+0000 (see keys.ts). */
function deferredId(nodeId: string, inputHash: string): string {
  return `${nodeId}\u0000${inputHash}`;
}

/** Cache writes inside `store.transaction`: applied to the open transaction at once. */
export class CacheWriter {
  constructor(private readonly db: Database<StoreValue, Buffer>, private readonly guard: () => void) {}

  get<T = StoreValue>(nodeId: string, inputHash: string): T | undefined {
    this.guard();
    return this.db.get(scopedKey('cache', nodeId, inputHash)) as T | undefined;
  }

  put<T>(nodeId: string, inputHash: string, value: T & StorableEntry<T>): void {
    this.guard();
    assertDefined(value, 'cache.put');
    this.db.putSync(scopedKey('cache', nodeId, inputHash), value as StoreValue);
  }
}
