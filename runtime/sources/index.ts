// Reads the source a DAG source node names, checked against its record type.
import * as path from 'node:path';
import { stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { glob } from 'tinyglobby';
import type { DagNode } from '../../compiler/lower/dag-schema.ts';
import { registryType } from '../../compiler/types/resolve.ts';
import { createHash } from 'node:crypto';
import { readJsonl } from './jsonl.ts';
import { readCsv } from './csv.ts';
import { readArrow, readParquet } from './columnar.ts';
import { readFolder, type FolderParams } from './folder.ts';
import { readLabelStudio } from './label-studio.ts';
import { readRollouts, rolloutsFingerprint, RolloutsError, ROLLOUT_VERIFIER_FIELD, type RolloutsParams } from './rollouts.ts';
import { conformRecord } from './conform.ts';
import type { SourceContext, SourceItem } from './source-item.ts';
import type { MediaKind } from '../values.ts';
import { generators } from '../../stdlib/generators/index.ts';

export type { SourceItem, SourceContext } from './source-item.ts';

export class SourceError extends Error {}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

function param<T>(node: DagNode, name: string): T {
  return node.params[name] as T;
}

async function* raw(node: DagNode, context: SourceContext): AsyncGenerator<SourceItem> {
  const dir = context.directory;
  switch (node.op) {
    case 'file': {
      const file = path.join(dir, param<string>(node, 'path'));
      const key = param<string | null>(node, 'key') ?? null;
      const format = param<string>(node, 'format');
      try {
        await stat(file);
      } catch {
        throw new SourceError(`source file \`${param<string>(node, 'path')}\` does not exist`);
      }
      if (format === 'jsonl') yield* readJsonl(file, key, context.limit);
      else if (format === 'csv') yield* readCsv(file, key, context.limit);
      else if (format === 'parquet') yield* readParquet(file, key, context.limit);
      else yield* readArrow(file, key, context.limit);
      return;
    }
    case 'folder':
      yield* readFolder(dir, {
        glob: param<string>(node, 'glob'), media: param<MediaKind>(node, 'media'),
        sidecar: param<FolderParams['sidecar']>(node, 'sidecar') ?? 'json', key: param<FolderParams['key']>(node, 'key') ?? 'stem',
      }, context.limit);
      return;
    case 'label_studio':
      yield* readLabelStudio(dir, param<string>(node, 'path'), param<MediaKind>(node, 'media'), param<string | null>(node, 'media_root') ?? null, context.limit);
      return;
    case 'rollouts':
      try {
        yield* readRollouts(dir, rolloutsParams(node), context.limit);
      } catch (error) {
        if (error instanceof RolloutsError) throw new SourceError(error.message);
        throw error;
      }
      return;
    default: {
      const generator = generators.get(node.op);
      if (!generator) throw new SourceError(`source kind \`${node.op}\` has no implementation in this version of rlr`);
      yield* generator(node.params, context);
    }
  }
}

function rolloutsParams(node: DagNode): RolloutsParams {
  return { dataset: param<string>(node, 'dataset'), responses: param<string>(node, 'responses'), format: param<RolloutsParams['format']>(node, 'format') ?? null };
}

/** Source items with fields checked against the node's record type; rows that do not fit are rejected with the reason. */
export async function* readSource(node: DagNode, context: SourceContext): AsyncGenerator<SourceItem> {
  const type = registryType(String(node.params.schema ?? node.output));
  for await (const item of raw(node, context)) {
    if ('rejected' in item) {
      yield item;
      continue;
    }
    try {
      const fields = conformRecord(item.fields, type);
      // A rollout's verifier rides along outside the declared type, for an emit whose verifier is `rollout()`.
      const verifier = item.fields[ROLLOUT_VERIFIER_FIELD];
      yield {
        key: item.key,
        fields: verifier === undefined ? fields : { ...fields, [ROLLOUT_VERIFIER_FIELD]: verifier },
        ...(item.group === undefined ? {} : { group: item.group }),
      };
    } catch (error) {
      yield { key: item.key, rejected: (error as Error).message };
    }
  }
}

/**
 * What a source's content is, for the cache: files by path, size and modification time
 * (as make does), a rollouts source also by the digests of its dataset's RL shards,
 * generators by their parameters alone.
 */
export async function sourceFingerprint(node: DagNode, directory: string): Promise<string> {
  const hash = createHash('sha256').update(node.id);
  const files: string[] = [];
  if (node.op === 'file' || node.op === 'label_studio') files.push(param<string>(node, 'path'));
  if (node.op === 'folder') files.push(...(await glob(param<string>(node, 'glob'), { cwd: directory, onlyFiles: true })).sort());
  if (node.op === 'rollouts') await rolloutsFingerprint(directory, rolloutsParams(node), hash);
  // Generators that use a system tool when it is present make different output without it.
  const tools: Record<string, string[]> = { audio_scenes: ['espeak-ng'], motion_clips: ['ffmpeg'] };
  for (const tool of tools[node.op] ?? []) hash.update(`\0${tool}:${onPath(tool)}`);
  for (const file of files) {
    try {
      const info = await stat(path.join(directory, file));
      hash.update(`${file}\0${info.size}\0${info.mtimeMs}\0`);
    } catch {
      hash.update(`${file}\0missing\0`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}
