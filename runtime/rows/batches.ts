// Groups a stream of examples into batches for the row builders, bounded in rows and in
// bytes, so that memory stays flat and no column of a batch passes Arrow's 2 GiB offsets.
import type { Example } from '../example.ts';

export interface BatchLimits {
  /** 8,192 by default. */
  readonly maxRows?: number;
  /** Approximate bytes (text and embedded media) per batch; 256 MiB by default. A single larger example still gets a batch of its own. */
  readonly maxBytes?: number;
}

export const DEFAULT_BATCH_ROWS = 8192;
export const DEFAULT_BATCH_BYTES = 256 * 1024 * 1024;

/** A cheap upper-bound-ish estimate of what an example adds to a batch's buffers. */
export function approximateBytes(example: Example): number {
  let bytes = 3 * (example.prompt.length + (example.system?.length ?? 0) + (example.trace?.length ?? 0) + example.answer.length) + 256;
  for (const item of example.media) bytes += (item.bytes?.byteLength ?? 0) + item.path.length + 32;
  return bytes;
}

export async function* batchExamples(source: AsyncIterable<Example> | Iterable<Example>, limits: BatchLimits = {}): AsyncGenerator<Example[]> {
  const maxRows = limits.maxRows ?? DEFAULT_BATCH_ROWS;
  const maxBytes = limits.maxBytes ?? DEFAULT_BATCH_BYTES;
  if (!(maxRows >= 1) || !(maxBytes >= 1)) throw new RangeError('batch limits must be positive');
  let batch: Example[] = [];
  let bytes = 0;
  for await (const example of source) {
    const size = approximateBytes(example);
    if (batch.length > 0 && (batch.length >= maxRows || bytes + size > maxBytes)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(example);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
