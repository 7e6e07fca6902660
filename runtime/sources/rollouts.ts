// The `rollouts` source: a policy's responses to the prompts of a dataset rlr
// wrote, joined with the dataset's RL rows and scored by each row's own
// verifier. It reads in three passes so that memory follows the number of
// prompts answered, not the size of the dataset: the ids the responses name,
// then the text columns of those RL rows, then the responses again, one record
// per response (media are read from the shard only for the response at hand).
// A row that does not parse, names no RL row or cannot be scored is rejected
// with the reason.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { imageSize } from 'image-size';
import type { ShippedVerifier } from '../example.ts';
import { scanShard, readShardRows, type ShardRecord } from '../preview/shards.ts';
import { specFromColumns } from '../rl-rows.ts';
import { reasoningOf } from '../../stdlib/verifiers/answer-region.ts';
import { getVerifier, prepareCached, VerifierInputError, type VerifierSpec } from '../../stdlib/verifiers/index.ts';
import type { Fields, MediaKind, MediaValue, Value } from '../values.ts';
import { readParquet } from './columnar.ts';
import { readJsonl } from './jsonl.ts';
import type { SourceItem } from './source-item.ts';

/**
 * The field that carries each record's verifier (the RL row's, as the dataset wrote it) to an emit
 * whose verifier is `rollout()`. A recipe cannot name it (names never start with `$`).
 */
export const ROLLOUT_VERIFIER_FIELD = '$verifier';

export interface RolloutsParams {
  /** The dataset folder, relative to the recipe's folder. */
  readonly dataset: string;
  /** The responses file, relative to the recipe's folder. */
  readonly responses: string;
  readonly format: 'jsonl' | 'parquet' | null;
}

/** A reason the source cannot be read at all (a missing file or folder): the run stops with it. */
export class RolloutsError extends Error {}

/** What a response needs of its RL row; media are read from `shard` at `index` when the prompt has placeholders. */
interface Example {
  readonly shard: string;
  readonly index: number;
  readonly prompt: string;
  readonly system: string | null;
  /** The media placeholders of the user turn, in order. */
  readonly placeholders: readonly MediaKind[];
  readonly truthJson: string;
  readonly verifier: { readonly name: string; readonly version: string; readonly params: string };
  readonly domain: string;
  readonly difficulty: number;
  readonly level: number;
  readonly stage: string;
  readonly split: string;
}

const TEXT_COLUMNS = ['id', 'data_source', 'prompt', 'ability', 'reward_model', 'verifier', 'level', 'difficulty', 'extra_info'];
const MEDIA_COLUMNS = ['images', 'audios', 'videos'];
const PLACEHOLDERS = /^((?:<(?:image|audio|video)>)+)\n/;

export function responsesFormat(params: RolloutsParams): 'jsonl' | 'parquet' {
  return params.format ?? (params.responses.toLowerCase().endsWith('.parquet') ? 'parquet' : 'jsonl');
}

/** The dataset's RL shards (Parquet or Arrow), in name order. */
export async function rlShards(datasetDir: string, shown: string): Promise<string[]> {
  const folder = path.join(datasetDir, 'rl');
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    throw new RolloutsError(`rollouts: \`${shown}\` has no \`rl/\` folder (expected the output folder of an rlr run)`);
  }
  const shards = names.filter((name) => /\.(parquet|arrow)$/.test(name)).sort().map((name) => path.join(folder, name));
  if (shards.length === 0) throw new RolloutsError(`rollouts: \`${shown}/rl\` holds no shards`);
  return shards;
}

/**
 * What the rollouts read, for the cache: the responses file by size and modification time (as
 * every file source), and the dataset by the sha256 of each RL shard its manifest lists, with
 * each shard's own size and modification time (a shard replaced without a new manifest counts).
 */
export async function rolloutsFingerprint(directory: string, params: RolloutsParams, hash: ReturnType<typeof createHash>): Promise<void> {
  const datasetDir = path.join(directory, params.dataset);
  const stamp = async (file: string, name: string) => {
    try {
      const info = await stat(file);
      hash.update(`${name}\0${info.size}\0${info.mtimeMs}\0`);
    } catch {
      hash.update(`${name}\0missing\0`);
    }
  };
  await stamp(path.join(directory, params.responses), params.responses);
  try {
    const manifest = JSON.parse(await readFile(path.join(datasetDir, 'manifest.json'), 'utf8')) as { shards?: Array<{ path?: unknown; sha256?: unknown }> };
    for (const shard of manifest.shards ?? []) {
      if (typeof shard.path === 'string' && shard.path.startsWith('rl/')) hash.update(`${shard.path}\0${String(shard.sha256)}\0`);
    }
  } catch {
    hash.update('no manifest\0');
  }
  let names: string[] = [];
  try {
    names = (await readdir(path.join(datasetDir, 'rl'))).sort();
  } catch {
    // no RL folder: reading says so
  }
  for (const name of names) await stamp(path.join(datasetDir, 'rl', name), `rl/${name}`);
}

