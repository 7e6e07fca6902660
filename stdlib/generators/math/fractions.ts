// Sums, differences, products and quotients of fractions, folded left to
// right. The trace names the common denominator, the reciprocal and the
// simplification, because those are the steps people get wrong.
import type { RandomStream } from '../../../runtime/evaluate/random.ts';
import { numbered, type MathProblem, type ProblemLimits } from './problem.ts';
import { Rational, gcd, lcm } from './rational.ts';
import { intBetween, pick, scaleInt } from '../sampling.ts';

type Op = '+' | '-' | '*' | '/';
const SYMBOL: Record<Op, string> = { '+': '+', '-': '-', '*': '\\times', '/': '\\div' };

/** A fraction in lowest terms that is not a whole number, proper or improper. */
function drawFraction(random: RandomStream, maxDenominator: number): Rational {
  for (;;) {
    const den = intBetween(random, 2, maxDenominator);
    const value = new Rational(intBetween(random, 1, den * 2 - 1), den);
    if (!value.isInteger()) return value;
  }
}

const PRECEDENCE: Record<Op, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

function frac(value: Rational): string {
  return value.latexOperand();
}

/** Lines explaining `a op b = result`, unreduced first. */
function explain(a: Rational, op: Op, b: Rational): { lines: string[]; result: Rational } {
  const result = op === '+' ? a.add(b) : op === '-' ? a.sub(b) : op === '*' ? a.mul(b) : a.div(b);
  const lines: string[] = [];
  if (op === '+' || op === '-') {
    const common = lcm(a.den, b.den);
    const an = a.num * (common / a.den);
    const bn = b.num * (common / b.den);
    const raw = op === '+' ? an + bn : an - bn;
    if (a.den === b.den) {
      lines.push(`The denominators are both ${common}: $${frac(a)} ${SYMBOL[op]} ${frac(b)} = \\frac{${raw}}{${common}}$.`);
    } else {
      const rewrites: string[] = [];
      if (a.den !== common) rewrites.push(`$${frac(a)} = \\frac{${an}}{${common}}$`);
      if (b.den !== common) rewrites.push(`$${frac(b)} = \\frac{${bn}}{${common}}$`);
      lines.push(`Write both over the common denominator ${common}: ${rewrites.join(' and ')}, so the ${op === '+' ? 'sum' : 'difference'} is $\\frac{${raw}}{${common}}$.`);
    }
    simplify(raw, common, lines);
  } else {
    const factor = op === '*' ? b : new Rational(b.den, b.num);
    if (op === '/') lines.push(`Dividing by $${frac(b)}$ is multiplying by its reciprocal $${frac(factor)}$.`);
    const rawNum = a.num * factor.num;
    const rawDen = a.den * factor.den;
    lines.push(`Multiply numerators and denominators: $\\frac{${a.num} \\times ${factor.num < 0 ? `(${factor.num})` : factor.num}}{${a.den} \\times ${factor.den}} = \\frac{${rawNum}}{${rawDen}}$.`);
    simplify(rawNum, rawDen, lines);
  }
  return { lines, result };
}

function simplify(num: number, den: number, lines: string[]): void {
  const g = gcd(num, den);
  const value = new Rational(num, den);
  if (g > 1) lines.push(`Divide numerator and denominator by ${g}: $\\frac{${num}}{${den}} = ${value.latex()}$.`);
}

export function fractionsProblem(random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  const ops = Math.max(1, scaleInt(difficulty, 1, Math.min(3, Math.max(1, limits.maxSteps - 1))));
  const maxDenominator = scaleInt(difficulty, 5, 12 + 3 * Math.max(0, limits.maxDigits - 2));
  const allowed: Op[] = difficulty < 0.3 ? ['+', '-'] : ['+', '-', '*', '/'];
  let value = drawFraction(random, maxDenominator);
  let shown = frac(value);
  let last: Op | null = null;
  const lines: string[] = [];
  for (let i = 0; i < ops; i++) {
    let op = pick(random, allowed);
    const next = drawFraction(random, maxDenominator);
    // Keep the easy problems positive; a negative difference is fine later on.
    if (op === '-' && difficulty < 0.5 && next.valueOf() > value.valueOf()) op = '+';
    if (op === '/' && value.isZero()) op = '+';
    const before = value;
    const step = explain(before, op, next);
    lines.push(...step.lines);
    value = step.result;
    // Folded left to right: parentheses only where precedence would reorder it.
    const grouped = last !== null && PRECEDENCE[last] < PRECEDENCE[op] ? `\\left(${shown}\\right)` : shown;
    shown = `${grouped} ${SYMBOL[op]} ${frac(next)}`;
    last = op;
  }
  const answer = value.latex();
  return {
    question: `Compute $${shown}$ and give the answer as a fraction in lowest terms.`,
    answer,
    trace: `${numbered(lines)}\nSo the value is $${answer}$.`,
    steps: lines.length,
  };
}
