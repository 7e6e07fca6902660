// `all`, `any` and `weighted` combine other verifiers' scores on one response.
// Every child sees the same ground truth. A child that found no answer (null)
// counts 0, unless no child found one, when the combination is null too.
import { z } from 'zod';
import type { ScoreResult } from './types.ts';

export interface ChildOutcome { name: string; result: ScoreResult }

export type Combine = (children: ChildOutcome[], params: unknown) => ScoreResult;

export interface CombinatorDefinition {
  name: string;
  version: string;
  params: z.ZodType<unknown>;
  combine: Combine;
  /** Whether params are valid for this many children (weights must match, say). */
  checkArity(count: number, params: unknown): string | null;
}

function summary(children: ChildOutcome[]): string {
  return children.map((child) => `${child.name}=${child.result.score ?? 'null'}`).join(' ');
}

function combineWith(reduce: (scores: number[]) => number): Combine {
  return (children) => {
    const parsed = children.map((child) => child.result.parsed);
    if (children.every((child) => child.result.score === null)) return { score: null, parsed, detail: summary(children) };
    const scores = children.map((child) => child.result.score ?? 0);
    return { score: reduce(scores), parsed, detail: summary(children) };
  };
}

const NoParams = z.strictObject({});
const atLeastOne = (count: number): string | null => (count >= 1 ? null : 'needs at least one verifier');

const WeightedParams = z.strictObject({
  weights: z.array(z.number().min(0).refine(Number.isFinite, 'expected a finite weight')).min(1)
    .refine((weights) => weights.some((w) => w > 0), 'at least one weight must be positive'),
});

export const combinators: CombinatorDefinition[] = [
  { name: 'all', version: '1.0.0', params: NoParams, combine: combineWith((s) => Math.min(...s)), checkArity: atLeastOne },
  { name: 'any', version: '1.0.0', params: NoParams, combine: combineWith((s) => Math.max(...s)), checkArity: atLeastOne },
  {
    name: 'weighted',
    version: '1.0.0',
    params: WeightedParams,
    combine: (children, params) => {
      const { weights } = params as z.infer<typeof WeightedParams>;
      const total = weights.reduce((sum, w) => sum + w, 0);
      return combineWith((scores) => scores.reduce((sum, score, i) => sum + (weights[i] / total) * score, 0))(children, params);
    },
    checkArity: (count, params) => {
      const { weights } = params as z.infer<typeof WeightedParams>;
      return weights.length === count ? null : `has ${count} verifiers but ${weights.length} weights`;
    },
  },
];
