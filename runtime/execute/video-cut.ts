// The shown part of a video, cut for real. `temporal_split` only marks the
// cut (a clip window on the media value); before an example is written, a
// video with a window becomes the bytes of that window alone, re-encoded by
// ffmpeg (Debian's package) so it starts and ends on the cut, and a video held
// as frames keeps only the frames inside it. The evidence after the cut never
// reaches the dataset or a model. Encoding runs single-threaded with bit-exact
// flags, so the same input gives the same bytes.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { RecordRejected } from '../evaluate/reject.ts';
import type { MediaValue } from '../values.ts';

const run = promisify(execFile);

/** The bytes of the shown window of a video file (or of a generator's video bytes). */
export async function cutClip(media: MediaValue, directory: string, signal?: AbortSignal): Promise<Uint8Array> {
  const clip = media.clip!;
  let input = resolve(directory, media.path);
  let scratch: string | null = null;
  if (media.bytes) {
    scratch = await mkdtemp(join(tmpdir(), 'rlr-clip-'));
    input = join(scratch, `input${extname(media.path) || '.mp4'}`);
    await writeFile(input, media.bytes);
  }
  try {
    const { stdout } = await run('ffmpeg', [
      '-v', 'error', '-ss', String(clip.start), '-i', input, '-t', String(clip.end - clip.start),
      '-an', '-threads', '1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1',
      '-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov', 'pipe:1',
    ], { encoding: 'buffer', maxBuffer: 1 << 30, signal });
    return stdout;
  } catch (error) {
    if (signal?.aborted) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RecordRejected(`cannot cut the shown part of video \`${media.path}\`: ffmpeg is not installed (apt-get install ffmpeg)`);
    const detail = Buffer.isBuffer((error as { stderr?: unknown }).stderr) ? String((error as { stderr: Buffer }).stderr).trim() : (error as Error).message;
    throw new RecordRejected(`cannot cut the shown part of video \`${media.path}\`: ${detail.split('\n')[0]}`);
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** The frames inside a video's window (all of them when it has none). */
export function framesInClip(media: MediaValue): readonly Uint8Array[] {
  const frames = media.frames ?? [];
  if (!media.clip || !media.fps) return frames;
  const first = Math.max(0, Math.round(media.clip.start * media.fps));
  const end = Math.min(frames.length, Math.round(media.clip.end * media.fps));
  return frames.slice(first, end);
}

/** A video as an example carries it: a cut video becomes its window's bytes (and frames), with no window left to apply. */
export async function shownVideo(media: MediaValue, directory: string): Promise<MediaValue> {
  if (media.$media !== 'video' || !media.clip) return media;
  const { clip, ...rest } = media;
  const duration = clip.end - clip.start;
  const frames = media.frames ? framesInClip(media) : undefined;
  const hasFile = media.bytes !== undefined || !media.frames;
  const bytes = hasFile ? await cutClip(media, directory) : undefined;
  return {
    ...rest,
    ...(bytes ? { bytes } : {}),
    ...(frames ? { frames, frame_count: frames.length } : {}),
    duration,
  };
}
