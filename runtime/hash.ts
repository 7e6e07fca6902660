// SHA-256 of one piece of text in one call: `crypto.hash` is about twice as fast
// as `createHash().update().digest()` for the short strings hashed per record
// (example ids, split and order keys, random draws). Same digests.
import { hash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

export function sha256Bytes(data: string | Uint8Array): Buffer {
  return hash('sha256', data, 'buffer') as unknown as Buffer;
}
