// `rlr preview`: a static, self-contained HTML page of a sample of a dataset's examples.
import { rename, writeFile } from 'node:fs/promises';
import { readDataset } from './dataset.ts';
import { renderPage } from './page.ts';
import { sampleDataset } from './sample.ts';

export { NotADatasetError } from './dataset.ts';

export const DEFAULT_PER_GROUP = 4;

export interface PreviewOptions {
  /** Examples per stage and level; 4 by default. */
  readonly perGroup?: number;
}

export interface Preview {
  readonly html: string;
  readonly examples: number;
  readonly groups: number;
}

/** The page for the dataset in `folder`; throws `NotADatasetError` when it is not one. */
export async function buildPreview(folder: string, options: PreviewOptions = {}): Promise<Preview> {
  const perGroup = options.perGroup ?? DEFAULT_PER_GROUP;
  if (!Number.isInteger(perGroup) || perGroup < 1) throw new RangeError(`examples per stage and level must be a positive integer, not ${perGroup}`);
  const info = await readDataset(folder);
  const groups = await sampleDataset(info, perGroup);
  const html = await renderPage(info, groups, { perGroup });
  return { html, examples: groups.reduce((n, group) => n + group.examples.length, 0), groups: groups.length };
}

/** Builds the page and writes it to `out` (through a temporary name, so a reader never sees half a page). */
export async function writePreview(folder: string, out: string, options: PreviewOptions = {}): Promise<Preview> {
  const preview = await buildPreview(folder, options);
  const temporary = `${out}.${process.pid}.tmp`;
  await writeFile(temporary, preview.html);
  await rename(temporary, out);
  return preview;
}
