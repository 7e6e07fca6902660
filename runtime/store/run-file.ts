// A spill run on disk: one file of sorted entries, read one block at a time
// with positioned reads into a reused buffer, so a reader's memory is one
// block whatever the run's size, and none of it is a mapped page counted in
// the process's resident memory.
//
// Layout: a header (8 magic bytes, then the run's structures as MessagePack,
// see run-codec.ts), then blocks of ~64 KiB. A block is a sequence of
// entries, each: key length (u32 BE), key (UTF-8), value length (u32 BE),
// value. Where each block starts is kept in the run's registry entry, with
// the file's end after the last.
//
// A run file is written under a temporary name, flushed to disk and renamed;
// the caller commits its registry entry after that, so a registered run is
// always a whole file, after a power loss too.
import { closeSync, openSync, readSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeStructures, RunDecoder, type Structures } from './run-codec.ts';

const MAGIC = Buffer.from('rlr-run\n', 'latin1');
/** A block closes once it holds this many bytes. */
export const BLOCK_BYTES = 64 * 1024;
/** Bytes gathered before each write to the file. */
const WRITE_BYTES = 1024 * 1024;

/** An entry to write: its sort key, and its value's bytes, `[start, end)` of `source`. */
export interface EncodedEntry {
  readonly sortKey: string;
  readonly source: Buffer;
  readonly start: number;
  readonly end: number;
}

/** Where a written run's blocks start, then the file's end. */
export type BlockOffsets = number[];

/**
 * Writes `entries` (already sorted) as the run file `path`, whole or not at
 * all: a temporary file, flushed, then renamed, and its folder flushed. The
 * folder must exist. Resolves to the block offsets.
 */
export async function writeRunFile(path: string, structures: Uint8Array, entries: readonly EncodedEntry[]): Promise<BlockOffsets> {
  const temporary = `${path}.tmp`;
  const file = await open(temporary, 'w');
  let renamed = false;
  try {
    const offsets: BlockOffsets = [];
    let written = 0;
    let chunk = Buffer.allocUnsafe(WRITE_BYTES);
    let used = 0;
    /** Writes the chunk out (awaited before it is filled again) and makes it hold at least `bytes`. */
    const writeChunk = async (bytes: number) => {
      if (used > 0) await file.write(chunk, 0, used, written);
      written += used;
      used = 0;
      if (bytes > chunk.length) chunk = Buffer.allocUnsafe(bytes);
    };
    if (MAGIC.length + structures.length > chunk.length) await writeChunk(MAGIC.length + structures.length);
    used += MAGIC.copy(chunk, used);
    chunk.set(structures, used);
    used += structures.length;
    let blockStart = -1;
    for (const { sortKey, source, start, end } of entries) {
      if (blockStart < 0) {
        blockStart = written + used;
        offsets.push(blockStart);
      }
      // At most 3 UTF-8 bytes per UTF-16 unit.
      const most = 8 + 3 * sortKey.length + end - start;
      if (used + most > chunk.length) await writeChunk(most);
      const keyBytes = chunk.write(sortKey, used + 4, 'utf8');
      chunk.writeUInt32BE(keyBytes, used);
      used += 4 + keyBytes;
      used = chunk.writeUInt32BE(end - start, used);
      used += source.copy(chunk, used, start, end);
      if (written + used - blockStart >= BLOCK_BYTES) blockStart = -1;
    }
    await writeChunk(0);
    offsets.push(written);
    await file.datasync();
    await file.close();
    await rename(temporary, path);
    renamed = true;
    await syncFolder(dirname(path));
    return offsets;
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(renamed ? path : temporary, { force: true });
    throw error;
  }
}

/** Makes a rename or a new file in `folder` durable. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A stored run opened for reading: synchronous positioned reads, one block in memory. */
export class RunReader {
  readonly decoder: RunDecoder;
  private readonly fd: number;
  private block = Buffer.allocUnsafe(0);

  /** Opens `path` and reads its header; `describe` names the run in errors. */
  constructor(
    private readonly path: string,
    private readonly offsets: BlockOffsets,
    private readonly describe: string,
  ) {
    try {
      this.fd = openSync(path, 'r');
    } catch (error) {
      throw new Error(`${describe}: cannot open its file: ${(error as Error).message}`, { cause: error });
    }
    try {
      const header = this.read(0, offsets[0], Buffer.allocUnsafe(offsets[0]));
      if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error(`${describe}: ${path} is not a run file`);
      this.decoder = new RunDecoder(this.structures(header.subarray(MAGIC.length)));
    } catch (error) {
      closeSync(this.fd);
      throw error;
    }
  }

  private structures(bytes: Buffer): Structures {
    try {
      return decodeStructures(bytes);
    } catch (error) {
      throw new Error(`${this.describe}: ${this.path} has an unreadable header: ${(error as Error).message}`, { cause: error });
    }
  }

  get blocks(): number {
    return this.offsets.length - 1;
  }

  /** Block `index`, in a buffer reused by the next call. */
  readBlock(index: number): Buffer {
    const length = this.offsets[index + 1] - this.offsets[index];
    if (this.block.length < length) this.block = Buffer.allocUnsafe(Math.max(length, BLOCK_BYTES * 2));
    return this.read(this.offsets[index], length, this.block);
  }

  /** The first sort key of block `index`, read without the rest of the block. */
  firstKey(index: number): string {
    const position = this.offsets[index];
    const keyLength = this.read(position, 4, Buffer.allocUnsafe(4)).readUInt32BE(0);
    return this.read(position + 4, keyLength, Buffer.allocUnsafe(keyLength)).toString('utf8');
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Reads `length` bytes at `position` into the start of `into`; a file shorter than its registry says is an error. */
  private read(position: number, length: number, into: Buffer): Buffer {
    let done = 0;
    while (done < length) {
      const read = readSync(this.fd, into, done, length - done, position + done);
      if (read === 0) throw new Error(`${this.describe}: ${this.path} ends at byte ${position + done}, before byte ${position + length}`);
      done += read;
    }
    return into.subarray(0, length);
  }
}

/** Each entry of a block, its value still encoded: `[start, end)` of `block`. */
export function* blockEntries(block: Buffer): Generator<{ sortKey: string; start: number; end: number }, void, undefined> {
  let offset = 0;
  while (offset < block.length) {
    const keyLength = block.readUInt32BE(offset);
    const sortKey = block.toString('utf8', offset + 4, offset + 4 + keyLength);
    offset += 4 + keyLength;
    const valueLength = block.readUInt32BE(offset);
    offset += 4;
    yield { sortKey, start: offset, end: offset + valueLength };
    offset += valueLength;
  }
}
