// The `motion_clips` generator: PNG frames at the declared size and count
// (and an MP4 where ffmpeg is installed), an answer that happens only after
// the cut `temporal_split(ratio: 70%)` makes (seen in the pixels for wall
// bounces: the ball reaches the wall and turns only in the evidence),
// letters that the `choice` verifier accepts and that are balanced, and
// output that depends only on the seed.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { imageSize } from 'image-size';
import sharp from 'sharp';
import type { Json } from '../../compiler/lower/dag-schema.ts';
import { compileRecipe } from '../../compiler/compile.ts';
import { nodeHost } from '../../cli/node-host.ts';
import { randomFor } from '../../runtime/evaluate/random.ts';
import { runDag } from '../../runtime/run/run.ts';
import type { SourceContext } from '../../runtime/sources/source-item.ts';
import type { MediaValue } from '../../runtime/values.ts';
import { balancedLetterIndex } from '../../stdlib/generators/kit.ts';
import { generators } from '../../stdlib/generators/index.ts';
import { COLOURS, WALL_WIDTH, clipFields, motionClips, motionSettings, planClip } from '../../stdlib/generators/motion-clips/index.ts';
import { videoEncoder } from '../../stdlib/generators/motion-clips/encode.ts';
import { prepareCached } from '../../stdlib/verifiers/index.ts';
import { call } from '../functions/call.ts';
import { collect, expectDeclaredRecords } from './collect.ts';

const choice = prepareCached({ name: 'choice', params: { letters: 'ABCD' } });
const context: SourceContext = { directory: '.', seed: 31, nodeId: 'motion-node' };
const SIDE = 96;
const FPS = 8;

const params = (overrides: Record<string, Json> = {}): Record<string, Json> => ({
  count: 8, min_difficulty: 0, max_difficulty: 1, objects: 3, duration: 3, fps: FPS, width: SIDE, height: SIDE, ...overrides,
});

interface MotionRecord {
  key: string;
  video: MediaValue;
  question: string;
  options: string[];
  letter: string;
  answer: string;
  trace: string;
  difficulty: number;
}

async function generate(overrides: Record<string, Json> = {}, ctx: SourceContext = context): Promise<MotionRecord[]> {
  return collect<MotionRecord>(motionClips(params(overrides), ctx));
}

