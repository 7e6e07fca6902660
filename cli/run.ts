// `rlr run <recipe>` and `rlr run --dag dag.json`: compile (refusing a recipe
// with errors), execute, and write the dataset.
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Dag } from '../compiler/lower/dag-schema.ts';
import { runDag, type RunResult } from '../runtime/run/run.ts';
import { RunDisplay } from './progress.ts';
import { compileForCommand } from './compile.ts';
import { choice, collectParam, positiveInteger } from './options.ts';
import type { ExitReporter } from './commands.ts';
import { runOnQueue, type QueueProgress } from '../runtime/scale/coordinator.ts';

interface RunCommandOptions {
  out?: string;
  limit?: number;
  param: Record<string, string>;
  concurrency: number;
  cache: boolean;
  dag?: string;
  root?: string;
  log: 'pretty' | 'json';
  queue?: string;
  partitions: number;
}

function queueProgressLine(progress: QueueProgress, json: boolean): string {
  if (json) return JSON.stringify({ type: 'queue', ...progress }) + '\n';
  const reused = progress.reused > 0 ? `, ${progress.reused} from an earlier run` : '';
  return `partitions: ${progress.done}/${progress.total} done, ${progress.active} active, ${progress.waiting} waiting (${progress.workers} worker(s) connected${reused})\n`;
}


export function summary(result: RunResult): string {
  const lines: string[] = [];
  const manifest = result.manifest as { splits: Record<string, Record<string, number>>; warnings: string[]; gates: Record<string, { waiting: number; tasks: string }>; accounting: Record<string, { stage: string | null; kind: string; op: string; in: number; out: number; filtered: Record<string, number>; rejected: Record<string, number> }> };
  lines.push('', 'node                         in      out  filtered  rejected');
  for (const node of Object.values(manifest.accounting)) {
    const label = `${node.stage ? `${node.stage}:` : ''}${node.kind === 'operator' ? node.op : node.kind}`;
    const sum = (t: Record<string, number>) => Object.values(t).reduce((a, b) => a + b, 0);
    lines.push(`${label.padEnd(24).slice(0, 24)} ${String(node.in).padStart(6)} ${String(node.out).padStart(8)} ${String(sum(node.filtered)).padStart(9)} ${String(sum(node.rejected)).padStart(9)}`);
  }
  const splits = manifest.splits;
  lines.push('', `rl: ${Object.entries(splits.rl).map(([k, v]) => `${k} ${v}`).join(', ')}`, `cot: ${Object.entries(splits.cot).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  for (const [gate, info] of Object.entries(manifest.gates)) {
    if (info.waiting > 0) lines.push(`waiting: ${info.waiting} record(s) at gate ${gate}; tasks in ${path.join(path.relative(process.cwd(), result.out) || '.', info.tasks)}, answers with \`rlr annotations import\` or \`rlr review\``);
  }
  for (const warning of manifest.warnings) lines.push(`warning: ${warning}`);
  lines.push(`dataset: ${path.relative(process.cwd(), result.out) || '.'} (${result.stats.seconds.toFixed(1)} s, ${result.stats.stagesReused} stage(s) reused)`, '');
  return lines.join('\n');
}

export function registerRun(program: Command, exit: ExitReporter): void {
  program
    .command('run')
    .description('compile a recipe and write its dataset (RL and CoT shards, manifest, card, rejects)')
    .argument('[recipe]', 'the recipe (*.rlr)')
    .option('--dag <file>', 'run a compiled DAG instead of a recipe')
    .option('--root <dir>', 'with --dag: the recipe\'s folder, which relative paths resolve against (default: the DAG file\'s folder)')
    .option('--out <dir>', 'the dataset folder (default: the recipe\'s output dir)')
    .option('--limit <n>', 'read at most n records from each source', positiveInteger)
    .option('--param <key=value>', 'override a parameter (repeatable)', collectParam, {})
    .option('--concurrency <n>', 'records in flight per node', positiveInteger, 8)
    .option('--no-cache', 'recompute every stage, even when its stored output could be reused')
    .option('--queue <redis-url>', 'split the run into partitions that `rlr worker` processes compute (redis://host:port)')
    .option('--partitions <n>', 'with --queue: how many partitions to split the records into', positiveInteger, 8)
    .option('--log <format>', 'progress as pretty text or JSON lines (for CI)', choice(['pretty', 'json'] as const), 'pretty')
    .action(async (recipe: string | undefined, options: RunCommandOptions) => {
      let dag: Dag;
      let directory: string;
      if (options.dag) {
        try {
          dag = Dag.parse(JSON.parse(readFileSync(options.dag, 'utf8')));
        } catch (error) {
          process.stderr.write(`error: \`${options.dag}\` is not a valid rlr DAG: ${(error as Error).message.split('\n')[0]}\n`);
          exit(2);
          return;
        }
        directory = path.resolve(options.root ?? path.dirname(options.dag));
      } else {
        if (!recipe) {
          process.stderr.write('error: give a recipe file or --dag <file>\n');
          exit(2);
          return;
        }
        const compiled = compileForCommand(recipe, options.param, 'pretty', exit);
        if (!compiled?.dag) return;
        dag = compiled.dag;
        directory = path.dirname(path.resolve(recipe));
      }
      const mode = options.log === 'json' ? 'json' : process.stderr.isTTY ? 'tty' : 'plain';
      const display = new RunDisplay(dag, mode, (text) => process.stderr.write(text));
      try {
        const runOptions = {
          dag, directory, out: options.out, limit: options.limit, concurrency: options.concurrency,
          noCache: !options.cache, progress: (event: Parameters<typeof display.event>[0]) => display.event(event), observe: (accounting: Parameters<typeof display.attach>[0]) => display.attach(accounting),
        };
        const result = options.queue
          ? await runOnQueue({ ...runOptions, queue: options.queue, partitions: options.partitions, onQueueProgress: (progress) => process.stderr.write(queueProgressLine(progress, options.log === 'json')) })
          : await runDag(runOptions);
        display.stop();
        if (options.log === 'json') process.stderr.write(JSON.stringify({ type: 'summary', manifest: path.join(result.out, 'manifest.json') }) + '\n');
        else process.stderr.write(summary(result));
        exit(0);
      } catch (error) {
        display.stop();
        process.stderr.write(`error: ${(error as Error).message}\n`);
        if (process.env.RLR_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
        exit(1);
      }
    });
}
