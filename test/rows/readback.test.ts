// The rows as independent readers see them once written to Parquet: DuckDB and hyparquet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCotBatch, buildRlBatch, hasCotRow } from '../../runtime/rows/build.ts';
import { COT_SCHEMA, RL_SCHEMA } from '../../runtime/rows/schema.ts';
import { ParquetShardWriter } from '../../runtime/writers/parquet.ts';
import { Duck, hyparquetRows, scratch } from '../writers/readers.ts';
import { CHART, SCENE, sampleExamples } from './fixtures.ts';

const STRING_MESSAGE = 'STRUCT("role" VARCHAR, "content" VARCHAR)[]';
const MEDIA_TYPES: Array<[string, string]> = [
  ['images', 'STRUCT(bytes BLOB, path VARCHAR)[]'],
  ['videos', 'STRUCT(bytes BLOB, path VARCHAR, fps DOUBLE, "start" DOUBLE, "end" DOUBLE, frames BLOB[])[]'],
  ['audios', 'STRUCT(bytes BLOB, path VARCHAR, sampling_rate INTEGER)[]'],
];

const dir = scratch('rows');
const examples = sampleExamples();
const rlPath = dir.path('rl.parquet');
const cotPath = dir.path('cot.parquet');
let duck: Duck;

beforeAll(async () => {
  duck = await Duck.open();
  const rl = new ParquetShardWriter(RL_SCHEMA);
  await rl.open(rlPath);
  // Two batches, so that rows from separate batches land in one file in order.
  await rl.write(buildRlBatch(examples.slice(0, 3)));
  await rl.write(buildRlBatch(examples.slice(3)));
  await rl.close();
  const cot = new ParquetShardWriter(COT_SCHEMA);
  await cot.open(cotPath);
  await cot.write(buildCotBatch(examples.filter(hasCotRow)));
  await cot.close();
});

afterAll(() => {
  duck.close();
  dir.remove();
});

describe('RL split read back', () => {
  it('has the contract columns with the contract types (DuckDB DESCRIBE)', async () => {
    expect(await duck.describe(rlPath)).toEqual([
      ['id', 'VARCHAR'],
      ['data_source', 'VARCHAR'],
      ['prompt', STRING_MESSAGE],
      ['ability', 'VARCHAR'],
      ['reward_model', 'STRUCT(style VARCHAR, ground_truth VARCHAR)'],
      ['verifier', 'STRUCT("name" VARCHAR, "version" VARCHAR, params VARCHAR)'],
      ['level', 'INTEGER'],
      ['difficulty', 'DOUBLE'],
      ['extra_info', 'STRUCT(split VARCHAR, "index" BIGINT, stage VARCHAR, "group" VARCHAR, "key" VARCHAR)'],
      ...MEDIA_TYPES,
    ]);
  });

  it('has one row per example in both readers', async () => {
    expect(await duck.count(rlPath)).toBe(examples.length);
    expect((await hyparquetRows(rlPath)).map((r) => r.id)).toEqual(examples.map((e) => e.id));
  });

  it('reads the same nested values in DuckDB and hyparquet', async () => {
    const fromDuck = await duck.rows(`SELECT id, prompt, reward_model, verifier, level, difficulty, extra_info FROM '${rlPath}' ORDER BY extra_info.index`);
    const fromHyparquet = await hyparquetRows(rlPath);
    fromDuck.forEach((row, i) => {
      const other = fromHyparquet[i];
      expect(row.id).toBe(other.id);
      expect(row.prompt).toEqual(other.prompt);
      expect(row.reward_model).toEqual(other.reward_model);
      expect(row.verifier).toEqual(other.verifier);
      expect(row.level).toBe(other.level);
      expect(row.difficulty).toBe(other.difficulty);
      expect(row.extra_info).toEqual(other.extra_info);
    });
    expect(fromDuck[1].prompt).toEqual([
      { role: 'system', content: 'You read charts.' },
      { role: 'user', content: '<image>\nWhich bar is tallest?' },
    ]);
    expect(fromDuck[2].extra_info).toEqual({ split: 'validation', index: 2n, stage: 'geometry', group: 'img/2', key: 'img/2#0' });
  });

  it('has as many placeholders in the user turn as media items', async () => {
    const rows = await duck.rows(`
      SELECT id,
        len(regexp_extract_all(prompt[len(prompt)].content, '<(image|audio|video)>')) AS placeholders,
        len(images) + len(videos) + len(audios) AS media
      FROM '${rlPath}'`);
    expect(rows.map((r) => [r.id, r.placeholders])).toEqual(examples.map((e) => [e.id, BigInt(e.media.length)]));
    for (const row of rows) expect(row.placeholders).toBe(row.media);
  });

  it('round-trips each ground truth through its JSON', async () => {
    const rows = await hyparquetRows(rlPath);
    rows.forEach((row, i) => {
      expect(JSON.parse((row.reward_model as { ground_truth: string }).ground_truth)).toEqual(examples[i].truth);
    });
  });

  it('keeps media bytes byte-exact in both readers, and null bytes for a file path', async () => {
    const [fromDuck] = await duck.rows(`SELECT images, audios FROM '${rlPath}' WHERE id = 'ex-4'`);
    const duckImage = (fromDuck.images as Array<{ bytes: Uint8Array; path: string }>)[0];
    expect(new Uint8Array(duckImage.bytes)).toEqual(CHART.bytes);
    expect(new Uint8Array((fromDuck.audios as Array<{ bytes: Uint8Array }>)[0].bytes)).toEqual(SCENE.bytes);

    const hyp = (await hyparquetRows(rlPath)).find((r) => r.id === 'ex-2');
    expect(hyp?.images).toEqual([
      { bytes: null, path: '/data/photos/cat.jpg' },
      { bytes: CHART.bytes, path: 'charts/0001.png' },
    ]);
  });

  it('stores the video clip bounds and frame rate, and empty lists where there is no media', async () => {
    const rows = await duck.rows(`SELECT id, videos, images FROM '${rlPath}' WHERE id IN ('ex-0', 'ex-3') ORDER BY id`);
    expect(rows[0]).toEqual({ id: 'ex-0', videos: [], images: [] });
    expect(rows[1].videos).toEqual([{ bytes: null, path: 'clips/run.mp4', fps: 29.97, start: 0, end: 7, frames: [] }]);
  });
});

describe('CoT split read back', () => {
  it('has the CoT columns with their types', async () => {
    expect(await duck.describe(cotPath)).toEqual([
      ['id', 'VARCHAR'],
      ['data_source', 'VARCHAR'],
      ['messages', STRING_MESSAGE],
      ...MEDIA_TYPES,
      ['level', 'INTEGER'],
      ['ability', 'VARCHAR'],
    ]);
  });

  it('holds one row per example with a trace, the assistant turn last', async () => {
    const rows = await hyparquetRows(cotPath);
    expect(rows.map((r) => r.id)).toEqual(['ex-0', 'ex-2', 'ex-4', 'ex-5 ünï']);
    expect(rows[3].messages).toEqual([
      { role: 'system', content: 'Réponds en français. 数学' },
      { role: 'user', content: 'Combien font 7 × 6 ? 🙂' },
      { role: 'assistant', content: '<think>\nsept fois six → 42\n</think>\n\n42' },
    ]);
    const fromDuck = await duck.rows(`SELECT messages[-1].content AS last FROM '${cotPath}' WHERE id = 'ex-2'`);
    expect(fromDuck[0].last).toBe('<think>\nThe cup is left of the plate.\n</think>\n\n(12, 34)');
  });
});
