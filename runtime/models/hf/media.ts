// Media as a remote model receives them: the bytes of an image or a clip (from
// the value itself or from its file, relative to the recipe's folder), a MIME
// type read from the bytes, and for a video that `temporal_split` cut, only the
// part that is shown: sending the whole file would show the model the evidence.
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { RecordRejected } from '../../evaluate/reject.ts';
import { cutClip } from '../../execute/video-cut.ts';
import { isMedia, type MediaKind, type MediaValue, type Value } from '../../values.ts';

/** Most frames of a frame-held video attached to one chat message. */
export const MAX_VIDEO_FRAMES = 16;

export function expectMedia(value: Value | undefined, kind: MediaKind, argument: string): MediaValue {
  if (!isMedia(value) || value.$media !== kind) throw new RecordRejected(`argument \`${argument}\` should be ${kind === 'image' || kind === 'audio' ? 'an' : 'a'} ${kind}`);
  return value;
}

/** The bytes of a media value: its own, or its file's. */
export async function mediaBytes(media: MediaValue, directory: string): Promise<Uint8Array> {
  if (media.bytes) return media.bytes;
  try {
    return await readFile(resolve(directory, media.path));
  } catch (error) {
    throw new RecordRejected(`cannot read ${media.$media} \`${media.path}\`: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export async function mediaBlob(media: MediaValue, directory: string): Promise<Blob> {
  const bytes = await mediaBytes(media, directory);
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType(bytes, media) });
}

export function dataUrl(bytes: Uint8Array, type: string): string {
  return `data:${type};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

const byExtension: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.bmp': 'image/bmp',
  '.wav': 'audio/wav', '.flac': 'audio/flac', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.m4a': 'audio/mp4', '.webm': 'video/webm',
  '.mp4': 'video/mp4', '.mov': 'video/quicktime', '.mkv': 'video/x-matroska',
};

/** The MIME type of media bytes, from their signature, else from the file name. */
export function mimeType(bytes: Uint8Array, media: Pick<MediaValue, '$media' | 'path'>): string {
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'audio/wav';
  if (ascii(0, 4) === 'fLaC') return 'audio/flac';
  if (ascii(0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(0, 3) === 'ID3') return 'audio/mpeg';
  if (ascii(4, 8) === 'ftyp') return media.$media === 'audio' ? 'audio/mp4' : 'video/mp4';
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return media.$media === 'audio' ? 'audio/webm' : 'video/webm';
  return byExtension[extname(media.path).toLowerCase()] ?? 'application/octet-stream';
}

/** An OpenAI-style content part of a chat message. */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'video_url'; video_url: { url: string } };

/**
 * The content parts that show one media value: an image as a data URL; a
 * video held as frames as up to MAX_VIDEO_FRAMES of its frames (as images,
 * which every vision model reads); a video file as a `video_url` data URL
 * (vLLM's extension for video models), cut to its clip.
 */
export async function mediaParts(media: MediaValue, directory: string, signal: AbortSignal): Promise<ContentPart[]> {
  if (media.$media === 'image') {
    const bytes = await mediaBytes(media, directory);
    return [{ type: 'image_url', image_url: { url: dataUrl(bytes, mimeType(bytes, media)) } }];
  }
  if (media.$media !== 'video') throw new RecordRejected(`a chat message can show images and videos, not ${media.$media} \`${media.path}\``);
  if (media.frames?.length) {
    return shownFrames(media).map((frame) => ({ type: 'image_url', image_url: { url: dataUrl(frame, 'image/png') } }));
  }
  const bytes = media.clip ? await cutClip(media, directory, signal) : await mediaBytes(media, directory);
  return [{ type: 'video_url', video_url: { url: dataUrl(bytes, mimeType(bytes, media)) } }];
}

/** The frames inside the clip, evenly thinned to at most MAX_VIDEO_FRAMES, first and last kept. */
export function shownFrames(media: MediaValue): readonly Uint8Array[] {
  const frames = media.frames ?? [];
  const fps = media.fps ?? 0;
  let first = 0;
  let end = frames.length;
  if (media.clip && fps > 0) {
    first = Math.max(0, Math.ceil(media.clip.start * fps - 1e-9));
    end = Math.min(frames.length, Math.ceil(media.clip.end * fps - 1e-9));
  }
  const shown = frames.slice(first, end);
  if (shown.length <= MAX_VIDEO_FRAMES) return shown;
  const step = (shown.length - 1) / (MAX_VIDEO_FRAMES - 1);
  return Array.from({ length: MAX_VIDEO_FRAMES }, (_, i) => shown[Math.round(i * step)]);
}

