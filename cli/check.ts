// `rlr check <files…>`: type-check recipes without running anything.
import * as path from 'node:path';
import type { Command } from 'commander';
import { checkRecipe } from '../compiler/compile.ts';
import { hasErrors, normalizeDiagnostics, type Diagnostic } from '../compiler/diagnostics/diagnostic.ts';
import { renderGithub, renderJson, renderPretty, type SourceTexts } from '../compiler/diagnostics/render.ts';
import type { CompilerHost } from '../compiler/host.ts';
import { nodeHost } from './node-host.ts';
import { choice, collectParam } from './options.ts';
import type { ExitReporter } from './commands.ts';

export type DiagnosticFormat = 'pretty' | 'json' | 'github';

export function sourceTexts(host: CompilerHost, texts: Map<string, string>): SourceTexts {
  return { text: (file) => texts.get(file) ?? host.readFile(file), displayPath: (file) => host.displayPath(file) };
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], format: DiagnosticFormat, sources: SourceTexts, fileCount: number): void {
  if (format === 'json') process.stdout.write(renderJson(diagnostics, sources, fileCount));
  else if (format === 'github') process.stdout.write(renderGithub(diagnostics, sources));
  else process.stderr.write(renderPretty(diagnostics, sources, { color: process.stderr.isTTY === true && !process.env.NO_COLOR }));
}

export function registerCheck(program: Command, exit: ExitReporter): void {
  program
    .command('check')
    .description('type-check recipes; exit 1 if any has an error')
    .argument('<files...>', 'recipe files (*.rlr)')
    .option('--format <format>', 'pretty, json or github', choice(['pretty', 'json', 'github'] as const), 'pretty')
    .option('--param <key=value>', 'override a parameter (repeatable)', collectParam, {})
    .action((files: string[], options: { format: DiagnosticFormat; param: Record<string, string> }) => {
      const host = nodeHost();
      const all: Diagnostic[] = [];
      const texts = new Map<string, string>();
      for (const file of files) {
        const absolute = path.resolve(file);
        const result = checkRecipe(host, absolute, { params: options.param });
        if (!result.program) {
          process.stderr.write(`error: cannot read \`${file}\`\n`);
          exit(2);
          continue;
        }
        for (const [name, parsed] of result.program.files) texts.set(name, parsed.text);
        all.push(...result.diagnostics);
      }
      const diagnostics = normalizeDiagnostics(all);
      printDiagnostics(diagnostics, options.format, sourceTexts(host, texts), files.length);
      exit(hasErrors(diagnostics) ? 1 : 0);
    });
}
