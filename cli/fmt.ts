// Placeholder: replaced by the `rlr fmt` command.
import type { Command } from 'commander';
import type { ExitReporter } from './commands.ts';

export function registerFmt(_program: Command, _exit: ExitReporter): void {}
