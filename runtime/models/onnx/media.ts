// A call's media argument as bytes and, for images, as pixels. A missing file
// or an image that does not decode rejects the record, never the run.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import sharp from 'sharp';
import { RecordRejected } from '../../evaluate/reject.ts';
import { isMedia, type MediaKind, type MediaValue, type Value } from '../../values.ts';

export interface LoadedMedia {
  readonly media: MediaValue;
  readonly bytes: Uint8Array;
}

const NOUN: Record<MediaKind, string> = { image: 'an image', audio: 'audio', video: 'a video' };

/** The bytes of the media argument `name` (its own `bytes`, or its file relative to `directory`). */
export async function loadMedia(args: Readonly<Record<string, Value>>, name: string, kind: MediaKind, directory: string): Promise<LoadedMedia> {
  const media = args[name];
  if (!isMedia(media)) throw new RecordRejected(`argument \`${name}\` is not ${NOUN[kind]}`);
  if (media.$media !== kind) throw new RecordRejected(`argument \`${name}\` is ${NOUN[media.$media]}, not ${NOUN[kind]}`);
  if (media.bytes) return { media, bytes: media.bytes };
  if (!media.path) throw new RecordRejected(`${kind} argument \`${name}\` has neither bytes nor a path`);
  const file = isAbsolute(media.path) ? media.path : resolve(directory, media.path);
  try {
    return { media, bytes: new Uint8Array(await readFile(file)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RecordRejected(`${kind} \`${media.path}\` cannot be read (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
  }
}

/** Interleaved 8-bit RGB, row-major. */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface DecodedImage {
  /** The pixels, resized when a size was asked for. */
  readonly pixels: RgbImage;
  /** The image's own size, which boxes and masks are reported in. */
  readonly width: number;
  readonly height: number;
}

/**
 * Decodes an image to RGB (transparency flattened onto white, so dark text on a
 * transparent background stays visible; greyscale widened to three channels),
 * resized (stretched, not letterboxed) to `size` when given.
 */
export async function decodeImage(loaded: LoadedMedia, size?: (width: number, height: number) => { width: number; height: number }): Promise<DecodedImage> {
  try {
    const { width, height } = await sharp(loaded.bytes).metadata();
    if (!width || !height) throw new Error('it has no dimensions');
    let pipeline = sharp(loaded.bytes).flatten({ background: '#ffffff' }).toColourspace('srgb');
    if (size) {
      const target = size(width, height);
      pipeline = pipeline.resize(target.width, target.height, { fit: 'fill' });
    }
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`it decodes to ${info.channels} channels, not 3`);
    return { pixels: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height }, width, height };
  } catch (error) {
    throw new RecordRejected(`image \`${loaded.media.path}\` does not decode: ${(error as Error).message}`);
  }
}
