// A Label Studio JSON export: one record per task, with its data fields and its
// annotation results as regions (audio, video) or boxes (images) in our units.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Fields, MediaKind, Value } from '../values.ts';
import { mediaInfo } from './media-info.ts';
import type { SourceItem } from './source-item.ts';
import { annotatorOf } from '../human/label-studio/annotator.ts';

interface Task {
  id?: number | string;
  data?: Record<string, Value>;
  annotations?: Array<{ result?: Array<{ type?: string; value?: Record<string, Value>; original_width?: number; original_height?: number }> ; was_cancelled?: boolean; completed_by?: unknown }>;
}

export async function* readLabelStudio(directory: string, file: string, media: MediaKind, mediaRoot: string | null, limit?: number): AsyncGenerator<SourceItem> {
  const absolute = path.join(directory, file);
  let tasks: unknown;
  try {
    tasks = JSON.parse(await readFile(absolute, 'utf8'));
  } catch (error) {
    yield { key: file, rejected: `\`${file}\` is not a readable Label Studio export (${(error as Error).message})` };
    return;
  }
  if (!Array.isArray(tasks)) {
    yield { key: file, rejected: `\`${file}\` is not a Label Studio export: expected a JSON array of tasks` };
    return;
  }
  let count = 0;
  for (const [index, raw] of (tasks as Task[]).entries()) {
    if (limit !== undefined && count >= limit) return;
    count++;
    const key = raw?.id !== undefined ? String(raw.id) : `task-${index}`;
    const data = raw?.data;
    const mediaPath = data?.[media] ?? data?.[media === 'image' ? 'img' : media];
    if (typeof mediaPath !== 'string') {
      yield { key, rejected: `task ${index}: no \`data.${media}\` path` };
      continue;
    }
    const local = safeDecode(mediaPath.replace(/^\/data\/(upload|local-files)\/(\?d=)?/, ''));
    // An upload is stored as `<project>/<hash>-<name>`: the file beside the export keeps its own name.
    const name = /^\/data\/upload\//.test(mediaPath) ? path.basename(local).replace(/^[0-9a-f]{8}-/, '') : path.basename(local);
    const relative = mediaRoot ? path.join(mediaRoot, name) : local;
    let mediaValue;
    try {
      mediaValue = await mediaInfo(media, path.join(directory, relative), relative);
    } catch (error) {
      yield { key, rejected: `task ${index}: ${(error as Error).message}` };
      continue;
    }
    const annotation = raw.annotations?.find((a) => !a.was_cancelled);
    const regions: Value[] = [];
    const boxes: Value[] = [];
    for (const result of annotation?.result ?? []) {
      const value = result.value ?? {};
      const labels = (value.labels ?? value.rectanglelabels) as Value[] | undefined;
      const label = Array.isArray(labels) && typeof labels[0] === 'string' ? labels[0] : null;
      if (label === null) continue;
      if (typeof value.start === 'number' && typeof value.end === 'number') {
        regions.push({ label, span: { start: value.start, end: value.end } });
      } else if (['x', 'y', 'width', 'height'].every((k) => typeof value[k] === 'number')) {
        const width = result.original_width ?? mediaValue.width ?? 0;
        const height = result.original_height ?? mediaValue.height ?? 0;
        const x = (value.x as number) / 100 * width;
        const y = (value.y as number) / 100 * height;
        boxes.push({ label, box: { x1: x, y1: y, x2: x + (value.width as number) / 100 * width, y2: y + (value.height as number) / 100 * height } });
      }
    }
    const fields: Fields = { ...data, media: mediaValue, annotator: annotatorOf(annotation?.completed_by), regions, boxes };
    yield { key, fields };
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
