// Examples for the row and writer tests: every column kind, media of each type, unicode.
import type { Example, ShippedVerifier } from '../../runtime/example.ts';
import type { MediaValue } from '../../runtime/values.ts';

export const NUMERIC: ShippedVerifier = { name: 'numeric', version: '1.2.0', params: { tolerance: 0.01 } };
export const COMBINED: ShippedVerifier = {
  name: 'all',
  version: '1.0.0',
  params: {},
  children: [
    { name: 'think_format', version: '1.0.0', params: { tag: 'think' } },
    { name: 'point_in_mask', version: '2.0.1', params: { scale: 'pixels' } },
  ],
};

/** Bytes that are not valid UTF-8, so a reader that decodes binary as text would change them. */
export function imageBytes(seed: number, length = 1024): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed * 2654435761 >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  bytes[0] = 0x89;
  bytes[1] = 0xff;
  return bytes;
}

export function example(overrides: Partial<Example> = {}): Example {
  return {
    id: 'ex-0',
    recipe: 'mix',
    stage: 'math',
    key: 'gsm/0',
    group: 'gsm/0',
    prompt: 'What is 2 + 2?',
    system: null,
    media: [],
    truth: 4,
    verifier: NUMERIC,
    difficulty: 0.25,
    domain: 'math',
    trace: '2 + 2 = 4',
    answer: '4',
    level: 1,
    split: 'train',
    index: 0,
    ...overrides,
  };
}

export const CHART: MediaValue = { $media: 'image', path: 'charts/0001.png', bytes: imageBytes(1), width: 64, height: 48 };
export const PHOTO_ON_DISK: MediaValue = { $media: 'image', path: '/data/photos/cat.jpg' };
export const CLIP: MediaValue = { $media: 'video', path: 'clips/run.mp4', fps: 29.97, duration: 10, clip: { start: 0, end: 7 } };
export const SCENE: MediaValue = { $media: 'audio', path: 'scenes/s1.wav', bytes: imageBytes(7, 300), sample_rate: 16000, duration: 2 };

/** Six examples that between them exercise every column and every optional part. */
export function sampleExamples(): Example[] {
  return [
    example(),
    example({
      id: 'ex-1', stage: 'charts', key: 'chart/1', group: 'chart/1', domain: 'charts', level: 2, difficulty: 0.5, index: 1,
      system: 'You read charts.', prompt: 'Which bar is tallest?', media: [CHART], truth: 'B', trace: null, answer: 'B',
    }),
    example({
      id: 'ex-2', stage: 'geometry', key: 'img/2#0', group: 'img/2', domain: 'geometry', level: 3, difficulty: 0.875, index: 2,
      prompt: 'Point at the cup in the second image.', media: [PHOTO_ON_DISK, CHART], truth: [12, 34], verifier: COMBINED,
      trace: 'The cup is left of the plate.', answer: '(12, 34)', split: 'validation',
    }),
    example({
      id: 'ex-3', recipe: 'mix', stage: 'video', key: 'v/3', group: 'v/3', domain: 'video', level: 2, index: 3,
      prompt: 'What happens next?', media: [CLIP], truth: { choice: 'C', options: ['A', 'B', 'C', 'D'] }, trace: null, answer: 'C',
      split: 'test',
    }),
    example({
      id: 'ex-4', stage: 'audio', key: 'a/4', group: 'a/4', domain: 'audio', level: 1, index: 4,
      prompt: 'Which sound lasts longest? Think, then answer.', media: [SCENE, CHART, CLIP], truth: [[0.5, 1.25], null, true],
      trace: 'Dog: 0.75 s. Horn: 0.5 s.', answer: 'dog',
    }),
    example({
      id: 'ex-5 ünï', stage: 'math', key: 'gsm/5', group: 'gsm/5', level: 4, difficulty: 1, index: 5,
      system: 'Réponds en français. 数学', prompt: 'Combien font 7 × 6 ? 🙂', truth: '42', trace: 'sept fois six → 42', answer: '42',
    }),
  ];
}
