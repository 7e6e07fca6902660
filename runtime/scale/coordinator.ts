// `rlr run --queue`: the coordinator. It splits the run into partitions,
// enqueues one job per partition (the job id a content hash of the run and
// the partition, so a restarted coordinator enqueues nothing twice), waits
// for the workers to commit them, loads them in partition order into the
// store, and lets the ordinary run assemble the dataset from there (computing
// itself each stage's whole-stage steps and human gates, what follows them,
// and the stages downstream of them).
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { Queue, type Job } from 'bullmq';
import { runDag, type PrepareContext, type RunOptions, type RunResult } from '../run/run.ts';
import { countSources, jobId, runId } from './plan.ts';
import { mergePartitions, missingTargets } from './merge.ts';
import { partitionFile, type PartitionJob } from './partition.ts';
import { QUEUE_NAME, redisOptions } from './redis.ts';

export interface QueueProgress {
  readonly total: number;
  readonly done: number;
  readonly active: number;
  readonly waiting: number;
  /** Workers connected to the queue. */
  readonly workers: number;
  /** Partitions already committed when this coordinator started (an earlier run's work). */
  readonly reused: number;
}

export interface QueueRunOptions extends RunOptions {
  /** The Redis URL, `redis://host:port`. */
  readonly queue: string;
  readonly partitions: number;
  /** Attempts per partition before it is reported as poisoned (3 by default). */
  readonly attempts?: number;
  /** The delay before a failed partition's next attempt, doubled each time, in ms. */
  readonly backoffMs?: number;
  readonly onQueueProgress?: (progress: QueueProgress) => void;
  /** How often the coordinator looks at the jobs, in ms. */
  readonly pollMs?: number;
}

export class PoisonedPartitions extends Error {
  constructor(readonly failures: ReadonlyArray<{ partition: number; job: string; reason: string; attempts: number }>) {
    super(`${failures.length} partition(s) failed after every attempt:\n${failures.map((f) => `  partition ${f.partition} (job ${f.job}, ${f.attempts} attempt(s)): ${f.reason}`).join('\n')}`);
  }
}

export async function runOnQueue(options: QueueRunOptions): Promise<RunResult> {
  if (options.noCache) throw new Error('--no-cache cannot be combined with --queue: the coordinator assembles from the stored partitions');
  if (!(Number.isInteger(options.partitions) && options.partitions > 0)) throw new Error(`--partitions must be a positive whole number, not ${options.partitions}`);
  return runDag({ ...options, prepare: (context) => computeOnQueue(options, context) });
}

async function computeOnQueue(options: QueueRunOptions, context: PrepareContext): Promise<void> {
  const { dag } = options;
  const { store, keyOptions, out } = context;
  // Outputs stored as done by an earlier run (local or queued) need no workers.
  if (missingTargets(dag, store, keyOptions).length === 0) return;
  const run = runId(dag, keyOptions);
  const sourceCounts = await countSources(dag, options.directory, options.limit);
  const partitions = options.partitions;
  const jobs: PartitionJob[] = [];
  for (let p = 0; p < partitions; p++) {
    const id = jobId(run, p, partitions);
    jobs.push({
      run, recipe: dag.recipe.name, dag, directory: path.resolve(options.directory), out, limit: options.limit, concurrency: options.concurrency ?? 8,
      partition: p, partitions, sourceCounts, file: path.relative(out, partitionFile(out, id)),
    });
  }
  const queue = new Queue(QUEUE_NAME, { connection: redisOptions(options.queue) });
  try {
    await waitForPartitions(queue, jobs, options);
  } finally {
    await queue.close();
  }
  const merged = await mergePartitions(dag, store, keyOptions, jobs.map((job) => path.join(out, job.file)));
  await sweepPartialFiles(path.join(out, '.rlr', 'partitions'));
  // This run computes those stages itself (they are not stored as done); the next run sends their partitions out again.
  for (const file of merged.transientFiles) await rm(file, { force: true });
}

const idOf = (job: PartitionJob) => path.basename(job.file, '.bin');

async function enqueue(queue: Queue, job: PartitionJob, options: QueueRunOptions): Promise<void> {
  await queue.add('partition', job, {
    jobId: idOf(job), attempts: options.attempts ?? 3, backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
    removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 },
  });
}

async function waitForPartitions(queue: Queue, jobs: readonly PartitionJob[], options: QueueRunOptions): Promise<void> {
  const committed = (job: PartitionJob) => existsSync(path.join(job.out, job.file));
  const pending = new Set(jobs.filter((job) => !committed(job)));
  const reused = jobs.length - pending.size;
  for (const job of pending) {
    const existing = (await queue.getJob(idOf(job))) as Job | undefined;
    const state = existing ? await existing.getState() : 'unknown';
    // A partition that failed in an earlier run is tried again, as a local rerun tries its rejected records again;
    // one marked completed whose file is gone (a deleted output folder) is computed again.
    if (existing && (state === 'failed' || state === 'completed')) await existing.remove();
    if (!existing || state === 'failed' || state === 'completed' || state === 'unknown') await enqueue(queue, job, options);
  }
  const poisoned: Array<{ partition: number; job: string; reason: string; attempts: number }> = [];
  let lastReport = '';
  while (pending.size > 0) {
    let active = 0;
    for (const job of [...pending]) {
      if (committed(job)) {
        pending.delete(job);
        continue;
      }
      const current = (await queue.getJob(idOf(job))) as Job | undefined;
      if (!current) {
        await enqueue(queue, job, options);
        continue;
      }
      const state = await current.getState();
      if (state === 'active') active++;
      if (state === 'failed') {
        poisoned.push({ partition: job.partition, job: idOf(job), reason: current.failedReason ?? 'unknown', attempts: current.attemptsMade });
        pending.delete(job);
      } else if (state === 'completed' && !committed(job)) {
        // Completed without its file: the output folder is not shared with that worker.
        poisoned.push({ partition: job.partition, job: idOf(job), reason: `the worker reported it done but ${path.join(job.out, job.file)} is not there (do the workers see the same output folder?)`, attempts: current.attemptsMade });
        pending.delete(job);
      }
    }
    const workers = (await queue.getWorkers()).length;
    const progress: QueueProgress = { total: jobs.length, done: jobs.length - pending.size - poisoned.length, active, waiting: pending.size - active, workers, reused };
    const report = JSON.stringify(progress);
    if (report !== lastReport) options.onQueueProgress?.(progress);
    lastReport = report;
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
  if (poisoned.length > 0) throw new PoisonedPartitions(poisoned.sort((a, b) => a.partition - b.partition));
}

/** Temporary files of workers killed while committing: never read, removed once every partition is in. */
async function sweepPartialFiles(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const name of names) if (/\.tmp-\d+-[0-9a-f]+$/.test(name)) await rm(path.join(folder, name), { force: true });
}
