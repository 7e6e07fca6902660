import { describe, expect, it } from 'vitest';
import { approximateBytes, batchExamples } from '../../runtime/rows/batches.ts';
import type { Example } from '../../runtime/example.ts';
import { example, imageBytes } from './fixtures.ts';

async function collect(source: Iterable<Example>, limits: Parameters<typeof batchExamples>[1]): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of batchExamples(source, limits)) out.push(batch.map((e) => e.id));
  return out;
}

describe('batchExamples', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => example({ id: `e${i}` }));

  it('cuts batches at the row limit and keeps every example in order', async () => {
    expect(await collect(ids(7), { maxRows: 3 })).toEqual([['e0', 'e1', 'e2'], ['e3', 'e4', 'e5'], ['e6']]);
    expect(await collect([], { maxRows: 3 })).toEqual([]);
  });

  it('cuts batches at the byte limit, counting embedded media', async () => {
    const big = (id: string) => example({ id, media: [{ $media: 'image', path: 'x.png', bytes: imageBytes(1, 10_000) }] });
    expect(approximateBytes(big('b'))).toBeGreaterThan(10_000);
    const batches = await collect([big('b0'), big('b1'), example({ id: 's0' }), big('b2')], { maxBytes: 25_000 });
    expect(batches).toEqual([['b0', 'b1', 's0'], ['b2']]);
  });

  it('gives an example larger than the byte limit a batch of its own', async () => {
    const huge = example({ id: 'huge', prompt: 'x'.repeat(1000) });
    expect(await collect([example({ id: 'a' }), huge, example({ id: 'b' })], { maxBytes: 500 })).toEqual([['a'], ['huge'], ['b']]);
  });

  it('refuses limits that are not positive', async () => {
    await expect(collect(ids(1), { maxRows: 0 })).rejects.toThrow(RangeError);
  });
});
