// Shard writers by format; see shard-writer.ts for the contract.
import type { Schema } from 'apache-arrow';
import { ArrowShardWriter } from './arrow-ipc.ts';
import { ParquetShardWriter } from './parquet.ts';
import type { ParquetWriterOptions, ShardFormat, ShardWriter } from './shard-writer.ts';

export { ArrowShardWriter } from './arrow-ipc.ts';
export { ParquetShardWriter, DEFAULT_ROW_GROUP_BYTES, DEFAULT_ROW_GROUP_ROWS } from './parquet.ts';
export { sameSchema, shardName } from './shard-writer.ts';
export type { ParquetCompression, ParquetWriterOptions, ShardFormat, ShardStats, ShardWriter } from './shard-writer.ts';
export { temporaryPath } from './atomic-file.ts';

/** A writer of `format` shards of `schema`; Parquet options are ignored for Arrow. */
export function createShardWriter(format: ShardFormat, schema: Schema, options: ParquetWriterOptions = {}): ShardWriter {
  return format === 'parquet' ? new ParquetShardWriter(schema, options) : new ArrowShardWriter(schema);
}
