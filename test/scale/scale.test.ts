// One compiled recipe across many worker processes on Redis: the dataset
// (every shard, manifest, card, rejects) is byte-identical to a local run
// whatever the number of workers, when a worker is killed mid-partition, and
// when the coordinator itself is restarted, and when a stage has a step over
// the whole stage or a human gate (the workers compute what comes before it,
// the coordinator the rest); a model's rpm holds across workers; a partition
// that keeps failing is reported with its reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { runDag } from '../../runtime/run/run.ts';
import { runOnQueue, PoisonedPartitions, type QueueProgress } from '../../runtime/scale/coordinator.ts';
import { queueStatus } from '../../runtime/scale/status.ts';
import { workerTargets } from '../../runtime/scale/plan.ts';
import { openStore } from '../../runtime/store/store.ts';
import type { Dag } from '../../compiler/lower/dag-schema.ts';
import { compileFixture } from '../runtime/fixture.ts';
import { startHfServer, type HfTestServer } from '../models/hf-server.ts';
import { ROOT, buildCli, datasetDigests, ensureRedisInstalled, spawnWorkers, startRedis, stopProcess, type RedisServer, type WorkerProcess } from './harness.ts';
import { dedupRecipe, gatedRecipe, mixedRecipe, modelRecipe } from './recipes.ts';

const TOKEN = { WRITER_TOKEN: 'secret' };
const env = (name: string) => (name === 'WRITER_TOKEN' ? 'secret' : undefined);

