// The `choice` verifier: which option letter a free-text response settles on.
// Stated answers ("the answer is B", `\boxed{B}`, `Answer: (B)`) outrank letters
// that merely look like options; within a rank the last one wins, because models
// often restate or correct themselves at the end.
import { z } from 'zod';
import { answerRegion } from './answer-region.ts';
import { parseTruth } from './params.ts';
import type { ScoreResult, Verifier } from './types.ts';

const ChoiceParams = z.strictObject({
  letters: z.string()
    .regex(/^[A-Z]{2,26}$/, 'expected 2 to 26 capital letters, e.g. "ABCD"')
    .refine((s) => new Set(s).size === s.length, 'letters must not repeat')
    .default('ABCD'),
});
type ChoiceParams = z.infer<typeof ChoiceParams>;

interface Candidate { letter: string; index: number }

/** A word matched in any case, while option letters stay case-sensitive (no `i` flag). */
function anyCase(word: string): string {
  return [...word].map((ch) => (/[a-z]/i.test(ch) ? `[${ch.toUpperCase()}${ch.toLowerCase()}]` : ch)).join('');
}

/** Patterns per rank, built for one set of letters. */
function patterns(letters: string): RegExp[][] {
  const L = `[${letters}]`;
  const l = `[${letters.toLowerCase()}]`;
  const open = String.raw`(?<![A-Za-z0-9])`;
  const close = String.raw`(?![A-Za-z0-9])`;
  // An option letter is wrapped ((B), (b), **B**) or stands alone: never inside a word.
  const option = String.raw`(?:\(\s*(${L}|${l})\s*\)|\*\*(${L})\*\*|${open}(${L})${close})`;
  const answerIs = String.raw`${anyCase('answer')}\s*(?:${anyCase('is')}|:)\s*(?:${anyCase('option')}\s*|${anyCase('choice')}\s*)?[:\s]*`;
  const optionWord = `(?:${anyCase('option')}|${anyCase('choice')})`;
  return [
    [
      new RegExp(String.raw`\\boxed\s*\{\s*(?:\\text\{\s*)?\(?(${L}|${l})\)?\s*\}?\s*\}`, 'g'),
      new RegExp(`${answerIs}${option}`, 'g'),
      new RegExp(String.raw`${optionWord}\s+${option}\s+is\s+(?:the\s+)?(?:correct|right)`, 'g'),
      // "Answer: b" on its own; not "the answer is a …", where `a` is an article.
      new RegExp(String.raw`${anyCase('answer')}\s*:\s*(${l})\s*(?:[.)]\s*)?(?:$|\n)`, 'g'),
    ],
    [
      new RegExp(String.raw`${optionWord}\s*${option}`, 'g'),
      new RegExp(String.raw`\(\s*(${L})\s*\)`, 'g'),
      new RegExp(String.raw`(?:^|\n)\s*\*{0,2}(${L})\*{0,2}\s*(?:[).:]|$)`, 'g'),
      new RegExp(String.raw`${open}(${L})\)`, 'g'),
      new RegExp(String.raw`\*\*(${L})\*\*`, 'g'),
    ],
  ];
}

const patternCache = new Map<string, RegExp[][]>();

export function extractChoice(response: string, letters: string): string | null {
  const region = answerRegion(response).trim();
  // A reply that is only the letter (with optional punctuation or markup).
  const bare = new RegExp(String.raw`^[\s*(\[]*([${letters}])[\s*)\].:]*$`).exec(region);
  if (bare) return bare[1];
  let ranks = patternCache.get(letters);
  if (!ranks) { ranks = patterns(letters); patternCache.set(letters, ranks); }
  for (const rank of ranks) {
    let best: Candidate | null = null;
    for (const pattern of rank) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(region); match; match = pattern.exec(region)) {
        const letter = match.slice(1).find((group) => group !== undefined);
        if (letter && (best === null || match.index >= best.index)) best = { letter: letter.toUpperCase(), index: match.index };
      }
    }
    if (best) return best.letter;
  }
  return null;
}

function truthLetter(truth: unknown, letters: string): string {
  const text = parseTruth('choice', z.string(), truth, 'an option letter such as "B"');
  const letter = /^\s*\(?([A-Za-z])\)?\s*$/.exec(text)?.[1]?.toUpperCase();
  if (!letter || !letters.includes(letter)) {
    return parseTruth('choice', z.never(), truth, `one of the letters ${[...letters].join(', ')}`);
  }
  return letter;
}

export const choice: Verifier<ChoiceParams> = {
  name: 'choice',
  version: '1.0.0',
  params: ChoiceParams,
  score(response, truth, params): ScoreResult {
    const expected = truthLetter(truth, params.letters);
    const letter = extractChoice(response, params.letters);
    if (letter === null) return { score: null, parsed: null, detail: `no option letter among ${params.letters}` };
    return { score: letter === expected ? 1 : 0, parsed: letter };
  },
  renderTruth(truth, params) {
    return `(${truthLetter(truth, params.letters)})`;
  },
};
