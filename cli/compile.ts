// `rlr compile <file> [-o dag.json]`: check a recipe and write its execution DAG.
import * as path from 'node:path';
import { writeFileSync, renameSync } from 'node:fs';
import type { Command } from 'commander';
import { compileRecipe, type CompileResult } from '../compiler/compile.ts';
import { hasErrors } from '../compiler/diagnostics/diagnostic.ts';
import { nodeHost } from './node-host.ts';
import { choice, collectParam } from './options.ts';
import { printDiagnostics, sourceTexts, type DiagnosticFormat } from './check.ts';
import type { ExitReporter } from './commands.ts';

/** Compiles one file and prints its diagnostics; returns the result, or undefined with the exit code set. */
export function compileForCommand(file: string, params: Record<string, string>, format: DiagnosticFormat, exit: ExitReporter): CompileResult | undefined {
  const host = nodeHost();
  const result = compileRecipe(host, path.resolve(file), { params });
  if (!result.program) {
    process.stderr.write(`error: cannot read \`${file}\`\n`);
    exit(2);
    return undefined;
  }
  const texts = new Map([...result.program.files].map(([name, parsed]) => [name, parsed.text]));
  if (result.diagnostics.length) printDiagnostics(result.diagnostics, format, sourceTexts(host, texts), 1);
  if (hasErrors(result.diagnostics) || !result.dag) {
    exit(1);
    return undefined;
  }
  return result;
}

export function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

export function registerCompile(program: Command, exit: ExitReporter): void {
  program
    .command('compile')
    .description('check a recipe and write its execution DAG as JSON')
    .argument('<file>', 'the recipe (*.rlr)')
    .option('-o, --output <file>', 'where to write the DAG (default: standard output)')
    .option('--format <format>', 'how to print diagnostics: pretty, json or github', choice(['pretty', 'json', 'github'] as const), 'pretty')
    .option('--param <key=value>', 'override a parameter (repeatable)', collectParam, {})
    .action((file: string, options: { output?: string; format: DiagnosticFormat; param: Record<string, string> }) => {
      const result = compileForCommand(file, options.param, options.format, exit);
      if (!result?.dag) return;
      const text = JSON.stringify(result.dag, null, 2) + '\n';
      if (options.output) writeAtomically(options.output, text);
      else process.stdout.write(text);
    });
}
