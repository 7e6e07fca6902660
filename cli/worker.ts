// `rlr worker --queue redis://…`: computes the partitions coordinators
// (`rlr run --queue`) enqueue, until stopped (SIGINT / SIGTERM finish the
// partitions in hand first).
import { Option, type Command } from 'commander';
import { startWorker } from '../runtime/scale/worker.ts';
import { positiveInteger } from './options.ts';
import type { ExitReporter } from './commands.ts';

interface WorkerCommandOptions {
  queue: string;
  concurrency: number;
  lockDuration: number;
  stalledInterval: number;
  rateWindow?: number;
}

export function registerWorker(program: Command, exit: ExitReporter): void {
  program
    .command('worker')
    .description('compute the partitions of runs started with `rlr run --queue`')
    .requiredOption('--queue <redis-url>', 'the Redis server the coordinators use (redis://host:port)')
    .option('--concurrency <n>', 'partitions computed at once by this worker', positiveInteger, 1)
    .option('--lock-duration <ms>', 'how long a partition stays locked without a sign of life (a killed worker\'s partition goes elsewhere after this)', positiveInteger, 30_000)
    .option('--stalled-interval <ms>', 'how often to look for partitions whose worker died', positiveInteger, 30_000)
    .addOption(new Option('--rate-window <ms>', 'the window a model\'s rpm counts in (for tests)').argParser(positiveInteger).hideHelp())
    .action(async (options: WorkerCommandOptions) => {
      let worker: Awaited<ReturnType<typeof startWorker>>;
      try {
        worker = await startWorker({
          queue: options.queue, concurrency: options.concurrency, lockDurationMs: options.lockDuration, stalledIntervalMs: options.stalledInterval,
          rateWindowMs: options.rateWindow, log: (line) => process.stderr.write(`${line}\n`),
        });
      } catch (error) {
        process.stderr.write(`error: cannot start a worker on ${options.queue}: ${(error as Error).message}\n`);
        exit(1);
        return;
      }
      process.stderr.write(`worker ready on ${options.queue} (${options.concurrency} partition(s) at a time)\n`);
      const stop = () => void worker.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await worker.closed;
      exit(0);
    });
}
