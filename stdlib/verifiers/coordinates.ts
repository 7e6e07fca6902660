// Reads points and boxes out of free text in the notations vision-language
// models use: `(x, y)`, `[x, y]`, `<point>x,y</point>`, Molmo's
// `<point x="…" y="…">`, `[x1, y1, x2, y2]`, Qwen's `(x1,y1),(x2,y2)` boxes.
// The last one stated is the answer, as with every other verifier.
import { answerRegion } from './answer-region.ts';

export type Point = [number, number];
export type Box = [number, number, number, number];

const NUM = String.raw`(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)`;
const SEP = String.raw`\s*[,;\s]\s*`;

const POINT_PATTERNS = [
  new RegExp(String.raw`<point\b[^>]*?\bx\d*\s*=\s*["']?${NUM}["']?[^>]*?\by\d*\s*=\s*["']?${NUM}["']?[^>]*>`, 'g'),
  new RegExp(String.raw`<point>\s*[(\[]?\s*${NUM}${SEP}${NUM}\s*[)\]]?\s*</point>`, 'g'),
  new RegExp(String.raw`[(\[]\s*${NUM}\s*,\s*${NUM}\s*[)\]]`, 'g'),
  new RegExp(String.raw`"x"\s*:\s*${NUM}\s*,\s*"y"\s*:\s*${NUM}`, 'g'),
];

const BOX_PATTERNS = [
  new RegExp(String.raw`[(\[]\s*${NUM}\s*,\s*${NUM}\s*,\s*${NUM}\s*,\s*${NUM}\s*[)\]]`, 'g'),
  new RegExp(String.raw`[(\[]\s*${NUM}\s*,\s*${NUM}\s*[)\]]\s*(?:,|-|to|and)?\s*[(\[]\s*${NUM}\s*,\s*${NUM}\s*[)\]]`, 'g'),
  new RegExp(String.raw`"x1"\s*:\s*${NUM}\s*,\s*"y1"\s*:\s*${NUM}\s*,\s*"x2"\s*:\s*${NUM}\s*,\s*"y2"\s*:\s*${NUM}`, 'g'),
];

/** The match of any pattern that ends last in the text, as numbers. */
function lastMatch(text: string, patterns: RegExp[], arity: number): number[] | null {
  let best: { end: number; start: number; values: number[] } | null = null;
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const values = match.slice(1, 1 + arity).map(Number);
      const end = match.index + match[0].length;
      // Ties on the end go to the wider match: `<point>(1, 2)</point>` is one point, read once.
      if (best === null || end > best.end || (end === best.end && match.index < best.start)) {
        best = { end, start: match.index, values };
      }
    }
  }
  return best ? best.values : null;
}

export function extractPoint(response: string): Point | null {
  const values = lastMatch(answerRegion(response), POINT_PATTERNS, 2);
  return values ? [values[0], values[1]] : null;
}

/** The last box, corners put in order (x1 <= x2, y1 <= y2). */
export function extractBox(response: string): Box | null {
  const values = lastMatch(answerRegion(response), BOX_PATTERNS, 4);
  if (!values) return null;
  const [a, b, c, d] = values;
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}
