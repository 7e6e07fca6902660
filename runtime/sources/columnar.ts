// Parquet (hyparquet, one row group at a time) and Arrow IPC (apache-arrow, one batch at a time).
import { createReadStream } from 'node:fs';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { Fields, Value } from '../values.ts';
import { rowKey, type SourceItem } from './source-item.ts';

/** Columnar readers give bigints and typed arrays; records hold plain numbers and bytes. */
export function plainValue(value: unknown): Value {
  if (typeof value === 'bigint') return Number(value);
  if (value === undefined) return null;
  if (value instanceof Uint8Array) return value as unknown as Value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === 'object') {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function' && !(value instanceof Map)) {
      return plainValue((value as { toJSON(): unknown }).toJSON());
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value as Value;
}

function item(fields: Fields, row: number, keyField: string | null): SourceItem {
  const key = keyField ? fields[keyField] : undefined;
  if (keyField && typeof key !== 'string' && typeof key !== 'number') {
    return { key: rowKey(row), rejected: `row ${row}: key field \`${keyField}\` is missing or not a string` };
  }
  return { key: keyField ? String(key) : rowKey(row), fields: { ...fields, row } };
}

export async function* readParquet(path: string, keyField: string | null, limit?: number): AsyncGenerator<SourceItem> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  let row = 0;
  for (const group of metadata.row_groups) {
    const rowStart = row;
    const rowEnd = row + Number(group.num_rows);
    const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors, utf8: true });
    for (const raw of rows) {
      row++;
      if (limit !== undefined && row > limit) return;
      yield item(plainValue(raw) as Fields, row, keyField);
    }
    row = Math.max(row, rowStart);
  }
}

export async function* readArrow(path: string, keyField: string | null, limit?: number): AsyncGenerator<SourceItem> {
  const { RecordBatchReader } = await import('apache-arrow');
  const reader = await RecordBatchReader.from(createReadStream(path));
  let row = 0;
  for await (const batch of reader) {
    for (let i = 0; i < batch.numRows; i++) {
      row++;
      if (limit !== undefined && row > limit) return;
      yield item(plainValue(batch.get(i)?.toJSON() ?? {}) as Fields, row, keyField);
    }
  }
}
