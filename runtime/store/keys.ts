// Keys are raw bytes compared with memcmp: a scope (gate, node id, spill
// table) in UTF-8, one 0x00 byte, then the item's own key: a UTF-8 string,
// or for spill runs a run number, 4 bytes, big-endian.
// A scope cannot contain U+0000, so the keys of one scope share one prefix
// and sort by the item key's bytes.

/** LMDB's limit for a key with 4 KiB pages. */
export const MAX_KEY_BYTES = 1978;

const SEPARATOR = '\u0000';

export class StoreKeyError extends RangeError {
  override readonly name = 'StoreKeyError';
}

function checkScope(kind: string, scope: string): void {
  if (scope.length === 0) throw new StoreKeyError(`${kind} name is empty`);
  if (scope.includes(SEPARATOR)) throw new StoreKeyError(`${kind} name \`${printable(scope)}\` contains U+0000`);
}

function checkSize(kind: string, key: Buffer, text: string): Buffer {
  if (key.length > MAX_KEY_BYTES) {
    throw new StoreKeyError(`${kind} key is ${key.length} bytes, above the store's limit of ${MAX_KEY_BYTES}: \`${printable(text.slice(0, 60))}…\``);
  }
  return key;
}

function printable(text: string): string {
  return text.replaceAll(SEPARATOR, '\\0');
}

/** The key of `item` inside `scope`. */
export function scopedKey(kind: string, scope: string, item: string): Buffer {
  checkScope(kind, scope);
  const text = scope + SEPARATOR + item;
  return checkSize(kind, Buffer.from(text, 'utf8'), text);
}

/** A plain key with no scope. */
export function plainKey(kind: string, key: string): Buffer {
  if (key.length === 0) throw new StoreKeyError(`${kind} key is empty`);
  return checkSize(kind, Buffer.from(key, 'utf8'), key);
}

/** The keys of one scope: `start` inclusive, `end` exclusive, as lmdb's ranges are. */
export interface KeyRange {
  readonly start: Buffer;
  readonly end: Buffer;
  /** Bytes to drop from a key to get the item key back. */
  readonly prefixBytes: number;
}

/** Every key of `scope`. */
export function scopeRange(kind: string, scope: string): KeyRange {
  checkScope(kind, scope);
  const prefix = Buffer.from(scope + SEPARATOR, 'utf8');
  // 0x01 in place of the separator sorts after every key of the scope (0x00 + anything).
  const afterScope = Buffer.from(prefix);
  afterScope[afterScope.length - 1] = 0x01;
  return { start: prefix, end: afterScope, prefixBytes: prefix.length };
}

/** The item key back from a stored key. */
export function itemOf(key: Uint8Array, prefixBytes: number): string {
  return Buffer.from(key.buffer, key.byteOffset + prefixBytes, key.length - prefixBytes).toString('utf8');
}

/** The scope back from a stored key (the bytes before the first 0x00). */
export function scopeOf(key: Uint8Array): string {
  const buffer = Buffer.from(key.buffer, key.byteOffset, key.length);
  const end = buffer.indexOf(0);
  return buffer.toString('utf8', 0, end < 0 ? buffer.length : end);
}

/** The registry key of run `run` of a spill table: the scope, then the run number (4 bytes, big-endian). */
export function runKey(table: string, run: number): Buffer {
  checkScope('table', table);
  const scope = Buffer.from(table + SEPARATOR, 'utf8');
  const key = Buffer.allocUnsafe(scope.length + 4);
  scope.copy(key);
  key.writeUInt32BE(run, scope.length);
  return checkSize('table', key, table);
}

/** The run number back from a registry key. */
export function runOf(key: Uint8Array): number {
  return Buffer.from(key.buffer, key.byteOffset, key.length).readUInt32BE(key.length - 4);
}
