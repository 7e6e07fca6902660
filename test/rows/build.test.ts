import type { RecordBatch, Schema } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowError, buildCotBatch, buildRlBatch, hasCotRow, rowProblem } from '../../runtime/rows/build.ts';
import { COT_SCHEMA, RL_SCHEMA } from '../../runtime/rows/schema.ts';
import { sameSchema } from '../../runtime/writers/shard-writer.ts';
import { plainRows } from './plain.ts';
import { CHART, CLIP, COMBINED, PHOTO_ON_DISK, SCENE, example, imageBytes, sampleExamples } from './fixtures.ts';

const rows = plainRows;

function expectSchema(batch: RecordBatch, schema: Schema): void {
  expect(sameSchema(batch.schema, schema)).toBe(true);
  expect(batch.schema.metadata).toEqual(schema.metadata);
}

const PLACEHOLDER = /<(image|audio|video)>/g;

describe('RL rows', () => {
  const examples = sampleExamples();
  const batch = buildRlBatch(examples);
  const table = rows(batch);

  it('use the RL schema, one row per example', () => {
    expectSchema(batch, RL_SCHEMA);
    expect(batch.numRows).toBe(examples.length);
    expect(table.map((r) => r.id)).toEqual(examples.map((e) => e.id));
  });

  it('fill the scalar and struct columns from the example', () => {
    expect(table[2]).toMatchObject({
      data_source: 'mix/geometry',
      ability: 'geometry',
      reward_model: { style: 'rule', ground_truth: '[12,34]' },
      verifier: { name: 'all', version: '1.0.0' },
      level: 3,
      difficulty: 0.875,
      extra_info: { split: 'validation', index: 2, stage: 'geometry', group: 'img/2', key: 'img/2#0' },
    });
  });

  it('put the system turn first when there is one, then the user turn', () => {
    expect(table[0].prompt).toEqual([{ role: 'user', content: 'What is 2 + 2?' }]);
    expect(table[1].prompt).toEqual([
      { role: 'system', content: 'You read charts.' },
      { role: 'user', content: '<image>\nWhich bar is tallest?' },
    ]);
  });

  it('start the user turn with one placeholder per media item, in media order', () => {
    examples.forEach((e, i) => {
      const user = (table[i].prompt as Array<{ role: string; content: string }>).at(-1);
      const expected = e.media.map((m) => `<${m.$media}>`);
      expect(user?.content.match(PLACEHOLDER) ?? []).toEqual(expected);
      expect(user?.content.endsWith(e.prompt)).toBe(true);
    });
    expect((table[4].prompt as Array<{ content: string }>)[0].content).toBe('<audio><image><video>\nWhich sound lasts longest? Think, then answer.');
  });

  it('encode each ground truth as JSON that parses back to the truth', () => {
    examples.forEach((e, i) => {
      const truth = (table[i].reward_model as { ground_truth: string }).ground_truth;
      expect(JSON.parse(truth)).toEqual(e.truth);
    });
  });

  it('ship the full verifier spec, children included, as the params JSON', () => {
    expect(JSON.parse((table[2].verifier as { params: string }).params)).toEqual({
      name: 'all',
      params: {},
      children: [
        { name: 'think_format', params: { tag: 'think' } },
        { name: 'point_in_mask', params: { scale: 'pixels' } },
      ],
    });
    expect(JSON.parse((table[0].verifier as { params: string }).params)).toEqual({ name: 'numeric', params: { tolerance: 0.01 } });
  });

  it('sort media into the column of its kind, embedding bytes when the item has them', () => {
    expect(table[0]).toMatchObject({ images: [], videos: [], audios: [] });
    expect(table[2].images).toEqual([
      { bytes: null, path: '/data/photos/cat.jpg' },
      { bytes: imageBytes(1), path: 'charts/0001.png' },
    ]);
    expect(table[3].videos).toEqual([{ bytes: null, path: 'clips/run.mp4', fps: 29.97, start: 0, end: 7, frames: [] }]);
    expect(table[4]).toMatchObject({
      images: [{ bytes: CHART.bytes, path: CHART.path }],
      videos: [{ path: CLIP.path }],
      audios: [{ bytes: SCENE.bytes, path: 'scenes/s1.wav', sampling_rate: 16000 }],
    });
  });

  it('leave fps, clip bounds and sample rate null when the media item does not say them', () => {
    const video = { $media: 'video' as const, path: 'v.mp4' };
    const audio = { $media: 'audio' as const, path: 'a.wav' };
    const [row] = rows(buildRlBatch([example({ media: [video, audio] })]));
    expect(row.videos).toEqual([{ bytes: null, path: 'v.mp4', fps: null, start: null, end: null, frames: [] }]);
    expect(row.audios).toEqual([{ bytes: null, path: 'a.wav', sampling_rate: null }]);
  });

  it('encode truths with the encoder it is given', () => {
    const [row] = rows(buildRlBatch([example({ truth: { x: 1, y: 2 } })], { encodeTruth: () => '[1,2]' }));
    expect(row.reward_model).toEqual({ style: 'rule', ground_truth: '[1,2]' });
  });

  it('reject, naming the example, a truth that has no JSON encoding', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bad = example({ id: 'cyclic', truth: cyclic as never });
    expect(() => buildRlBatch([example(), bad])).toThrow(RowError);
    expect(() => buildRlBatch([bad])).toThrow(/example cyclic: its ground truth has no JSON encoding/);
    expect(() => buildRlBatch([example({ id: 'undef' })], { encodeTruth: () => undefined as never })).toThrow(/example undef/);
  });

  it('build an empty batch from no examples', () => {
    const empty = buildRlBatch([]);
    expect(empty.numRows).toBe(0);
    expectSchema(empty, RL_SCHEMA);
  });
});

