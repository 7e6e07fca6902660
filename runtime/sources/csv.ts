// CSV with a header row, streamed through csv-parse. Values stay strings here;
// the schema check converts them to the declared types.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { rowKey, type SourceItem } from './source-item.ts';

export async function* readCsv(path: string, keyField: string | null, limit?: number): AsyncGenerator<SourceItem> {
  const parser = createReadStream(path).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: false }));
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      row++;
      if (limit !== undefined && row > limit) break;
      const key = keyField ? record[keyField] : undefined;
      if (keyField && !key) {
        yield { key: rowKey(row), rejected: `row ${row}: key column \`${keyField}\` is empty` };
        continue;
      }
      yield { key: key ?? rowKey(row), fields: { ...record, row } };
    }
  } catch (error) {
    // csv-parse stops at a malformed row; everything after it is unreadable, and said so.
    yield { key: rowKey(row + 1), rejected: `row ${row + 1}: ${(error as Error).message}; the rest of the file was not read` };
  }
}
