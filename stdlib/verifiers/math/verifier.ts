// The `math` verifier: a final answer extracted from a worked solution, compared
// with the ground truth by mathematical equivalence rather than by spelling.
import { z } from 'zod';
import { lastBoxed } from '../answer-region.ts';
import { parseTruth } from '../params.ts';
import type { ScoreResult, Verifier } from '../types.ts';
import { equivalent } from './equivalence.ts';
import { extractMathAnswer } from './extract.ts';
import { normalizeMathAnswer } from './normalize.ts';
import { parseMathValue, type MathValue } from './structure.ts';

const MathParams = z.strictObject({
  rel_tol: z.number().min(0).max(0.5).default(1e-6),
});
type MathParams = z.infer<typeof MathParams>;

const MAX_ANSWER_LENGTH = 4000;

const MathTruth = z.union([z.string().min(1), z.number().refine(Number.isFinite, 'expected a finite number')]);

function truthText(truth: unknown): string {
  const value = parseTruth('math', MathTruth, truth, 'a LaTeX string or a finite number');
  if (typeof value === 'number') return String(value);
  return lastBoxed(value) ?? value;
}

export function parseMathAnswer(text: string): MathValue {
  const normalized = normalizeMathAnswer(text);
  return normalized.isText ? { kind: 'text', text: normalized.text } : parseMathValue(normalized.text);
}

const truthCache = new Map<string, MathValue>();

/** Truths repeat across the rollouts of a prompt; each is parsed once. */
function parsedTruth(truth: unknown): MathValue {
  const text = truthText(truth);
  let value = truthCache.get(text);
  if (!value) {
    value = parseMathAnswer(text);
    if (truthCache.size >= 20_000) truthCache.clear();
    truthCache.set(text, value);
  }
  return value;
}

export const math: Verifier<MathParams> = {
  name: 'math',
  version: '1.0.0',
  params: MathParams,
  score(response, truth, params): ScoreResult {
    const expected = parsedTruth(truth);
    const extracted = extractMathAnswer(response);
    if (extracted === null) return { score: null, parsed: null, detail: 'no final answer found' };
    // No ground truth is this long; parsing a runaway box would only cost time.
    if (extracted.text.length > MAX_ANSWER_LENGTH) return { score: 0, parsed: extracted.text.slice(0, 80), detail: 'answer too long' };
    const answer = parseMathAnswer(extracted.text);
    const same = equivalent(answer, expected, { relTol: params.rel_tol });
    return { score: same ? 1 : 0, parsed: extracted.text, detail: `answer from ${extracted.source}` };
  },
  renderTruth(truth) {
    return `\\boxed{${truthText(truth)}}`;
  },
};
