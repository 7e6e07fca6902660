import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { DataType, tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCotBatch, buildRlBatch, hasCotRow } from '../../runtime/rows/build.ts';
import { COT_SCHEMA, HF_METADATA_KEY, RL_SCHEMA } from '../../runtime/rows/schema.ts';
import { ArrowShardWriter, createShardWriter, temporaryPath } from '../../runtime/writers/index.ts';
import { CHART, example, imageBytes, sampleExamples } from '../rows/fixtures.ts';
import { plainRows } from '../rows/plain.ts';
import { scratch } from './readers.ts';

const dir = scratch('arrow');
afterAll(() => dir.remove());

function examples(count: number, from = 0): ReturnType<typeof example>[] {
  return Array.from({ length: count }, (_, k) => example({
    id: `row-${from + k}`, index: from + k, prompt: `Question ${from + k}`,
    media: (from + k) % 10 === 0 ? [{ $media: 'image', path: `i/${from + k}.png`, bytes: imageBytes(from + k) }] : [],
  }));
}

describe('Arrow IPC shards', () => {
  it('read back with apache-arrow: schema, metadata, rows and nested values', async () => {
    const path = dir.path('rl.arrow');
    const writer = new ArrowShardWriter(RL_SCHEMA);
    await writer.open(path);
    await writer.write(buildRlBatch(sampleExamples()));
    await writer.write(buildRlBatch(examples(100, 10)));
    const stats = await writer.close();

    const bytes = readFileSync(path);
    expect(stats).toEqual({ rows: 106, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    // The stream format (what `datasets` opens with pa.ipc.open_stream) starts with a continuation marker, not the file magic.
    expect(bytes.readUInt32LE(0)).toBe(0xffffffff);
    expect(bytes.subarray(0, 6).toString()).not.toBe('ARROW1');
    const table = tableFromIPC(bytes);
    expect(table.numRows).toBe(106);
    expect(table.batches).toHaveLength(2);
    expect(table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual(RL_SCHEMA.fields.map((f) => `${f.name}: ${String(f.type)}`));
    expect(table.schema.metadata.get(HF_METADATA_KEY)).toBe(RL_SCHEMA.metadata.get(HF_METADATA_KEY));

    const rows = plainRows(table);
    expect(rows[1]).toMatchObject({
      id: 'ex-1',
      prompt: [{ role: 'system', content: 'You read charts.' }, { role: 'user', content: '<image>\nWhich bar is tallest?' }],
      images: [{ bytes: CHART.bytes, path: CHART.path }],
    });
    expect(JSON.parse((rows[4].reward_model as { ground_truth: string }).ground_truth)).toEqual(sampleExamples()[4].truth);
    expect(rows[16].images).toEqual([{ bytes: imageBytes(20), path: 'i/20.png' }]);
    expect(rows[17].images).toEqual([]);
    expect(DataType.isList(table.getChild('audios')?.type)).toBe(true);
  });

  it('write a CoT split with its own schema', async () => {
    const path = dir.path('cot.arrow');
    const writer = createShardWriter('arrow', COT_SCHEMA);
    await writer.open(path);
    await writer.write(buildCotBatch(sampleExamples().filter(hasCotRow)));
    await writer.close();
    const table = tableFromIPC(readFileSync(path));
    expect(table.schema.fields.map((f) => f.name)).toEqual(COT_SCHEMA.fields.map((f) => f.name));
    expect((plainRows(table)[0].messages as Array<{ content: string }>)[1].content).toBe('<think>\n2 + 2 = 4\n</think>\n\n4');
  });

  it('are byte-identical for the same input', async () => {
    const hashes: string[] = [];
    for (const name of ['a.arrow', 'b.arrow']) {
      const writer = new ArrowShardWriter(RL_SCHEMA);
      await writer.open(dir.path(name));
      for (let b = 0; b < 3; b++) await writer.write(buildRlBatch(examples(50, b * 50)));
      hashes.push((await writer.close()).sha256);
    }
    expect(hashes[0]).toBe(hashes[1]);
    expect(readFileSync(dir.path('a.arrow')).equals(readFileSync(dir.path('b.arrow')))).toBe(true);
  });

  it('take writes that are not awaited one by one, in call order', async () => {
    const path = dir.path('unawaited.arrow');
    const writer = new ArrowShardWriter(RL_SCHEMA);
    await writer.open(path);
    await Promise.all([0, 1, 2, 3].map((b) => writer.write(buildRlBatch(examples(40, b * 40)))));
    expect((await writer.close()).rows).toBe(160);
    const ids = plainRows(tableFromIPC(readFileSync(path))).map((r) => r.id);
    expect(ids).toEqual(examples(160).map((e) => e.id));
  });

  it('write a valid empty file when no row was written', async () => {
    const path = dir.path('empty.arrow');
    const writer = new ArrowShardWriter(RL_SCHEMA);
    await writer.open(path);
    expect((await writer.close()).rows).toBe(0);
    const table = tableFromIPC(readFileSync(path));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(RL_SCHEMA.fields.map((f) => f.name));
  });
});

describe('Arrow IPC atomicity', () => {
  it('leaves only the final file after close, and nothing after abort', async () => {
    const sub = scratch('arrow-atomic');
    try {
      const writer = new ArrowShardWriter(RL_SCHEMA);
      const path = sub.path('train-00000-of-00002.arrow');
      await writer.open(path);
      await writer.write(buildRlBatch(examples(20)));
      expect(readdirSync(sub.folder)).toEqual([`train-00000-of-00002.arrow.tmp-${process.pid}`]);
      await writer.close();
      expect(readdirSync(sub.folder)).toEqual(['train-00000-of-00002.arrow']);

      const aborted = sub.path('train-00001-of-00002.arrow');
      await writer.open(aborted);
      await writer.write(buildRlBatch(examples(20)));
      await writer.abort();
      expect(existsSync(aborted)).toBe(false);
      expect(existsSync(temporaryPath(aborted))).toBe(false);
      expect(readdirSync(sub.folder)).toEqual(['train-00000-of-00002.arrow']);
    } finally {
      sub.remove();
    }
  });

  it('aborts, leaving nothing, when a batch of another schema is written', async () => {
    const sub = scratch('arrow-mismatch');
    try {
      const writer = new ArrowShardWriter(COT_SCHEMA);
      await writer.open(sub.path('x.arrow'));
      await expect(writer.write(buildRlBatch(examples(3)))).rejects.toThrow(/schema differs/);
      expect(readdirSync(sub.folder)).toEqual([]);
    } finally {
      sub.remove();
    }
  });
});