/** One row of the responses file: its place (for messages), the id, and its responses; or why it is malformed. */
type ResponseRow =
  | { readonly where: string; readonly key: string; readonly id: string; readonly responses: readonly unknown[] }
  | { readonly key: string; readonly malformed: string };

async function* responseRows(file: string, format: 'jsonl' | 'parquet', limit?: number): AsyncGenerator<ResponseRow> {
  const unit = format === 'jsonl' ? 'line' : 'row';
  const items = format === 'jsonl' ? readJsonl(file, null, limit) : readParquet(file, null, limit);
  for await (const item of items) {
    if ('rejected' in item) {
      yield { key: item.key, malformed: item.rejected };
      continue;
    }
    const where = `${unit} ${String(item.fields.row)}`;
    const { id, response, responses } = item.fields;
    const has = (value: Value | undefined) => value !== undefined && value !== null;
    if (typeof id !== 'string' || id === '') {
      yield { where, key: item.key, malformed: `${where}: \`id\` should be the id of an RL row (a string)` };
    } else if (has(response) === has(responses)) {
      yield { key: item.key, malformed: `${where}: expected {"id", "response": string} or {"id", "responses": [string, …]}` };
    } else if (has(responses) && (!Array.isArray(responses) || responses.length === 0)) {
      yield { where, key: item.key, malformed: `${where}: \`responses\` should be a non-empty list of strings` };
    } else {
      yield { where, key: item.key, id, responses: has(response) ? [response] : (responses as readonly unknown[]) };
    }
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function record(value: unknown): ShardRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array) ? value as ShardRecord : {};
}

