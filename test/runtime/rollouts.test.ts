// The iterative loop: a policy's rollouts against a dataset rlr wrote come back
// through the `rollouts` source, are scored by each RL row's own verifier, and
// the correct ones become new CoT examples that ship the original verifier.
// Unknown ids and malformed rows are rejected with their reason; JSON Lines and
// Parquet responses give the same examples.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleId } from '../../runtime/execute/emit.ts';
import { runDag } from '../../runtime/run/run.ts';
import { readSource, sourceFingerprint } from '../../runtime/sources/index.ts';
import { ROLLOUT_VERIFIER_FIELD } from '../../runtime/sources/rollouts.ts';
import { compileFixture } from './fixture.ts';

const BASE = `
recipe base { version: "0.1.0" seed: 21 }

source problems = math_problems { count: 10 kinds: ["arithmetic", "linear"] }

verifier boxed = all(format(), math())

stage reasoned from problems {
  emit {
    prompt: template("{question}\\nThink inside <think></think>, then give the final answer in \\\\boxed{{}}.")
    truth: answer
    verifier: boxed
    difficulty: difficulty
    domain: "math"
    trace: trace
  }
}

stage plain from problems {
  emit {
    prompt: template("{question}\\nGive the final answer in \\\\boxed{{}}.")
    truth: answer
    verifier: math(rel_tol: 0.001)
    difficulty: difficulty
    domain: "algebra"
  }
}

output { dir: "out/base" splits: { train: 80%, validation: 10%, test: 10% } }
`;

const LOOP = (responses: string, dataset = 'out/base') => `
recipe loop { version: "0.1.0" seed: 3 }

source attempts = rollouts { dataset: "${dataset}" responses: "${responses}" }

stage sft_round_2 from attempts {
  where score >= 1.0 else "wrong answer"
  emit {
    prompt: prompt
    media: media
    truth: truth
    verifier: rollout()
    difficulty: difficulty
    domain: domain
    trace: trace
  }
}

output { dir: "out/loop" splits: { train: 50%, test: 50% } }
`;

type Row = Record<string, unknown>;
interface Verifier { name: string; version: string; params: string }
interface Manifest {
  splits: Record<string, Record<string, number>>;
  accounting: Record<string, { kind: string; op: string; in: number; passed: number; balanced: boolean; rejected: Record<string, number>; filtered: Record<string, number> }>;
}

async function rows(out: string, kind: 'rl' | 'cot'): Promise<Row[]> {
  const found: Row[] = [];
  const folder = path.join(out, kind);
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.parquet')).sort()) {
    found.push(...(await parquetReadObjects({ file: await asyncBufferFromFile(path.join(folder, name)), compressors })) as Row[]);
  }
  return found;
}

async function duck(sql: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run(sql);
}

const turn = (row: Row, role: string) => (row[role === 'user' && 'prompt' in row ? 'prompt' : 'messages'] as Array<{ role: string; content: string }>).find((m) => m.role === role)!.content;
const extra = (row: Row) => row.extra_info as { split: string; stage: string; group: string; key: string };

/** A base dataset of two stages over the same problems, each with its own verifier. */
interface Base { dir: string; out: string; byStage: Record<string, Row[]> }

async function makeBase(): Promise<Base> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rlr-rollouts-'));
  writeFileSync(path.join(dir, 'base.rlr'), BASE);
  const out = path.join(dir, 'out', 'base');
  await runDag({ dag: compileFixture(path.join(dir, 'base.rlr')), directory: dir, out });
  const byStage: Record<string, Row[]> = {};
  for (const row of await rows(out, 'rl')) (byStage[extra(row).stage] ??= []).push(row);
  for (const list of Object.values(byStage)) list.sort((a, b) => extra(a).key.localeCompare(extra(b).key));
  return { dir, out, byStage };
}

const truthOf = (row: Row) => JSON.parse((row.reward_model as { ground_truth: string }).ground_truth) as string;
const thinking = (row: Row, note = '') => `<think>Working it out${note}: the result is ${truthOf(row)}.</think>\nThe answer is \\boxed{${truthOf(row)}}.`;
const bare = (row: Row) => `We work it out step by step.\nSo the answer is \\boxed{${truthOf(row)}}.`;

