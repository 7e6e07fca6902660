// `rlr queue status --queue redis://…`: the partitions of every run on a queue.
import type { Command } from 'commander';
import { formatStatus, queueStatus } from '../runtime/scale/status.ts';
import { choice } from './options.ts';
import type { ExitReporter } from './commands.ts';

export function registerQueue(program: Command, exit: ExitReporter): void {
  const queue = program.command('queue').description('look at the partitions of queued runs');
  queue
    .command('status')
    .description('jobs waiting, active, completed and failed, per run')
    .requiredOption('--queue <redis-url>', 'the Redis server (redis://host:port)')
    .option('--format <format>', 'text or JSON', choice(['text', 'json'] as const), 'text')
    .action(async (options: { queue: string; format: 'text' | 'json' }) => {
      try {
        const status = await queueStatus(options.queue);
        process.stdout.write(options.format === 'json' ? JSON.stringify(status, null, 2) + '\n' : formatStatus(status));
        exit(0);
      } catch (error) {
        process.stderr.write(`error: ${(error as Error).message}\n`);
        exit(1);
      }
    });
}
