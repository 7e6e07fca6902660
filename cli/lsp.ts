// `rlr lsp --stdio`: the language server, over standard input and output.
import type { Command } from 'commander';
import { serveStdio } from '../lsp/server.ts';
import { nodeHost } from './node-host.ts';
import type { ExitReporter } from './commands.ts';

export function registerLsp(program: Command, _exit: ExitReporter): void {
  program
    .command('lsp')
    .description('run the language server (diagnostics, hover, completion, navigation, rename, formatting)')
    .option('--stdio', 'speak the Language Server Protocol over standard input and output (the only transport)')
    .action(() => {
      // The connection keeps the process alive, and ends it on `exit` or when standard input closes.
      serveStdio({ host: nodeHost(), version: program.version() });
    });
}
