// The runtime's embedded store, one per dataset output folder (at
// `<out>/.rlr/store`): the operator and model-call cache, spill tables for
// dataset assembly, run state and human-gate items, in one LMDB environment
// (lmdb-js; copy-on-write B-trees in a memory-mapped file, no server). The
// spill tables' runs are files in the `spill` folder beside it, each made part
// of its table by an entry in LMDB (see spill.ts).
//
// Durability. A write's promise resolves once its transaction is committed
// (spill puts are the exception: they are buffered until a flush, see
// spill.ts). A committed transaction survives the death of the process,
// SIGKILL included: LMDB has handed it to the kernel, and on reopen lmdb-js
// takes the latest committed transaction as long as the machine has not
// rebooted. An OS crash or power loss can lose the transactions committed
// since the last flush to disk; `store.flush()` resolves once everything so
// far is on disk, and resume-critical state (a committed shard) should be
// flushed before the manifest that refers to it is written. In every case
// the file is never corrupt (a spill run's file is on disk before its entry
// commits), and a lost cache or spill put only means recomputation. One
// process writes a store at a time.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { CacheWriter, OperatorCache, type CacheCounters } from './cache.ts';
import { GateWriter, HumanGates } from './pending.ts';
import { DEFAULT_SPILL_BUFFER_BYTES, SpillTables, type SpillStats } from './spill.ts';
import { RunState, RunStateWriter } from './state.ts';
import type { StoreValue } from './value.ts';

/** Bumped when the layout of keys or values changes; an older store is refused, not misread. */
export const STORE_FORMAT = 3;

export class StoreFormatError extends Error {
  override readonly name = 'StoreFormatError';
}

export interface StoreStats {
  readonly path: string;
  /** Size of the data file on disk. */
  readonly fileBytes: number;
  /** Pages in use, in bytes (the file may be larger: freed pages are reused, not returned). */
  readonly usedBytes: number;
  readonly entries: {
    readonly cache: number;
    /** Spilled entries written as runs (buffered ones are in `spill.buffered`). */
    readonly examples: number;
    readonly state: number;
    readonly pendingItems: number;
    readonly pendingAnswers: number;
  };
  /** Counted since this store was opened. */
  readonly cache: CacheCounters;
  readonly spill: SpillStats;
}

export interface StoreOptions {
  /** Memory a spill table's buffer may hold before it is written as a run (default 32 MiB). */
  readonly spillBufferBytes?: number;
}

/** What a transaction callback can read and write; every write lands in the transaction. */
export interface StoreTransaction {
  readonly cache: CacheWriter;
  readonly state: RunStateWriter;
  readonly pending: GateWriter;
}

export interface Store {
  readonly path: string;
  readonly cache: OperatorCache;
  readonly examples: SpillTables;
  readonly state: RunState;
  readonly pending: HumanGates;
  /**
   * Runs `fn` in one write transaction: all its writes commit together, or
   * none does if it throws. `fn` must be synchronous (the transaction holds
   * the write lock); the promise resolves to its result once committed.
   */
  transaction<T>(fn: (tx: StoreTransaction) => T extends PromiseLike<unknown> ? never : T): Promise<T>;
  /** Writes the spill buffers and the cache's deferred results, then resolves once every write so far is flushed to disk. */
  flush(): Promise<void>;
  stats(): StoreStats;
  /** Does `flush()`, then closes the environment (a second call does nothing). */
  close(): Promise<void>;
}

interface StoreDatabases {
  readonly root: RootDatabase<StoreValue, Buffer>;
  readonly meta: Database<StoreValue, Buffer>;
  readonly cache: Database<StoreValue, Buffer>;
  readonly spillRuns: Database<StoreValue, Buffer>;
  readonly state: Database<StoreValue, Buffer>;
  readonly pendingItems: Database<StoreValue, Buffer>;
  readonly pendingAnswers: Database<StoreValue, Buffer>;
  readonly pendingExports: Database<StoreValue, Buffer>;
}

const FORMAT_KEY = Buffer.from('format');

