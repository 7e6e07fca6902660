// A whole run against a model server that fails 30 % of requests: every
// record ends as an example or in rejects.jsonl with the model's reason, the
// accounting balances, and a rerun recomputes nothing it already has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runDag } from '../../runtime/run/run.ts';
import { compileFixture } from '../runtime/fixture.ts';
import { startHfServer, type HfTestServer } from './hf-server.ts';

const RECIPE = `
recipe faults { version: "0.1.0" seed: 4 }
param writer_url: string = "http://127.0.0.1:9/v1"
type Hint = {hint: string, steps: int}
model writer = hf { id: "test/writer" endpoint: writer_url task: chat_completion token: env("WRITER_TOKEN") concurrency: 8 timeout: 1s retries: 0 }
source problems = math_problems { count: 80 }
stage hinted from problems {
  let tag = str(len(question)) + "-" + str(difficulty)
  let h: Hint = writer(prompt: template("REPLY: {{\\"hint\\": \\"work backwards {tag}\\", \\"steps\\": 3}}"))
  emit {
    prompt: template("{question} (hint: {h.hint})")
    truth: answer
    verifier: math()
    difficulty: difficulty
    domain: "math"
  }
}
output { dir: "out" splits: { train: 100% } }
`;

interface Manifest {
  splits: { rl: Record<string, number> };
  accounting: Record<string, { kind: string; in: number; balanced: boolean; rejected: Record<string, number> }>;
}

describe('a run under 30 % injected model faults', () => {
  let server: HfTestServer;
  beforeAll(async () => {
    server = await startHfServer();
  });
  afterAll(() => server.close());

  it('writes or rejects every record with a reason, and balances', async () => {
    server.randomFaults({
      rate: 0.3,
      seed: 77,
      faults: [
        { kind: 'status', status: 429, retryAfter: '0' },
        { kind: 'status', status: 500 },
        { kind: 'status', status: 400 },
        { kind: 'delay', ms: 1500 },
        { kind: 'reset' },
        { kind: 'cut' },
        { kind: 'truncated' },
        { kind: 'invalid' },
      ],
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'rlr-faults-'));
    writeFileSync(path.join(dir, 'recipe.rlr'), RECIPE);
    const dag = compileFixture(path.join(dir, 'recipe.rlr'), { writer_url: `${server.url}/v1` });
    const out = path.join(dir, 'out');
    const env = (name: string) => (name === 'WRITER_TOKEN' ? 'secret' : undefined);
    const result = await runDag({ dag, directory: dir, out, env, concurrency: 8 });
    const manifest = result.manifest as unknown as Manifest;
    const written = Object.values(manifest.splits.rl).reduce((a, b) => a + b, 0);
    const rejects = readFileSync(path.join(out, 'rejects.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { key: string; reason: string });
    const modelRejects = rejects.filter((r) => r.reason.startsWith('model `writer`'));
    expect(modelRejects.length).toBeGreaterThan(0);
    expect(written).toBeGreaterThan(0);
    const call = Object.values(manifest.accounting).find((n) => n.kind === 'model_call')!;
    expect(call.in).toBe(80);
    // Every record of the call node either went on to an example or was rejected with the model's reason.
    const emitted = Object.values(manifest.accounting).find((n) => n.kind === 'emit')!;
    expect(emitted.in + modelRejects.length).toBe(80);
    expect(new Set(modelRejects.map((r) => r.key)).size).toBe(modelRejects.length);
    for (const node of Object.values(manifest.accounting)) expect(node.balanced).toBe(true);
    const stats = result.stats.models.find((m) => m.model === 'writer')!;
    expect(stats.failures).toBe(modelRejects.length);
    expect(stats.retries).toBeGreaterThan(0);

    // The failures were transient (429, 5xx, timeouts, resets): the run is not final, and a rerun
    // without faults tries exactly the rejected records again, answering the rest from the cache.
    const transient = modelRejects.filter((r) => !/HTTP 400|not a valid/.test(r.reason));
    expect(transient.length).toBeGreaterThan(0);
    server.randomFaults(null);
    const before = server.count;
    const again = await runDag({ dag, directory: dir, out, env, concurrency: 8 });
    const rerun = again.stats.models.find((m) => m.model === 'writer')!;
    expect(rerun.calls).toBe(server.count - before);
    expect(rerun.calls).toBe(modelRejects.length);
    expect(rerun.cacheHits).toBe(80 - modelRejects.length);
    expect(Object.values((again.manifest as unknown as Manifest).splits.rl).reduce((a, b) => a + b, 0)).toBe(80);
    // Now final: a third run does nothing.
    const third = await runDag({ dag, directory: dir, out, env, concurrency: 8 });
    expect(third.stats.stagesComputed).toBe(0);
  });
});