describe('CoT rows', () => {
  const examples = sampleExamples().filter(hasCotRow);
  const table = rows(buildCotBatch(examples));

  it('use the CoT schema and keep the id of the RL row', () => {
    expectSchema(buildCotBatch(examples), COT_SCHEMA);
    expect(table.map((r) => r.id)).toEqual(['ex-0', 'ex-2', 'ex-4', 'ex-5 ünï']);
  });

  it('end with the assistant turn: the trace in think tags, a blank line, the answer', () => {
    expect(table[0].messages).toEqual([
      { role: 'user', content: 'What is 2 + 2?' },
      { role: 'assistant', content: '<think>\n2 + 2 = 4\n</think>\n\n4' },
    ]);
    expect(table[3].messages).toEqual([
      { role: 'system', content: 'Réponds en français. 数学' },
      { role: 'user', content: 'Combien font 7 × 6 ? 🙂' },
      { role: 'assistant', content: '<think>\nsept fois six → 42\n</think>\n\n42' },
    ]);
  });

  it('carry the media, level and ability', () => {
    expect(table[1]).toMatchObject({
      images: [{ bytes: null, path: PHOTO_ON_DISK.path }, { bytes: CHART.bytes, path: CHART.path }],
      videos: [],
      audios: [],
      level: 3,
      ability: 'geometry',
    });
  });

  it('refuse an example without a trace', () => {
    expect(() => buildCotBatch(sampleExamples())).toThrow(RowError);
    expect(() => buildCotBatch(sampleExamples())).toThrow(/ex-1: it has no reasoning trace/);
  });
});

