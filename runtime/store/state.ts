// Run state that resume reads back: which shards were committed (with their
// sha256), which inputs a source finished, and the like. Plain string keys;
// callers group related keys under a prefix (`shard/rl/train/00003`).
import type { Database } from 'lmdb';
import { itemOf, plainKey } from './keys.ts';
import { assertDefined, type StorableEntry, type StoreValue } from './value.ts';

export interface StateEntry<T = StoreValue> {
  readonly key: string;
  readonly value: T;
}

export class RunState {
  constructor(private readonly db: Database<StoreValue, Buffer>) {}

  /** `T` is not checked. */
  get<T = StoreValue>(key: string): T | undefined {
    return this.db.get(plainKey('state', key)) as T | undefined;
  }

  /** Resolves once committed (see the durability note in store.ts). */
  async put<T>(key: string, value: T & StorableEntry<T>): Promise<void> {
    assertDefined(value, 'state.put');
    await this.db.put(plainKey('state', key), value as StoreValue);
  }

  /** Resolves to whether the key existed, once the delete is committed. */
  async delete(key: string): Promise<boolean> {
    const stored = plainKey('state', key);
    // In a transaction, so that "existed" describes the state the delete applied to.
    return this.db.childTransaction(() => this.db.removeSync(stored));
  }

  /** Entries whose key starts with `prefix`, in key byte order. */
  *entries<T = StoreValue>(prefix = ''): Generator<StateEntry<T>, void, undefined> {
    const start = prefix === '' ? undefined : Buffer.from(prefix, 'utf8');
    for (const { key, value } of this.db.getRange({ start, end: start && prefixEnd(start) })) {
      yield { key: itemOf(key, 0), value: value as T };
    }
  }
}

/** State writes inside `store.transaction`. */
export class RunStateWriter {
  constructor(private readonly db: Database<StoreValue, Buffer>, private readonly guard: () => void) {}

  get<T = StoreValue>(key: string): T | undefined {
    this.guard();
    return this.db.get(plainKey('state', key)) as T | undefined;
  }

  put<T>(key: string, value: T & StorableEntry<T>): void {
    this.guard();
    assertDefined(value, 'state.put');
    this.db.putSync(plainKey('state', key), value as StoreValue);
  }

  delete(key: string): boolean {
    this.guard();
    return this.db.removeSync(plainKey('state', key));
  }
}

/** The smallest key above every key that starts with `prefix` (undefined: no bound). */
function prefixEnd(prefix: Buffer): Buffer | undefined {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return undefined;
}
