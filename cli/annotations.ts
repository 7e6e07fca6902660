// `rlr annotations export` writes the items waiting at a dataset's human gates as
// Label Studio tasks; `rlr annotations import <export.json>` records the answers
// of a Label Studio JSON export in the dataset's store.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { exportPending } from '../runtime/human/export.ts';
import { AnnotationImportError, importAnnotations, type GateImport } from '../runtime/human/import.ts';
import { embeddedUrl } from '../runtime/human/label-studio/tasks.ts';
import type { MediaGateItem } from '../runtime/human/types.ts';
import { openStore, type Store } from '../runtime/store/store.ts';
import type { ExitReporter } from './commands.ts';

interface DatasetOptions { dataset: string }
interface ExportCommandOptions extends DatasetOptions { embed?: boolean }

class NoDatasetError extends Error {}

async function withStore<T>(dataset: string, use: (store: Store) => Promise<T>): Promise<T> {
  const storePath = join(dataset, '.rlr', 'store');
  if (!existsSync(storePath)) throw new NoDatasetError(`no rlr dataset at ${dataset} (no .rlr/store); pass --dataset`);
  const store = await openStore(storePath);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function importLine(gate: GateImport): string {
  const extras = [
    gate.cancelled > 0 ? `${gate.cancelled} cancelled skipped` : '',
    gate.superseded > 0 ? `${gate.superseded} superseded by a later answer of the same person` : '',
    gate.unanswered > 0 ? `${plural(gate.unanswered, 'task')} without an answer` : '',
  ].filter(Boolean);
  return `${gate.gate}: ${gate.added} added, ${gate.replaced} replaced, ${gate.unchanged} unchanged${extras.length > 0 ? ` (${extras.join(', ')})` : ''}\n`;
}

function fail(command: string, error: unknown, exit: ExitReporter): void {
  process.stderr.write(`rlr annotations ${command}: ${(error as Error).message}\n`);
  if (error instanceof AnnotationImportError) process.stderr.write(`hint: ${error.hint}\n`);
  exit(error instanceof NoDatasetError ? 2 : 1);
}

export function registerAnnotations(program: Command, exit: ExitReporter): void {
  const annotations = program
    .command('annotations')
    .description('exchange human-gate items and answers with Label Studio');

  annotations
    .command('import')
    .description('record the answers of a Label Studio JSON export at the dataset\'s gates')
    .argument('<export.json>', 'a Label Studio project export (Export -> JSON)')
    .option('--dataset <dir>', 'the dataset folder (the output folder of `rlr run`)', '.')
    .action(async (file: string, options: DatasetOptions) => {
      try {
        const report = await withStore(options.dataset, (store) => importAnnotations(store, file));
        if (report.gates.length === 0) process.stdout.write(`${file}: no tasks\n`);
        for (const gate of report.gates) process.stdout.write(importLine(gate));
      } catch (error) {
        fail('import', error, exit);
      }
    });

  annotations
    .command('export')
    .description('write the items waiting at the dataset\'s gates as Label Studio tasks under <dataset>/annotations/')
    .option('--dataset <dir>', 'the dataset folder (the output folder of `rlr run`)', '.')
    .option('--embed', 'put the media in the tasks as data: URIs instead of Label Studio local-file URLs')
    .action(async (options: ExportCommandOptions) => {
      try {
        const dataset = resolve(options.dataset);
        const mediaUrl = options.embed ? (item: MediaGateItem) => embeddedUrl(item.media.file, item.media.kind) : undefined;
        const report = await withStore(options.dataset, (store) => exportPending(store, dataset, { mediaUrl }));
        const shown = (file: string) => relative(process.cwd(), file) || '.';
        for (const gate of report.gates) {
          const files = gate.files.length > 0 ? ` -> ${gate.files.map(shown).join(', ')}` : '';
          const qa = gate.qa > 0 ? ` (${gate.qa} QA, also as round 2)` : '';
          process.stdout.write(`${gate.gate}: ${gate.items === 0 ? 'nothing new' : plural(gate.items, 'new item')}${qa}${files}; config ${shown(gate.config)}\n`);
          for (const skipped of gate.skipped) process.stderr.write(`  skipped ${skipped.reason}\n`);
        }
        if (report.gates.length === 0) process.stdout.write('no items wait at any gate\n');
        else if (report.items > 0 && !options.embed) {
          process.stdout.write('media are local-file URLs: start Label Studio with LOCAL_FILES_SERVING_ENABLED=true LOCAL_FILES_DOCUMENT_ROOT=/ (or export with --embed)\n');
        }
        if (report.gates.some((gate) => gate.skipped.length > 0)) exit(1);
      } catch (error) {
        fail('export', error, exit);
      }
    });
}
