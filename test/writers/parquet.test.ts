import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCotBatch, buildRlBatch } from '../../runtime/rows/build.ts';
import { COT_SCHEMA, HF_METADATA_KEY, RL_SCHEMA } from '../../runtime/rows/schema.ts';
import { ParquetShardWriter, createShardWriter, temporaryPath } from '../../runtime/writers/index.ts';
import type { ShardStats } from '../../runtime/writers/index.ts';
import { example, imageBytes, sampleExamples } from '../rows/fixtures.ts';
import { Duck, hyparquetMetadata, hyparquetRows, scratch } from './readers.ts';

const dir = scratch('parquet');
let duck: Duck;

beforeAll(async () => {
  duck = await Duck.open();
});

afterAll(() => {
  duck.close();
  dir.remove();
});

function manyExamples(count: number, from = 0): ReturnType<typeof example>[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return example({
      id: `row-${i}`, index: i, key: `k/${i}`, group: `g/${i % 97}`, prompt: `Question number ${i}: what is ${i} + ${i}?`,
      truth: 2 * i, trace: `${i} + ${i} = ${2 * i}`, answer: String(2 * i),
      media: i % 20 === 0 ? [{ $media: 'image', path: `img/${i}.png`, bytes: imageBytes(i) }] : [],
    });
  });
}

async function writeShard(path: string, batches: number, rowsPerBatch: number, options = {}): Promise<ShardStats> {
  const writer = new ParquetShardWriter(RL_SCHEMA, options);
  await writer.open(path);
  for (let b = 0; b < batches; b++) await writer.write(buildRlBatch(manyExamples(rowsPerBatch, b * rowsPerBatch)));
  return writer.close();
}

