// Reading chosen rows back from Parquet and Arrow shards, across row groups and batches.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRlBatch } from '../../runtime/rows/build.ts';
import { schemaFor } from '../../runtime/rows/schema.ts';
import { readShardRows, readsFor, scanShard } from '../../runtime/preview/shards.ts';
import { createShardWriter, type ShardFormat } from '../../runtime/writers/index.ts';
import { previewExamples } from './fixture.ts';

const folder = mkdtempSync(join(tmpdir(), 'rlr-preview-shards-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The fixture's examples in one shard, two rows per row group (Parquet) or per batch (Arrow). */
async function shard(format: ShardFormat): Promise<{ path: string; ids: string[] }> {
  const examples = await previewExamples();
  const path = join(folder, `rl.${format}`);
  const writer = createShardWriter(format, schemaFor('rl'), { maxRowGroupRows: 2 });
  await writer.open(path);
  for (let i = 0; i < examples.length; i += 2) await writer.write(buildRlBatch(examples.slice(i, i + 2)));
  await writer.close();
  return { path, ids: examples.map((e) => e.id) };
}

describe.each(['parquet', 'arrow'] as const)('%s shards', (format) => {
  it('scan every row in order with only the columns asked for, and read chosen rows whole', async () => {
    const { path, ids } = await shard(format);
    const scanned: Array<[number, unknown]> = [];
    for await (const { index, record } of scanShard(path, ['id', 'level'])) {
      expect(Object.keys(record).sort()).toEqual(['id', 'level']);
      scanned.push([index, record.id]);
    }
    expect(scanned).toEqual(ids.map((id, i) => [i, id]));

    const rows = await readShardRows(path, [5, 0, 3]);
    expect([...rows.keys()].sort()).toEqual([0, 3, 5]);
    expect(rows.get(3)?.id).toBe(ids[3]);
    const first = rows.get(0)!;
    expect(first.id).toBe(ids[0]);
    // Image bytes stay bytes (a PNG signature), and the index is a number.
    const [image] = first.images as Array<{ bytes: Uint8Array }>;
    expect(image.bytes).toBeInstanceOf(Uint8Array);
    expect([...image.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect((first.extra_info as { index: unknown }).index).toBe(0);

    const some = await readShardRows(path, [1], ['id', 'prompt']);
    expect(Object.keys(some.get(1)!).sort()).toEqual(['id', 'prompt']);
  });
});

describe('readsFor', () => {
  const pages = [0, 100, 200, 300, 400, 500, 600, 700];

  it('reads rows that share a page together, one read per page touched, when that saves pages', () => {
    expect(readsFor([5, 50, 650, 690], pages)).toEqual([[5, 50], [650, 690]]);
  });

  it('reads one range from the first row to the last when the rows touch most pages anyway', () => {
    expect(readsFor([5, 150, 250, 350], pages)).toEqual([[5, 350]]);
    expect(readsFor([5, 650], [0])).toEqual([[5, 650]]);
  });
});
