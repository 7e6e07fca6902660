// JSON Lines, read as a stream: memory does not grow with the file.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Fields } from '../values.ts';
import { rowKey, type SourceItem } from './source-item.ts';

export async function* readJsonl(path: string, keyField: string | null, limit?: number): AsyncGenerator<SourceItem> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let row = 0;
  let emitted = 0;
  for await (const line of lines) {
    const lineNumber = ++row;
    if (line.trim() === '') continue;
    if (limit !== undefined && emitted >= limit) break;
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
    yield { key: keyField ? String(key) : rowKey(lineNumber), fields: { ...fields, row: lineNumber } };
  }
}
