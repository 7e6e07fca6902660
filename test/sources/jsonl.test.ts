import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineBatches, readJsonl } from '../../runtime/sources/jsonl.ts';

const folder = mkdtempSync(join(tmpdir(), 'rlr-jsonl-'));

function file(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

async function lines(path: string): Promise<string[]> {
  const all: string[] = [];
  for await (const batch of lineBatches(path)) all.push(...batch);
  return all;
}

async function items(path: string, limit?: number) {
  const all = [];
  for await (const item of readJsonl(path, null, limit)) all.push(item);
  return all;
}

describe('JSON Lines', () => {
  it('splits on \\n and \\r\\n, keeps a last line without a newline, and keeps empty lines counted', async () => {
    expect(await lines(file('a.jsonl', 'one\r\ntwo\n\nthree'))).toEqual(['one', 'two', '', 'three']);
    expect(await lines(file('b.jsonl', 'one\n'))).toEqual(['one']);
    expect(await lines(file('c.jsonl', ''))).toEqual([]);
  });

  it('joins a line across chunks, multi-byte characters at the chunk edges included', async () => {
    const long = 'é'.repeat(100_000) + '\u{1F600}'.repeat(40_000);
    expect(await lines(file('d.jsonl', `short\n${long}\r\n${long}x\nend`))).toEqual(['short', long, `${long}x`, 'end']);
  });

  it('numbers rows by line, blank lines included, and stops at the limit', async () => {
    const path = file('e.jsonl', '{"a":1}\n\n{"a":2}\nnot json\n{"a":3}\n');
    const read = await items(path);
    expect(read.map((item) => item.key)).toEqual(['row-000000001', 'row-000000003', 'row-000000004', 'row-000000005']);
    expect(read[1]).toMatchObject({ fields: { a: 2, row: 3 } });
    expect(read[2]).toMatchObject({ rejected: expect.stringContaining('line 4: invalid JSON') });
    expect((await items(path, 2)).map((item) => item.key)).toEqual(['row-000000001', 'row-000000003']);
  });
});
