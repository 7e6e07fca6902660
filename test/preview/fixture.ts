// A small real dataset for the preview tests: shards written by the runtime's own row
// builders and shard writers, a real PNG made with sharp, and a hand-written manifest.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Example } from '../../runtime/example.ts';
import type { MediaValue } from '../../runtime/values.ts';
import { buildCotBatch, buildRlBatch } from '../../runtime/rows/build.ts';
import { schemaFor, type SplitKind } from '../../runtime/rows/schema.ts';
import { createShardWriter, shardName, type ShardFormat } from '../../runtime/writers/index.ts';
import { encodeMask, encodeCountsString } from '../../stdlib/verifiers/rle.ts';

export const IMAGE_WIDTH = 80;
export const IMAGE_HEIGHT = 60;
/** The scene's background: a colour nothing else on the page uses. */
export const BACKGROUND: readonly [number, number, number] = [20, 170, 60];
/** The red square of the scene, whose pixels are the mask truth. */
export const SQUARE = { x: 44, y: 10, size: 24 } as const;
export const POINT: readonly [number, number] = [20, 40];
export const BOX: readonly [number, number, number, number] = [8, 8, 30, 26];

/** An RGB PNG: the background with the red square. */
export async function scenePng(): Promise<Uint8Array> {
  const pixels = Buffer.alloc(IMAGE_WIDTH * IMAGE_HEIGHT * 3);
  for (let y = 0; y < IMAGE_HEIGHT; y++) {
    for (let x = 0; x < IMAGE_WIDTH; x++) {
      const inSquare = x >= SQUARE.x && x < SQUARE.x + SQUARE.size && y >= SQUARE.y && y < SQUARE.y + SQUARE.size;
      pixels.set(inSquare ? [220, 30, 30] : BACKGROUND, (y * IMAGE_WIDTH + x) * 3);
    }
  }
  const png = await sharp(pixels, { raw: { width: IMAGE_WIDTH, height: IMAGE_HEIGHT, channels: 3 } }).png().toBuffer();
  return new Uint8Array(png);
}

/** The square's pixels as COCO RLE with compressed counts, as the geometry generators write masks. */
export function squareMask(): { size: [number, number]; counts: string } {
  const pixels = new Uint8Array(IMAGE_WIDTH * IMAGE_HEIGHT);
  for (let y = SQUARE.y; y < SQUARE.y + SQUARE.size; y++) {
    for (let x = SQUARE.x; x < SQUARE.x + SQUARE.size; x++) pixels[y * IMAGE_WIDTH + x] = 1;
  }
  const rle = encodeMask(pixels, IMAGE_HEIGHT, IMAGE_WIDTH);
  return { size: rle.size, counts: encodeCountsString(rle.counts) };
}