/** The rollouts file's rows: what each says, and what should become of it. */
function rollouts(base: Base): { lines: string[]; valid: Row[] } {
  const [r0, r1, r2] = base.byStage.reasoned;
  const [p0, p1, p2] = base.byStage.plain;
  const valid: Row[] = [
    { id: r0.id, responses: [thinking(r0), '<think>Guessing.</think>\\boxed{999999}'] }, // r0/0 right, r0/1 wrong
    { id: p0.id, response: bare(p0) }, // right: the plain verifier needs no think block
    { id: 'no-such-example', response: '\\boxed{1}' }, // not in the RL split
    { id: r1.id, response: 'I am not sure.' }, // no answer at all
    { id: r2.id, response: thinking(r2) }, // right
    { id: r2.id, response: thinking(r2, ' again') }, // right again: index 1 of r2
    { id: r1.id, response: bare(r1) }, // the right number, but the row's verifier also wants a think block
    { id: p2.id, response: 'no idea at all' }, // the plain verifier reads no answer
  ];
  const lines = valid.map((row) => JSON.stringify(row));
  lines.splice(3, 0, '{"id": "broken", ');
  lines.push(JSON.stringify({ id: p1.id, responses: 'not a list' }));
  return { lines, valid };
}

describe('the rollouts source', () => {
  let base: Base;
  let expected: { lines: string[]; valid: Row[] };

  beforeAll(async () => {
    base = await makeBase();
    expected = rollouts(base);
    writeFileSync(path.join(base.dir, 'rollouts.jsonl'), expected.lines.join('\n') + '\n');
    writeFileSync(path.join(base.dir, 'rows.json'), JSON.stringify(expected.valid));
    await duck(`COPY (SELECT * FROM read_json('${path.join(base.dir, 'rows.json')}', format = 'array')) TO '${path.join(base.dir, 'rollouts.parquet')}' (FORMAT parquet)`);
  }, 120_000);

  it('turns the correct responses into CoT examples that ship the original verifier, and accounts for every row', async () => {
    writeFileSync(path.join(base.dir, 'loop.rlr'), LOOP('rollouts.jsonl'));
    const out = path.join(base.dir, 'out', 'loop-jsonl');
    const result = await runDag({ dag: compileFixture(path.join(base.dir, 'loop.rlr')), directory: base.dir, out });
    const manifest = result.manifest as unknown as Manifest;
    const [r0, , r2] = base.byStage.reasoned;
    const [p0] = base.byStage.plain;
    const original = new Map([...base.byStage.reasoned, ...base.byStage.plain].map((row) => [row.id as string, row]));

    const cot = await rows(out, 'cot');
    const rl = await rows(out, 'rl');
    const kept = [`${r0.id}/0`, `${p0.id}/0`, `${r2.id}/0`, `${r2.id}/1`];
    expect(rl.map((row) => extra(row).key).sort()).toEqual([...kept].sort());
    expect(cot.map((row) => row.id).sort()).toEqual(kept.map((key) => exampleId('loop', 'sft_round_2', key)).sort());

    for (const row of rl) {
      const source = original.get(extra(row).group)!;
      // The original example's verifier, exactly as the dataset wrote it, with its ground truth, prompt and domain.
      expect(row.verifier as Verifier).toEqual(source.verifier as Verifier);
      expect(row.reward_model).toEqual(source.reward_model);
      expect(turn(row, 'user')).toBe(turn(source, 'user'));
      expect(row.ability).toBe(source.ability);
      expect(row.difficulty).toBe(source.difficulty);
    }
    // Both answers to one prompt stay in one split.
    const r2Rows = rl.filter((row) => extra(row).group === r2.id);
    expect(new Set(r2Rows.map((row) => extra(row).split)).size).toBe(1);

    // The trace is the reasoning inside <think>, or the text before the final answer.
    const traceOf = (key: string) => {
      const row = cot.find((r) => r.id === exampleId('loop', 'sft_round_2', key))!;
      return /^<think>\n([\s\S]*)\n<\/think>\n\n/.exec(turn(row, 'assistant'))![1];
    };
    expect(traceOf(`${r0.id}/0`)).toBe(`Working it out: the result is ${truthOf(r0)}.`);
    expect(traceOf(`${r2.id}/1`)).toBe(`Working it out again: the result is ${truthOf(r2)}.`);
    expect(traceOf(`${p0.id}/0`)).toBe('We work it out step by step.');

    const rejects = readFileSync(path.join(out, 'rejects.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { key: string; kind: string; reason: string });
    const rejected = rejects.filter((r) => r.kind === 'rejected').map((r) => r.reason);
    expect(rejected).toEqual([
      'line 3: id "no-such-example" is not in the RL split of `out/base`',
      expect.stringMatching(/^line 4: invalid JSON/),
      'line 10: `responses` should be a non-empty list of strings',
    ]);
    const [, r1] = base.byStage.reasoned;
    const [, , p2] = base.byStage.plain;
    expect(rejects.filter((r) => r.kind === 'filtered').map((r) => [r.key, r.reason]).sort()).toEqual([
      [`${r0.id}/1`, 'wrong answer'], [`${r1.id}/0`, 'wrong answer'], [`${r1.id}/1`, 'wrong answer'], [`${p2.id}/0`, 'wrong answer'],
    ].sort());

    // Every row and response is accounted for: 11 items read, 3 rejected, 8 responses passed on, 4 of them wrong.
    const source = Object.values(manifest.accounting).find((node) => node.kind === 'source')!;
    expect(source).toMatchObject({ op: 'rollouts', in: 11, passed: 8 });
    for (const node of Object.values(manifest.accounting)) expect(node.balanced).toBe(true);
    expect(Object.values(manifest.splits.cot).reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('reads Parquet responses into the same examples', async () => {
    const jsonl = path.join(base.dir, 'out', 'loop-jsonl');
    writeFileSync(path.join(base.dir, 'loop-parquet.rlr'), LOOP('rollouts.parquet'));
    const out = path.join(base.dir, 'out', 'loop-parquet');
    await runDag({ dag: compileFixture(path.join(base.dir, 'loop-parquet.rlr')), directory: base.dir, out });
    const shape = (list: Row[]) => list.map((row) => JSON.stringify([row.id, row.messages])).sort();
    expect(shape(await rows(out, 'cot'))).toEqual(shape(await rows(jsonl, 'cot')));
    const rejects = readFileSync(path.join(out, 'rejects.jsonl'), 'utf8');
    expect(rejects).toContain('row 3: id \\"no-such-example\\" is not in the RL split of `out/base`');
  });

  it('yields one record per response with its score, trace, truth and the verifier it rides with', async () => {
    writeFileSync(path.join(base.dir, 'loop.rlr'), LOOP('rollouts.jsonl'));
    const dag = compileFixture(path.join(base.dir, 'loop.rlr'));
    const node = dag.nodes.find((n) => n.kind === 'source')!;
    const records = new Map<string, Record<string, unknown>>();
    for await (const item of readSource(node, { directory: base.dir, seed: 3, nodeId: node.id })) if ('fields' in item) records.set(item.key, item.fields);
    const [r0, r1] = base.byStage.reasoned;
    const right = records.get(`${r0.id}/0`)!;
    expect(right).toMatchObject({
      id: r0.id, index: 0, score: 1, answered: true, truth: truthOf(r0), stage: 'reasoned', domain: 'math',
      difficulty: r0.difficulty, level: r0.level, split: extra(r0).split, media: [], system: null, stale_verifier: false,
      prompt: turn(r0, 'user'), response: thinking(r0),
    });
    expect(right[ROLLOUT_VERIFIER_FIELD]).toMatchObject({ name: 'all', version: '1.0.0', children: [{ name: 'format' }, { name: 'math' }] });
    expect(records.get(`${r0.id}/1`)).toMatchObject({ score: 0, answered: true });
    // `all(format(), math())` scores a response with no answer 0; `math()` alone reads none.
    expect(records.get(`${r1.id}/0`)).toMatchObject({ score: 0, answered: true, trace: 'I am not sure.' });
    expect(records.get(`${base.byStage.plain[2].id}/0`)).toMatchObject({ score: 0, answered: false });
  });

  it('scores and flags a response whose dataset was written with another version of its verifier', async () => {
    const stale = path.join(base.dir, 'out', 'stale');
    mkdirSync(path.join(stale, 'rl'), { recursive: true });
    cpSync(path.join(base.out, 'manifest.json'), path.join(stale, 'manifest.json'));
    for (const name of readdirSync(path.join(base.out, 'rl'))) {
      await duck(`COPY (SELECT * REPLACE ({'name': verifier.name, 'version': '0.9.0', 'params': verifier.params} AS verifier) FROM '${path.join(base.out, 'rl', name)}') TO '${path.join(stale, 'rl', name)}' (FORMAT parquet)`);
    }
    writeFileSync(path.join(base.dir, 'stale.rlr'), LOOP('rollouts.jsonl', 'out/stale'));
    const dag = compileFixture(path.join(base.dir, 'stale.rlr'));
    const node = dag.nodes.find((n) => n.kind === 'source')!;
    const [r0] = base.byStage.reasoned;
    const records = new Map<string, Record<string, unknown>>();
    for await (const item of readSource(node, { directory: base.dir, seed: 3, nodeId: node.id })) if ('fields' in item) records.set(item.key, item.fields);
    expect(records.get(`${r0.id}/0`)).toMatchObject({ score: 1, stale_verifier: true });
    expect(records.get(`${r0.id}/0`)![ROLLOUT_VERIFIER_FIELD]).toMatchObject({ name: 'all', version: '0.9.0' });

    // The emitted examples keep the version the dataset names.
    const out = path.join(base.dir, 'out', 'loop-stale');
    await runDag({ dag, directory: base.dir, out });
    for (const row of await rows(out, 'rl')) expect((row.verifier as Verifier).version).toBe('0.9.0');
  });

  it('fingerprints the responses file and the digests of the dataset\'s RL shards', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'rlr-rollouts-print-'));
    cpSync(base.out, path.join(copy, 'out', 'base'), { recursive: true });
    cpSync(path.join(base.dir, 'rollouts.jsonl'), path.join(copy, 'rollouts.jsonl'));
    writeFileSync(path.join(copy, 'loop.rlr'), LOOP('rollouts.jsonl'));
    const dag = compileFixture(path.join(copy, 'loop.rlr'));
    const node = dag.nodes.find((n) => n.kind === 'source')!;
    const first = await sourceFingerprint(node, copy);
    expect(await sourceFingerprint(node, copy)).toBe(first);

    const manifestFile = path.join(copy, 'out', 'base', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { shards: Array<{ path: string; sha256: string }> };
    const shard = manifest.shards.find((s) => s.path.startsWith('rl/'))!;
    const text = readFileSync(manifestFile, 'utf8');
    writeFileSync(manifestFile, text.replace(shard.sha256, '0'.repeat(64)));
    const afterDataset = await sourceFingerprint(node, copy);
    expect(afterDataset).not.toBe(first);

    writeFileSync(path.join(copy, 'rollouts.jsonl'), readFileSync(path.join(copy, 'rollouts.jsonl'), 'utf8') + '\n');
    expect(await sourceFingerprint(node, copy)).not.toBe(afterDataset);
  });
});

describe('recipes/rollouts.rlr', () => {
  it('turns the correct responses of data/rollouts.jsonl to a small quickstart run into CoT examples with their media', async () => {
    const recipes = path.resolve(import.meta.dirname, '../../recipes');
    const dir = mkdtempSync(path.join(tmpdir(), 'rlr-rollouts-recipe-'));
    const quickstart = path.join(dir, 'out', 'quickstart');
    await runDag({ dag: compileFixture(path.join(recipes, 'quickstart.rlr')), directory: recipes, out: quickstart, limit: 8 });
    mkdirSync(path.join(dir, 'data'));
    cpSync(path.join(recipes, 'rollouts.rlr'), path.join(dir, 'rollouts.rlr'));
    cpSync(path.join(recipes, 'data', 'rollouts.jsonl'), path.join(dir, 'data', 'rollouts.jsonl'));
    const out = path.join(dir, 'out', 'sft-round-2');
    const result = await runDag({ dag: compileFixture(path.join(dir, 'rollouts.rlr')), directory: dir, out });

    const manifest = result.manifest as unknown as Manifest;
    for (const node of Object.values(manifest.accounting)) {
      expect(node.balanced).toBe(true);
      expect(node.rejected).toEqual({});
    }
    const original = new Map((await rows(quickstart, 'rl')).map((row) => [row.id as string, row]));
    const rl = await rows(out, 'rl');
    expect(rl.map((row) => original.get(extra(row).group)!.ability).sort()).toEqual(['audio', 'charts', 'math', 'math', 'video']);
    for (const row of rl) {
      const source = original.get(extra(row).group)!;
      expect(row.verifier).toEqual(source.verifier);
      expect(turn(row, 'user')).toBe(turn(source, 'user'));
      // The media the policy saw, byte for byte (a video's file or its frames).
      for (const kind of ['images', 'audios', 'videos']) {
        const digest = (bytes: Uint8Array | null) => (bytes ? createHash('sha256').update(bytes).digest('hex') : null);
        const bytesOf = (r: Row) => (r[kind] as Array<{ bytes: Uint8Array | null; frames?: Uint8Array[] }>).map((item) => [digest(item.bytes), (item.frames ?? []).map(digest)]);
        expect(bytesOf(row)).toEqual(bytesOf(source));
      }
    }
    expect(await rows(out, 'cot')).toHaveLength(5);
    const filtered = readFileSync(path.join(out, 'rejects.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { reason: string });
    expect(filtered.map((r) => r.reason)).toEqual(['wrong answer', 'wrong answer']);
  }, 180_000);
});
