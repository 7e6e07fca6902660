// Every subcommand, in the order `rlr --help` lists them.
import type { Command } from 'commander';
import { registerAnnotations } from './annotations.ts';
import { registerCheck } from './check.ts';
import { registerCompile } from './compile.ts';
import { registerFmt } from './fmt.ts';
import { registerGraph } from './graph.ts';
import { registerLsp } from './lsp.ts';
import { registerPreview } from './preview.ts';
import { registerQueue } from './queue.ts';
import { registerReview } from './review.ts';
import { registerRun } from './run.ts';
import { registerScore } from './score.ts';
import { registerServeRewards } from './serve-rewards.ts';
import { registerWorker } from './worker.ts';

/** Each command reports its exit code through `exit`; the highest one wins. */
export type ExitReporter = (code: number) => void;

export function registerCommands(program: Command, exit: ExitReporter): void {
  registerAnnotations(program, exit);
  registerCheck(program, exit);
  registerCompile(program, exit);
  registerFmt(program, exit);
  registerGraph(program, exit);
  registerLsp(program, exit);
  registerPreview(program, exit);
  registerQueue(program, exit);
  registerReview(program, exit);
  registerRun(program, exit);
  registerScore(program, exit);
  registerServeRewards(program, exit);
  registerWorker(program, exit);
}