const plan = (index: number, overrides: Record<string, Json> = {}) => {
  const { settings, band } = motionSettings(params(overrides));
  const key = `motion-${String(index).padStart(9, '0')}`;
  return planClip(settings, band, balancedLetterIndex(context, index), (purpose) => randomFor(context.seed, context.nodeId, key, purpose))!;
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Where pixels of exactly this colour are in a PNG frame: their count and horizontal and vertical extent. */
async function find(png: Uint8Array, rgb: readonly number[]): Promise<{ count: number; x0: number; x1: number; y0: number; y1: number; cx: number; cy: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const found = { count: 0, x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity, cx: 0, cy: 0 };
  for (let i = 0; i < info.width * info.height; i++) {
    if (data[i * 3] !== rgb[0] || data[i * 3 + 1] !== rgb[1] || data[i * 3 + 2] !== rgb[2]) continue;
    const [x, y] = [i % info.width, Math.floor(i / info.width)];
    found.count++;
    found.cx += x;
    found.cy += y;
    found.x0 = Math.min(found.x0, x);
    found.x1 = Math.max(found.x1, x);
    found.y0 = Math.min(found.y0, y);
    found.y1 = Math.max(found.y1, y);
  }
  found.cx /= found.count;
  found.cy /= found.count;
  return found;
}

function hasFfprobe(): boolean {
  try {
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('motion_clips', () => {
  const clips = generate();

  it('is registered under its registry name and yields exactly its declared record type', async () => {
    expect(generators.get('motion_clips')).toBe(motionClips);
    expectDeclaredRecords('motion_clips', await clips);
  });

  it('holds duration x fps PNG frames at the declared size, and an MP4 of them where ffmpeg is installed', async () => {
    const codec = await videoEncoder();
    const probe = codec !== null && hasFfprobe();
    for (const record of await clips) {
      expect(record.key).toMatch(/^motion-\d{9}$/);
      expect(record.video).toMatchObject({ $media: 'video', path: `motion_clips/${record.key}.mp4`, fps: FPS, duration: 3, width: SIDE, height: SIDE, frame_count: 24 });
      expect(record.video.frames).toHaveLength(24);
      for (const frame of record.video.frames!) expect(imageSize(frame)).toMatchObject({ width: SIDE, height: SIDE, type: 'png' });
      if (codec === null) {
        expect(record.video.bytes).toBeUndefined();
        continue;
      }
      const mp4 = record.video.bytes!;
      expect(String.fromCharCode(...mp4.subarray(4, 8))).toBe('ftyp');
      if (probe && record === (await clips)[0]) {
        const file = path.join(mkdtempSync(path.join(tmpdir(), 'rlr-mp4-')), 'clip.mp4');
        writeFileSync(file, mp4);
        const stream = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,nb_read_frames,r_frame_rate', '-of', 'json', file]).toString();
        expect(JSON.parse(stream).streams[0]).toMatchObject({ width: SIDE, height: SIDE, nb_read_frames: '24', r_frame_rate: `${FPS}/1` });
      }
    }
    // Without ffmpeg the same clip is its frames alone.
    const { settings } = motionSettings(params());
    const framesOnly = await clipFields('motion-000000000', plan(0), settings, null);
    expect((framesOnly.video as MediaValue).bytes).toBeUndefined();
    expect((framesOnly.video as MediaValue).frames!.map(sha256)).toEqual((await clips)[0].video.frames!.map(sha256));
  });

  it('asks about what happens only after the 70 % cut, a frame or more into the evidence', async () => {
    const records = await clips;
    for (const [index, record] of records.entries()) {
      const clip = plan(index);
      expect(clip.answer).toBe(record.answer);
      const split = call('temporal_split', { video: record.video, ratio: 0.7 }) as { evidence: { start: number; end: number } };
      expect(split.evidence.start).toBeCloseTo(clip.cutFrame / FPS, 9);
      if (clip.eventTime === null) {
        expect(record.answer).toMatch(/keeps moving without touching anything\.$/);
        continue;
      }
      expect(clip.eventTime).toBeGreaterThanOrEqual(split.evidence.start + 1 / FPS - 1e-9);
      expect(clip.eventTime).toBeLessThanOrEqual(split.evidence.end - 2 / FPS);
      expect(record.trace).toContain(`At ${clip.eventTime.toFixed(2)} s it `);
    }
  });

  it('shows a wall bounce only in the evidence: the ball is clear of the wall at the cut, then reaches it and turns', async () => {
    let checked = 0;
    for (let index = 0; index < 40 && checked < 6; index++) {
      const clip = plan(index, { objects: 1 });
      const wall = /bounces off the (left|right|top|bottom) wall/.exec(clip.answer)?.[1] as 'left' | 'right' | 'top' | 'bottom' | undefined;
      if (!wall || clip.block) continue;
      checked++;
      const { settings } = motionSettings(params({ objects: 1 }));
      const fields = await clipFields(`motion-${index}`, clip, settings, null);
      const frames = (fields.video as MediaValue).frames!;
      const colour = COLOURS.find((c) => c.name === clip.balls[clip.subject].colour)!.rgb;
      const seen = await Promise.all(frames.map((frame) => find(frame, colour)));
      // Gap between the ball's outermost pixel and the wall's innermost, and the ball's position along the wall's axis.
      const gap = (f: typeof seen[number]) => ({ left: f.x0 - WALL_WIDTH, right: SIDE - WALL_WIDTH - 1 - f.x1, top: f.y0 - WALL_WIDTH, bottom: SIDE - WALL_WIDTH - 1 - f.y1 })[wall];
      const toward = (f: typeof seen[number]) => ({ left: -f.cx, right: f.cx, top: -f.cy, bottom: f.cy })[wall];
      const cut = clip.cutFrame;
      expect(gap(seen[cut - 1]), clip.trace).toBeGreaterThan(0);
      expect(toward(seen[cut]), clip.trace).toBeGreaterThan(toward(seen[cut - 1]));
      // In the evidence it gets as far toward the wall as a frame's step allows, then comes back.
      const evidence = seen.slice(cut);
      const step = toward(seen[cut]) - toward(seen[cut - 1]);
      const turn = evidence.reduce((best, f, i) => (toward(f) > toward(evidence[best]) ? i : best), 0);
      expect(turn, `${clip.answer}: the ball turns before the clip ends`).toBeLessThan(evidence.length - 1);
      expect(toward(evidence[turn + 1])).toBeLessThan(toward(evidence[turn]));
      expect(gap(evidence[turn])).toBeLessThanOrEqual(Math.ceil(step) + 1);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('offers four distinct options, the answer at the letter the choice verifier scores 1', async () => {
    const kinds = new Set<string>();
    for (const record of await clips) {
      expect(record.question).toMatch(/^What happens next to the \w+ ball\?$/);
      expect(record.options).toHaveLength(4);
      expect(new Set(record.options).size).toBe(4);
      expect(record.options['ABCD'.indexOf(record.letter)]).toBe(record.answer);
      expect(choice.score(record.letter, record.letter).score).toBe(1);
      expect(choice.score(choice.renderTruth(record.letter), record.letter).score).toBe(1);
      expect(choice.score([...'ABCD'].find((l) => l !== record.letter)!, record.letter).score).toBe(0);
    }
    for (let index = 0; index < 40; index++) kinds.add(/(bounces off|collides with|passes behind|keeps moving)/.exec(plan(index).answer)![1]);
    expect(kinds.size).toBe(4);
  });

  it('balances the correct letter across A-D over 400 clips, and no kind of answer is a safe guess', () => {
    const letters: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
    const offered: Record<string, number> = {};
    const correct: Record<string, number> = {};
    const kindOf = (option: string) => /(bounces off|collides with|passes behind|keeps moving)/.exec(option)![1];
    for (let index = 0; index < 400; index++) {
      const clip = plan(index, { width: 64, height: 64, duration: 2 });
      letters[clip.letter]++;
      for (const option of clip.options) offered[kindOf(option)] = (offered[kindOf(option)] ?? 0) + 1;
      correct[kindOf(clip.answer)] = (correct[kindOf(clip.answer)] ?? 0) + 1;
    }
    expect(Object.values(letters)).toEqual([100, 100, 100, 100]);
    // Each kind of option is right about a quarter of the times it is offered (chance), never nearly always or never.
    for (const kind of Object.keys(offered)) {
      const share = (correct[kind] ?? 0) / offered[kind];
      expect(share > 0.15 && share < 0.36, `${kind}: right ${correct[kind]} of the ${offered[kind]} times offered`).toBe(true);
    }
  });

  it('makes harder clips faster, busier and more hidden, within the band', () => {
    const clipsIn = (min: number, max: number) => Array.from({ length: 24 }, (_, i) => plan(i, { min_difficulty: min, max_difficulty: max }));
    const easy = clipsIn(0, 0.2);
    const hard = clipsIn(0.8, 1);
    for (const r of easy) expect(r.difficulty >= 0 && r.difficulty <= 0.2, `${r.difficulty}`).toBe(true);
    for (const r of hard) expect(r.difficulty >= 0.8 && r.difficulty <= 1, `${r.difficulty}`).toBe(true);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const speed = (r: { trace: string }) => Number(/about (\d+) px\/s/.exec(r.trace)![1]);
    expect(mean(hard.map(speed))).toBeGreaterThan(mean(easy.map(speed)));
    expect(mean(hard.map((r) => r.balls.length))).toBeGreaterThan(mean(easy.map((r) => r.balls.length)));
    expect(hard.filter((r) => r.block).length).toBeGreaterThan(easy.filter((r) => r.block).length);
  });

  it('gives the same clips for the same seed and other clips for another', async () => {
    const digest = (r: MotionRecord) => [r.video.frames!.map(sha256), r.video.bytes ? sha256(r.video.bytes) : null, r.options, r.letter, r.trace];
    const first = (await clips).slice(0, 4);
    expect((await generate({ count: 4 })).map(digest)).toEqual(first.map(digest));
    const other = await generate({ count: 4 }, { ...context, seed: 32 });
    expect(other.map((r) => r.trace)).not.toEqual(first.slice(0, 4).map((r) => r.trace));
  });

  it('runs in a recipe, multiple choice and open-ended, with no record rejected', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlr-motion-'));
    writeFileSync(path.join(dir, 'recipe.rlr'), `
      recipe motion { version: "0.1.0" seed: 4 }
      source clips = motion_clips { count: 4 duration: 2s width: 64px height: 64px }
      stage predict from clips {
        let split = temporal_split(video: video, ratio: 70%)
        let listed = options_text(options)
        emit {
          prompt: template("{question}\\n{listed}\\nAnswer with the letter.")
          media: [split.context]
          truth: letter
          verifier: choice()
          difficulty: difficulty
          domain: "video"
          trace: trace
        }
      }
      stage predict_open from clips {
        let split = temporal_split(video: video, ratio: 70%)
        emit { prompt: template("{question} Answer in one sentence.") media: [split.context] truth: answer verifier: normalized() difficulty: difficulty domain: "video" }
      }
      output { dir: "out" splits: { train: 75%, test: 25% } }
    `);
    const compiled = compileRecipe(nodeHost(), path.join(dir, 'recipe.rlr'), { params: {} });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = await runDag({ dag: compiled.dag!, directory: dir, out: path.join(dir, 'out'), noCache: true });
    const accounting = Object.values((result.manifest as { accounting: Record<string, { rejected: Record<string, number>; op: string }> }).accounting);
    expect(accounting.flatMap((node) => Object.keys(node.rejected))).toEqual([]);
    expect(readFileSync(path.join(dir, 'out', 'rejects.jsonl'), 'utf8').trim()).toBe('');
  });
});
