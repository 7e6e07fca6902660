// `rlr score` as a user runs it: a child process on JSON Lines, and against a
// dataset folder whose RL shards DuckDB writes here, as the runtime would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreDataset, scoreLines } from '../../cli/score.ts';

const repoRoot = join(import.meta.dirname, '..', '..');

function rlr(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/rlr.js', ...args], { cwd: repoRoot, input, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const jsonLines = (text: string): Record<string, unknown>[] => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

/** A stream that keeps what is written, for the in-process tests (spawning costs seconds each). */
function capture(): Writable & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk.toString()); done(); } });
  return Object.assign(stream, { text: () => chunks.join('') });
}

describe('rlr score (JSON Lines)', () => {
  it('scores each line in order', async () => {
    const input = [
      { verifier: 'math', response: 'so \\boxed{\\frac{3}{4}}', truth: '0.75' },
      { verifier: 'choice', params: { letters: 'ABCDE' }, response: 'The answer is (E).', truth: 'E' },
      { verifier: 'choice', response: 'no idea', truth: 'B' },
      { verifier: { name: 'all', children: [{ name: 'format' }, { name: 'math' }] }, response: '<think>1+1</think><answer>2</answer>', truth: 2 },
    ].map((item) => JSON.stringify(item)).join('\n');
    const out = capture();
    expect(await scoreLines(Readable.from([`${input}\n`]), out)).toBe(0);
    const results = jsonLines(out.text());
    expect(results.map((o) => o.score)).toEqual([1, 1, null, 1]);
    expect(results[1].parsed).toBe('E');
  });

  it('answers malformed lines with an error naming the line, keeps going, and exits 1', () => {
    const input = [
      JSON.stringify({ verifier: 'math', response: '\\boxed{2}', truth: '2' }),
      '{"verifier": "math", "response": ',
      '',
      JSON.stringify({ verifier: 'maths', response: 'x', truth: '1' }),
      JSON.stringify({ verifier: 'math', params: { rel_tol: 'loose' }, response: 'x', truth: '1' }),
      JSON.stringify({ verifier: 'math', response: 42, truth: '1' }),
      JSON.stringify({ verifier: 'exact', response: 'ok', truth: 'ok' }),
    ].join('\n');
    const { status, stdout, stderr } = rlr(['score'], input);
    expect(status).toBe(1);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
    const out = jsonLines(stdout);
    expect(out).toHaveLength(6);
    expect(out[0].score).toBe(1);
    expect(out[1]).toMatchObject({ score: null, error: 'line 2: not valid JSON' });
    expect(out[2].error).toMatch(/^line 4: unknown verifier `maths` \(did you mean `math`\?\)/);
    expect(out[3].error).toMatch(/^line 5: bad params for verifier `math`: `rel_tol`/);
    expect(out[4].error).toMatch(/^line 6: `response`/);
    expect(out[5].score).toBe(1);
  });

  it('reads a file argument, and reports a missing file without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlr-score-'));
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, `${JSON.stringify({ verifier: 'duration', response: '1:05', truth: 65 })}\n`);
    expect(jsonLines(rlr(['score', file]).stdout)[0].score).toBe(1);
    const missing = rlr(['score', join(dir, 'missing.jsonl')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^rlr score: .*missing\.jsonl/);
    expect(missing.stderr.split('\n').length).toBeLessThanOrEqual(2);
  });
});

interface FixtureRow { id: string; stage: string; level: number; truth: unknown; spec: unknown; name: string }

