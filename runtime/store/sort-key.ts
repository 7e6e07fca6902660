// Sort keys compare as their UTF-8 bytes, as memcmp on the stored bytes
// would. JavaScript's `<` compares UTF-16 code units, which agrees except
// where a surrogate (part of a code point above U+FFFF) meets a unit in
// U+E000..U+FFFF: UTF-8 puts the astral code point after, UTF-16 before.

/** Negative, zero or positive as `a` sorts before, with or after `b` in UTF-8 byte order. */
export function compareSortKeys(a: string, b: string): number {
  if (a === b) return 0;
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return inCodePointOrder(x) - inCodePointOrder(y);
  }
  return a.length - b.length;
}

/** Moves surrogates above U+FFFF's units, so code units compare in code point order. */
function inCodePointOrder(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Whether `key` has a code unit at or above U+D800, where `<` and UTF-8 order can part. */
export function needsCodePointCompare(key: string): boolean {
  return WIDE.test(key);
}
const WIDE = /[\uD800-\uFFFF]/;

/** A sort key with its `needsCodePointCompare` worked out once. */
export interface SortKeyed {
  readonly sortKey: string;
  readonly wide: boolean;
}

/** `compareSortKeys`, with JavaScript's native comparison where it gives the same answer. */
export function compareKeyed(a: SortKeyed, b: SortKeyed): number {
  if (a.wide || b.wide) return compareSortKeys(a.sortKey, b.sortKey);
  return a.sortKey < b.sortKey ? -1 : a.sortKey === b.sortKey ? 0 : 1;
}
