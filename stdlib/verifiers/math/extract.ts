// Finds the final answer of a worked solution, in the order the common graders
// trust: the last box, then an answer phrase, then the last number.
import { anchoredAnswer, answerRegion, lastBoxed } from '../answer-region.ts';

export interface ExtractedAnswer {
  text: string;
  source: 'boxed' | 'phrase' | 'last-number' | 'whole';
}

const NUMBER = /-?\\frac\{\d+\}\{\d+\}|-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?(?:\s*\/\s*\d+(?:\.\d+)?)?%?|-?\.\d+/g;

export function extractMathAnswer(response: string): ExtractedAnswer | null {
  const region = answerRegion(response);
  const boxed = lastBoxed(region);
  if (boxed !== null && boxed.trim() !== '') return { text: boxed, source: 'boxed' };
  const phrase = anchoredAnswer(region);
  if (phrase !== null) return { text: trimProse(phrase), source: 'phrase' };
  // A short reply with no prose is itself the answer (`3/4`, `x = 2`).
  const visible = region.trim();
  if (visible !== '' && visible.length <= 60 && !/[a-zA-Z]{4,}\s+[a-zA-Z]{2,}/.test(visible.replace(/\\[a-zA-Z]+/g, ''))) {
    return { text: visible.replace(/^\$+|\$+$/g, ''), source: 'whole' };
  }
  const numbers = region.match(NUMBER);
  if (numbers) return { text: numbers[numbers.length - 1], source: 'last-number' };
  return null;
}

/** "12 apples because …" keeps "12 apples": the prose after the first sentence or clause is not the answer. */
function trimProse(text: string): string {
  const sentence = text.split(/\.\s|;\s|,\s+(?:since|because|which|as|so)\b|\s+(?:since|because|which is|as)\s/)[0];
  return sentence.trim();
}
