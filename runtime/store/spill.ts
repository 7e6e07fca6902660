// Spill tables for the two-pass dataset assembly: the first pass puts each
// example under a sort key, the second reads a table back in sort-key order.
// It is an external merge sort. Puts collect in a bounded buffer; a full
// buffer is sorted and written as one *run* of ~64 KiB blocks under
// consecutive keys, a sequential write however random the sort keys. (Random
// inserts into one B-tree cost ~4x in file size and ~5x in time at a million
// entries: LMDB copies every leaf page a commit touches.) Reading merges the
// runs and the buffer, holding one block per run in memory.
//
// A put is in memory until its run is written: a full buffer writes itself,
// `flush()` writes the rest. Only written runs survive a crash, each whole or
// not at all (blocks and registry commit in one transaction), so a first
// pass records its completion in the run state after `flush()`, and a
// resumed run without that record clears the table and fills it again.
import type { Database, RootDatabase } from 'lmdb';
import { Packr } from 'msgpackr';
import { runBlockKey, runKey, runOf, scopeOf, scopeRange } from './keys.ts';
import { mergeSorted, type Sorted } from './merge.ts';
import { compareKeyed, compareSortKeys, needsCodePointCompare, type SortKeyed } from './sort-key.ts';
import { assertDefined, type StorableEntry, type StoreValue } from './value.ts';

export interface SpillEntry<T = StoreValue> {
  readonly sortKey: string;
  readonly value: T;
}

/** Sort keys in [start, end): `start` inclusive, `end` exclusive, both compared as UTF-8 bytes. */
export interface SortKeyRange {
  readonly start?: string;
  readonly end?: string;
}

export interface SpillStats {
  readonly runs: number;
  /** Entries written as runs. */
  readonly stored: number;
  /** Entries in memory, not yet written as a run. */
  readonly buffered: number;
}

/** A run's registry entry. `first` and `last` let a ranged read skip the run. */
interface RunInfo {
  readonly run: number;
  readonly count: number;
  readonly blocks: number;
  readonly first: string;
  readonly last: string;
}

interface Buffered extends SortKeyed {
  /** The value as MessagePack, encoded at put so that later changes to the caller's object do not leak in. */
  readonly bytes: Buffer;
}

/** A run being written: read from memory until its commit is visible. */
interface InFlight {
  readonly run: number;
  readonly entries: readonly Buffered[];
}

/** Bytes a buffered entry holds besides its encoding: the key string, the Buffer object, the array slot. */
const ENTRY_OVERHEAD = 160;
/** A run block closes once it holds this many bytes. */
const BLOCK_BYTES = 64 * 1024;
export const DEFAULT_SPILL_BUFFER_BYTES = 32 * 1024 * 1024;

// Plain MessagePack maps (no msgpackr records): each value decodes on its own.
// Decoded bytes are copies, so a value kept by the caller does not pin its block.
const packr = new Packr({ useRecords: false, copyBuffers: true });

export class SpillTables {
  private readonly buffers = new Map<string, { entries: Buffered[]; bytes: number }>();
  private readonly inFlight = new Map<string, InFlight[]>();
  /** The last run write started for each table; the next one waits for it, so runs commit in order. */
  private readonly writing = new Map<string, Promise<void>>();
  private readonly nextRun = new Map<string, number>();

  constructor(
    private readonly root: RootDatabase<StoreValue, Buffer>,
    private readonly blocks: Database<Buffer, Buffer>,
    private readonly runs: Database<StoreValue, Buffer>,
    private readonly bufferBytes = DEFAULT_SPILL_BUFFER_BYTES,
  ) {}

  /**
   * Adds an entry. Entries with equal sort keys are all kept, and read back
   * in the order they were put. Resolves at once while the table's buffer
   * has room, and after writing it when full: awaiting each put bounds memory.
   */
  async put<T>(table: string, sortKey: string, value: T & StorableEntry<T>): Promise<void> {
    assertDefined(value, 'examples.put');
    runBlockKey(table, 0, 0); // refuses a table name no stored key could hold, now rather than at the flush
    let buffer = this.buffers.get(table);
    if (!buffer) this.buffers.set(table, (buffer = { entries: [], bytes: 0 }));
    const bytes = packr.pack(value);
    buffer.entries.push({ sortKey, wide: needsCodePointCompare(sortKey), bytes });
    buffer.bytes += bytes.length + 2 * sortKey.length + ENTRY_OVERHEAD;
    if (buffer.bytes >= this.bufferBytes) await this.flushTable(table);
  }

  /** Writes every buffered entry (of `table`, or of all tables); resolves once committed. */
  async flush(table?: string): Promise<void> {
    const tables = table === undefined ? [...new Set([...this.buffers.keys(), ...this.writing.keys()])] : [table];
    await Promise.all(tables.map((name) => this.flushTable(name)));
  }

