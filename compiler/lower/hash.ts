// Canonical JSON and content hashes: the same content always gives the same id.
import { createHash } from 'node:crypto';
import type { Json } from './dag-schema.ts';

export function canonicalJson(value: Json | undefined): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function contentId(value: Json): string {
  return sha256(canonicalJson(value)).slice(0, 16);
}
