// Placeholder: replaced by the `rlr lsp` command.
import type { Command } from 'commander';
import type { ExitReporter } from './commands.ts';

export function registerLsp(_program: Command, _exit: ExitReporter): void {}
