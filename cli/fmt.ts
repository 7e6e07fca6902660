// `rlr fmt [--check] <files…>`: rewrite recipes in the canonical layout
// (compiler/format), or with --check only list those that would change.
import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { formatSource } from '../compiler/format/index.ts';
import { normalizeDiagnostics, type Diagnostic } from '../compiler/diagnostics/diagnostic.ts';
import { nodeHost } from './node-host.ts';
import { printDiagnostics, sourceTexts } from './check.ts';
import type { ExitReporter } from './commands.ts';

export function registerFmt(program: Command, exit: ExitReporter): void {
  program
    .command('fmt')
    .description('rewrite recipes in the canonical layout and print the files it changed')
    .argument('<files...>', 'recipe files (*.rlr)')
    .option('--check', 'change nothing: print the files that are not formatted, and exit 1 if there are any')
    .action((files: string[], options: { check?: boolean }) => {
      const host = nodeHost();
      const texts = new Map<string, string>();
      const diagnostics: Diagnostic[] = [];
      let unformatted = 0;
      const seen = new Set<string>();
      for (const file of files) {
        const absolute = path.resolve(file);
        if (seen.has(absolute)) continue;
        seen.add(absolute);
        const text = host.readFile(absolute);
        if (text === undefined) {
          process.stderr.write(`error: cannot read \`${file}\`\n`);
          exit(2);
          continue;
        }
        const result = formatSource(text, { file: absolute });
        if ('error' in result) {
          // A file with syntax errors is left as it is: its layout cannot be known for sure.
          texts.set(absolute, text);
          diagnostics.push(...result.error);
          exit(2);
          continue;
        }
        if (result.text === text) continue;
        unformatted++;
        if (!options.check) {
          try {
            replaceFile(absolute, result.text);
          } catch (error) {
            process.stderr.write(`error: cannot write \`${file}\`: ${error instanceof Error ? error.message : String(error)}\n`);
            exit(2);
            continue;
          }
        }
        process.stdout.write(`${file}\n`);
      }
      if (diagnostics.length > 0) printDiagnostics(normalizeDiagnostics(diagnostics), 'pretty', sourceTexts(host, texts), files.length);
      exit(options.check && unformatted > 0 ? 1 : 0);
    });
}

/**
 * Replaces a file's content atomically: a temporary file beside it, flushed
 * and renamed over it, with the same permissions. A symbolic link is
 * followed, so the link stays a link.
 */
function replaceFile(file: string, text: string): void {
  const target = realpathSync(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.fmt-${process.pid}.tmp`);
  try {
    const descriptor = openSync(temporary, 'w', statSync(target).mode & 0o7777);
    try {
      writeSync(descriptor, text);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
