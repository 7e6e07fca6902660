// A video cut by temporal_split reaches the dataset as its shown part only:
// the bytes re-encoded to the window, the frames inside it, nothing after.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { runDag } from '../../runtime/run/run.ts';
import { compileFixture } from './fixture.ts';

const RECIPE = `
recipe cut { version: "0.1.0" seed: 3 }
source motion = motion_clips { count: 2  duration: 4s  fps: 10 }
stage next from motion {
  let split = temporal_split(video: video, ratio: 70%)
  let listed = options_text(options)
  emit {
    prompt: template("{question}\\n{listed}")
    media: [split.context]
    truth: letter
    verifier: choice(letters: "ABCD")
    difficulty: difficulty
    domain: "video"
  }
}
output { dir: "out" splits: { train: 100% } }
`;

interface VideoCell { bytes: Uint8Array | null; fps: number; start: number | null; end: number | null; frames: Uint8Array[] }

describe('a cut video in the dataset', () => {
  it('holds the first 70 % of the clip, as bytes and as frames, and no window to apply', async () => {
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
    const dir = mkdtempSync(path.join(tmpdir(), 'rlr-cut-'));
    writeFileSync(path.join(dir, 'recipe.rlr'), RECIPE);
    const out = path.join(dir, 'out');
    await runDag({ dag: compileFixture(path.join(dir, 'recipe.rlr')), directory: dir, out });
    const shard = path.join(out, 'rl', readdirSync(path.join(out, 'rl'))[0]);
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(shard), compressors, utf8: false }) as Array<{ videos: VideoCell[] }>;
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const [video] = row.videos;
      expect(video.start).toBeNull();
      expect(video.end).toBeNull();
      expect(video.frames).toHaveLength(28);
      const file = path.join(dir, 'clip.mp4');
      writeFileSync(file, video.bytes!);
      const probed = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'json', file], { encoding: 'utf8' })) as { streams: Array<{ nb_read_frames: string }> };
      expect(Number(probed.streams[0].nb_read_frames)).toBe(28);
    }
  });
});
