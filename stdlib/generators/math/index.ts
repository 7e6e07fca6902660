// The `math_problems` generator: arithmetic, fractions, linear equations,
// systems, percentages and word problems with exact answers and derivations.
import type { Json } from '../../../compiler/lower/dag-schema.ts';
import { randomFor, type RandomStream } from '../../../runtime/evaluate/random.ts';
import type { SourceContext, SourceItem } from '../../../runtime/sources/source-item.ts';
import { arithmeticProblem } from './arithmetic.ts';
import { fractionsProblem } from './fractions.ts';
import { linearProblem } from './linear.ts';
import { percentProblem } from './percent.ts';
import type { MathProblem, ProblemLimits, ProblemMaker } from './problem.ts';
import { difficultyBand, difficultySchedule, itemCount, itemKey, kindAt } from '../sampling.ts';
import { systemProblem } from './system.ts';
import { wordProblem } from './word.ts';

export type { MathProblem } from './problem.ts';

export const MATH_KINDS = ['arithmetic', 'fractions', 'linear', 'system', 'percent', 'word'] as const;
export type MathKind = (typeof MATH_KINDS)[number];

const makers: Record<MathKind, ProblemMaker> = {
  arithmetic: arithmeticProblem,
  fractions: fractionsProblem,
  linear: linearProblem,
  system: systemProblem,
  percent: percentProblem,
  word: wordProblem,
};

const MAX_DIGITS = 6;

export function mathKinds(params: Record<string, Json>): MathKind[] {
  const raw = Array.isArray(params.kinds) ? params.kinds : [...MATH_KINDS];
  const kinds = raw.filter((k): k is MathKind => typeof k === 'string' && (MATH_KINDS as readonly string[]).includes(k));
  if (kinds.length === 0) throw new Error(`math_problems: \`kinds\` names none of ${MATH_KINDS.join(', ')}`);
  return kinds;
}

/** One problem of a kind at a difficulty, from its own random stream. */
export function makeProblem(kind: MathKind, random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  return makers[kind](random, difficulty, limits);
}

export async function* mathProblems(params: Record<string, Json>, context: SourceContext): AsyncGenerator<SourceItem> {
  const kinds = mathKinds(params);
  const difficultyAt = difficultySchedule(difficultyBand(params), context);
  const limits: ProblemLimits = {
    maxSteps: Math.max(1, Math.floor(Number(params.max_steps ?? 6))),
    maxDigits: Math.max(1, Math.floor(Number(params.max_digits ?? 4))),
  };
  // Products of larger operands leave the range where doubles are exact.
  if (limits.maxDigits > MAX_DIGITS) throw new Error(`math_problems: \`max_digits\` is ${limits.maxDigits}, but at most ${MAX_DIGITS} keep answers exact`);
  const count = itemCount(params, context);
  for (let index = 0; index < count; index++) {
    const key = itemKey('math', index);
    const kind = kindAt(kinds, index);
    const difficulty = difficultyAt(index);
    const problem = makeProblem(kind, randomFor(context.seed, context.nodeId, key, 'problem'), difficulty, limits);
    yield {
      key,
      fields: { question: problem.question, answer: problem.answer, trace: problem.trace, difficulty, kind, steps: problem.steps },
    };
  }
}