  /**
   * The entries of `table` in sort-key byte order (ties in put order),
   * buffered ones included, as the table stood when the loop began. Works
   * with `for...of` and `for await...of`; a consumer that writes files
   * between rows should yield to the event loop itself. `T` is not checked.
   */
  *iterate<T = StoreValue>(table: string, bounds: SortKeyRange = {}): Generator<SpillEntry<T>, void, undefined> {
    scopeRange('table', table);
    const overlaps = (info: RunInfo) =>
      (bounds.end === undefined || compareSortKeys(info.first, bounds.end) < 0) &&
      (bounds.start === undefined || compareSortKeys(info.last, bounds.start) >= 0);
    const stored = this.runInfos(table);
    const storedRuns = new Set(stored.map((info) => info.run));
    const sources: Array<Iterable<Sorted<StoreValue>>> = stored.filter(overlaps).map((info) => this.readRun(table, info, bounds));
    for (const flight of this.inFlight.get(table) ?? []) {
      // Once its commit is visible the run is read from the store, never twice.
      if (!storedRuns.has(flight.run)) sources.push(readBuffered(flight.entries, bounds));
    }
    const buffer = this.buffers.get(table);
    if (buffer) sources.push(readBuffered(sortBuffered(buffer.entries.slice()), bounds));
    for (const { sortKey, value } of mergeSorted(sources)) yield { sortKey, value: value as T };
  }

  /** Entries in `table`, buffered ones included. */
  count(table: string): number {
    const stored = this.runInfos(table);
    const storedRuns = new Set(stored.map((info) => info.run));
    let count = stored.reduce((sum, info) => sum + info.count, 0);
    for (const flight of this.inFlight.get(table) ?? []) if (!storedRuns.has(flight.run)) count += flight.entries.length;
    return count + (this.buffers.get(table)?.entries.length ?? 0);
  }

  /** The names of the tables that hold at least one entry, in byte order. */
  tables(): string[] {
    const names = new Set<string>();
    for (const key of this.runs.getKeys()) names.add(scopeOf(key));
    for (const [name, buffer] of this.buffers) if (buffer.entries.length > 0) names.add(name);
    for (const [name, flights] of this.inFlight) if (flights.length > 0) names.add(name);
    return [...names].sort(compareSortKeys);
  }

  /** Deletes every entry of `table` put before the call, in one transaction; resolves to how many. */
  async clear(table: string): Promise<number> {
    scopeRange('table', table);
    const buffered = this.buffers.get(table)?.entries.length ?? 0;
    this.buffers.delete(table);
    // In the table's chain of writes: after the runs already started, before any run of later puts.
    const cleared = (this.writing.get(table) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() =>
        this.root.childTransaction(() => {
          let count = 0;
          for (const info of this.runInfos(table)) {
            count += info.count;
            this.runs.removeSync(runKey(table, info.run));
            for (let block = 0; block < info.blocks; block++) this.blocks.removeSync(runBlockKey(table, info.run, block));
          }
          return count;
        }),
      );
    const done = cleared.then(
      () => undefined,
      () => undefined,
    );
    this.writing.set(table, done);
    void done.then(() => {
      if (this.writing.get(table) === done) this.writing.delete(table);
    });
    return (await cleared) + buffered;
  }

  stats(): SpillStats {
    let runs = 0;
    let stored = 0;
    for (const { value } of this.runs.getRange()) {
      runs++;
      stored += (value as Omit<RunInfo, 'run'>).count;
    }
    let buffered = 0;
    for (const buffer of this.buffers.values()) buffered += buffer.entries.length;
    return { runs, stored, buffered };
  }

  private flushTable(table: string): Promise<void> {
    const buffer = this.buffers.get(table);
    const previous = this.writing.get(table);
    if (!buffer || buffer.entries.length === 0) return previous ?? Promise.resolve();
    this.buffers.delete(table);
    const flight: InFlight = { run: this.allocateRun(table), entries: sortBuffered(buffer.entries) };
    this.inFlight.set(table, [...(this.inFlight.get(table) ?? []), flight]);
    const written = (previous ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.writeRun(table, flight))
      .finally(() => {
        this.inFlight.set(table, (this.inFlight.get(table) ?? []).filter((f) => f !== flight));
        if (this.writing.get(table) === written) this.writing.delete(table);
      });
    this.writing.set(table, written);
    return written;
  }

  private writeRun(table: string, { run, entries }: InFlight): Promise<void> {
    return this.root.childTransaction(() => {
      let blocks = 0;
      for (const block of encodeBlocks(entries)) this.blocks.putSync(runBlockKey(table, run, blocks++), block);
      const info: Omit<RunInfo, 'run'> = { count: entries.length, blocks, first: entries[0].sortKey, last: entries[entries.length - 1].sortKey };
      this.runs.putSync(runKey(table, run), info);
    });
  }

