// `rlr review <dataset-dir>`: serves a page for fast yes/no decisions on the items
// of the dataset's validate gates, until interrupted. Decisions go into the
// dataset's store as they are made; stopping and starting again resumes.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ReviewSetupError, startReviewServer } from '../runtime/human/review/server.ts';
import type { ExitReporter } from './commands.ts';

interface ReviewCommandOptions { host: string; port: number; token?: string; reviewer?: string }

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0: any free port)');
  return n;
}

export function registerReview(program: Command, exit: ExitReporter): void {
  program
    .command('review')
    .description('serve a page where people answer the yes/no items of a dataset\'s validate gates (Y, N, S to skip, U to undo)')
    .argument('<dataset-dir>', 'the output folder of `rlr run`')
    .option('--host <address>', 'address to listen on; any but loopback needs --token', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', portNumber, 0)
    .option('--token <secret>', 'a secret every request must carry (at least 16 characters); required off loopback')
    .option('--reviewer <name>', 'put this reviewer\'s name in the printed URL')
    .action(async (folder: string, options: ReviewCommandOptions) => {
      let running;
      try {
        running = await startReviewServer({ dataset: folder, host: options.host, port: options.port, token: options.token ?? null });
      } catch (error) {
        process.stderr.write(`rlr review: ${(error as Error).message}\n`);
        exit(error instanceof ReviewSetupError ? 2 : 1);
        return;
      }
      const { items, settled } = running.queue.summary();
      process.stdout.write(`rlr review: ${items} yes/no item${items === 1 ? '' : 's'} at the validate gates, ${settled} settled, ${items - settled} waiting\n`);
      process.stdout.write(`open ${running.pageUrl(options.reviewer)}\n`);
      if (options.host === '0.0.0.0' || options.host === '::') {
        process.stdout.write('(listening on every interface: replace the address with this machine\'s name or address when sharing it)\n');
      }
      process.stdout.write('press Ctrl-C to stop; every decision is already saved\n');
      await new Promise<void>((stopped) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(stopped, (error: unknown) => {
            process.stderr.write(`rlr review: closing the store failed: ${(error as Error).message}\n`);
            exit(1);
            stopped();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stdout.write('rlr review: stopped; the store is closed\n');
      exit(0);
    });
}
