// A file that appears under its name complete or not at all: written to
// `<name>.tmp-<pid>`, fsynced, renamed over the name, its folder fsynced.
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface FileDigest {
  /** Size of the file in bytes. */
  readonly bytes: number;
  /** SHA-256 of the file's content, lowercase hex. */
  readonly sha256: string;
}

export function temporaryPath(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

export class AtomicFile {
  private readonly hash: Hash = createHash('sha256');
  private size = 0;
  private done = false;
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  private constructor(readonly path: string, readonly tempPath: string, private readonly handle: FileHandle) {}

  static async create(path: string): Promise<AtomicFile> {
    const tempPath = temporaryPath(path);
    const handle = await open(tempPath, 'w');
    return new AtomicFile(path, tempPath, handle);
  }

  /** Appends chunks in call order, even when calls overlap; resolves once the OS has them. */
  write(chunks: readonly Uint8Array[]): Promise<void> {
    if (this.done) return Promise.reject(new Error(`${this.path}: write after commit or discard`));
    const pending = chunks.filter((chunk) => chunk.byteLength > 0);
    for (const chunk of pending) {
      this.hash.update(chunk);
      this.size += chunk.byteLength;
    }
    // Writes without a position go to the file's current offset, so two in flight at once
    // could land out of order: each waits for the one before.
    const written = this.tail.then(() => writeAll(this.handle, pending));
    this.tail = written.catch((error: unknown) => {
      this.failure ??= error;
    });
    return written;
  }

  /** Flushes, renames the temporary file over `path` and returns its size and checksum. */
  async commit(): Promise<FileDigest> {
    if (this.done) throw new Error(`${this.path}: already committed or discarded`);
    this.done = true;
    try {
      await this.tail;
      if (this.failure !== null) throw this.failure;
      try {
        await this.handle.sync();
      } finally {
        await this.handle.close();
      }
      await rename(this.tempPath, this.path);
    } catch (error) {
      await rm(this.tempPath, { force: true });
      throw error;
    }
    await syncFolder(dirname(this.path));
    return { bytes: this.size, sha256: this.hash.digest('hex') };
  }

  /** Closes and removes the temporary file; `path` is left as it was. */
  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.tail;
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }
}

/** Writes a whole small file atomically (text as UTF-8). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<FileDigest> {
  const file = await AtomicFile.create(path);
  try {
    await file.write([typeof data === 'string' ? Buffer.from(data) : data]);
  } catch (error) {
    await file.discard();
    throw error;
  }
  return file.commit();
}

async function writeAll(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<void> {
  let pending = chunks;
  let left = chunks.reduce((total, chunk) => total + chunk.byteLength, 0);
  while (left > 0) {
    const { bytesWritten } = await handle.writev(pending as Uint8Array[]);
    left -= bytesWritten;
    if (left > 0) pending = remainder(pending, bytesWritten);
  }
}

function remainder(chunks: readonly Uint8Array[], written: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let skip = written;
  for (const chunk of chunks) {
    if (skip >= chunk.byteLength) {
      skip -= chunk.byteLength;
      continue;
    }
    rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return rest;
}

/** Makes a rename durable; a no-op where folders cannot be opened for syncing. */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Some platforms and file systems refuse fsync on a folder; the rename still happened.
  } finally {
    await handle?.close();
  }
}