describe('scale-out on a queue', () => {
  let redis: RedisServer;
  let server: HfTestServer;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    ensureRedisInstalled();
    buildCli();
    redis = await startRedis();
    server = await startHfServer({ record: true });
  }, 300_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await server?.close();
    await redis?.stop();
  });

  async function stopWorkers(): Promise<void> {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
  }

  const outIn = (dir: string, name: string) => path.join(dir, name);

  it('gives the local run\'s dataset byte for byte with 1, 2 and 4 workers', async () => {
    server.latencyMs = 5;
    const fixture = mixedRecipe(40);
    const dag = compileFixture(fixture.recipe, { writer_url: `${server.url}/v1` });
    const local = await runDag({ dag, directory: fixture.dir, out: outIn(fixture.dir, 'local'), env });
    const expected = datasetDigests(local.out);
    expect(Object.keys(expected).filter((f) => f.endsWith('.parquet')).length).toBeGreaterThan(2);
    for (const count of [1, 2, 4]) {
      workers = await spawnWorkers(count, redis.url, ['--concurrency', '2'], TOKEN);
      const progress: QueueProgress[] = [];
      const result = await runOnQueue({ dag, directory: fixture.dir, out: outIn(fixture.dir, `queued-${count}`), env, queue: redis.url, partitions: 5, onQueueProgress: (p) => progress.push(p) });
      expect(datasetDigests(result.out), `${count} worker(s)`).toEqual(expected);
      // The coordinator computed nothing itself: every stage came from the workers' partitions.
      expect(result.stats).toMatchObject({ stagesComputed: 0, stagesReused: 4, invocations: {} });
      expect(progress.at(-1)).toMatchObject({ total: 5, done: 5 });
      await stopWorkers();
    }
    const status = await queueStatus(redis.url);
    const run = status.runs.find((r) => r.recipe === 'scaled')!;
    expect(run.counts.completed).toBe(5);
    expect(run.counts.failed).toBe(0);
  }, 60_000);

  const nodeOf = (dag: Dag, stage: string, op: string) => dag.nodes.find((n) => n.stage === stage && n.op === op)!.id;

  it('splits the steps before a `dedup`, computes the dedup and what follows at the coordinator, and gives the local run\'s bytes', async () => {
    server.latencyMs = 5;
    const fixture = dedupRecipe(30);
    const dag = compileFixture(fixture.recipe, { writer_url: `${server.url}/v1` });
    // The workers compute every emit but the deduplicated stage's, and that stage up to the node before `dedup`.
    expect(workerTargets(dag).map((n) => `${n.stage}:${n.op}`)).toEqual(['capitals_hard:emit', 'geography:emit', 'hinted:emit', 'sums:let']);
    const local = await runDag({ dag, directory: fixture.dir, out: outIn(fixture.dir, 'local'), env });
    const expected = datasetDigests(local.out);
    const rejects = readFileSync(path.join(local.out, 'rejects.jsonl'), 'utf8');
    expect(rejects).toMatch(/has the same dedup key/);
    workers = await spawnWorkers(2, redis.url, ['--concurrency', '2'], TOKEN);
    const progress: QueueProgress[] = [];
    const result = await runOnQueue({ dag, directory: fixture.dir, out: outIn(fixture.dir, 'queued'), env, queue: redis.url, partitions: 4, onQueueProgress: (p) => progress.push(p) });
    expect(datasetDigests(result.out)).toEqual(expected);
    expect(progress.at(-1)).toMatchObject({ total: 4, done: 4 });
    // The barrier and what follows it ran at the coordinator, over the workers' stored output; nothing before it did.
    const invocations = result.stats.invocations;
    expect(invocations[nodeOf(dag, 'sums', 'dedup')]).toBeGreaterThan(0);
    expect(invocations[nodeOf(dag, 'sums', 'emit')]).toBeGreaterThan(0);
    expect(invocations[nodeOf(dag, 'sums', 'explode')]).toBeUndefined();
    expect(invocations[nodeOf(dag, 'sums', 'let')]).toBeUndefined();
    expect(invocations[nodeOf(dag, 'hinted', 'chat_completion')]).toBeUndefined();
    expect(result.stats).toMatchObject({ stagesComputed: 1, stagesReused: 3 });
    await stopWorkers();
  }, 60_000);

  it('runs a stage with a human gate: the workers compute up to the gate, answers given through the store pass it', async () => {
    const fixture = gatedRecipe();
    const dag = compileFixture(fixture.recipe);
    const gate = 'checked_points.yes_no';
    const answer = async (out: string) => {
      const store = await openStore(path.join(out, '.rlr', 'store'));
      const items = [...store.pending.entries(gate)];
      expect(items.length).toBeGreaterThan(0);
      for (const [i, { itemKey, item }] of items.entries()) {
        for (const annotator of item.qa ? ['ann', 'bob'] : ['ann']) await store.pending.record(gate, itemKey, { annotator, value: i % 3 !== 0, origin: 'review', ref: `test:${i}` });
      }
      await store.close();
    };
    const localOut = outIn(fixture.dir, 'local');
    const waiting = datasetDigests((await runDag({ dag, directory: fixture.dir, out: localOut, env })).out);
    await answer(localOut);
    const answered = await runDag({ dag, directory: fixture.dir, out: localOut, env });
    const expected = datasetDigests(answered.out);
    expect((answered.manifest as { gates: Record<string, { waiting: number }> }).gates[gate].waiting).toBe(0);

    workers = await spawnWorkers(2, redis.url, [], TOKEN);
    const out = outIn(fixture.dir, 'queued');
    const firstProgress: QueueProgress[] = [];
    const first = await runOnQueue({ dag, directory: fixture.dir, out, env, queue: redis.url, partitions: 3, onQueueProgress: (p) => firstProgress.push(p) });
    expect(datasetDigests(first.out)).toEqual(waiting);
    expect(firstProgress.at(-1)).toMatchObject({ total: 3, done: 3 });
    expect(first.stats.invocations[nodeOf(dag, 'checked_points', 'yes_no')]).toBeGreaterThan(0);
    expect(first.stats.invocations[nodeOf(dag, 'checked_points', 'let')]).toBeUndefined();
    await answer(out);
    const progress: QueueProgress[] = [];
    const second = await runOnQueue({ dag, directory: fixture.dir, out, env, queue: redis.url, partitions: 3, onQueueProgress: (p) => progress.push(p) });
    expect(datasetDigests(second.out)).toEqual(expected);
    // What comes before the gate was stored by the first run: the rerun after answers sends nothing to the workers.
    expect(progress).toEqual([]);
    expect(second.stats.invocations[nodeOf(dag, 'checked_points', 'yes_no')]).toBeGreaterThan(0);
    expect(second.stats.invocations[nodeOf(dag, 'checked_points', 'filter')]).toBeUndefined();
    await stopWorkers();
  }, 60_000);

  it('loses nothing when a worker is killed mid-partition', async () => {
    const fixture = modelRecipe(40);
    const dag = compileFixture(fixture.recipe, { writer_url: `${server.url}/v1` });
    server.latencyMs = 0;
    const expected = datasetDigests((await runDag({ dag, directory: fixture.dir, out: outIn(fixture.dir, 'local'), env })).out);
    server.latencyMs = 250;
    server.reset();
    workers = await spawnWorkers(2, redis.url, [], TOKEN);
    const out = outIn(fixture.dir, 'queued');
    const run = runOnQueue({ dag, directory: fixture.dir, out, env, queue: redis.url, partitions: 4, concurrency: 2 });
    // Both workers hold a partition; kill the first one halfway through its partition.
    while (server.count < 6) await new Promise((resolve) => setTimeout(resolve, 20));
    await workers[0].stop('SIGKILL');
    const result = await run;
    expect(datasetDigests(result.out)).toEqual(expected);
    expect(result.stats).toMatchObject({ stagesComputed: 0, invocations: {} });
    // The killed partition was computed again from its start by the other worker.
    expect(server.count).toBeGreaterThan(40);
    expect(readdirSync(path.join(out, '.rlr', 'partitions')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    await stopWorkers();
  }, 60_000);

  it('picks up where it stood when the coordinator is restarted', async () => {
    const fixture = modelRecipe(40);
    server.latencyMs = 0;
    const dag = compileFixture(fixture.recipe, { writer_url: `${server.url}/v1` });
    const expected = datasetDigests((await runDag({ dag, directory: fixture.dir, out: outIn(fixture.dir, 'local'), env })).out);
    server.latencyMs = 150;
    server.reset();
    workers = await spawnWorkers(1, redis.url, [], TOKEN);
    const out = outIn(fixture.dir, 'queued');
    const coordinator = spawn(process.execPath, [path.join(ROOT, 'bin', 'rlr.js'), 'run', fixture.recipe, '--queue', redis.url, '--partitions', '4', '--concurrency', '2', '--out', out, '--param', `writer_url=${server.url}/v1`], {
      cwd: ROOT, env: { ...process.env, ...TOKEN }, stdio: 'ignore',
    });
    const partitions = path.join(out, '.rlr', 'partitions');
    while (!(existsSync(partitions) && readdirSync(partitions).some((f) => f.endsWith('.bin')))) await new Promise((resolve) => setTimeout(resolve, 20));
    await stopProcess(coordinator, 'SIGKILL');
    const progress: QueueProgress[] = [];
    const result = await runOnQueue({ dag, directory: fixture.dir, out, env, queue: redis.url, partitions: 4, concurrency: 2, onQueueProgress: (p) => progress.push(p) });
    expect(datasetDigests(result.out)).toEqual(expected);
    expect(progress[0].reused).toBeGreaterThan(0);
    // No partition was computed twice: one request per record.
    expect(server.count).toBe(40);
    await stopWorkers();
  }, 60_000);

  it('holds a model\'s rpm across workers', async () => {
    // rpm 8 in a window shortened to 1.5 s: two workers, each alone fast enough to send 16 in that time.
    const fixture = modelRecipe(24, 8);
    server.latencyMs = 20;
    server.reset();
    workers = await spawnWorkers(2, redis.url, ['--rate-window', '1500'], TOKEN);
    const dag = compileFixture(fixture.recipe, { writer_url: `${server.url}/v1` });
    await runOnQueue({ dag, directory: fixture.dir, out: outIn(fixture.dir, 'queued'), env, queue: redis.url, partitions: 2, concurrency: 8 });
    const arrivals = server.requests.map((r) => r.arrivedAt).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(24);
    // At most 8 requests in any 1.5 s window (less a little for the trip from Redis's clock to the server).
    for (let i = 0; i + 8 < arrivals.length; i++) expect(arrivals[i + 8] - arrivals[i]).toBeGreaterThan(1400);
    await stopWorkers();
  }, 60_000);

  it('reports a partition that fails every attempt, with its reason', async () => {
    const fixture = modelRecipe(8);
    server.latencyMs = 0;
    // Workers without the model's token: every partition stops at its first call.
    workers = await spawnWorkers(1, redis.url, [], { WRITER_TOKEN: '' });
    const dag = compileFixture(fixture.recipe, { writer_url: `${server.url}/v1` });
    const run = runOnQueue({ dag, directory: fixture.dir, out: outIn(fixture.dir, 'queued'), env, queue: redis.url, partitions: 2, attempts: 2, backoffMs: 50 });
    const error = await run.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(PoisonedPartitions);
    expect((error as PoisonedPartitions).failures).toHaveLength(2);
    expect((error as Error).message).toMatch(/WRITER_TOKEN/);
    expect((error as PoisonedPartitions).failures[0].attempts).toBe(2);
    await stopWorkers();
  }, 60_000);
});
