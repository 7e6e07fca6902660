// The `rlr` command line: one subcommand per file, registered here.
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands.ts';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('rlr')
    .description('Typed recipes for RLVR training data and chain-of-thought data')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let exitCode = 0;
  registerCommands(program, (code) => { exitCode = Math.max(exitCode, code); });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other usage error exits 2.
      return error.exitCode === 0 ? 0 : 2;
    }
    // No input should reach here; if one does, say so plainly (RLR_DEBUG=1 shows the stack).
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`rlr: internal error: ${message}\nplease report this with the input that caused it\n`);
    if (process.env.RLR_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 2;
  }
  return exitCode;
}
