// The call layer's overhead: 2,000 chat calls through the real hf provider and
// HTTP, at concurrency 32, against the local test server answering after a
// fixed 20 ms. The ideal is 32 / 0.020 = 1,600 calls/s; the goal is at least
// 90 % of it. Then a rerun on the warm cache, which must make no call. The
// server runs in its own process, as a model server would, so the figure is
// the client's cost, not the two sharing one event loop. A baseline first:
// the same requests through bare `fetch` (which the client uses) at the same
// concurrency, so the figure can be read against what HTTP alone achieves on
// the machine, and the share of the call layer seen.
// Run: node --import tsx bench/models.ts [calls=2000] [concurrency=32] [latencyMs=20]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { ModelCalls } from '../runtime/models/call.ts';
import { hfProvider } from '../runtime/models/hf/index.ts';
import { openStore, type Store } from '../runtime/store/store.ts';
import type { Value } from '../runtime/values.ts';
import { callNode, hfModel } from '../test/models/hf-server.ts';

const total = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 32);
const latencyMs = Number(process.argv[4] ?? 20);
const GOAL = 0.9;

const serverProcess = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../test/models/hf-server.ts'), String(latencyMs)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve, reject) => {
  serverProcess.stdout.once('data', (chunk: Buffer) => resolve(String(chunk).trim()));
  serverProcess.once('exit', (code) => reject(new Error(`the test server exited with ${code}`)));
});
const server = {
  /** The server's request counter (less the request that reads it), its peak of requests in flight and its CPU time (µs). */
  async counters(): Promise<{ count: number; maxInFlight: number; cpuMicros: number }> {
    const counters = await (await fetch(`${url}/__counters`)).json() as { count: number; maxInFlight: number; cpuMicros: number };
    return { count: counters.count - 1, maxInFlight: counters.maxInFlight, cpuMicros: counters.cpuMicros };
  },
};
const folder = mkdtempSync(join(tmpdir(), 'rlr-bench-models-'));
const model = hfModel('writer', { task: 'chat_completion', endpoint: `${url}/v1`, concurrency, retries: 0, timeout: 30, max_tokens: 64 });
const node = callNode(model, 'reply');
const context = { directory: folder, env: () => undefined };
const prompt = (i: number): Record<string, Value> => ({ prompt: `Question ${i}: what comes next?`, system: 'Answer briefly.', media: null });

async function run(store: Store, prompts: readonly Record<string, Value>[]) {
  const calls = new ModelCalls({ dag: { models: [model] }, providers: { hf: hfProvider }, context, cache: store.cache });
  const before = await server.counters();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const values = await Promise.all(prompts.map((args) => calls.call(node, args)));
  const stats = calls.stats()[0];
  // Counted in: the replies' cache writes that the calls did not wait for.
  await calls.close();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuMicros = (used.user + used.system) / prompts.length;
  const after = await server.counters();
  // Less one: the counters request made before this run.
  const requests = after.count - before.count - 1;
  const serverCpuMicros = requests > 0 ? (after.cpuMicros - before.cpuMicros) / requests : 0;
  return { seconds, values, stats, cpuMicros, serverCpuMicros, requests, maxInFlight: after.maxInFlight };
}

/** The same chat requests with bare fetch, as many at once as the model allows. */
async function bareFetch(prompts: readonly Record<string, Value>[]) {
  const limit = pLimit(concurrency);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(prompts.map((args) => limit(async () => {
    const body = JSON.stringify({ model: model.identity.id, messages: [{ role: 'system', content: args.system }, { role: 'user', content: args.prompt }], max_tokens: 64, temperature: 0 });
    const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    await response.json();
  })));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuMicros: (used.user + used.system) / prompts.length };
}

try {
  const store = await openStore(join(folder, 'store'));
  // Warm-up on other prompts: JIT, the connection pool, the store's first pages.
  await bareFetch(Array.from({ length: 512 }, (_, i) => prompt(-1 - i)));
  await run(store, Array.from({ length: 512 }, (_, i) => prompt(-1 - i)));

  const prompts = Array.from({ length: total }, (_, i) => prompt(i));
  const ideal = concurrency / (latencyMs / 1000);
  const bare = await bareFetch(prompts);
  const bareRate = total / bare.seconds;
  console.log(`bare fetch: ${total} requests in ${bare.seconds.toFixed(2)} s = ${bareRate.toFixed(0)} requests/s; ratio to ideal ${(bareRate / ideal).toFixed(3)}; client CPU ${bare.cpuMicros.toFixed(0)} µs/request`);
  const cold = await run(store, prompts);
  const rate = total / cold.seconds;
  const ratio = rate / ideal;
  console.log(`cold: ${total} calls in ${cold.seconds.toFixed(2)} s = ${rate.toFixed(0)} calls/s; ideal ${ideal.toFixed(0)} calls/s (${concurrency} / ${latencyMs} ms); ratio ${ratio.toFixed(3)} (goal >= ${GOAL}) ${ratio >= GOAL ? 'ok' : 'BELOW GOAL'}`);
  console.log(`      ${(rate / bareRate).toFixed(3)} of bare fetch's rate; calls made ${cold.stats.calls}, HTTP requests ${cold.requests}, peak in flight ${cold.maxInFlight}; client CPU ${cold.cpuMicros.toFixed(0)} µs/call, server CPU ${cold.serverCpuMicros.toFixed(0)} µs/request; load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`);

  const warm = await run(store, prompts);
  const same = JSON.stringify(warm.values) === JSON.stringify(cold.values);
  console.log(`warm: ${total} calls in ${(warm.seconds * 1000).toFixed(0)} ms (${(warm.seconds * 1e6 / total).toFixed(1)} µs/call); calls made ${warm.stats.calls} (must be 0), HTTP requests ${warm.requests}, cache hits ${warm.stats.cacheHits}, same values: ${same}`);
  await store.close();
  if (ratio < GOAL || warm.stats.calls !== 0 || warm.requests !== 0 || !same) process.exitCode = 1;
} finally {
  serverProcess.kill('SIGTERM');
  rmSync(folder, { recursive: true, force: true });
}