describe('examples that cannot become rows', () => {
  it('are those whose text already holds a placeholder, since trainers pair placeholders with media by position', () => {
    expect(rowProblem(example({ prompt: 'Look: <image> what is it?', media: [CHART] }), 'rl')).toMatch(/contains `<image>`/);
    expect(rowProblem(example({ system: 'You hear <audio> clips.' }), 'rl')).toMatch(/contains `<audio>`/);
    expect(() => buildRlBatch([example(), example({ id: 'bad', prompt: '<video>?' })])).toThrow(/example bad: the prompt text contains `<video>`/);
  });

  it('are those whose level is not a 32-bit integer or whose index is not a position', () => {
    expect(rowProblem(example({ level: 1.5 }), 'rl')).toMatch(/level 1.5/);
    expect(rowProblem(example({ level: 2 ** 40 }), 'rl')).toMatch(/not a 32-bit integer/);
    expect(rowProblem(example({ level: -(2 ** 31) }), 'rl')).toBeNull();
    expect(rowProblem(example({ level: 2 ** 31 }), 'rl')).toMatch(/not a 32-bit integer/);
    expect(rowProblem(example({ index: -1 }), 'rl')).toMatch(/index -1/);
    expect(rowProblem(example(), 'rl')).toBeNull();
    expect(rowProblem(example({ trace: null }), 'rl')).toBeNull();
    expect(rowProblem(example({ trace: null }), 'cot')).toMatch(/no reasoning trace/);
  });
});

describe('text encoding', () => {
  it('round-trips any text exactly, short or long, ASCII or not, across buffer growth', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(fc.array(fc.record({ prompt: text, system: fc.option(text), trace: text, answer: text }), { minLength: 1, maxLength: 40 }), (parts) => {
        const examples = parts
          .map((p, i) => example({ id: `e${i}`, ...p }))
          .filter((e) => rowProblem(e, 'cot') === null);
        const table = rows(buildCotBatch(examples));
        examples.forEach((e, i) => {
          const messages = table[i].messages as Array<{ role: string; content: string }>;
          const expected = [
            ...(e.system === null ? [] : [{ role: 'system', content: e.system }]),
            { role: 'user', content: e.prompt },
            { role: 'assistant', content: `<think>\n${e.trace}\n</think>\n\n${e.answer}` },
          ];
          expect(messages).toEqual(expected);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('keeps many rows with large values intact (offsets past the initial buffers)', () => {
    const long = 'é'.repeat(5000);
    const examples = Array.from({ length: 3000 }, (_, i) => example({
      id: `row-${i}`, index: i, prompt: i % 7 === 0 ? long : `question ${i}`,
      media: i % 20 === 0 ? [{ $media: 'image', path: `img/${i}.png`, bytes: imageBytes(i, 4096) }] : [],
    }));
    const table = rows(buildRlBatch(examples));
    expect(table).toHaveLength(3000);
    for (const i of [0, 7, 20, 1399, 2999]) {
      const e = examples[i];
      expect(table[i].id).toBe(e.id);
      expect((table[i].prompt as Array<{ content: string }>)[0].content).toBe(e.media.length > 0 ? `<image>\n${e.prompt}` : e.prompt);
      expect((table[i].extra_info as { index: number }).index).toBe(i);
    }
    expect((table[2980].images as Array<{ bytes: Uint8Array }>)[0].bytes).toEqual(imageBytes(2980, 4096));
  });

  it('serialises a shared verifier once and still writes it on every row', () => {
    const examples = Array.from({ length: 5 }, (_, i) => example({ id: `v${i}`, verifier: COMBINED }));
    const params = rows(buildRlBatch(examples)).map((r) => (r.verifier as { params: string }).params);
    expect(new Set(params).size).toBe(1);
    expect(params).toHaveLength(5);
  });
});

describe('frame-sequence videos', () => {
  it('keep only the frames inside the shown clip, in order, byte for byte', () => {
    const frames = Array.from({ length: 10 }, (_, i) => imageBytes(100 + i, 16));
    const video = { $media: 'video' as const, path: 'motion/clip.mp4', fps: 5, duration: 2, frames, clip: { start: 0, end: 1.4 } };
    const [row] = rows(buildRlBatch([example({ media: [video] })]));
    const shown = (row.videos as Array<{ frames: Uint8Array[]; start: number; end: number }>)[0];
    expect(shown.start).toBe(0);
    expect(shown.end).toBe(1.4);
    expect(shown.frames).toHaveLength(7);
    shown.frames.forEach((frame, i) => expect(Buffer.from(frame).equals(Buffer.from(frames[i]))).toBe(true));
  });
});
