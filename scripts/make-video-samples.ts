// Makes the sample clips of recipes/video-prediction.rlr: short MP4s of balls
// moving in a walled box, simulated and drawn by the `motion_clips` generator
// and encoded by Debian's ffmpeg, each beside a JSON sidecar with its title.
// The clips are seeded, so running this again writes the same bytes.
//
//   node --import tsx scripts/make-video-samples.ts [folder]
//
// The folder is recipes/data/videos unless given.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { motionClips } from '../stdlib/generators/motion-clips/index.ts';
import type { MediaValue } from '../runtime/values.ts';

export interface SampleClip {
  /** The file's stem: `<name>.mp4` and `<name>.json`. */
  readonly name: string;
  readonly title: string;
  /** Seconds. */
  readonly duration: number;
  /** Balls at the top of the difficulty band. */
  readonly objects: number;
  /** Difficulty in [0, 1]: more balls, faster, smaller, and a block to hide behind. */
  readonly difficulty: number;
  readonly seed: number;
}

/** Three clips of different lengths, so that each one's shown 70 % has its own duration. */
export const SAMPLE_CLIPS: readonly SampleClip[] = [
  { name: 'one-ball', title: 'A ball in a walled box', duration: 3, objects: 1, difficulty: 0.1, seed: 1 },
  { name: 'two-balls', title: 'Two balls in a walled box', duration: 4, objects: 2, difficulty: 0.5, seed: 2 },
  { name: 'three-balls', title: 'Three balls and a grey block', duration: 5, objects: 3, difficulty: 0.9, seed: 3 },
];

export const SAMPLE_SIZE = 96;
export const SAMPLE_FPS = 10;

export interface WrittenClip {
  readonly clip: SampleClip;
  readonly video: string;
  readonly sidecar: string;
  /** The clip's frame rate and length as encoded. */
  readonly fps: number;
  readonly duration: number;
}

/** Writes one clip and its sidecar into `folder`. */
export async function makeVideoSample(folder: string, clip: SampleClip): Promise<WrittenClip> {
  const params = {
    count: 1, min_difficulty: clip.difficulty, max_difficulty: clip.difficulty, objects: clip.objects,
    duration: clip.duration, fps: SAMPLE_FPS, width: SAMPLE_SIZE, height: SAMPLE_SIZE,
  };
  for await (const item of motionClips(params, { directory: folder, seed: clip.seed, nodeId: `sample-${clip.name}` })) {
    if ('rejected' in item) throw new Error(`clip \`${clip.name}\`: ${item.rejected}`);
    const media = item.fields.video as MediaValue;
    if (!media.bytes) throw new Error(`clip \`${clip.name}\`: no MP4 was encoded; install ffmpeg (apt-get install ffmpeg)`);
    await mkdir(folder, { recursive: true });
    const video = path.join(folder, `${clip.name}.mp4`);
    const sidecar = path.join(folder, `${clip.name}.json`);
    await writeFile(video, media.bytes);
    await writeFile(sidecar, JSON.stringify({ title: clip.title }, null, 2) + '\n');
    return { clip, video, sidecar, fps: SAMPLE_FPS, duration: media.duration ?? clip.duration };
  }
  throw new Error(`clip \`${clip.name}\`: the generator made no clip`);
}

/** Writes every clip of `clips` (the samples by default) into `folder`. */
export async function makeVideoSamples(folder: string, clips: readonly SampleClip[] = SAMPLE_CLIPS): Promise<WrittenClip[]> {
  const written: WrittenClip[] = [];
  for (const clip of clips) written.push(await makeVideoSample(folder, clip));
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const folder = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'recipes', 'data', 'videos'));
  for (const { video, duration } of await makeVideoSamples(folder)) {
    console.log(`${path.relative(process.cwd(), video)} (${duration} s)`);
  }
}
