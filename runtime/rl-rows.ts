// Reads the scoring columns of a produced dataset's RL split (DIR/rl/*.parquet)
// with hyparquet, one shard at a time, keeping only the rows asked for so that
// memory follows the number of responses, not the size of the dataset.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { VerifierSpec } from '../stdlib/verifiers/types.ts';

export interface RlRow {
  id: string;
  dataSource: string;
  stage: string;
  level: number | null;
  truth: unknown;
  spec: VerifierSpec;
  verifierVersion: string;
}

interface RawRow {
  id?: unknown;
  data_source?: unknown;
  level?: unknown;
  reward_model?: { ground_truth?: unknown } | null;
  verifier?: { name?: unknown; version?: unknown; params?: unknown } | null;
  extra_info?: { stage?: unknown } | null;
}

const REQUIRED = ['id', 'reward_model', 'verifier'];
const OPTIONAL = ['data_source', 'level', 'extra_info'];

export async function rlShardPaths(datasetDir: string): Promise<string[]> {
  const folder = join(datasetDir, 'rl');
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    throw new Error(`no RL split at ${folder} (expected the output folder of an rlr run)`);
  }
  const shards = names.filter((name) => name.endsWith('.parquet')).sort().map((name) => join(folder, name));
  if (shards.length === 0) throw new Error(`no .parquet shards in ${folder}`);
  return shards;
}

/**
 * The spec in the `verifier.params` column: a full spec `{name, params, children}`,
 * or, from writers that store only the params, an object taken as the params of `verifier.name`.
 */
export function specFromColumns(name: string, paramsJson: string): VerifierSpec {
  const parsed: unknown = paramsJson === '' ? {} : JSON.parse(paramsJson);
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const record = parsed as Record<string, unknown>;
    if (typeof record.name === 'string') return record as unknown as VerifierSpec;
    return { name, params: record };
  }
  throw new Error(`verifier.params is not a JSON object: ${paramsJson.slice(0, 80)}`);
}

function toRow(raw: RawRow, shard: string): RlRow {
  const where = `${shard}, id ${JSON.stringify(raw.id)}`;
  if (typeof raw.id !== 'string') throw new Error(`${where}: column \`id\` is not a string`);
  const verifier = raw.verifier;
  if (!verifier || typeof verifier.name !== 'string') throw new Error(`${where}: column \`verifier\` lacks a name`);
  const truthJson = raw.reward_model?.ground_truth;
  if (typeof truthJson !== 'string') throw new Error(`${where}: \`reward_model.ground_truth\` is not a JSON string`);
  const dataSource = typeof raw.data_source === 'string' ? raw.data_source : '';
  const stage = typeof raw.extra_info?.stage === 'string' ? raw.extra_info.stage : dataSource;
  let truth: unknown;
  let spec: VerifierSpec;
  try {
    truth = JSON.parse(truthJson);
    spec = specFromColumns(verifier.name, typeof verifier.params === 'string' ? verifier.params : '');
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
  }
  const level = typeof raw.level === 'number' ? raw.level : typeof raw.level === 'bigint' ? Number(raw.level) : null;
  return {
    id: raw.id, dataSource, stage, level, truth, spec,
    verifierVersion: typeof verifier.version === 'string' ? verifier.version : '',
  };
}

/** Every RL row, or only those whose id passes `want`, shard by shard. */
export async function* readRlRows(datasetDir: string, want?: (id: string) => boolean): AsyncGenerator<RlRow> {
  for (const shard of await rlShardPaths(datasetDir)) {
    const file = await asyncBufferFromFile(shard);
    const metadata = await parquetMetadataAsync(file);
    const present = new Set(parquetSchema(metadata).children.map((child) => child.element.name));
    const missing = REQUIRED.filter((name) => !present.has(name));
    if (missing.length > 0) throw new Error(`${shard}: no column ${missing.map((m) => `\`${m}\``).join(', ')} (not an rlr RL split?)`);
    const columns = [...REQUIRED, ...OPTIONAL.filter((name) => present.has(name))];
    const rows = (await parquetReadObjects({ file, metadata, columns, compressors })) as RawRow[];
    for (const raw of rows) {
      if (want && !(typeof raw.id === 'string' && want(raw.id))) continue;
      yield toRow(raw, shard);
    }
  }
}
