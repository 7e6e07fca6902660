// str, int and float: conversions between text and numbers.
import { isMedia, type Value } from '../../runtime/values.ts';
import { define, type FunctionImpl } from './types.ts';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Numbers in shortest round-trip form, records and lists as compact JSON, media by path. */
export function textOf(value: Value): string {
  if (typeof value === 'string') return value;
  if (isMedia(value)) return value.path;
  return JSON.stringify(value, (_key, item: unknown) => (isMedia(item as Value) ? (item as { path: string }).path : item));
}

export const conversions: [string, FunctionImpl][] = [
  define('str', (a) => textOf(a.value('value'))),

  define('int', (a) => {
    const value = a.value('value');
    if (typeof value === 'number') return Math.trunc(a.number('value'));
    const text = a.string('value').trim();
    if (!INTEGER.test(text)) return a.reject(`${JSON.stringify(text)} is not a whole number`);
    return Number(text);
  }),

  // A percent arrives as its fraction (20% is 0.2) and cannot be told from a float here, so the
  // 0-100 scale the registry promises for `float(20%)` needs the compiler to lower it as `value * 100`.
  define('float', (a) => {
    const value = a.value('value');
    if (typeof value === 'number') return a.number('value');
    const text = a.string('value').trim();
    if (!DECIMAL.test(text)) return a.reject(`${JSON.stringify(text)} is not a number`);
    return Number(text);
  }),
];