/** Opens (creating if needed) the store whose files live in the directory `path`. */
export async function openStore(path: string, options: StoreOptions = {}): Promise<Store> {
  mkdirSync(path, { recursive: true });
  // A directory, whatever the name looks like; each value is self-describing (no sharedStructuresKey).
  const root = open<StoreValue, Buffer>({ path, noSubdir: false, keyEncoding: 'binary' });
  const table = (name: string) => root.openDB<StoreValue, Buffer>({ name, keyEncoding: 'binary' });
  const dbs: StoreDatabases = {
    root,
    meta: table('meta'),
    cache: table('cache'),
    spillRuns: table('spill-runs'),
    state: table('state'),
    pendingItems: table('pending-items'),
    pendingAnswers: table('pending-answers'),
    pendingExports: table('pending-exports'),
  };
  try {
    await checkFormat(dbs.meta, path);
  } catch (error) {
    await root.close();
    throw error;
  }
  return new LmdbStore(path, dbs, options.spillBufferBytes ?? DEFAULT_SPILL_BUFFER_BYTES);
}

async function checkFormat(meta: Database<StoreValue, Buffer>, path: string): Promise<void> {
  const format = meta.get(FORMAT_KEY);
  if (format === undefined) {
    await meta.put(FORMAT_KEY, STORE_FORMAT);
  } else if (format !== STORE_FORMAT) {
    throw new StoreFormatError(`the store at ${path} has format ${JSON.stringify(format)}, this rlr reads format ${STORE_FORMAT}; delete the folder to start afresh`);
  }
}

class LmdbStore implements Store {
  readonly cache: OperatorCache;
  readonly examples: SpillTables;
  readonly state: RunState;
  readonly pending: HumanGates;
  private closed = false;

  constructor(readonly path: string, private readonly dbs: StoreDatabases, spillBufferBytes: number) {
    this.cache = new OperatorCache(dbs.cache);
    this.examples = new SpillTables(dbs.root, dbs.spillRuns, join(path, 'spill'), spillBufferBytes);
    this.state = new RunState(dbs.state);
    this.pending = new HumanGates(dbs.root, { items: dbs.pendingItems, answers: dbs.pendingAnswers, exports: dbs.pendingExports });
  }

  transaction<T>(fn: (tx: StoreTransaction) => T extends PromiseLike<unknown> ? never : T): Promise<T> {
    return this.dbs.root.childTransaction(() => {
      let open = true;
      const guard = () => {
        if (!open) throw new Error('store.transaction: the transaction has ended; its callback must not keep `tx` past its return');
      };
      const tx: StoreTransaction = {
        cache: new CacheWriter(this.dbs.cache, guard),
        state: new RunStateWriter(this.dbs.state, guard),
        pending: new GateWriter({ items: this.dbs.pendingItems, answers: this.dbs.pendingAnswers, exports: this.dbs.pendingExports }, guard),
      };
      try {
        const result: unknown = fn(tx);
        if (isThenable(result)) {
          // Writes after its first await would escape the transaction: refuse it whole.
          throw new TypeError('store.transaction: the callback returned a promise; it must be synchronous');
        }
        return result as T;
      } finally {
        open = false;
      }
    });
  }

  async flush(): Promise<void> {
    await Promise.all([this.examples.flush(), this.cache.flush()]);
    await this.dbs.root.flushed;
  }

  stats(): StoreStats {
    const env = this.dbs.root.getStats() as { pageSize: number; lastPageNumber: number };
    const entries = (db: Database<StoreValue, Buffer>) => (db.getStats() as { entryCount: number }).entryCount;
    return {
      path: this.path,
      fileBytes: statSync(join(this.path, 'data.mdb')).size,
      usedBytes: (env.lastPageNumber + 1) * env.pageSize,
      entries: {
        cache: entries(this.dbs.cache),
        examples: this.examples.stats().stored,
        state: entries(this.dbs.state),
        pendingItems: entries(this.dbs.pendingItems),
        pendingAnswers: entries(this.dbs.pendingAnswers),
      },
      cache: this.cache.counters(),
      spill: this.examples.stats(),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    await this.dbs.root.close();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
