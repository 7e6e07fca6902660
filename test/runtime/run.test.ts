// The runtime end to end: shards read back by two independent readers,
// determinism across concurrency, stage reuse, and accounting.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { runDag } from '../../runtime/run/run.ts';
import { compileFixture, writeFixture, RECIPE } from './fixture.ts';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const kind of ['rl', 'cot']) {
    try {
      for (const name of readdirSync(path.join(dir, kind)).sort()) out.push(path.join(kind, name));
    } catch {
      // no such split
    }
  }
  return [...out, 'manifest.json', 'rejects.jsonl', 'README.md'];
}

function digests(dir: string): Record<string, string> {
  return Object.fromEntries(files(dir).map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
}

async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

describe('rlr run', () => {
  const fixture = writeFixture();
  const dag = compileFixture(fixture.recipe);

  it('writes RL and CoT shards that DuckDB and hyparquet read back with the contract\'s columns and the manifest\'s counts', async () => {
    const out = path.join(fixture.dir, 'out-readback');
    const result = await runDag({ dag, directory: fixture.dir, out });
    const manifest = result.manifest as { splits: Record<string, Record<string, number>>; shards: Array<{ path: string; rows: number; sha256: string }> };
    const described = await duck(`DESCRIBE SELECT * FROM '${out}/rl/*.parquet'`);
    expect(described.map((c) => `${c.column_name}: ${c.column_type}`)).toEqual([
      'id: VARCHAR',
      'data_source: VARCHAR',
      'prompt: STRUCT("role" VARCHAR, "content" VARCHAR)[]',
      'ability: VARCHAR',
      'reward_model: STRUCT(style VARCHAR, ground_truth VARCHAR)',
      'verifier: STRUCT("name" VARCHAR, "version" VARCHAR, params VARCHAR)',
      'level: INTEGER',
      'difficulty: DOUBLE',
      'extra_info: STRUCT(split VARCHAR, "index" BIGINT, stage VARCHAR, "group" VARCHAR, "key" VARCHAR)',
      'images: STRUCT(bytes BLOB, path VARCHAR)[]',
      'videos: STRUCT(bytes BLOB, path VARCHAR, fps DOUBLE, "start" DOUBLE, "end" DOUBLE, frames BLOB[])[]',
      'audios: STRUCT(bytes BLOB, path VARCHAR, sampling_rate INTEGER)[]',
    ]);
    for (const kind of ['rl', 'cot'] as const) {
      for (const split of ['train', 'validation', 'test']) {
        const expected = manifest.splits[kind][split];
        const shardFiles = readdirSync(path.join(out, kind)).filter((f) => f.startsWith(`${split}-`));
        if (expected === 0) {
          expect(shardFiles).toEqual([]);
          continue;
        }
        const [{ n }] = await duck(`SELECT count(*)::INTEGER AS n FROM '${out}/${kind}/${split}-*.parquet'`);
        expect(n).toBe(expected);
        let hyparquetRows = 0;
        for (const name of shardFiles) {
          const rows = await parquetReadObjects({ file: await asyncBufferFromFile(path.join(out, kind, name)), compressors });
          hyparquetRows += rows.length;
        }
        expect(hyparquetRows).toBe(expected);
      }
    }
    const [{ ids, distinct }] = await duck(`SELECT count(id)::INTEGER AS ids, count(DISTINCT id)::INTEGER AS distinct FROM '${out}/rl/*.parquet'`);
    expect(ids).toBe(distinct);
    // Examples exploded from one problem share a group, and a group never spans two splits.
    const groups = await duck(`SELECT extra_info.group AS g, count(DISTINCT extra_info.split)::INTEGER AS splits, count(*)::INTEGER AS n FROM '${out}/rl/*.parquet' GROUP BY 1 HAVING count(*) > 1`);
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => g.splits === 1)).toBe(true);
    // CoT rows share ids with RL rows and end with the verifier's rendering of the truth.
    const cot = await duck(`SELECT c.id, c.messages[2].content AS assistant, r.reward_model.ground_truth AS truth FROM '${out}/cot/*.parquet' c JOIN '${out}/rl/*.parquet' r USING (id) LIMIT 5`);
    expect(cot.length).toBe(5);
    for (const row of cot) {
      expect(String(row.assistant)).toMatch(/^<think>\n.+\n<\/think>\n\n\\boxed\{\d+\}$/s);
      expect(String(row.assistant)).toContain(`\\boxed{${JSON.parse(String(row.truth))}}`);
    }
    // The manifest's shard checksums are the files' checksums.
    for (const shard of manifest.shards) {
      expect(createHash('sha256').update(readFileSync(path.join(out, shard.path))).digest('hex')).toBe(shard.sha256);
    }
  });

  it('accounts for every record: each node balances, and rejects.jsonl lists every drop with a reason', async () => {
    const out = path.join(fixture.dir, 'out-accounting');
    const result = await runDag({ dag, directory: fixture.dir, out });
    const manifest = result.manifest as { accounting: Record<string, { in: number; passed: number; filtered: Record<string, number>; rejected: Record<string, number>; balanced: boolean }> };
    const sum = (t: Record<string, number>) => Object.values(t).reduce((a, b) => a + b, 0);
    let dropped = 0;
    for (const node of Object.values(manifest.accounting)) {
      expect(node.balanced).toBe(true);
      expect(node.in).toBe(node.passed + sum(node.filtered) + sum(node.rejected));
      dropped += sum(node.filtered) + sum(node.rejected);
    }
    const rejects = readFileSync(path.join(out, 'rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rejects).toHaveLength(dropped);
    const reasons = rejects.map((r) => r.reason as string);
    expect(reasons).toContain('field `b` is missing');
    expect(reasons.some((r) => /^line 8: invalid JSON/.test(r))).toBe(true);
    expect(reasons.some((r) => /field `a` should be `int`/.test(r))).toBe(true);
    expect(reasons.some((r) => /field `difficulty` should be `float`/.test(r) || /field `capital` is missing/.test(r))).toBe(true);
    expect(reasons).toContain('too easy');
  });

  it('writes byte-identical datasets at concurrency 1 and 16', async () => {
    const a = path.join(fixture.dir, 'out-c1');
    const b = path.join(fixture.dir, 'out-c16');
    await runDag({ dag, directory: fixture.dir, out: a, concurrency: 1 });
    await runDag({ dag, directory: fixture.dir, out: b, concurrency: 16, noCache: true });
    expect(digests(b)).toEqual(digests(a));
  });

  it('recomputes nothing on an unchanged rerun, and only the edited stage after an edit', async () => {
    const out = path.join(fixture.dir, 'out-cache');
    const first = await runDag({ dag, directory: fixture.dir, out });
    expect(Object.values(first.stats.invocations).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const before = digests(out);
    const again = await runDag({ dag, directory: fixture.dir, out });
    expect(again.stats.invocations).toEqual({});
    expect(again.stats.stagesReused).toBe(2);
    expect(digests(out)).toEqual(before);

    const edited = compileFixture(writeEdited(fixture.dir));
    const third = await runDag({ dag: edited, directory: fixture.dir, out });
    const stageOf = new Map(edited.nodes.map((n) => [n.id, n.stage]));
    const touched = new Set(Object.keys(third.stats.invocations).map((id) => stageOf.get(id)));
    expect([...touched]).toEqual(['geography']);
    expect(third.stats.stagesReused).toBe(1);
  });
});

function writeEdited(dir: string): string {
  const file = path.join(dir, 'edited.rlr');
  writeFileSync(file, RECIPE.replace('where difficulty <= 0.9 else "too obscure"', 'where difficulty <= 0.8 else "too obscure"'));
  return file;
}

describe('a source read by two stages', () => {
  it('reports each of its bad rows once in rejects.jsonl', async () => {
    const recipe = RECIPE.replace('output {', `stage geography_again from capitals {
  emit { prompt: template("Capital of {country}?") truth: capital verifier: exact() difficulty: difficulty domain: "geography" }
}

output {`);
    const fixture = writeFixture(40, recipe);
    const out = path.join(fixture.dir, 'out-shared');
    await runDag({ dag: compileFixture(fixture.recipe), directory: fixture.dir, out });
    const rejects = readFileSync(path.join(out, 'rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { key: string; reason: string; node: string });
    const nowhere = rejects.filter((r) => r.key === 'Nowhere');
    expect(nowhere).toHaveLength(1);
    const keys = rejects.map((r) => `${r.node}/${r.key}/${r.reason}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
