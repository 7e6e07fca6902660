// What a source reader yields: a record's key and fields, or a row it could not read.
import type { Fields } from '../values.ts';

export type SourceItem =
  /** `group`: the key of what the record derives from, when several records share it (a prompt's rollouts); the record's own key otherwise. */
  | { readonly key: string; readonly fields: Fields; readonly group?: string }
  | { readonly key: string; readonly rejected: string };

export interface SourceContext {
  /** The recipe's folder: relative paths resolve against it. */
  readonly directory: string;
  /** Stop after this many items (`--limit`). */
  readonly limit?: number;
  /** The recipe's seed and the source node's id: generators derive every random choice from them and the record key. */
  readonly seed: number;
  readonly nodeId: string;
}

/** The key of the n-th row when the source names no key field: zero-padded so keys sort in row order. */
export function rowKey(row: number): string {
  return `row-${String(row).padStart(9, '0')}`;
}