async function writeRlShard(path: string, rows: FixtureRow[]): Promise<void> {
  const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
  const values = rows.map((row, index) => `(
    ${quote(row.id)}, ${quote(`demo/${row.stage}`)},
    {'style': 'rule', 'ground_truth': ${quote(JSON.stringify(row.truth))}},
    {'name': ${quote(row.name)}, 'version': '1.0.0', 'params': ${quote(JSON.stringify(row.spec))}},
    ${row.level}::INTEGER,
    {'split': 'train', 'index': ${index}::BIGINT, 'stage': ${quote(row.stage)}, 'group': ${quote(row.id)}}
  )`).join(',\n');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (
    SELECT * FROM (VALUES ${values}) AS t(id, data_source, reward_model, verifier, level, extra_info)
  ) TO ${quote(path)} (FORMAT parquet, COMPRESSION zstd)`);
  connection.closeSync();
}

describe('rlr score --dataset', () => {
  let dataset: string;
  let responses: string;

  beforeAll(async () => {
    dataset = mkdtempSync(join(tmpdir(), 'rlr-dataset-'));
    mkdirSync(join(dataset, 'rl'));
    await writeRlShard(join(dataset, 'rl', 'train-00000-of-00002.parquet'), [
      { id: 'm1', stage: 'math', level: 1, truth: '\\frac{1}{2}', spec: { name: 'math', params: {} }, name: 'math' },
      { id: 'm2', stage: 'math', level: 1, truth: 12, spec: { name: 'math' }, name: 'math' },
    ]);
    await writeRlShard(join(dataset, 'rl', 'train-00001-of-00002.parquet'), [
      { id: 'c1', stage: 'video_mc', level: 2, truth: 'C', spec: { name: 'choice', params: { letters: 'ABCD' } }, name: 'choice' },
      // A writer that stores only the params: the name comes from `verifier.name`.
      { id: 'p1', stage: 'pointing', level: 3, truth: [0, 0, 10, 10], spec: { point_scale: 1 }, name: 'point_in_box' },
    ]);
    responses = join(dataset, 'responses.jsonl');
    writeFileSync(responses, [
      { id: 'm1', response: '\\boxed{0.5}' },
      { id: 'm1', response: '\\boxed{0.6}' },
      { id: 'm2', response: 'The answer is 12.' },
      { id: 'c1', response: '(C)' },
      { id: 'c1', response: 'I cannot tell.' },
      { id: 'p1', response: '(5, 5)' },
    ].map((r) => JSON.stringify(r)).join('\n'));
  });

  it('reports accuracy per stage and per level', () => {
    const { status, stdout, stderr } = rlr(['score', '--dataset', dataset, '--responses', responses, '--json']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as {
      responses: number; overall: { mean: number };
      stages: Record<string, { responses: number; answered: number; mean: number }>;
      levels: Record<string, { mean: number }>;
    };
    expect(report.responses).toBe(6);
    expect(report.stages.math).toEqual({ responses: 3, answered: 3, mean: 2 / 3 });
    expect(report.stages.video_mc).toEqual({ responses: 2, answered: 1, mean: 0.5 });
    expect(report.stages.pointing.mean).toBe(1);
    expect(report.levels['1'].mean).toBeCloseTo(2 / 3, 12);
    expect(report.levels['3'].mean).toBe(1);
    expect(report.overall.mean).toBeCloseTo(4 / 6, 12);
  });

  it('prints a table, and flags ids the dataset lacks with exit 1', async () => {
    const extra = join(dataset, 'more.jsonl');
    writeFileSync(extra, `${JSON.stringify({ id: 'm1', response: '\\boxed{1/2}' })}\n${JSON.stringify({ id: 'zz', response: '1' })}\nnot json\n`);
    const out = capture();
    const err = capture();
    expect(await scoreDataset(dataset, extra, false, out, err)).toBe(1);
    expect(out.text()).toMatch(/^stage\s+responses\s+answered\s+accuracy\nmath\s+1\s+100\.0%\s+100\.0%/);
    expect(err.text()).toMatch(/more\.jsonl:2: id "zz" is not in the RL split/);
    expect(err.text()).toMatch(/more\.jsonl:3: expected \{"id": string, "response": string\}/);
  });

  it('reads a prompt\'s several rollouts from one line', async () => {
    const file = join(dataset, 'rollouts.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'm1', responses: ['\\boxed{1/2}', '\\boxed{3}'] })}\n${JSON.stringify({ id: 'c1', responses: [] })}\n`);
    const out = capture();
    const err = capture();
    expect(await scoreDataset(dataset, file, true, out, err)).toBe(1);
    expect(JSON.parse(out.text())).toMatchObject({ responses: 2, stages: { math: { responses: 2, answered: 2, mean: 0.5 } } });
    expect(err.text()).toMatch(/rollouts\.jsonl:2: expected .* or \{"id": string, "responses": \[string, …\]\}/);
  });

  it('explains a folder without an RL split', async () => {
    await expect(scoreDataset(join(dataset, 'rl'), responses, false, capture(), capture())).rejects.toThrow(/no RL split at/);
  });
});
