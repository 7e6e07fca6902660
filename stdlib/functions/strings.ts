// lower, upper, trim, join.
import { define, type FunctionImpl } from './types.ts';

export const strings: [string, FunctionImpl][] = [
  define('lower', (a) => a.string('text').toLowerCase()),
  define('upper', (a) => a.string('text').toUpperCase()),
  define('trim', (a) => a.string('text').trim()),
  define('join', (a) => a.strings('items').join(a.string('separator'))),
];
