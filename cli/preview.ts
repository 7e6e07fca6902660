// `rlr preview <dataset-dir>`: writes a static HTML page of a sample of the dataset's
// examples (media, prompt, ground truth drawn on the image, verifier, trace), and with
// --open shows it in the desktop's browser.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { positiveInteger } from './options.ts';
import { DEFAULT_PER_GROUP, NotADatasetError, writePreview } from '../runtime/preview/index.ts';
import type { ExitReporter } from './commands.ts';

interface PreviewCommandOptions { out?: string; perStage: number; open?: boolean }

/** The path of an executable named `name` on PATH, or null. */
function onPath(name: string): string | null {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next folder
    }
  }
  return null;
}

/** Opens the page with xdg-open when there is one; says what happened, never fails. */
function openPage(page: string): Promise<void> {
  const opener = onPath('xdg-open');
  if (!opener) {
    process.stderr.write(`rlr preview: xdg-open is not available here; open ${page} in a browser\n`);
    return Promise.resolve();
  }
  return new Promise((done) => {
    const child = spawn(opener, [page], { detached: true, stdio: 'ignore' });
    child.once('error', (error) => {
      process.stderr.write(`rlr preview: could not run xdg-open (${error.message}); open ${page} in a browser\n`);
      done();
    });
    child.once('spawn', () => {
      child.unref();
      process.stdout.write(`opened ${page} with xdg-open\n`);
      done();
    });
  });
}

export function registerPreview(program: Command, exit: ExitReporter): void {
  program
    .command('preview')
    .description('write a static HTML page showing a sample of a dataset\'s examples per stage and level')
    .argument('<dataset-dir>', 'the output folder of `rlr run`')
    .option('--out <file>', 'the page to write (default: <dataset-dir>/preview.html)')
    .option('--per-stage <n>', 'examples shown per stage and level', positiveInteger, DEFAULT_PER_GROUP)
    .option('--open', 'open the page with xdg-open when it is available')
    .action(async (folder: string, options: PreviewCommandOptions) => {
      const out = resolve(options.out ?? join(folder, 'preview.html'));
      try {
        const preview = await writePreview(folder, out, { perGroup: options.perStage });
        process.stdout.write(`wrote ${out}: ${preview.examples} example${preview.examples === 1 ? '' : 's'} from ${preview.groups} stage and level group${preview.groups === 1 ? '' : 's'}\n`);
      } catch (error) {
        process.stderr.write(`rlr preview: ${(error as Error).message}\n`);
        exit(error instanceof NotADatasetError ? 2 : 1);
        return;
      }
      if (options.open) await openPage(out);
    });
}