describe('Parquet shards', () => {
  it('report rows, size and the SHA-256 of what is on disk', async () => {
    const path = dir.path('stats.parquet');
    const stats = await writeShard(path, 3, 500);
    const bytes = readFileSync(path);
    expect(stats).toEqual({ rows: 1500, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(await duck.count(path)).toBe(1500);
    expect((await hyparquetRows(path)).length).toBe(1500);
  });

  it('carry the Hugging Face features as Parquet key-value metadata, readable by both readers', async () => {
    const path = dir.path('metadata.parquet');
    await writeShard(path, 1, 10);
    const expected = RL_SCHEMA.metadata.get(HF_METADATA_KEY);
    const fromDuck = await duck.keyValues(path);
    expect(fromDuck.get(HF_METADATA_KEY)).toBe(expected);
    expect(fromDuck.has('ARROW:schema')).toBe(true);
    const fromHyparquet = (await hyparquetMetadata(path)).key_value_metadata?.find((kv) => kv.key === HF_METADATA_KEY);
    const features = (JSON.parse(fromHyparquet?.value ?? '{}') as { info: { features: Record<string, unknown> } }).info.features;
    expect(Object.keys(features)).toEqual(RL_SCHEMA.fields.map((f) => f.name));
    expect(features.images).toEqual({ feature: { _type: 'Image' }, length: -1, _type: 'Sequence' });
  });

  it('compress with ZSTD by default, SNAPPY or nothing on request', async () => {
    const codecs: Array<[string, string]> = [];
    for (const compression of [undefined, 'snappy', 'none'] as const) {
      const path = dir.path(`codec-${compression ?? 'default'}.parquet`);
      await writeShard(path, 1, 200, compression === undefined ? {} : { compression });
      const rows = await duck.rows(`SELECT DISTINCT compression FROM parquet_metadata('${path}')`);
      codecs.push([compression ?? 'default', rows.map((r) => String(r.compression)).join()]);
      expect(await duck.count(path)).toBe(200);
      expect((await hyparquetRows(path)).at(-1)?.id).toBe('row-199');
    }
    expect(codecs).toEqual([['default', 'ZSTD'], ['snappy', 'SNAPPY'], ['none', 'UNCOMPRESSED']]);
  });

  it('leave dictionary encoding off unless asked for', async () => {
    const encodings: string[] = [];
    for (const dictionary of [undefined, true]) {
      const path = dir.path(`dictionary-${String(dictionary)}.parquet`);
      await writeShard(path, 1, 300, dictionary === undefined ? {} : { dictionary });
      const rows = await duck.rows(`SELECT encodings FROM parquet_metadata('${path}') WHERE path_in_schema = 'ability'`);
      encodings.push(String(rows[0].encodings));
      expect((await hyparquetRows(path)).map((r) => r.ability)).toEqual(Array(300).fill('math'));
    }
    expect(encodings[0]).not.toMatch(/DICTIONARY/);
    expect(encodings[1]).toMatch(/DICTIONARY/);
  });

  it('bound row groups by rows', async () => {
    const path = dir.path('groups.parquet');
    await writeShard(path, 10, 100, { maxRowGroupRows: 250 });
    const groups = (await hyparquetMetadata(path)).row_groups.map((g) => Number(g.num_rows));
    expect(groups).toEqual([250, 250, 250, 250]);
  });

  it('bound row groups by bytes, checked between batches', async () => {
    const path = dir.path('group-bytes.parquet');
    await writeShard(path, 40, 100, { maxRowGroupBytes: 64 * 1024 });
    const groups = (await hyparquetMetadata(path)).row_groups.map((g) => Number(g.num_rows));
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.length).toBeLessThan(40);
    expect(groups.reduce((a, b) => a + b, 0)).toBe(4000);
  });

  it('reach the disk while it is written, rather than all at the close (no streaming stall)', async () => {
    const path = dir.path('streaming.parquet');
    const writer = new ParquetShardWriter(RL_SCHEMA, { maxRowGroupRows: 1000 });
    await writer.open(path);
    for (let b = 0; b < 8; b++) await writer.write(buildRlBatch(manyExamples(1000, b * 1000)));
    const sizeBeforeClose = statSync(temporaryPath(path)).size;
    const stats = await writer.close();
    expect(sizeBeforeClose).toBeGreaterThan(stats.bytes / 2);
  });

  it('write the RL and CoT shards of a run side by side, interleaved', async () => {
    const rl = new ParquetShardWriter(RL_SCHEMA, { maxRowGroupRows: 300 });
    const cot = new ParquetShardWriter(COT_SCHEMA, { compression: 'snappy' });
    await Promise.all([rl.open(dir.path('side-rl.parquet')), cot.open(dir.path('side-cot.parquet'))]);
    for (let b = 0; b < 5; b++) {
      const batch = manyExamples(200, b * 200);
      await Promise.all([rl.write(buildRlBatch(batch)), cot.write(buildCotBatch(batch))]);
    }
    const [rlStats, cotStats] = await Promise.all([rl.close(), cot.close()]);
    expect([rlStats.rows, cotStats.rows]).toEqual([1000, 1000]);
    const rlRows = await hyparquetRows(dir.path('side-rl.parquet'));
    const cotRows = await duck.rows(`SELECT id, messages[-1].content AS answer FROM '${dir.path('side-cot.parquet')}'`);
    expect(rlRows.map((r) => r.id)).toEqual(cotRows.map((r) => r.id));
    expect(cotRows[999].answer).toBe('<think>\n999 + 999 = 1998\n</think>\n\n1998');
  });

  it('take writes that are not awaited one by one, in call order', async () => {
    const path = dir.path('unawaited.parquet');
    const writer = new ParquetShardWriter(RL_SCHEMA);
    await writer.open(path);
    await Promise.all([0, 1, 2, 3, 4].map((b) => writer.write(buildRlBatch(manyExamples(100, b * 100)))));
    expect((await writer.close()).rows).toBe(500);
    const ids = (await hyparquetRows(path)).map((r) => r.id);
    expect(ids).toEqual(manyExamples(500).map((e) => e.id));
  });

  it('are byte-identical for the same input', async () => {
    const a = await writeShard(dir.path('same-a.parquet'), 2, 700);
    const b = await writeShard(dir.path('same-b.parquet'), 2, 700);
    expect(a.sha256).toBe(b.sha256);
    expect(readFileSync(dir.path('same-a.parquet')).equals(readFileSync(dir.path('same-b.parquet')))).toBe(true);
    const c = await writeShard(dir.path('same-c.parquet'), 2, 701);
    expect(c.sha256).not.toBe(a.sha256);
  });

  it('write a valid empty file when no row was written', async () => {
    const path = dir.path('empty.parquet');
    const writer = new ParquetShardWriter(COT_SCHEMA);
    await writer.open(path);
    await writer.write(buildCotBatch([]));
    const stats = await writer.close();
    expect(stats.rows).toBe(0);
    expect(await duck.count(path)).toBe(0);
    expect((await duck.describe(path)).map(([name]) => name)).toEqual(COT_SCHEMA.fields.map((f) => f.name));
    expect(await hyparquetRows(path)).toEqual([]);
  });
});

describe('Parquet atomicity', () => {
  it('writes under a temporary name and leaves only the final file after close', async () => {
    const sub = scratch('atomic');
    try {
      const path = sub.path('train-00000-of-00001.parquet');
      const writer = createShardWriter('parquet', RL_SCHEMA);
      await writer.open(path);
      await writer.write(buildRlBatch(sampleExamples()));
      expect(existsSync(path)).toBe(false);
      expect(readdirSync(sub.folder)).toEqual([`train-00000-of-00001.parquet.tmp-${process.pid}`]);
      await writer.close();
      expect(readdirSync(sub.folder)).toEqual(['train-00000-of-00001.parquet']);
    } finally {
      sub.remove();
    }
  });

  it('leaves nothing when aborted, and can be opened again afterwards', async () => {
    const sub = scratch('abort');
    try {
      const writer = new ParquetShardWriter(RL_SCHEMA);
      await writer.open(sub.path('a.parquet'));
      await writer.write(buildRlBatch(manyExamples(2000)));
      await writer.abort();
      expect(readdirSync(sub.folder)).toEqual([]);
      await writer.open(sub.path('b.parquet'));
      await writer.write(buildRlBatch(manyExamples(10)));
      expect((await writer.close()).rows).toBe(10);
      expect(readdirSync(sub.folder)).toEqual(['b.parquet']);
      expect(await duck.count(sub.path('b.parquet'))).toBe(10);
    } finally {
      sub.remove();
    }
  });

  it('aborts, leaving nothing, when a batch of another schema is written', async () => {
    const sub = scratch('mismatch');
    try {
      const writer = new ParquetShardWriter(RL_SCHEMA);
      await writer.open(sub.path('x.parquet'));
      await writer.write(buildRlBatch(sampleExamples()));
      await expect(writer.write(buildCotBatch([example()]))).rejects.toThrow(/schema differs/);
      expect(readdirSync(sub.folder)).toEqual([]);
      await expect(writer.close()).rejects.toThrow(/no parquet shard is open/);
    } finally {
      sub.remove();
    }
  });

  it('refuses to write before open or to open twice', async () => {
    const writer = new ParquetShardWriter(RL_SCHEMA);
    await expect(writer.write(buildRlBatch([]))).rejects.toThrow(/call open/);
    const path = dir.path('twice.parquet');
    await writer.open(path);
    await expect(writer.open(path)).rejects.toThrow(/already open/);
    await writer.abort();
    expect(existsSync(temporaryPath(path))).toBe(false);
  });
});
