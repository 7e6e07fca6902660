// len, concat, contains, unique, first, coalesce.
import { canonicalJson, valuesEqual } from '../../runtime/evaluate/equality.ts';
import type { Value } from '../../runtime/values.ts';
import { define, type FunctionImpl } from './types.ts';

export const lists: [string, FunctionImpl][] = [
  define('len', (a) => {
    const value = a.value('value');
    // Characters are code points, so an emoji counts once.
    return typeof value === 'string' ? [...value].length : a.list('value').length;
  }),
  define('concat', (a) => [...a.list('a'), ...a.list('b')]),
  define('contains', (a) => {
    const collection = a.value('collection');
    if (typeof collection === 'string') return collection.includes(a.string('item'));
    const item = a.value('item');
    return a.list('collection').some((candidate) => valuesEqual(candidate, item));
  }),
  define('unique', (a) => {
    const seen = new Set<string>();
    const out: Value[] = [];
    for (const item of a.list('items')) {
      const key = canonicalJson(item);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
    return out;
  }),
  define('first', (a) => a.list('items')[0] ?? null),
  define('coalesce', (a) => a.value('value') ?? a.value('fallback')),
];
