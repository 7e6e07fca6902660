// Parquet shards through parquet-wasm's streaming writer (arrow-rs compiled to WASM):
// the fastest writer measured here with flat memory (FACTS.md). Batches cross into WASM
// as Arrow IPC; the encoded bytes come back as a stream that is pumped to the file.
import { RecordBatch, Struct, Table, makeData, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { Schema } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { AtomicFile } from './atomic-file.ts';
import { sameSchema } from './shard-writer.ts';
import type { ParquetCompression, ParquetWriterOptions, ShardStats, ShardWriter } from './shard-writer.ts';

const CODECS: Readonly<Record<ParquetCompression, parquet.Compression>> = {
  zstd: parquet.Compression.ZSTD,
  snappy: parquet.Compression.SNAPPY,
  none: parquet.Compression.UNCOMPRESSED,
};

export const DEFAULT_ROW_GROUP_ROWS = 65_536;
export const DEFAULT_ROW_GROUP_BYTES = 16 * 1024 * 1024;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Queued {
  readonly batch: parquet.RecordBatch;
  /** Resolves the `push` that queued this batch, on its last batch. */
  readonly taken: (() => void) | null;
}

/**
 * The input side of the WASM writer: a pull stream that hands over one batch at a time
 * and lets each `push` resolve only once its batches were taken.
 */
class BatchFeed {
  readonly stream: ReadableStream<parquet.RecordBatch>;
  private queue: Queued[] = [];
  private ended = false;
  private wakePull: (() => void) | null = null;

  constructor() {
    this.stream = new ReadableStream<parquet.RecordBatch>(
      {
        pull: async (controller) => {
          // Without a macrotask here the WASM writer can run entirely in microtasks, and
          // then nothing reaches the disk before the end (FACTS.md, "streaming stall").
          await yieldToEventLoop();
          while (this.queue.length === 0 && !this.ended) {
            await new Promise<void>((resolve) => { this.wakePull = resolve; });
          }
          const next = this.queue.shift();
          if (next === undefined) {
            controller.close();
            return;
          }
          controller.enqueue(next.batch);
          next.taken?.();
        },
        cancel: () => this.drop(),
      },
      { highWaterMark: 0 },
    );
  }

  push(batches: readonly parquet.RecordBatch[]): Promise<void> {
    if (this.ended) throw new Error('parquet feed already ended');
    if (batches.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      batches.forEach((batch, i) => this.queue.push({ batch, taken: i === batches.length - 1 ? resolve : null }));
      this.wake();
    });
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Frees what was not taken and releases the producers waiting on it. */
  drop(): void {
    const dropped = this.queue;
    this.queue = [];
    for (const { batch, taken } of dropped) {
      batch.free();
      taken?.();
    }
    this.end();
  }

  private wake(): void {
    const wake = this.wakePull;
    this.wakePull = null;
    wake?.();
  }
}

function toWasm(batch: RecordBatch): parquet.RecordBatch[] {
  const table = parquet.Table.fromIPCStream(tableToIPC(new Table([batch]), 'stream'));
  try {
    return table.recordBatches();
  } finally {
    table.free();
  }
}

/** A zero-row batch, so that an empty shard is still a valid file with the schema. */
function emptyBatch(schema: Schema): RecordBatch {
  const children = schema.fields.map((f) => vectorFromArray([], f.type).data[0]);
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 0, nullCount: 0, children }));
}

interface OpenShard {
  readonly file: AtomicFile;
  readonly feed: BatchFeed;
  readonly output: ShardOutput;
  /** Settles when the WASM writer's output has all been written to the file. */
  readonly pumped: Promise<void>;
  /** Rejects when the output ends or fails: a write that waits on it must not wait for ever. */
  readonly stopped: Promise<never>;
  rows: number;
}

/** The WASM writer's output, copied to the file chunk by chunk (a chunk is about a row group). */
class ShardOutput {
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private cancelled = false;

  async pump(output: Promise<ReadableStream<Uint8Array>>, file: AtomicFile): Promise<void> {
    // The WASM writer takes its first batch (for the schema) before it returns its output,
    // so this must not be awaited before the first write.
    const reader = (await output).getReader();
    this.reader = reader;
    if (this.cancelled) await reader.cancel();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      await file.write([value]);
    }
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.reader?.cancel().catch(() => undefined);
  }
}

export class ParquetShardWriter implements ShardWriter {
  readonly format = 'parquet';
  private shard: OpenShard | null = null;

  constructor(readonly schema: Schema, private readonly options: ParquetWriterOptions = {}) {}

  private properties(): parquet.WriterProperties {
    const metadata = new Map(this.schema.metadata);
    // The `huggingface` features must be visible as Parquet key-value metadata: arrow-rs
    // only keeps the Arrow schema's metadata inside its encoded `ARROW:schema` entry.
    return new parquet.WriterPropertiesBuilder()
      .setCompression(CODECS[this.options.compression ?? 'zstd'])
      .setDictionaryEnabled(this.options.dictionary ?? false)
      .setMaxRowGroupSize(this.options.maxRowGroupRows ?? DEFAULT_ROW_GROUP_ROWS)
      .setMaxRowGroupBytes(this.options.maxRowGroupBytes ?? DEFAULT_ROW_GROUP_BYTES)
      .setKeyValueMetadata(metadata)
      .build();
  }

  async open(path: string): Promise<void> {
    if (this.shard !== null) throw new Error(`a parquet shard is already open: ${this.shard.file.path}`);
    const file = await AtomicFile.create(path);
    const feed = new BatchFeed();
    const output = new ShardOutput();
    const stream = parquet.transformParquetStream(feed.stream, this.properties()) as Promise<ReadableStream<Uint8Array>>;
    const pumped = output.pump(stream, file);
    const stopped = pumped.then(() => {
      throw new Error('the parquet writer stopped before its input ended');
    });
    // Failures surface through `write` and `close`; this keeps them from being unhandled meanwhile.
    pumped.catch(() => undefined);
    stopped.catch(() => undefined);
    this.shard = { file, feed, output, pumped, stopped, rows: 0 };
  }

  async write(batch: RecordBatch): Promise<void> {
    const shard = this.opened();
    try {
      if (!sameSchema(batch.schema, this.schema)) throw new Error(`${shard.file.path}: batch schema differs from the shard's schema`);
      if (batch.numRows === 0) return;
      await Promise.race([shard.feed.push(toWasm(batch)), shard.stopped]);
      shard.rows += batch.numRows;
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  async close(): Promise<ShardStats> {
    const shard = this.opened();
    try {
      if (shard.rows === 0) await Promise.race([shard.feed.push(toWasm(emptyBatch(this.schema))), shard.stopped]);
      shard.feed.end();
      await shard.pumped;
      this.shard = null;
      const digest = await shard.file.commit();
      return { rows: shard.rows, ...digest };
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  async abort(): Promise<void> {
    const shard = this.shard;
    if (shard === null) return;
    this.shard = null;
    shard.feed.drop();
    await shard.output.cancel();
    await shard.pumped.catch(() => undefined);
    await shard.file.discard();
  }

  private opened(): OpenShard {
    if (this.shard === null) throw new Error('no parquet shard is open: call open(path) first');
    return this.shard;
  }
}
