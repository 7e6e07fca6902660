// String matchers: `exact` for answers that admit one spelling (ids, labels),
// `normalized` for short free-text answers graded as SQuAD and TriviaQA do.
import { z } from 'zod';
import { finalAnswerText } from './final-answer.ts';
import { parseTruth } from './params.ts';
import type { ScoreResult, Verifier } from './types.ts';

/** Several accepted spellings may be listed; any of them matches. */
const TextTruth = z.union([z.string(), z.array(z.string()).min(1)]);

function truthList(verifier: string, truth: unknown): string[] {
  const parsed = parseTruth(verifier, TextTruth, truth, 'a string or a non-empty list of strings');
  return typeof parsed === 'string' ? [parsed] : parsed;
}

const ExactParams = z.strictObject({
  extract: z.boolean().default(true),
});
type ExactParams = z.infer<typeof ExactParams>;

export const exact: Verifier<ExactParams> = {
  name: 'exact',
  version: '1.0.0',
  params: ExactParams,
  score(response, truth, params): ScoreResult {
    const accepted = truthList('exact', truth);
    const answer = params.extract ? finalAnswerText(response) : response;
    if (answer === '') return { score: null, parsed: null, detail: 'empty answer' };
    return { score: accepted.includes(answer) ? 1 : 0, parsed: answer };
  },
  renderTruth(truth) {
    return truthList('exact', truth)[0];
  },
};

const NormalizedParams = z.strictObject({
  extract: z.boolean().default(true),
  ignore_case: z.boolean().default(true),
  ignore_punctuation: z.boolean().default(true),
  ignore_articles: z.boolean().default(true),
});
type NormalizedParams = z.infer<typeof NormalizedParams>;

/** Lower case, no punctuation, no English articles, single spaces (SQuAD's `normalize_answer`). */
export function normalizeText(text: string, params: NormalizedParams): string {
  let result = text.normalize('NFKC');
  if (params.ignore_case) result = result.toLowerCase();
  if (params.ignore_punctuation) result = result.replace(/[\p{P}\p{S}]/gu, ' ');
  if (params.ignore_articles) result = result.replace(/\b(?:a|an|the)\b/gi, ' ');
  return result.replace(/\s+/g, ' ').trim();
}

export const normalized: Verifier<NormalizedParams> = {
  name: 'normalized',
  version: '1.0.0',
  params: NormalizedParams,
  score(response, truth, params): ScoreResult {
    const accepted = truthList('normalized', truth).map((t) => normalizeText(t, params));
    const answer = normalizeText(params.extract ? finalAnswerText(response) : response, params);
    if (answer === '') return { score: null, parsed: null, detail: 'empty answer' };
    return { score: accepted.includes(answer) ? 1 : 0, parsed: answer };
  },
  renderTruth(truth) {
    return truthList('normalized', truth)[0];
  },
};
