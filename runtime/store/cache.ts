// The content-addressed cache of operator results and model calls, keyed by
// (node id, input hash). Both parts are content hashes, so an entry is never
// stale: an edited recipe gets new node ids and misses; nothing is evicted.
// Cost: a commit copies every B-tree page it touches, so puts under random
// hashes cost several times more than puts under ascending keys (a node's
// output cached in numbered chunks of records; see bench/store.ts).
import type { Database } from 'lmdb';
import { scopeRange, scopedKey } from './keys.ts';
import { assertDefined, type StorableEntry, type StoreValue } from './value.ts';

export interface CacheCounters {
  readonly hits: number;
  readonly misses: number;
  readonly puts: number;
}

export class OperatorCache {
  private hits = 0;
  private misses = 0;
  private puts = 0;

  constructor(private readonly db: Database<StoreValue, Buffer>) {}

  /**
   * The value stored for this node and input, or `undefined` (a miss).
   * `T` is not checked: the caller knows what it stored under its node id.
   */
  get<T = StoreValue>(nodeId: string, inputHash: string): T | undefined {
    const value = this.db.get(scopedKey('cache', nodeId, inputHash));
    if (value === undefined) this.misses++;
    else this.hits++;
    return value as T | undefined;
  }

  /** Whether an entry exists, without counting a hit or a miss. */
  has(nodeId: string, inputHash: string): boolean {
    return this.db.doesExist(scopedKey('cache', nodeId, inputHash));
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

  /** Entries stored for one node (walks that node's keys). */
  countFor(nodeId: string): number {
    const range = scopeRange('cache', nodeId);
    return this.db.getKeysCount({ start: range.start, end: range.end });
  }

  counters(): CacheCounters {
    return { hits: this.hits, misses: this.misses, puts: this.puts };
  }
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
