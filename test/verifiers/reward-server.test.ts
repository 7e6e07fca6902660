// The reward server over real HTTP on the loopback, and its generated Python
// client driven by a real python3 (standard library only), as verl and TRL would.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRewardServer, type RunningRewardServer } from '../../runtime/reward-server.ts';
import { pythonClientSource } from '../../runtime/reward-client-py.ts';
import { loadResolver } from '../../cli/serve-rewards.ts';

let server: RunningRewardServer;
let dataset: string;

async function writeDataset(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rlr-serve-'));
  mkdirSync(join(dir, 'rl'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT * FROM (VALUES
    ('q1', 'demo/math', {'style': 'rule', 'ground_truth': '"\\\\frac{1}{2}"'}, {'name': 'math', 'version': '1.0.0', 'params': '{"name":"math","params":{}}'}, 1::INTEGER),
    ('q2', 'demo/mc', {'style': 'rule', 'ground_truth': '"B"'}, {'name': 'choice', 'version': '1.0.0', 'params': '{"name":"choice","params":{"letters":"ABCDE"}}'}, 2::INTEGER)
  ) AS t(id, data_source, reward_model, verifier, level)) TO '${join(dir, 'rl', 'train-00000-of-00001.parquet')}' (FORMAT parquet)`);
  connection.closeSync();
  return dir;
}

beforeAll(async () => {
  dataset = await writeDataset();
  const { resolve } = await loadResolver(dataset);
  server = await startRewardServer({ port: 0, host: '127.0.0.1', maxBodyBytes: 64 * 1024, resolve });
});
afterAll(async () => { await server?.close(); });

function call(method: string, path: string, body?: string | Buffer): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('reward server', () => {
  it('scores a batch in order', async () => {
    const items = [
      { verifier: 'math', response: '\\boxed{0.5}', truth: '1/2' },
      { verifier: 'choice', response: 'no idea', truth: 'A' },
      { verifier: { name: 'point_in_box' }, response: '(3, 4)', truth: [0, 0, 10, 10] },
    ];
    const { status, json } = await call('POST', '/score', JSON.stringify({ items }));
    expect(status).toBe(200);
    expect((json.results as { score: number | null }[]).map((r) => r.score)).toEqual([1, null, 1]);
  });

  it('finds the verifier from the data source or id when a dataset was given', async () => {
    const items = [
      { data_source: 'demo/math', response: '\\boxed{\\frac{2}{4}}', truth: '\\frac{1}{2}' },
      { id: 'q2', response: '(B)', truth: 'B' },
    ];
    const { status, json } = await call('POST', '/score', JSON.stringify({ items }));
    expect(status).toBe(200);
    expect((json.results as { score: number }[]).map((r) => r.score)).toEqual([1, 1]);
  });

  it('reports health with verifier versions', async () => {
    const { status, json } = await call('GET', '/health');
    expect(status).toBe(200);
    expect(json.status).toBe('ok');
    expect((json.verifiers as Record<string, string>).math).toBe('1.0.0');
  });

  it.each([
    ['invalid JSON', 'POST', '/score', '{"items": [', 400, /not valid JSON/],
    ['no items', 'POST', '/score', '{"things": []}', 400, /expected \{"items"/],
    ['a bad item', 'POST', '/score', JSON.stringify({ items: [{ verifier: 'math', response: 'x', truth: '1' }, { verifier: 'nope', response: 'x', truth: 1 }] }), 400, /^item 1: unknown verifier `nope`/],
    ['an unknown data source', 'POST', '/score', JSON.stringify({ items: [{ data_source: 'other/x', response: 'x', truth: 1 }] }), 400, /data source `other\/x` is not known/],
    ['a wrong method', 'GET', '/score', undefined, 405, /POST \/score/],
    ['an unknown path', 'POST', '/nothing', '{}', 404, /no route/],
  ])('answers %s with a JSON error', async (_name, method, path, body, status, message) => {
    const response = await call(method, path, body);
    expect(response.status).toBe(status);
    expect(response.json.error).toMatch(message);
  });

  it('refuses bodies over the limit and keeps serving', async () => {
    const big = JSON.stringify({ items: [{ verifier: 'exact', response: 'x'.repeat(100 * 1024), truth: 'x' }] });
    const response = await call('POST', '/score', big);
    expect(response.status).toBe(413);
    expect(response.json.error).toMatch(/over 65536 bytes/);
    expect((await call('GET', '/health')).status).toBe(200);
  });
});

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe.runIf(hasPython)('generated Python client', () => {
  it('scores through compute_score (single and batch) and reward_func', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlr-py-'));
    writeFileSync(join(dir, 'rlr_rewards.py'), pythonClientSource('http://127.0.0.1:9'));
    const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(dir)})
import rlr_rewards as r
out = {}
out["single"] = r.compute_score("demo/math", "so \\\\boxed{0.5}", json.dumps("\\\\frac{1}{2}"))
out["wrong"] = r.compute_score("demo/math", "so \\\\boxed{0.6}", json.dumps("\\\\frac{1}{2}"))
out["explicit"] = r.compute_score("x/y", "(C)", json.dumps("C"), extra_info={"verifier": {"name": "choice", "version": "1.0.0", "params": "{}"}})
out["batch"] = r.compute_score(data_sources=["demo/mc", "demo/mc"], solution_strs=["(B)", "nothing"], ground_truths=[json.dumps("B"), json.dumps("B")], extra_infos=[{}, {}])
out["trl"] = r.reward_func(
    prompts=["p1", "p2", "p3"],
    completions=[[{"role": "assistant", "content": "\\\\boxed{1/2}"}], [{"role": "assistant", "content": "(A)"}], [{"role": "assistant", "content": "(B)"}]],
    reward_model=[{"style": "rule", "ground_truth": json.dumps("0.5")}, {"style": "rule", "ground_truth": json.dumps("B")}, {"style": "rule", "ground_truth": json.dumps("B")}],
    verifier=[{"name": "math", "version": "1.0.0", "params": "{}"}, None, None],
    data_source=["demo/math", "demo/mc", "demo/mc"],
)
try:
    r.compute_score(None, "x", json.dumps(1), extra_info={"verifier": "nope"})
except r.RewardServerError as error:
    out["error"] = str(error)
print(json.dumps(out))
`;
    // Asynchronously: the server answering python runs in this very process.
    const child = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile('python3', ['-c', script], { env: { ...process.env, RLR_REWARD_URL: server.url }, timeout: 30_000 },
        (_error, stdout, stderr) => resolve({ stdout, stderr }));
    });
    expect(child.stderr).toBe('');
    const out = JSON.parse(child.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ single: 1, wrong: 0, explicit: 1, batch: [1, 0], trl: [1, 0, 1] });
    expect(out.error).toMatch(/reward server answered 400: item 0: unknown verifier `nope`/);
  });

  it('writes the client from the CLI with the chosen address', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlr-py-'));
    const file = join(dir, 'client.py');
    const result = spawnSync(process.execPath, ['bin/rlr.js', 'serve-rewards', '--port', '8123', '--write-python', file], {
      cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8', timeout: 60_000,
    });
    expect(result.status).toBe(0);
    const compiled = spawnSync('python3', ['-c', `import ast; src = open(${JSON.stringify(file)}).read(); ast.parse(src); print("http://127.0.0.1:8123" in src)`], { encoding: 'utf8' });
    expect(compiled.stdout.trim()).toBe('True');
  });
});
