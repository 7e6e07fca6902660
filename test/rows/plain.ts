// Arrow rows as plain values, for comparing with toEqual.
import { Vector } from 'apache-arrow';
import type { RecordBatch, Table } from 'apache-arrow';

/** Vectors become arrays, Int64 becomes number, bytes stay bytes, struct rows become objects. */
export function plain(value: unknown): unknown {
  if (value instanceof Vector) return [...value].map(plain);
  if (value instanceof Uint8Array || value === null) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object' && value !== undefined) {
    const json = (value as { toJSON(): Record<string, unknown> }).toJSON();
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

export function plainRows(batch: RecordBatch | Table): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < batch.numRows; i++) out.push(plain(batch.get(i)) as Record<string, unknown>);
  return out;
}
