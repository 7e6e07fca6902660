// round, min, max, abs.
import { define, type FunctionImpl } from './types.ts';

/** Halves away from zero, with the decimal the author wrote in mind: `round(1.005, 2)` is 1.01. */
export function roundHalfAway(value: number, digits: number): number {
  // Past 15 decimals a double has nothing left to round.
  if (digits > 15) return value;
  if (digits < -308) return 0;
  const scale = 10 ** Math.abs(digits);
  const scaled = digits >= 0 ? value * scale : value / scale;
  // toPrecision(15) removes the binary noise that would put 1.005 * 100 just under 100.5.
  const rounded = Math.sign(scaled) * Math.round(Number(Math.abs(scaled).toPrecision(15)));
  const result = digits >= 0 ? rounded / scale : rounded * scale;
  return Object.is(result, -0) ? 0 : result;
}

export const numbers: [string, FunctionImpl][] = [
  define('round', (a) => roundHalfAway(a.number('value'), a.integer('digits'))),
  define('min', (a) => {
    const values = a.numbers('values');
    if (values.length === 0) return a.reject('the list is empty, so it has no smallest value');
    return values.reduce((low, v) => Math.min(low, v));
  }),
  define('max', (a) => {
    const values = a.numbers('values');
    if (values.length === 0) return a.reject('the list is empty, so it has no largest value');
    return values.reduce((high, v) => Math.max(high, v));
  }),
  define('abs', (a) => Math.abs(a.number('value'))),
];
