// Shared by the generator tests: read a generator to the end, and check its records against its registry type.
import { expect } from 'vitest';
import { registryType } from '../../compiler/types/resolve.ts';
import { sourceEntries } from '../../stdlib/registry/sources.ts';
import { conformRecord } from '../../runtime/sources/conform.ts';
import type { SourceItem } from '../../runtime/sources/source-item.ts';

/** Every record a generator yields, with its key; a rejected item fails the test. */
export async function collect<T extends { key: string }>(items: AsyncIterable<SourceItem>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    if ('rejected' in item) throw new Error(`${item.key}: ${item.rejected}`);
    out.push({ key: item.key, ...item.fields } as unknown as T);
  }
  return out;
}

/** Each record has exactly the fields of the generator's declared record type, and conforms to it. */
export function expectDeclaredRecords(generator: string, records: ReadonlyArray<{ key: string }>): void {
  const type = registryType(sourceEntries.find((e) => e.name === generator)!.yields!);
  for (const record of records) {
    const { key: _key, ...fields } = record;
    expect(Object.keys(fields).sort()).toEqual(type.kind === 'record' ? type.fields.map((f) => f.name).sort() : []);
    expect(() => conformRecord(fields as never, type)).not.toThrow();
  }
}
