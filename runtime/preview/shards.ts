// Reads rows of a Parquet shard (hyparquet) or an Arrow IPC stream shard (apache-arrow)
// as plain values: strings, numbers, bytes as Uint8Array, lists as arrays, structs as
// objects. One row group or record batch is in memory at a time.
import { createReadStream } from 'node:fs';
import { RecordBatchReader, Vector } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema, readOffsetIndex } from 'hyparquet';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

export type ShardRecord = Readonly<Record<string, unknown>>;

export interface IndexedRecord {
  /** Position of the row in its shard. */
  readonly index: number;
  readonly record: ShardRecord;
}

/** Arrow values as plain ones; Int64 becomes a number (indices stay far below 2^53). */
function plain(value: unknown): unknown {
  if (value instanceof Vector || Array.isArray(value)) return [...value].map(plain);
  if (value === null || value === undefined || value instanceof Uint8Array) return value ?? null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object') {
    const withJson = value as { toJSON?: () => Record<string, unknown> };
    const fields = typeof withJson.toJSON === 'function' ? withJson.toJSON() : value as Record<string, unknown>;
    return Object.fromEntries(Object.entries(fields).map(([key, child]) => [key, plain(child)]));
  }
  return value;
}

async function* arrowBatches(path: string): AsyncGenerator<RecordBatch> {
  const reader = await RecordBatchReader.from(createReadStream(path));
  for await (const batch of reader) yield batch;
}

interface OpenParquet {
  readonly file: AsyncBuffer;
  readonly metadata: FileMetaData;
  readonly present: ReadonlySet<string>;
}

async function openParquet(path: string): Promise<OpenParquet> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  return { file, metadata, present: new Set(parquetSchema(metadata).children.map((child) => child.element.name)) };
}

/** Row ranges `[start, end)` of the row groups. */
function rowGroups(metadata: FileMetaData): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    groups.push([start, end]);
    start = end;
  }
  return groups;
}

/**
 * Where the pages of the row group's most paged column start, as shard row indices
 * ([the group's start] when the file has no offset index).
 */
async function pageStarts(shard: OpenParquet, groupIndex: number, groupStart: number): Promise<number[]> {
  let starts = [groupStart];
  for (const chunk of shard.metadata.row_groups[groupIndex].columns) {
    if (chunk.offset_index_offset === undefined || !chunk.offset_index_length) continue;
    const at = Number(chunk.offset_index_offset);
    const buffer = await shard.file.slice(at, at + chunk.offset_index_length);
    const pages = readOffsetIndex({ view: new DataView(buffer), offset: 0 }).page_locations;
    if (pages.length > starts.length) starts = pages.map((page) => groupStart + Number(page.first_row_index));
  }
  return starts;
}

/**
 * The reads that fetch the sorted `rows` of one row group, as `[first, last]` ranges.
 * A range costs about the pages it spans in every column: hyparquet skips the others
 * with the offset index. So rows that share a page of the most paged column are read
 * together, and when those runs would decode more pages than one range from the first
 * row to the last (a run touches about two pages per column), that range is read instead.
 */
export function readsFor(rows: readonly number[], starts: readonly number[]): Array<[number, number]> {
  const pageOf = (row: number): number => {
    let page = 0;
    while (page + 1 < starts.length && starts[page + 1] <= row) page++;
    return page;
  };
  const runs: Array<[number, number]> = [];
  let page = -1;
  for (const row of rows) {
    const current = pageOf(row);
    if (current === page) runs[runs.length - 1][1] = row;
    else runs.push([row, row]);
    page = current;
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  return runs.length * 2 < pageOf(last) - pageOf(first) + 1 ? runs : [[first, last]];
}

async function readParquet(shard: OpenParquet, rowStart: number, rowEnd: number, columns?: readonly string[]): Promise<ShardRecord[]> {
  // utf8: false keeps binary columns (image, audio and frame bytes) as bytes; string columns stay strings.
  const rows = await parquetReadObjects({
    file: shard.file, metadata: shard.metadata, compressors, utf8: false, rowStart, rowEnd, useOffsetIndex: true,
    ...(columns ? { columns: columns.filter((name) => shard.present.has(name)) } : {}),
  });
  return rows.map((row) => plain(row) as ShardRecord);
}

/** Every row of the shard with only `columns` (those it has), in order. */
export async function* scanShard(path: string, columns: readonly string[]): AsyncGenerator<IndexedRecord> {
  let index = 0;
  if (path.endsWith('.parquet')) {
    const shard = await openParquet(path);
    for (const [start, end] of rowGroups(shard.metadata)) {
      if (end === start) continue;
      for (const record of await readParquet(shard, start, end, columns)) yield { index: index++, record };
    }
    return;
  }
  for await (const batch of arrowBatches(path)) {
    const vectors = columns.map((name) => [name, batch.getChild(name)] as const).filter(([, vector]) => vector !== null);
    for (let row = 0; row < batch.numRows; row++) {
      const record: Record<string, unknown> = {};
      for (const [name, vector] of vectors) record[name] = plain(vector!.get(row));
      yield { index: index++, record };
    }
  }
}

/** The rows of the shard at `indices`, with `columns` (every column by default), by index. */
export async function readShardRows(path: string, indices: Iterable<number>, columns?: readonly string[]): Promise<Map<number, ShardRecord>> {
  const wanted = new Set(indices);
  const found = new Map<number, ShardRecord>();
  if (wanted.size === 0) return found;
  if (path.endsWith('.parquet')) {
    const shard = await openParquet(path);
    for (const [groupIndex, [start, end]] of rowGroups(shard.metadata).entries()) {
      const inGroup = [...wanted].filter((index) => index >= start && index < end).sort((a, b) => a - b);
      if (inGroup.length === 0) continue;
      const starts = inGroup.length > 1 ? await pageStarts(shard, groupIndex, start) : [start];
      for (const [first, last] of readsFor(inGroup, starts)) {
        const records = await readParquet(shard, first, last + 1, columns);
        for (const index of inGroup) if (index >= first && index <= last) found.set(index, records[index - first]);
      }
    }
    return found;
  }
  let start = 0;
  for await (const batch of arrowBatches(path)) {
    for (let row = 0; row < batch.numRows; row++) {
      if (!wanted.has(start + row)) continue;
      const record = columns ? Object.fromEntries(columns.map((name) => [name, batch.getChild(name)?.get(row) ?? null])) : batch.get(row);
      found.set(start + row, plain(record) as ShardRecord);
    }
    start += batch.numRows;
  }
  return found;
}
