// Spill tables for the two-pass dataset assembly: the first pass puts each
// example under a sort key, the second reads a table back in sort-key order.
// It is an external merge sort. Puts collect in a bounded buffer; a full
// buffer is sorted and written as one *run*: a file of ~64 KiB blocks (see
// run-file.ts) at `<store>/spill/<table folder>/<run>-<pid>.run`, a sequential
// write however random the sort keys. Reading merges the runs and the buffer
// with positioned reads, holding one block per run in memory: nothing is
// memory-mapped, so a table's size never shows in the process's resident memory.
//
// A put is in memory until its run is written: a full buffer writes itself,
// `flush()` writes the rest. A run becomes part of its table when its
// registry entry (in LMDB, with its count, first and last keys and block
// offsets) commits, after its file is whole on disk; a run file with no entry
// (a crash between the two) is deleted when the store opens or the table is
// cleared. So only written runs survive a crash, each whole or not at all,
// and a first pass records its completion in the run state after `flush()`;
// a resumed run without that record clears the table and fills it again.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { runKey, runOf, scopeOf, scopeRange } from './keys.ts';
import { mergeSorted, type Sorted } from './merge.ts';
import { encodeStructures, RunDecoder, RunEncoder, type Structures } from './run-codec.ts';
import { blockEntries, RunReader, writeRunFile, type BlockOffsets, type EncodedEntry } from './run-file.ts';
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
  /** Size of the run files on disk. */
  readonly bytes: number;
}

/** A run's registry entry, under `runKey(table, run)`. `first` and `last` let a ranged read skip the run. */
type RunEntry = {
  readonly count: number;
  readonly first: string;
  readonly last: string;
  /** The file's name in its table's folder. */
  readonly file: string;
  /** Where each block starts, then the file's size. */
  readonly offsets: BlockOffsets;
};

type RunInfo = RunEntry & { readonly run: number };

/** An entry in memory: its value encoded at put, so that later changes to the caller's object do not leak in. */
interface Buffered extends SortKeyed, EncodedEntry {}

interface TableBuffer {
  readonly entries: Buffered[];
  /** An estimate of the memory the entries hold: the slabs their values are in, the keys and the entries. */
  bytes: number;
  /** Encodes this buffer's values, which become one run. */
  readonly encoder: RunEncoder;
  /** The slab the last value went into, and where that value ends. */
  slab: Buffer | null;
  slabEnd: number;
}

/** A run being written: read from memory until its commit is visible. */
interface InFlight {
  readonly run: number;
  readonly entries: readonly Buffered[];
  readonly structures: Structures;
}

/** Bytes a buffered entry holds besides its value's bytes and its key's characters: the object, the key string's header, the array slot. */
const ENTRY_OVERHEAD = 100;
export const DEFAULT_SPILL_BUFFER_BYTES = 32 * 1024 * 1024;

export class SpillTables {
  private readonly buffers = new Map<string, TableBuffer>();
  private readonly inFlight = new Map<string, InFlight[]>();
  /** The last run write or clear started for each table; the next one waits for it, so runs commit in order. */
  private readonly writing = new Map<string, Promise<void>>();
  private readonly nextRun = new Map<string, number>();

  /** `folder` holds the run files, one folder per table; files no run entry names are deleted now. */
  constructor(
    private readonly root: RootDatabase<StoreValue, Buffer>,
    private readonly runs: Database<StoreValue, Buffer>,
    private readonly folder: string,
    private readonly bufferBytes = DEFAULT_SPILL_BUFFER_BYTES,
  ) {
    mkdirSync(folder, { recursive: true });
    this.removeOrphanFiles();
  }

  /**
   * Adds an entry. Entries with equal sort keys are all kept, and read back
   * in the order they were put. The value is encoded now: later changes to
   * it do not show. Resolves at once while the table's buffer has room, and
   * after writing it when full: awaiting each put bounds memory.
   */
  async put<T>(table: string, sortKey: string, value: T & StorableEntry<T>): Promise<void> {
    assertDefined(value, 'examples.put');
    let buffer = this.buffers.get(table);
    if (!buffer) {
      runKey(table, 0); // refuses a table name no stored key could hold, now rather than at the flush
      this.buffers.set(table, (buffer = { entries: [], bytes: 0, encoder: new RunEncoder(), slab: null, slabEnd: 0 }));
    }
    const slab = buffer.encoder.encode(value);
    buffer.entries.push({ sortKey, wide: needsCodePointCompare(sortKey), source: slab, start: slab.start, end: slab.end });
    // The slab memory the values take, alignment gaps and a left slab's unused end included.
    if (slab === buffer.slab) buffer.bytes += slab.end - buffer.slabEnd;
    else buffer.bytes += slab.end - slab.start + (buffer.slab === null ? 0 : buffer.slab.length - buffer.slabEnd);
    buffer.slab = slab;
    buffer.slabEnd = slab.end;
    buffer.bytes += 2 * sortKey.length + ENTRY_OVERHEAD;
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
      // Once its commit is visible the run is read from its file, never twice.
      if (!storedRuns.has(flight.run)) sources.push(readBuffered(flight.entries, new RunDecoder(flight.structures), bounds));
    }
    const buffer = this.buffers.get(table);
    if (buffer) sources.push(readBuffered(sortBuffered(buffer.entries.slice()), new RunDecoder(buffer.encoder.structures()), bounds));
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

