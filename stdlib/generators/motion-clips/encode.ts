// Frames to MP4 with ffmpeg, where it is installed (Debian's `ffmpeg`
// package; scripts/install-system-deps.sh). Raw RGB frames go in on stdin;
// H.264 (or MPEG-4 part 2 when this ffmpeg lacks libx264) comes out, with
// bit-exact flags and no metadata, so the same frames give the same bytes.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

let encoder: Promise<string | null> | undefined;

/** The video encoder this machine's ffmpeg offers, or null without ffmpeg; asked once per process. */
export function videoEncoder(): Promise<string | null> {
  encoder ??= run('ffmpeg', ['-hide_banner', '-encoders'], { timeout: 10_000, maxBuffer: 4 * 1024 * 1024 }).then(
    ({ stdout }) => (/\slibx264\s/.test(stdout) ? 'libx264' : /\smpeg4\s/.test(stdout) ? 'mpeg4' : null),
    () => null,
  );
  return encoder;
}

/** An MP4 of the frames (RGB, `width` x `height`) at `fps`. */
export async function encodeMp4(frames: readonly Uint8Array[], width: number, height: number, fps: number, codec: string): Promise<Uint8Array> {
  const folder = await mkdtemp(path.join(tmpdir(), 'rlr-motion-'));
  const file = path.join(folder, 'clip.mp4');
  try {
    const quality = codec === 'libx264' ? ['-preset', 'veryfast', '-crf', '20', '-tune', 'animation'] : ['-q:v', '3'];
    const args = [
      '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0',
      // yuv420p wants even sides: pad an odd one by a pixel.
      '-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2',
      '-c:v', codec, ...quality, '-pix_fmt', 'yuv420p', '-threads', '1',
      '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1', '-movflags', '+faststart', file,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let errors = '';
      child.stderr.on('data', (chunk: Buffer) => { errors += chunk.toString(); });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${errors.trim()}`))));
      child.stdin.on('error', reject);
      for (const frame of frames) child.stdin.write(frame);
      child.stdin.end();
    });
    const bytes = await readFile(file);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
