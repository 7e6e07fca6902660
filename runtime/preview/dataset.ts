// What the preview needs from a dataset folder's manifest.json: the recipe, the counts
// and warnings for the header, and the RL and CoT shards to read.
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SplitKind } from '../rows/schema.ts';

/** The folder is not the output of `rlr run`; the CLI exits 2 on it. */
export class NotADatasetError extends Error {
  override readonly name = 'NotADatasetError';
}

export type Counts = Readonly<Record<string, number>>;

export interface DatasetInfo {
  readonly folder: string;
  readonly recipe: { readonly name: string; readonly version: string; readonly description: string };
  /** Rows per kind (rl, cot) and split, per level, per domain and per stage, as the manifest states them. */
  readonly splits: Readonly<Record<SplitKind, Counts>>;
  readonly levels: Readonly<Record<SplitKind, Counts>>;
  readonly domains: Readonly<Record<SplitKind, Counts>>;
  readonly stages: Readonly<Record<SplitKind, Counts>>;
  readonly warnings: readonly string[];
  /** Shard paths, relative to the folder, in the manifest's order. */
  readonly shards: Readonly<Record<SplitKind, readonly string[]>>;
}

const SHARD_FILE = /\.(parquet|arrow)$/;

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function counts(value: unknown): Counts {
  const result: Record<string, number> = {};
  for (const [key, count] of Object.entries(record(value))) if (typeof count === 'number') result[key] = count;
  return result;
}

function perKind(value: unknown): Record<SplitKind, Counts> {
  const kinds = record(value);
  return { rl: counts(kinds.rl), cot: counts(kinds.cot) };
}

async function listedShards(folder: string, manifest: Record<string, unknown>): Promise<Record<SplitKind, string[]>> {
  const shards: Record<SplitKind, string[]> = { rl: [], cot: [] };
  if (Array.isArray(manifest.shards)) {
    for (const shard of manifest.shards) {
      const path = text(record(shard).path);
      const kind = path.split('/')[0];
      if ((kind === 'rl' || kind === 'cot') && SHARD_FILE.test(path)) shards[kind].push(path);
    }
  } else {
    // A manifest without its shard list: take what the split folders hold.
    for (const kind of ['rl', 'cot'] as const) {
      const names = existsSync(join(folder, kind)) ? await readdir(join(folder, kind)) : [];
      shards[kind] = names.filter((name) => SHARD_FILE.test(name)).sort().map((name) => `${kind}/${name}`);
    }
  }
  const missing = [...shards.rl, ...shards.cot].filter((path) => !existsSync(join(folder, path)));
  if (missing.length > 0) {
    throw new Error(`${folder}: the manifest lists shards that are not there: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}`);
  }
  return shards;
}

/** Reads `folder/manifest.json`; throws `NotADatasetError` when the folder is not an rlr dataset. */
export async function readDataset(folder: string): Promise<DatasetInfo> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new NotADatasetError(`\`${folder}\` is not a folder`);
  const manifestPath = join(folder, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new NotADatasetError(`\`${folder}\` is not an rlr dataset: it has no manifest.json (expected the output folder of \`rlr run\`)`);
  }
  let manifest: Record<string, unknown>;
  try {
    manifest = record(JSON.parse(await readFile(manifestPath, 'utf8')));
  } catch (error) {
    throw new NotADatasetError(`\`${manifestPath}\` is not valid JSON (${(error as Error).message})`);
  }
  if (manifest.format !== 'rlr-manifest') {
    throw new NotADatasetError(`\`${manifestPath}\` is not an rlr manifest: expected \`"format": "rlr-manifest"\``);
  }
  const recipe = record(manifest.recipe);
  return {
    folder,
    recipe: { name: text(recipe.name), version: text(recipe.version), description: text(recipe.description) },
    splits: perKind(manifest.splits),
    levels: perKind(manifest.levels),
    domains: perKind(manifest.domains),
    stages: perKind(manifest.stages),
    warnings: Array.isArray(manifest.warnings) ? manifest.warnings.map(String) : [],
    shards: await listedShards(folder, manifest),
  };
}
