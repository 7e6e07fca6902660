// Spelling of numbers and linear expressions in LaTeX, with the signs written
// the way a person writes them (`3x - 5`, not `3x + -5`).
import { Rational } from './rational.ts';

export type Coefficient = number | Rational;

function asRational(value: Coefficient): Rational {
  return Rational.of(value);
}

/** `3x`, `x`, `-x`, `\frac{1}{2}x`; empty for a zero coefficient. */
export function term(coefficient: Coefficient, variable: string): string {
  const c = asRational(coefficient);
  if (c.isZero()) return '';
  if (c.equals(1)) return variable;
  if (c.equals(-1)) return `-${variable}`;
  return `${c.latex()}${variable}`;
}

/** `ax + b` in its usual spelling: `3x - 5`, `x`, `-2x + 1`, `4`. */
export function linear(a: Coefficient, b: Coefficient, variable: string): string {
  const head = term(a, variable);
  const constant = asRational(b);
  if (head === '') return constant.latex();
  if (constant.isZero()) return head;
  return `${head}${signed(constant)}`;
}

/** ` + 5` or ` - 5`, to follow another term. */
export function signed(value: Coefficient): string {
  const v = asRational(value);
  return v.num < 0 ? ` - ${v.neg().latex()}` : ` + ${v.latex()}`;
}

/** `a x + b y` for two variables: `2x - 3y`, `-x + y`. */
export function twoTerms(a: number, first: string, b: number, second: string): string {
  const head = term(a, first);
  const tail = term(b, second);
  if (head === '') return tail || '0';
  if (tail === '') return head;
  return b < 0 ? `${head} - ${term(-b, second)}` : `${head} + ${tail}`;
}

