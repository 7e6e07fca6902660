// Media bytes as `data:` URIs, so the page opens offline with nothing beside it. A row
// that names a file instead of carrying bytes has the file read, when it is there.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { imageSize } from 'image-size';

/** Files larger than this stay out of the page (it would not open quickly). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const IMAGE_TYPES: ReadonlyArray<[string, (bytes: Uint8Array) => boolean]> = [
  ['image/png', (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', (b) => startsWith(b, [0xff, 0xd8, 0xff])],
  ['image/gif', (b) => startsWith(b, ascii('GIF8'))],
  ['image/webp', (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)],
  ['image/bmp', (b) => startsWith(b, ascii('BM'))],
  ['image/avif', (b) => startsWith(b, ascii('ftypavif'), 4)],
  ['image/svg+xml', (b) => /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(new TextDecoder().decode(b.subarray(0, 256)))],
];

const AUDIO_TYPES: ReadonlyArray<[string, (bytes: Uint8Array) => boolean]> = [
  ['audio/wav', (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WAVE'), 8)],
  ['audio/flac', (b) => startsWith(b, ascii('fLaC'))],
  ['audio/ogg', (b) => startsWith(b, ascii('OggS'))],
  ['audio/mpeg', (b) => startsWith(b, ascii('ID3')) || (b.length > 1 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0)],
  ['audio/mp4', (b) => startsWith(b, ascii('ftypM4A'), 4)],
];

const VIDEO_TYPES: ReadonlyArray<[string, (bytes: Uint8Array) => boolean]> = [
  ['video/mp4', (b) => startsWith(b, ascii('ftyp'), 4)],
  ['video/webm', (b) => startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])],
  ['video/ogg', (b) => startsWith(b, ascii('OggS'))],
];

function sniff(bytes: Uint8Array, types: ReadonlyArray<[string, (bytes: Uint8Array) => boolean]>): string | null {
  return types.find(([, test]) => test(bytes))?.[0] ?? null;
}

export type MediaKind = 'image' | 'audio' | 'video';

/** The MIME type of media bytes of `kind`, or null when they are none the browser plays. */
export function mediaType(kind: MediaKind, bytes: Uint8Array): string | null {
  return sniff(bytes, kind === 'image' ? IMAGE_TYPES : kind === 'audio' ? AUDIO_TYPES : VIDEO_TYPES);
}

export function dataUri(type: string, bytes: Uint8Array): string {
  return `data:${type};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/** Width and height in pixels, or null when the bytes are not an image `image-size` reads. */
export function imageDimensions(bytes: Uint8Array): { width: number; height: number } | null {
  try {
    const size = imageSize(bytes);
    return size.width && size.height ? { width: size.width, height: size.height } : null;
  } catch {
    return null;
  }
}

export interface LoadedMedia {
  readonly bytes: Uint8Array | null;
  /** Why there are no bytes, for the page. */
  readonly missing?: string;
}

/** The item's bytes, or the file at its path (relative paths against the dataset folder). */
export async function loadMedia(item: { bytes: Uint8Array | null; path: string }, datasetFolder: string): Promise<LoadedMedia> {
  if (item.bytes) return { bytes: item.bytes };
  if (item.path === '') return { bytes: null, missing: 'no bytes and no path' };
  const path = isAbsolute(item.path) ? item.path : resolve(datasetFolder, item.path);
  if (!existsSync(path) || !statSync(path).isFile()) return { bytes: null, missing: `the file ${item.path} is not on this machine` };
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES) return { bytes: null, missing: `the file ${item.path} is too large to embed (${(size / 2 ** 20).toFixed(1)} MiB)` };
  return { bytes: new Uint8Array(await readFile(path)) };
}

/** Seconds of sound in WAV bytes (from the `fmt ` byte rate and the `data` size), or null. */
export function wavSeconds(bytes: Uint8Array): number | null {
  if (mediaType('audio', bytes) !== 'audio/wav') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let byteRate = 0;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 16 <= bytes.length) byteRate = view.getUint32(at + 16, true);
    if (id === 'data') return byteRate > 0 ? Math.min(size, bytes.length - at - 8) / byteRate : null;
    at += 8 + size + (size % 2);
  }
  return null;
}