function number(value: unknown): number | null {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The RL row as a response needs it, or null when a column it needs is missing. */
function exampleOf(row: ShardRecord, shard: string, index: number): Example | null {
  const messages = Array.isArray(row.prompt) ? row.prompt.map(record) : [];
  const user = messages.find((m) => m.role === 'user');
  const system = messages.find((m) => m.role === 'system');
  const verifier = record(row.verifier);
  const truthJson = record(row.reward_model).ground_truth;
  if (!user || typeof truthJson !== 'string' || typeof verifier.name !== 'string') return null;
  // The writer puts one placeholder per media item, in order, then a newline, before the recipe's prompt.
  const content = text(user.content);
  const lead = PLACEHOLDERS.exec(content);
  const placeholders = lead ? [...lead[1].matchAll(/<(image|audio|video)>/g)].map((m) => m[1] as MediaKind) : [];
  const extra = record(row.extra_info);
  const source = text(row.data_source);
  return {
    shard, index,
    prompt: lead ? content.slice(lead[0].length) : content,
    system: system ? text(system.content) : null,
    placeholders,
    truthJson,
    verifier: { name: verifier.name, version: text(verifier.version), params: text(verifier.params) },
    domain: text(row.ability),
    difficulty: number(row.difficulty) ?? 0,
    level: number(row.level) ?? 0,
    stage: text(extra.stage) || source.slice(source.indexOf('/') + 1),
    split: text(extra.split),
  };
}

/** The verifier as it ships with an example, rebuilt from the RL row's columns: its own version, the installed one for its children. */
function shippedVerifier(spec: VerifierSpec, version: string): ShippedVerifier {
  return {
    name: spec.name,
    version,
    params: spec.params ?? {},
    ...(spec.children ? { children: spec.children.map((child) => shippedVerifier(child, getVerifier(child.name)?.version ?? '')) } : {}),
  };
}

function bytes(value: unknown): Uint8Array | undefined {
  return value instanceof Uint8Array && value.length > 0 ? value : undefined;
}

/** A media column entry as a media value: an image or a clip's bytes (or its path when the writer kept only that), a video's frames. */
function mediaValue(kind: MediaKind, item: ShardRecord): MediaValue {
  const data = bytes(item.bytes);
  const base = { $media: kind, path: text(item.path), ...(data ? { bytes: data } : {}) };
  if (kind === 'image') {
    if (!data) return base;
    try {
      const size = imageSize(data);
      return size.width && size.height ? { ...base, width: size.width, height: size.height } : base;
    } catch {
      return base;
    }
  }
  if (kind === 'audio') {
    const rate = number(item.sampling_rate);
    return rate === null ? base : { ...base, sample_rate: rate };
  }
  const fps = number(item.fps);
  const frames = Array.isArray(item.frames) ? item.frames.map(bytes).filter((f): f is Uint8Array => f !== undefined) : [];
  const start = number(item.start);
  const end = number(item.end);
  return {
    ...base,
    ...(fps === null ? {} : { fps }),
    ...(frames.length > 0 ? { frames, frame_count: frames.length } : {}),
    // A window is written only for a video file that was not cut to its shown part.
    ...(start !== null && end !== null ? { clip: { start, end } } : {}),
  };
}

/** The example's media in the order of its placeholders. */
async function mediaOf(example: Example): Promise<MediaValue[]> {
  if (example.placeholders.length === 0) return [];
  const row = (await readShardRows(example.shard, [example.index], MEDIA_COLUMNS)).get(example.index) ?? {};
  const columns: Record<MediaKind, ShardRecord[]> = {
    image: Array.isArray(row.images) ? row.images.map(record) : [],
    audio: Array.isArray(row.audios) ? row.audios.map(record) : [],
    video: Array.isArray(row.videos) ? row.videos.map(record) : [],
  };
  const taken: Record<MediaKind, number> = { image: 0, audio: 0, video: 0 };
  const media: MediaValue[] = [];
  for (const kind of example.placeholders) {
    const item = columns[kind][taken[kind]++];
    if (item) media.push(mediaValue(kind, item));
  }
  return media;
}

/** Reads the responses and yields one record per response, keyed `<id>/<n>` and grouped by the RL row's id. */
export async function* readRollouts(directory: string, params: RolloutsParams, limit?: number): AsyncGenerator<SourceItem> {
  const datasetDir = path.join(directory, params.dataset);
  const responsesFile = path.join(directory, params.responses);
  if (!existsSync(responsesFile)) throw new RolloutsError(`rollouts: the responses file \`${params.responses}\` does not exist`);
  const shards = await rlShards(datasetDir, params.dataset);
  const format = responsesFormat(params);

  const wanted = new Set<string>();
  for await (const row of responseRows(responsesFile, format, limit)) if ('id' in row) wanted.add(row.id);

  const examples = new Map<string, Example | null>();
  for (const shard of shards) {
    for await (const { index, record: row } of scanShard(shard, TEXT_COLUMNS)) {
      const id = text(row.id);
      if (wanted.has(id) && !examples.has(id)) examples.set(id, exampleOf(row, shard, index));
    }
  }

  const installed = new Map<string, string | undefined>();
  const seen = new Map<string, number>();
  // Consecutive responses to one prompt share its media, read once.
  let mediaOwner: Example | null = null;
  let media: MediaValue[] = [];
  for await (const row of responseRows(responsesFile, format, limit)) {
    if ('malformed' in row) {
      yield { key: row.key, rejected: row.malformed };
      continue;
    }
    const example = examples.get(row.id);
    if (example === undefined) {
      yield { key: row.key, rejected: `${row.where}: id ${JSON.stringify(row.id)} is not in the RL split of \`${params.dataset}\`` };
      continue;
    }
    if (example === null) {
      yield { key: row.key, rejected: `${row.where}: RL row ${JSON.stringify(row.id)} lacks its prompt, ground truth or verifier` };
      continue;
    }
    let spec: VerifierSpec;
    let truth: unknown;
    try {
      spec = specFromColumns(example.verifier.name, example.verifier.params);
      truth = JSON.parse(example.truthJson);
    } catch (error) {
      yield { key: row.key, rejected: `${row.where}: RL row ${JSON.stringify(row.id)}: ${(error as Error).message}` };
      continue;
    }
    if (!installed.has(spec.name)) installed.set(spec.name, getVerifier(spec.name)?.version);
    const shipped = shippedVerifier(spec, example.verifier.version);
    if (mediaOwner !== example) {
      media = await mediaOf(example);
      mediaOwner = example;
    }
    for (const response of row.responses) {
      const index = seen.get(row.id) ?? 0;
      seen.set(row.id, index + 1);
      const key = `${row.id}/${index}`;
      if (typeof response !== 'string') {
        yield { key, rejected: `${row.where}: response ${index} of id ${JSON.stringify(row.id)} is not a string` };
        continue;
      }
      let score: number | null;
      try {
        score = prepareCached(spec).score(response, truth).score;
      } catch (error) {
        const reason = error instanceof VerifierInputError ? error.message : `internal error in verifier \`${spec.name}\`: ${(error as Error).message}`;
        yield { key, rejected: `${row.where}: ${reason}` };
        continue;
      }
      const fields: Fields = {
        id: row.id, index, prompt: example.prompt, system: example.system, response,
        trace: reasoningOf(response), score: score ?? 0, answered: score !== null,
        truth: truth as Value, stage: example.stage, domain: example.domain, difficulty: example.difficulty, level: example.level,
        split: example.split, media, stale_verifier: installed.get(spec.name) !== example.verifier.version,
        [ROLLOUT_VERIFIER_FIELD]: shipped as unknown as Value,
      };
      yield { key, group: row.id, fields };
    }
  }
}
