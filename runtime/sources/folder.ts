// A folder of media files by glob, each with an optional JSON sidecar of the same stem.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import type { Fields, MediaKind } from '../values.ts';
import { mediaInfo } from './media-info.ts';
import type { SourceItem } from './source-item.ts';

export interface FolderParams {
  readonly glob: string;
  readonly media: MediaKind;
  readonly sidecar: 'json' | 'none';
  readonly key: 'path' | 'stem';
}

export async function* readFolder(directory: string, params: FolderParams, limit?: number): AsyncGenerator<SourceItem> {
  // Sorted, so the order (and every key-derived choice) is the same on every machine.
  const files = (await glob(params.glob, { cwd: directory, onlyFiles: true })).sort();
  let count = 0;
  for (const relative of files) {
    if (relative.endsWith('.json') && params.sidecar === 'json') continue;
    if (limit !== undefined && count >= limit) return;
    count++;
    const stem = path.basename(relative, path.extname(relative));
    const key = params.key === 'path' ? relative : stem;
    const absolute = path.join(directory, relative);
    let sidecar: Fields = {};
    if (params.sidecar === 'json') {
      const sidecarPath = absolute.slice(0, absolute.length - path.extname(absolute).length) + '.json';
      try {
        const parsed = JSON.parse(await readFile(sidecarPath, 'utf8')) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          yield { key, rejected: `sidecar \`${path.relative(directory, sidecarPath)}\` is not a JSON object` };
          continue;
        }
        sidecar = parsed as Fields;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          yield { key, rejected: `sidecar \`${path.relative(directory, sidecarPath)}\` is not valid JSON (${(error as Error).message})` };
          continue;
        }
      }
    }
    try {
      const media = await mediaInfo(params.media, absolute, relative);
      yield { key, fields: { ...sidecar, media, path: relative, stem } };
    } catch (error) {
      yield { key, rejected: (error as Error).message };
    }
  }
}
