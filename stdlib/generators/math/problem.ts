// The shape every kind of math problem shares, and how difficulty sets the
// size of its numbers.
import type { RandomStream } from '../../../runtime/evaluate/random.ts';
import { intBetween, scaleInt } from '../sampling.ts';

export interface MathProblem {
  readonly question: string;
  /** LaTeX or plain number text that the `math` verifier reads. */
  readonly answer: string;
  /** The derivation, one step per line. */
  readonly trace: string;
  readonly steps: number;
}

export interface ProblemLimits {
  /** Most solution steps at difficulty 1 (for kinds whose length varies). */
  readonly maxSteps: number;
  /** Most digits in an operand at difficulty 1. */
  readonly maxDigits: number;
}

export type ProblemMaker = (random: RandomStream, difficulty: number, limits: ProblemLimits) => MathProblem;

/** Digits of the operands at this difficulty: 1 at 0, `maxDigits` at 1. */
export function digitsAt(difficulty: number, limits: ProblemLimits): number {
  return Math.max(1, scaleInt(difficulty, 1, Math.max(1, limits.maxDigits)));
}

/** A positive operand with exactly `digits` digits (2-9 for one digit: 0 and 1 make no exercise). */
export function operandOf(random: RandomStream, digits: number): number {
  if (digits <= 1) return intBetween(random, 2, 9);
  return intBetween(random, 10 ** (digits - 1), 10 ** digits - 1);
}

/** Lines of a derivation, numbered. */
export function numbered(lines: readonly string[]): string {
  return lines.map((line, i) => `Step ${i + 1}: ${line}`).join('\n');
}