  /**
   * Deletes every entry of `table` put before the call, its run entries in
   * one transaction; resolves to how many once that commits. The table's
   * files are deleted after, before any later run of the table is written
   * (and before `flush()` resolves); a crash in between leaves orphans,
   * deleted at the next open.
   */
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
          }
          return count;
        }),
      );
    // Every file of the table goes, a crash's orphans too: no write of the table is under way.
    const done = cleared.then(
      () => rm(this.tableFolder(table), { recursive: true, force: true }).catch(() => undefined),
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
    let bytes = 0;
    for (const { value } of this.runs.getRange()) {
      const entry = value as RunEntry;
      runs++;
      stored += entry.count;
      bytes += entry.offsets[entry.offsets.length - 1];
    }
    let buffered = 0;
    for (const buffer of this.buffers.values()) buffered += buffer.entries.length;
    return { runs, stored, buffered, bytes };
  }

  private flushTable(table: string): Promise<void> {
    const buffer = this.buffers.get(table);
    const previous = this.writing.get(table);
    if (!buffer || buffer.entries.length === 0) return previous ?? Promise.resolve();
    this.buffers.delete(table);
    const flight: InFlight = { run: this.allocateRun(table), entries: sortBuffered(buffer.entries), structures: buffer.encoder.structures() };
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

  /** The file first, whole and renamed into place, then the registry entry that makes it part of the table. */
  private async writeRun(table: string, { run, entries, structures }: InFlight): Promise<void> {
    const folder = this.tableFolder(table);
    mkdirSync(folder, { recursive: true });
    // The process id keeps a run being written apart from a dead process's leftovers (see removeOrphanFiles).
    const file = `${run}-${process.pid}.run`;
    const path = join(folder, file);
    const offsets = await writeRunFile(path, encodeStructures(structures), entries);
    const entry: RunEntry = { count: entries.length, first: entries[0].sortKey, last: entries[entries.length - 1].sortKey, file, offsets };
    try {
      await this.runs.put(runKey(table, run), entry);
    } catch (error) {
      // Not left for the next open: this process is alive, its files are not swept.
      await rm(path, { force: true });
      throw error;
    }
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
      ...(value as RunEntry),
    }));
  }

  /** A table's folder: its name made safe for a file name, and a hash that keeps names apart. */
  private tableFolder(table: string): string {
    const readable = table.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64);
    const hash = createHash('sha256').update(table).digest('hex').slice(0, 16);
    return join(this.folder, `${readable}-${hash}`);
  }

  /**
   * Deletes the files no run entry names: runs a crash left between their
   * rename and their commit, and temporary files. A file whose writer is
   * still alive (another process with this store open, or this one) is
   * left alone: its commit may be on its way.
   */
  private removeOrphanFiles(): void {
    const registered = new Set<string>();
    for (const { key, value } of this.runs.getRange()) registered.add(join(this.tableFolder(scopeOf(key)), (value as RunEntry).file));
    for (const item of readdirSync(this.folder, { withFileTypes: true })) {
      const tableFolder = join(this.folder, item.name);
      if (!item.isDirectory()) {
        rmSync(tableFolder, { force: true });
        continue;
      }
      const files = readdirSync(tableFolder);
      let left = files.length;
      for (const file of files) {
        const path = join(tableFolder, file);
        if (registered.has(path) || writerAlive(file)) continue;
        rmSync(path, { force: true });
        left--;
      }
      if (left === 0) rmSync(tableFolder, { recursive: true, force: true });
    }
  }

  /** One stored run's entries in [start, end); the first block is found by binary search. */
  private *readRun(table: string, info: RunInfo, bounds: SortKeyRange): Generator<Sorted<StoreValue>, void, undefined> {
    const reader = new RunReader(join(this.tableFolder(table), info.file), info.offsets, `spill table \`${table}\`, run ${info.run}`);
    try {
      let firstBlock = 0;
      if (bounds.start !== undefined && compareSortKeys(info.first, bounds.start) < 0) {
        // The last block whose first key is below `start`: it may hold keys at or above it.
        let high = reader.blocks - 1;
        while (firstBlock < high) {
          const middle = (firstBlock + high + 1) >>> 1;
          if (compareSortKeys(reader.firstKey(middle), bounds.start) < 0) firstBlock = middle;
          else high = middle - 1;
        }
      }
      for (let index = firstBlock; index < reader.blocks; index++) {
        const block = reader.readBlock(index);
        for (const { sortKey, start, end } of blockEntries(block)) {
          // Keys below `start` (in the first block read) are skipped without decoding their values.
          if (index === firstBlock && bounds.start !== undefined && compareSortKeys(sortKey, bounds.start) < 0) continue;
          if (bounds.end !== undefined && compareSortKeys(sortKey, bounds.end) >= 0) return;
          yield { sortKey, wide: needsCodePointCompare(sortKey), value: reader.decoder.decode(block, start, end) };
        }
      }
    } finally {
      reader.close();
    }
  }
}

/** Whether the process that names a run file (`<run>-<pid>.run`, or its `.tmp`) may still be writing it. */
function writerAlive(file: string): boolean {
  const pid = Number(/^\d+-(\d+)\.run(\.tmp)?$/.exec(file)?.[1] ?? Number.NaN);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sorts in place by sort key; the sort is stable, so equal keys stay in put order. */
function sortBuffered(entries: Buffered[]): Buffered[] {
  return entries.sort(compareKeyed);
}

function* readBuffered(sorted: readonly Buffered[], decoder: RunDecoder, bounds: SortKeyRange): Generator<Sorted<StoreValue>, void, undefined> {
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
    yield { sortKey: entry.sortKey, wide: entry.wide, value: decoder.decode(entry.source, entry.start, entry.end) };
  }
}
