// Scale-out on a model-latency-bound workload: a chat model on the local test
// server answering after a fixed latency (200 ms), the same recipe run on a
// queue with 1, 2 and 4 `rlr worker` processes (each computing one partition
// at a time with 8 records in flight), timed from the coordinator's start to
// the manifest, workers already connected. Throughput in records/s, and the
// scaling efficiency against the 1-worker baseline: speed-up / workers. The
// goal is at least 0.8 at 4 workers. Needs redis-server (scripts/install-redis.sh).
// Run: node --import tsx bench/scale.ts [records=640] [latencyMs=200] [partitions=16]
import * as path from 'node:path';
import { runOnQueue } from '../runtime/scale/coordinator.ts';
import { compileFixture } from '../test/runtime/fixture.ts';
import { startHfServer } from '../test/models/hf-server.ts';
import { buildCli, datasetDigests, ensureRedisInstalled, spawnWorkers, startRedis } from '../test/scale/harness.ts';
import { modelRecipe } from '../test/scale/recipes.ts';

const records = Number(process.argv[2] ?? 640);
const latencyMs = Number(process.argv[3] ?? 200);
const partitions = Number(process.argv[4] ?? 16);
const RECORDS_IN_FLIGHT = 8;
const GOAL = 0.8;

ensureRedisInstalled();
buildCli();
const redis = await startRedis();
const server = await startHfServer({ latencyMs, record: false });
const env = (name: string) => (name === 'WRITER_TOKEN' ? 'secret' : undefined);
const fixture = modelRecipe(records);
const dag = compileFixture(fixture.recipe, { writer_url: `${server.url}/v1` });

const rows: Array<{ workers: number; seconds: number; throughput: number; efficiency: number }> = [];
let expected: string | null = null;
try {
  for (const count of [1, 2, 4]) {
    const workers = await spawnWorkers(count, redis.url, ['--concurrency', '1'], { WRITER_TOKEN: 'secret' });
    const requestsBefore = server.count;
    const started = performance.now();
    const result = await runOnQueue({ dag, directory: fixture.dir, out: path.join(fixture.dir, `out-${count}`), env, queue: redis.url, partitions, concurrency: RECORDS_IN_FLIGHT });
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(workers.map((w) => w.stop()));
    if (server.count - requestsBefore !== records) throw new Error(`expected ${records} model requests with ${count} worker(s), the server saw ${server.count - requestsBefore}`);
    const digests = JSON.stringify(datasetDigests(result.out));
    if (expected !== null && digests !== expected) throw new Error(`the dataset with ${count} workers differs from the one with 1`);
    expected = digests;
    const throughput = records / seconds;
    rows.push({ workers: count, seconds, throughput, efficiency: throughput / ((rows[0]?.throughput ?? throughput) * count) });
  }
} finally {
  await server.close();
  await redis.stop();
}

const ideal = RECORDS_IN_FLIGHT / (latencyMs / 1000);
console.log(`${records} records, chat model answering after ${latencyMs} ms, ${partitions} partitions, ${RECORDS_IN_FLIGHT} records in flight per worker (ideal ${ideal.toFixed(0)} records/s per worker)`);
console.log('workers  seconds  records/s  speed-up  efficiency');
for (const row of rows) {
  console.log(`${String(row.workers).padStart(7)}  ${row.seconds.toFixed(2).padStart(7)}  ${row.throughput.toFixed(1).padStart(9)}  ${(row.throughput / rows[0].throughput).toFixed(2).padStart(8)}  ${row.efficiency.toFixed(2).padStart(10)}`);
}
const atFour = rows.find((r) => r.workers === 4)!.efficiency;
console.log(`efficiency at 4 workers: ${atFour.toFixed(2)} (goal ${GOAL}): ${atFour >= GOAL ? 'met' : 'NOT met'}; datasets identical across worker counts`);
process.exitCode = atFour >= GOAL ? 0 : 1;
