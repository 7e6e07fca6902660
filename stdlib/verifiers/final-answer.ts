// The final answer of a free-text response as one string, for verifiers that
// compare text rather than parse maths or coordinates.
import { anchoredAnswer, answerRegion, lastBoxed } from './answer-region.ts';

/** The boxed answer, else the text after an answer phrase, else the whole visible response. */
export function finalAnswerText(response: string): string {
  const region = answerRegion(response);
  const boxed = lastBoxed(region);
  if (boxed !== null) return unwrapText(boxed).trim();
  return (anchoredAnswer(region) ?? region).trim();
}

/** `\text{Paris}` inside a box is still the word Paris. */
function unwrapText(latex: string): string {
  return latex.replace(/\\(?:text|textbf|textrm|mathrm|mbox)\s*\{([^{}]*)\}/g, '$1');
}
