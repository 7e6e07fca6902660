// Two independent Parquet readers (DuckDB and hyparquet) and a scratch folder, for the writer tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection, JS } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import type { FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

export interface Scratch {
  readonly folder: string;
  path(name: string): string;
  remove(): void;
}

export function scratch(prefix: string): Scratch {
  const folder = mkdtempSync(join(tmpdir(), `rlr-${prefix}-`));
  return {
    folder,
    path: (name) => join(folder, name),
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

export class Duck {
  private constructor(private readonly instance: DuckDBInstance, private readonly connection: DuckDBConnection) {}

  static async open(): Promise<Duck> {
    const instance = await DuckDBInstance.create(':memory:');
    return new Duck(instance, await instance.connect());
  }

  async rows(sql: string): Promise<Record<string, JS>[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS();
  }

  /** Column name and DuckDB type of every column of a Parquet file, in order. */
  async describe(path: string): Promise<Array<[string, string]>> {
    const rows = await this.rows(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
    return rows.map((row) => [String(row.column_name), String(row.column_type)]);
  }

  async count(path: string): Promise<number> {
    const [row] = await this.rows(`SELECT count(*) AS n FROM read_parquet('${path}')`);
    return Number(row.n);
  }

  /** The Parquet key-value metadata, decoded as text. */
  async keyValues(path: string): Promise<Map<string, string>> {
    const rows = await this.rows(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${path}')`);
    return new Map(rows.map((row) => [String(row.k), String(row.v)]));
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

export async function hyparquetMetadata(path: string): Promise<FileMetaData> {
  return parquetMetadataAsync(await asyncBufferFromFile(path));
}

/** Every row as hyparquet reads it; `utf8: false` keeps binary columns as bytes (FACTS.md). */
export async function hyparquetRows(path: string): Promise<Record<string, unknown>[]> {
  const file = await asyncBufferFromFile(path);
  return parquetReadObjects({ file, compressors, utf8: false });
}
