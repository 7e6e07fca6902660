// Exact fractions for problems whose answers must be exact, with the LaTeX
// spellings the `math` verifier reads. Magnitudes stay far below 2^53 here.

export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

export function lcm(a: number, b: number): number {
  return Math.abs(a * b) / gcd(a, b);
}

export class Rational {
  readonly num: number;
  readonly den: number;

  constructor(num: number, den = 1) {
    if (den === 0) throw new RangeError('a fraction with denominator 0');
    if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den)) throw new RangeError(`${num}/${den} is not exact`);
    const g = gcd(num, den) || 1;
    const sign = den < 0 ? -1 : 1;
    this.num = (sign * num) / g + 0;
    this.den = (sign * den) / g;
  }

  static of(value: number | Rational): Rational {
    return value instanceof Rational ? value : new Rational(value);
  }

  add(other: number | Rational): Rational {
    const o = Rational.of(other);
    return new Rational(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(other: number | Rational): Rational {
    const o = Rational.of(other);
    return new Rational(this.num * o.den - o.num * this.den, this.den * o.den);
  }

  mul(other: number | Rational): Rational {
    const o = Rational.of(other);
    return new Rational(this.num * o.num, this.den * o.den);
  }

  div(other: number | Rational): Rational {
    const o = Rational.of(other);
    return new Rational(this.num * o.den, this.den * o.num);
  }

  neg(): Rational {
    return new Rational(-this.num, this.den);
  }

  isInteger(): boolean {
    return this.den === 1;
  }

  isZero(): boolean {
    return this.num === 0;
  }

  valueOf(): number {
    return this.num / this.den;
  }

  equals(other: number | Rational): boolean {
    const o = Rational.of(other);
    return this.num === o.num && this.den === o.den;
  }

  /** `\frac{3}{4}`, `-\frac{3}{4}`, `7`. */
  latex(): string {
    if (this.den === 1) return String(this.num);
    const sign = this.num < 0 ? '-' : '';
    return `${sign}\\frac{${Math.abs(this.num)}}{${this.den}}`;
  }

  /** As a factor inside a larger expression: negatives in parentheses. */
  latexOperand(): string {
    return this.num < 0 ? `(${this.latex()})` : this.latex();
  }

  /** Whether the value is a decimal with at most `places` digits after the point. */
  terminates(places = 2): boolean {
    return (this.num * 10 ** places) % this.den === 0;
  }

  /** `12.5`, `-0.25`, `7`: exact, for values that terminate. */
  decimal(places = 2): string {
    if (!this.terminates(places)) throw new RangeError(`${this.num}/${this.den} has more than ${places} decimals`);
    const scaled = (this.num * 10 ** places) / this.den;
    const sign = scaled < 0 ? '-' : '';
    const digits = String(Math.abs(scaled)).padStart(places + 1, '0');
    const whole = digits.slice(0, digits.length - places);
    const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
    return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
  }

  /** Money as it is written: `12.50`, `7`. */
  money(): string {
    if (this.isInteger()) return String(this.num);
    const text = this.decimal(2);
    return /\.\d$/.test(text) ? `${text}0` : text;
  }
}
