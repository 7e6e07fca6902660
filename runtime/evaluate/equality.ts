// Structural equality of runtime values, for `==`, `contains`, `unique` and
// `dedup`: two values are equal when their canonical texts are.
import { isMedia, type Value } from '../values.ts';

/**
 * A text that is the same for equal values: object keys sorted, media by
 * what identifies them (kind, path, the clip shown) rather than their bytes.
 */
export function canonicalJson(value: Value): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (isMedia(value)) {
    return canonicalJson({ $media: value.$media, path: value.path, clip: value.clip ? { start: value.clip.start, end: value.clip.end } : null });
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const record = value as { readonly [field: string]: Value };
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return canonicalJson(a) === canonicalJson(b);
}
