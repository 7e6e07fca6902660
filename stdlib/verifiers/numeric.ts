// The `numeric` verifier: the final number of a response within a tolerance of
// the ground truth. Numbers are read as the `math` verifier reads them, so
// `\frac{3}{4}`, `1,000`, `1.5 \times 10^3` and `75\%` are all numbers.
import { z } from 'zod';
import { finite, parseTruth } from './params.ts';
import { compileLeaf, evaluateLeaf } from './math/evaluate.ts';
import { extractMathAnswer } from './math/extract.ts';
import { parseMathAnswer } from './math/verifier.ts';
import type { ScoreResult, Verifier } from './types.ts';

const NumericParams = z.strictObject({
  abs_tol: z.number().min(0).default(1e-9),
  rel_tol: z.number().min(0).max(1).default(1e-6),
});
type NumericParams = z.infer<typeof NumericParams>;

/** The real value(s) a text denotes: one, or two for a percentage (50% may mean 50 or 0.5). */
export function readNumber(text: string): number[] | null {
  const value = parseMathAnswer(text);
  if (value.kind !== 'expr') return null;
  if (/^-?\d+(?:\.\d+)?$/.test(value.latex)) {
    const n = Number(value.latex);
    if (!Number.isFinite(n)) return null;
    return value.percent ? [n, n / 100] : [n];
  }
  const leaf = compileLeaf(value.latex);
  if (leaf === null || leaf.variables.length > 0) return null;
  const result = evaluateLeaf(leaf, {});
  if (result === null || result.im !== 0 || !Number.isFinite(result.re)) return null;
  return value.percent ? [result.re, result.re / 100] : [result.re];
}

export const numeric: Verifier<NumericParams> = {
  name: 'numeric',
  version: '1.0.0',
  params: NumericParams,
  score(response, truth, params): ScoreResult {
    const expected = parseTruth('numeric', finite, truth, 'a finite number');
    const extracted = extractMathAnswer(response);
    const values = extracted ? readNumber(extracted.text) : null;
    if (!extracted || !values) return { score: null, parsed: extracted?.text ?? null, detail: 'no number found' };
    const within = values.some((v) => Math.abs(v - expected) <= Math.max(params.rel_tol * Math.max(Math.abs(v), Math.abs(expected)), params.abs_tol));
    return { score: within ? 1 : 0, parsed: values[0] };
  },
  renderTruth(truth) {
    return `\\boxed{${parseTruth('numeric', finite, truth, 'a finite number')}}`;
  },
};