/** A mono 16-bit WAV of `seconds` of a 440 Hz tone. */
export function toneWav(seconds: number, rate = 8000): Uint8Array {
  const samples = Math.round(seconds * rate);
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + samples * 2, 4);
  buffer.write('WAVEfmt ', 8, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(1, 22);
  buffer.writeUInt32LE(rate, 24);
  buffer.writeUInt32LE(rate * 2, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buffer.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return new Uint8Array(buffer);
}

function base(overrides: Partial<Example>): Example {
  return {
    id: 'id', recipe: 'scenes', stage: 'stage', key: 'k', group: 'k', prompt: '', system: null, media: [],
    truth: null, verifier: { name: 'exact', version: '1.0.0', params: {} }, difficulty: 0.5, domain: 'd',
    trace: null, answer: '', level: 1, split: 'train', index: 0,
    ...overrides,
  };
}

export const HOSTILE_PROMPT = 'Point at <b>the "green" area</b> & not the <script>alert(1)</script> square.';

/** Examples over four stages and three levels: point, box and mask truths (the mask with a trace), audio, video frames, math. */
export async function previewExamples(): Promise<Example[]> {
  const png = await scenePng();
  const scene: MediaValue = { $media: 'image', path: 'scenes/0001.png', bytes: png, width: IMAGE_WIDTH, height: IMAGE_HEIGHT };
  const frames = [await scenePng(), await scenePng(), await scenePng()];
  const clip: MediaValue = { $media: 'video', path: 'clips/0001', fps: 4, frames, clip: { start: 0, end: 0.5 }, frame_count: 3 };
  const tone: MediaValue = { $media: 'audio', path: 'tones/a.wav', bytes: toneWav(0.25), sample_rate: 8000, duration: 0.25 };
  return [
    base({
      id: 'geo-point', stage: 'pointing', key: 'scene/1', group: 'scene/1', domain: 'geometry', level: 3, difficulty: 0.75,
      // The preview draws any point-shaped truth, whatever verifier reads it.
      prompt: HOSTILE_PROMPT, media: [scene], truth: [...POINT],
      verifier: { name: 'exact', version: '1.0.0', params: {} },
    }),
    base({
      id: 'geo-box', stage: 'pointing', key: 'scene/3', group: 'scene/3', domain: 'geometry', level: 3, difficulty: 0.5, index: 6,
      prompt: 'Draw a box around the empty corner.', media: [scene], truth: [...BOX], split: 'test',
      verifier: { name: 'box_iou', version: '1.0.0', params: { threshold: 0.5 } },
    }),
    base({
      id: 'geo-mask', stage: 'pointing', key: 'scene/2', group: 'scene/2', domain: 'geometry', level: 3, difficulty: 0.25,
      prompt: 'Point to the red square.', media: [scene], truth: squareMask(), index: 1,
      verifier: { name: 'point_in_mask', version: '1.0.0', params: { tolerance: 0 } },
      trace: 'The red square spans x 44..67 & y 10..33; its centre is (56, 22).', answer: '(56, 22)',
    }),
    base({
      id: 'math-1', stage: 'arithmetic', key: 'm/1', group: 'm/1', domain: 'math', level: 1, index: 2, split: 'validation',
      prompt: 'What is 2 + 3?', truth: '5', verifier: { name: 'math', version: '1.0.0', params: {} },
      trace: '2 + 3 = 5', answer: '5',
    }),
    base({
      id: 'math-2', stage: 'arithmetic', key: 'm/2', group: 'm/2', domain: 'math', level: 2, index: 3, split: 'test',
      system: 'Answer with a number.', prompt: 'What is 12 × 12?', truth: '144', verifier: { name: 'math', version: '1.0.0', params: {} },
    }),
    base({
      id: 'sound-1', stage: 'sounds', key: 's/1', group: 's/1', domain: 'audio', level: 2, index: 4,
      prompt: 'When does the tone play?', media: [tone], truth: [0, 0.25],
      verifier: { name: 'segment_iou', version: '1.0.0', params: {} },
    }),
    base({
      id: 'motion-1', stage: 'motion', key: 'v/1', group: 'v/1', domain: 'motion', level: 2, index: 5,
      prompt: 'What happens next? A, B, C or D.', media: [clip], truth: 'B',
      verifier: { name: 'choice', version: '1.0.0', params: { options: 4 } },
    }),
  ];
}

export interface PreviewDataset {
  readonly folder: string;
  readonly examples: readonly Example[];
  remove(): void;
}

function counts<T extends string>(examples: readonly Example[], keyOf: (example: Example) => T): Record<string, number> {
  const result: Record<string, number> = {};
  for (const example of examples) result[keyOf(example)] = (result[keyOf(example)] ?? 0) + 1;
  return result;
}

/** Writes the examples as one RL shard and one CoT shard per split, plus a manifest like `rlr run` writes. */
export async function writePreviewDataset(format: ShardFormat = 'parquet', warnings: string[] = []): Promise<PreviewDataset> {
  const folder = mkdtempSync(join(tmpdir(), 'rlr-preview-'));
  const examples = await previewExamples();
  const shards: Array<{ path: string; rows: number; bytes: number; sha256: string }> = [];
  const byKind: Record<SplitKind, Example[]> = { rl: examples, cot: examples.filter((e) => e.trace !== null) };
  for (const kind of ['rl', 'cot'] as const) {
    mkdirSync(join(folder, kind));
    for (const split of ['train', 'validation', 'test'] as const) {
      const rows = byKind[kind].filter((e) => e.split === split);
      if (rows.length === 0) continue;
      const path = `${kind}/${shardName(split, 0, 1, format)}`;
      const writer = createShardWriter(format, schemaFor(kind));
      await writer.open(join(folder, path));
      await writer.write(kind === 'rl' ? buildRlBatch(rows) : buildCotBatch(rows));
      const stats = await writer.close();
      shards.push({ path, rows: stats.rows, bytes: stats.bytes, sha256: stats.sha256 });
    }
  }
  const manifest = {
    format: 'rlr-manifest',
    version: 1,
    recipe: { name: 'scenes', version: '0.1.0', seed: 7, description: 'Preview fixture <&>' },
    splits: Object.fromEntries((['rl', 'cot'] as const).map((kind) => [kind, { train: 0, validation: 0, test: 0, ...counts(byKind[kind], (e) => e.split) }])),
    levels: { rl: counts(byKind.rl, (e) => String(e.level)), cot: counts(byKind.cot, (e) => String(e.level)) },
    domains: { rl: counts(byKind.rl, (e) => e.domain), cot: counts(byKind.cot, (e) => e.domain) },
    stages: { rl: counts(byKind.rl, (e) => e.stage), cot: counts(byKind.cot, (e) => e.stage) },
    verifiers: { box_iou: '1.0.0', choice: '1.0.0', exact: '1.0.0', math: '1.0.0', point_in_mask: '1.0.0', segment_iou: '1.0.0' },
    shards,
    warnings,
  };
  writeFileSync(join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { folder, examples, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