  private allocateRun(table: string): number {
    const next = this.nextRun.get(table) ?? this.runInfos(table).reduce((max, info) => Math.max(max, info.run + 1), 0);
    this.nextRun.set(table, next + 1);
    return next;
  }

  private runInfos(table: string): RunInfo[] {
    const range = scopeRange('table', table);
    return [...this.runs.getRange({ start: range.start, end: range.end })].map(({ key, value }) => ({
      run: runOf(key),
      ...(value as Omit<RunInfo, 'run'>),
    }));
  }

  /** One stored run's entries in [start, end); the first block is found by binary search. */
  private *readRun(table: string, info: RunInfo, bounds: SortKeyRange): Generator<Sorted<StoreValue>, void, undefined> {
    let firstBlock = 0;
    if (bounds.start !== undefined && compareSortKeys(info.first, bounds.start) < 0) {
      // The last block whose first key is below `start`: it may hold keys at or above it.
      let high = info.blocks - 1;
      while (firstBlock < high) {
        const middle = (firstBlock + high + 1) >>> 1;
        const block = this.blocks.get(runBlockKey(table, info.run, middle));
        if (block === undefined) throw new Error(`spill table \`${table}\`: run ${info.run} is missing block ${middle}`);
        if (compareSortKeys(firstKeyOf(block), bounds.start) < 0) firstBlock = middle;
        else high = middle - 1;
      }
    }
    const range = { start: runBlockKey(table, info.run, firstBlock), end: runBlockKey(table, info.run, info.blocks) };
    let skipBelow = bounds.start;
    for (const { value: block } of this.blocks.getRange(range)) {
      for (const entry of decodeBlock(block, skipBelow)) {
        if (bounds.end !== undefined && compareSortKeys(entry.sortKey, bounds.end) >= 0) return;
        yield entry;
      }
      skipBelow = undefined;
    }
  }
}

/** Sorts in place by sort key; the sort is stable, so equal keys stay in put order. */
function sortBuffered(entries: Buffered[]): Buffered[] {
  return entries.sort(compareKeyed);
}

function* readBuffered(sorted: readonly Buffered[], bounds: SortKeyRange): Generator<Sorted<StoreValue>, void, undefined> {
  let index = 0;
  if (bounds.start !== undefined) {
    const start = bounds.start;
    let high = sorted.length;
    while (index < high) {
      const middle = (index + high) >>> 1;
      if (compareSortKeys(sorted[middle].sortKey, start) < 0) index = middle + 1;
      else high = middle;
    }
  }
  for (; index < sorted.length; index++) {
    const entry = sorted[index];
    if (bounds.end !== undefined && compareSortKeys(entry.sortKey, bounds.end) >= 0) return;
    yield { sortKey: entry.sortKey, wide: entry.wide, value: packr.unpack(entry.bytes) as StoreValue };
  }
}

// A block is a sequence of entries, each: key length (u32 BE), key (UTF-8),
// value length (u32 BE), value (MessagePack).

function* encodeBlocks(entries: readonly Buffered[]): Generator<Buffer, void, undefined> {
  let from = 0;
  while (from < entries.length) {
    let size = 0;
    let to = from;
    const keyBytes: number[] = [];
    while (to < entries.length && (to === from || size < BLOCK_BYTES)) {
      const length = Buffer.byteLength(entries[to].sortKey, 'utf8');
      keyBytes.push(length);
      size += 8 + length + entries[to].bytes.length;
      to++;
    }
    const block = Buffer.allocUnsafe(size);
    let offset = 0;
    for (let i = from; i < to; i++) {
      const { sortKey, bytes } = entries[i];
      offset = block.writeUInt32BE(keyBytes[i - from], offset);
      offset += block.write(sortKey, offset, 'utf8');
      offset = block.writeUInt32BE(bytes.length, offset);
      offset += bytes.copy(block, offset);
    }
    yield block;
    from = to;
  }
}

/** A block's entries, skipping (without decoding their values) those below `start`. */
function* decodeBlock(block: Buffer, start: string | undefined): Generator<Sorted<StoreValue>, void, undefined> {
  let offset = 0;
  while (offset < block.length) {
    const keyLength = block.readUInt32BE(offset);
    const sortKey = block.toString('utf8', offset + 4, offset + 4 + keyLength);
    offset += 4 + keyLength;
    const valueLength = block.readUInt32BE(offset);
    offset += 4;
    if (start === undefined || compareSortKeys(sortKey, start) >= 0) {
      yield { sortKey, wide: needsCodePointCompare(sortKey), value: packr.unpack(block.subarray(offset, offset + valueLength)) as StoreValue };
    }
    offset += valueLength;
  }
}

function firstKeyOf(block: Buffer): string {
  return block.toString('utf8', 4, 4 + block.readUInt32BE(0));
}
