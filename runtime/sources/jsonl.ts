// JSON Lines, read as a stream: memory does not grow with the file.
import { createReadStream } from 'node:fs';
import type { Fields } from '../values.ts';
import { rowKey, type SourceItem } from './source-item.ts';

export async function* readJsonl(path: string, keyField: string | null, limit?: number): AsyncGenerator<SourceItem> {
  let row = 0;
  let emitted = 0;
  for await (const batch of lineBatches(path)) for (const line of batch) {
    const lineNumber = ++row;
    if (line.trim() === '') continue;
    if (limit !== undefined && emitted >= limit) return;
    emitted++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      yield { key: rowKey(lineNumber), rejected: `line ${lineNumber}: invalid JSON (${(error as Error).message})` };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { key: rowKey(lineNumber), rejected: `line ${lineNumber}: expected a JSON object` };
      continue;
    }
    const fields = value as Fields;
    const key = keyField ? fields[keyField] : undefined;
    if (keyField && (typeof key !== 'string' && typeof key !== 'number')) {
      yield { key: rowKey(lineNumber), rejected: `line ${lineNumber}: key field \`${keyField}\` is missing or not a string` };
      continue;
    }
    (fields as Record<string, unknown>).row = lineNumber;
    yield { key: keyField ? String(key) : rowKey(lineNumber), fields };
  }
}

/**
 * The lines of a UTF-8 file (`\n` or `\r\n` ends a line), a chunk's worth at a time:
 * one promise per 64 KiB rather than one per line, as `readline`'s iterator settles.
 */
export async function* lineBatches(path: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 }) as AsyncIterable<string>) {
    let end = chunk.indexOf('\n');
    if (end === -1) {
      rest += chunk;
      continue;
    }
    const lines: string[] = [withoutCr(rest + chunk.slice(0, end))];
    let start = end + 1;
    for (end = chunk.indexOf('\n', start); end !== -1; end = chunk.indexOf('\n', start)) {
      lines.push(withoutCr(chunk.slice(start, end)));
      start = end + 1;
    }
    rest = chunk.slice(start);
    yield lines;
  }
  if (rest !== '') yield [withoutCr(rest)];
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
