// Two linear equations in two unknowns with a whole-number solution, solved
// by elimination: scale the equations so one unknown cancels, solve for the
// other, substitute back.
import type { RandomStream } from '../../../runtime/evaluate/random.ts';
import { twoTerms } from './latex.ts';
import { numbered, type MathProblem, type ProblemLimits } from './problem.ts';
import { lcm } from './rational.ts';
import { intBetween, scaleInt } from '../sampling.ts';

function nonZero(random: RandomStream, bound: number, negative: boolean): number {
  const magnitude = intBetween(random, 1, Math.max(1, bound));
  return negative && random() < 0.5 ? -magnitude : magnitude;
}

function equation(a: number, b: number, c: number): string {
  return `${twoTerms(a, 'x', b, 'y')} = ${c}`;
}

function times(factor: number, text: string): string {
  return factor === 1 ? text : `${factor} \\times (${text})`;
}

export function systemProblem(random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  const negative = difficulty >= 0.3;
  const coefficientBound = scaleInt(difficulty, 3, 9 + Math.max(0, limits.maxDigits - 4) * 3);
  const solutionBound = scaleInt(difficulty, 6, 20);
  const x = nonZero(random, solutionBound, negative);
  const y = nonZero(random, solutionBound, negative);
  let a1: number, b1: number, a2: number, b2: number;
  do {
    // The easiest systems share a coefficient of x, so one subtraction eliminates it.
    a1 = difficulty < 0.25 ? 1 : nonZero(random, coefficientBound, negative);
    b1 = nonZero(random, coefficientBound, negative);
    a2 = difficulty < 0.25 ? 1 : nonZero(random, coefficientBound, negative);
    b2 = nonZero(random, coefficientBound, negative);
  } while (a1 * b2 - a2 * b1 === 0);
  const c1 = a1 * x + b1 * y;
  const c2 = a2 * x + b2 * y;
  const first = equation(a1, b1, c1);
  const second = equation(a2, b2, c2);

  const lines: string[] = [];
  // Multipliers that make the x coefficients equal: lcm / |a|, signed so they match.
  const common = lcm(a1, a2);
  const m1 = common / a1;
  const m2 = common / a2;
  const s1 = [m1 * a1, m1 * b1, m1 * c1] as const;
  const s2 = [m2 * a2, m2 * b2, m2 * c2] as const;
  if (m1 !== 1 || m2 !== 1) {
    lines.push(`Make the coefficients of $x$ equal: $${times(m1, first)}$ gives $${equation(...s1)}$, and $${times(m2, second)}$ gives $${equation(...s2)}$.`);
  }
  const yCoefficient = s1[1] - s2[1];
  const yConstant = s1[2] - s2[2];
  lines.push(`Subtract the second equation from the first: $${twoTerms(0, 'x', yCoefficient, 'y')} = ${yConstant}$.`);
  if (yCoefficient !== 1) lines.push(`Divide by ${yCoefficient}: $y = ${y}$.`);
  const rest = c1 - b1 * y;
  lines.push(`Substitute $y = ${y}$ into the first equation: $${twoTerms(a1, 'x', 0, 'y')} ${b1 * y < 0 ? '-' : '+'} ${Math.abs(b1 * y)} = ${c1}$, so $${twoTerms(a1, 'x', 0, 'y')} = ${rest}$.`);
  if (a1 !== 1) lines.push(`Divide by ${a1}: $x = ${x}$.`);
  const answer = `(${x}, ${y})`;
  return {
    question: `Solve the system of equations $${first}$ and $${second}$. Give the answer as an ordered pair $(x, y)$.`,
    answer,
    trace: `${numbered(lines)}\nCheck in the second equation: $${a2} \\times ${x < 0 ? `(${x})` : x} + ${b2 < 0 ? `(${b2})` : b2} \\times ${y < 0 ? `(${y})` : y} = ${c2}$. So $(x, y) = ${answer}$.`,
    steps: lines.length,
  };
}
