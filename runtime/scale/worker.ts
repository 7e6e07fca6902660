// `rlr worker`: takes partitions off the queue, computes each (the DAG a job
// carries, over its slice of every source) and commits its output to the
// shared output folder. A worker killed mid-partition leaves no file; its
// job's lock expires and BullMQ's stalled-job check gives it to another.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker, type Job } from 'bullmq';
import { Dag } from '../../compiler/lower/dag-schema.ts';
import { ModelCalls } from '../models/call.ts';
import { defaultProviders } from '../models/index.ts';
import type { ProviderTable } from '../models/call.ts';
import { commitPartition, computePartition, type PartitionJob } from './partition.ts';
import { QUEUE_NAME, connect, redisOptions } from './redis.ts';
import { redisRateLimiter } from './rate-limit.ts';

export interface WorkerOptions {
  readonly queue: string;
  /** Partitions computed at once by this process. */
  readonly concurrency: number;
  /** How long a job's lock lasts without renewal, in ms: how soon a killed worker's partition goes elsewhere. */
  readonly lockDurationMs?: number;
  /** How often stalled jobs are looked for, in ms. */
  readonly stalledIntervalMs?: number;
  /** The window a model's `rpm` counts in (one minute unless a test shortens it). */
  readonly rateWindowMs?: number;
  readonly env?: (name: string) => string | undefined;
  readonly providers?: ProviderTable;
  readonly log?: (line: string) => void;
}

export interface RunningWorker {
  /** Resolves when the worker stops (closed, or its connection lost for good). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const env = options.env ?? ((name: string) => process.env[name]);
  const limiterConnection = connect(options.queue);
  const rateLimiter = redisRateLimiter(limiterConnection);
  const log = options.log ?? (() => undefined);
  const processPartition = async (job: Job<PartitionJob>) => {
    const data = job.data;
    const file = path.join(data.out, data.file);
    if (existsSync(file)) return { committed: data.file, reused: true };
    const dag = Dag.parse(data.dag);
    log(`partition ${data.partition + 1}/${data.partitions} of ${data.recipe} (${job.id}): started`);
    const started = performance.now();
    const models = new ModelCalls({ dag, providers: options.providers ?? defaultProviders(), context: { directory: data.directory, env }, cache: null, rateLimiter, rateWindowMs: options.rateWindowMs });
    let examples: number;
    try {
      const output = await computePartition({ ...data, dag }, { models, env });
      examples = output.emits.reduce((n, e) => n + e.records.length, 0);
      await commitPartition(file, output);
    } finally {
      await models.close();
    }
    log(`partition ${data.partition + 1}/${data.partitions} of ${data.recipe} (${job.id}): ${examples} example(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { committed: data.file, examples };
  };
  const worker = new Worker<PartitionJob>(QUEUE_NAME, processPartition, {
    connection: redisOptions(options.queue),
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    // A partition whose worker was killed twice is tried once more, then reported by the coordinator.
    maxStalledCount: 2,
  });
  worker.on('failed', (job, error) => log(`partition ${job ? job.data.partition + 1 : '?'} (${job?.id ?? '?'}): failed: ${error.message}`));
  worker.on('error', (error) => log(`worker error: ${error.message}`));
  await worker.waitUntilReady();
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  worker.on('closed', () => resolveClosed());
  return {
    closed,
    async close() {
      await worker.close();
      limiterConnection.disconnect();
      resolveClosed();
    },
  };
}
