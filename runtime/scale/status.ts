// `rlr queue status`: the jobs of every run on a queue, by state.
import { Queue } from 'bullmq';
import type { PartitionJob } from './partition.ts';
import { QUEUE_NAME, redisOptions } from './redis.ts';

const STATES = ['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed'] as const;

export interface RunStatus {
  readonly run: string;
  readonly recipe: string;
  readonly partitions: number;
  readonly counts: Record<(typeof STATES)[number], number>;
  /** Failed partitions with their reasons. */
  readonly failures: Array<{ partition: number; reason: string }>;
}

export async function queueStatus(url: string): Promise<{ workers: number; runs: RunStatus[] }> {
  const queue = new Queue(QUEUE_NAME, { connection: redisOptions(url) });
  try {
    const runs = new Map<string, RunStatus>();
    for (const state of STATES) {
      for (const job of await queue.getJobs([state], 0, -1)) {
        if (!job) continue;
        const data = job.data as PartitionJob;
        let run = runs.get(data.run);
        if (!run) {
          run = { run: data.run, recipe: data.recipe, partitions: data.partitions, counts: Object.fromEntries(STATES.map((s) => [s, 0])) as RunStatus['counts'], failures: [] };
          runs.set(data.run, run);
        }
        run.counts[state]++;
        if (state === 'failed') run.failures.push({ partition: data.partition, reason: job.failedReason ?? 'unknown' });
      }
    }
    const workers = (await queue.getWorkers()).length;
    return { workers, runs: [...runs.values()].sort((a, b) => a.recipe.localeCompare(b.recipe) || a.run.localeCompare(b.run)) };
  } finally {
    await queue.close();
  }
}

export function formatStatus(status: { workers: number; runs: RunStatus[] }): string {
  const lines = [`workers connected: ${status.workers}`];
  if (status.runs.length === 0) lines.push('no runs on this queue');
  else lines.push('', 'recipe               run               partitions  waiting  active  completed  failed');
  for (const run of status.runs) {
    const waiting = run.counts.waiting + run.counts.delayed + run.counts.prioritized;
    lines.push(`${run.recipe.padEnd(20).slice(0, 20)} ${run.run}  ${String(run.partitions).padStart(10)}  ${String(waiting).padStart(7)}  ${String(run.counts.active).padStart(6)}  ${String(run.counts.completed).padStart(9)}  ${String(run.counts.failed).padStart(6)}`);
    for (const failure of run.failures.sort((a, b) => a.partition - b.partition)) lines.push(`  partition ${failure.partition} failed: ${failure.reason}`);
  }
  return lines.join('\n') + '\n';
}
