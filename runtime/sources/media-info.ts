// Media metadata read from files: image size, WAV duration and rate, video stream info through ffprobe.
import { open, readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { imageSize } from 'image-size';
import type { MediaKind, MediaValue } from '../values.ts';

const run = promisify(execFile);

export class MediaError extends Error {}

export async function mediaInfo(kind: MediaKind, absolutePath: string, shownPath: string): Promise<MediaValue> {
  switch (kind) {
    case 'image': {
      const bytes = await readFile(absolutePath);
      try {
        const size = imageSize(bytes);
        if (!size.width || !size.height) throw new MediaError('no dimensions');
        return { $media: 'image', path: shownPath, width: size.width, height: size.height };
      } catch (error) {
        throw new MediaError(`\`${shownPath}\` is not a readable image (${(error as Error).message})`);
      }
    }
    case 'audio':
      return { $media: 'audio', path: shownPath, ...(await audioInfo(absolutePath, shownPath)) };
    case 'video':
      return { $media: 'video', path: shownPath, ...(await videoInfo(absolutePath, shownPath)) };
  }
}

/** Reads a RIFF/WAVE header: the `fmt ` chunk and the size of the `data` chunk. */
async function audioInfo(path: string, shown: string): Promise<{ duration: number; sample_rate: number; channels: number }> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    if (bytesRead < 12 || header.toString('ascii', 0, 4) !== 'RIFF' || header.toString('ascii', 8, 12) !== 'WAVE') {
      return await probeAudio(path, shown);
    }
    let offset = 12;
    let sampleRate = 0;
    let channels = 0;
    let byteRate = 0;
    while (offset + 8 <= bytesRead) {
      const id = header.toString('ascii', offset, offset + 4);
      const size = header.readUInt32LE(offset + 4);
      if (id === 'fmt ') {
        channels = header.readUInt16LE(offset + 10);
        sampleRate = header.readUInt32LE(offset + 12);
        byteRate = header.readUInt32LE(offset + 16);
      } else if (id === 'data') {
        if (!byteRate) break;
        const { size: fileSize } = await handle.stat();
        const dataBytes = Math.min(size, fileSize - offset - 8);
        return { duration: dataBytes / byteRate, sample_rate: sampleRate, channels };
      }
      offset += 8 + size + (size % 2);
    }
    throw new MediaError(`\`${shown}\` is a WAV file without a readable fmt and data chunk`);
  } finally {
    await handle.close();
  }
}

async function ffprobe(path: string, shown: string, stream: 'a' | 'v'): Promise<Record<string, string>> {
  try {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', `${stream}:0`, '-show_entries',
      'stream=sample_rate,channels,r_frame_rate,nb_frames,width,height:format=duration', '-of', 'json', path]);
    const parsed = JSON.parse(stdout) as { streams?: Record<string, string>[]; format?: Record<string, string> };
    if (!parsed.streams?.length) throw new MediaError(`\`${shown}\` has no ${stream === 'a' ? 'audio' : 'video'} stream`);
    return { ...parsed.streams[0], ...parsed.format };
  } catch (error) {
    if (error instanceof MediaError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MediaError(`cannot read \`${shown}\`: ffprobe is not installed (apt-get install ffmpeg)`);
    throw new MediaError(`\`${shown}\` is not a readable media file`);
  }
}

async function probeAudio(path: string, shown: string): Promise<{ duration: number; sample_rate: number; channels: number }> {
  const info = await ffprobe(path, shown, 'a');
  return { duration: Number(info.duration), sample_rate: Number(info.sample_rate), channels: Number(info.channels) };
}

async function videoInfo(path: string, shown: string): Promise<Omit<MediaValue, '$media' | 'path'>> {
  const info = await ffprobe(path, shown, 'v');
  const [numerator, denominator] = (info.r_frame_rate ?? '0/1').split('/').map(Number);
  const fps = denominator ? numerator / denominator : 0;
  const duration = Number(info.duration);
  return {
    duration, fps, width: Number(info.width), height: Number(info.height),
    frame_count: info.nb_frames ? Number(info.nb_frames) : Math.round(duration * fps),
  };
}
