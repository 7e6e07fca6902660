// Arrow IPC stream-format shards (`.arrow`): the `datasets` "arrow" builder reads them with `pa.ipc.open_stream`.
// apache-arrow's writer queues its output; the queue here hands each batch's bytes to
// the file before `write` resolves, rather than piping a Node stream, which stalls (FACTS.md).
import { AsyncByteQueue, RecordBatchStreamWriter } from 'apache-arrow';
import type { RecordBatch, Schema } from 'apache-arrow';
import { AtomicFile } from './atomic-file.ts';
import { sameSchema } from './shard-writer.ts';
import type { ShardStats, ShardWriter } from './shard-writer.ts';

/** Collects what the IPC writer emits so that it can be written out synchronously after each batch. */
class ChunkSink extends AsyncByteQueue {
  private chunks: Uint8Array[] = [];

  override write(value: Parameters<AsyncByteQueue['write']>[0]): void {
    if (value instanceof Uint8Array) this.chunks.push(value);
    else if (ArrayBuffer.isView(value)) this.chunks.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    else throw new TypeError('the Arrow IPC writer emitted something other than bytes');
  }

  drain(): Uint8Array[] {
    const chunks = this.chunks;
    this.chunks = [];
    return chunks;
  }
}

interface OpenShard {
  readonly file: AtomicFile;
  readonly writer: RecordBatchStreamWriter;
  readonly sink: ChunkSink;
  rows: number;
}

export class ArrowShardWriter implements ShardWriter {
  readonly format = 'arrow';
  private shard: OpenShard | null = null;

  constructor(readonly schema: Schema) {}

  async open(path: string): Promise<void> {
    if (this.shard !== null) throw new Error(`an arrow shard is already open: ${this.shard.file.path}`);
    const file = await AtomicFile.create(path);
    const sink = new ChunkSink();
    // Starting with the schema makes an empty shard a valid file too.
    const writer = new RecordBatchStreamWriter().reset(sink, this.schema);
    this.shard = { file, writer, sink, rows: 0 };
  }

  async write(batch: RecordBatch): Promise<void> {
    const shard = this.opened();
    try {
      if (!sameSchema(batch.schema, this.schema)) throw new Error(`${shard.file.path}: batch schema differs from the shard's schema`);
      if (batch.numRows === 0) return;
      shard.writer.write(batch);
      await shard.file.write(shard.sink.drain());
      shard.rows += batch.numRows;
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  async close(): Promise<ShardStats> {
    const shard = this.opened();
    try {
      shard.writer.finish();
      await shard.file.write(shard.sink.drain());
      this.shard = null;
      const digest = await shard.file.commit();
      return { rows: shard.rows, ...digest };
    } catch (error) {
      this.shard = shard;
      await this.abort();
      throw error;
    }
  }

  async abort(): Promise<void> {
    const shard = this.shard;
    if (shard === null) return;
    this.shard = null;
    shard.sink.drain();
    await shard.file.discard();
  }

  private opened(): OpenShard {
    if (this.shard === null) throw new Error('no arrow shard is open: call open(path) first');
    return this.shard;
  }
}
