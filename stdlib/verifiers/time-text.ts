// Reads times and durations as people and models write them: `12.5 s`, `800 ms`,
// `2 minutes 5 seconds`, `1h 2m`, clock notation `1:05` / `01:02:03.5`, or a
// bare number of seconds.

const UNIT_SECONDS: [RegExp, number][] = [
  [/^(?:ms|msecs?|milliseconds?)$/i, 0.001],
  [/^(?:s|secs?|seconds?)$/i, 1],
  [/^(?:m|mins?|minutes?)$/i, 60],
  [/^(?:h|hrs?|hours?)$/i, 3600],
];

const NUMBER = String.raw`\d+(?:\.\d+)?|\.\d+`;
const UNIT = String.raw`(?:milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)(?![a-zA-Z])`;
const CLOCK = String.raw`\d+:\d{1,2}(?::\d{1,2})?(?:\.\d+)?`;
/** One time value: a clock reading, a compound like `1 min 5 s`, or a number with an optional unit. */
export const TIME_VALUE = String.raw`(?:${CLOCK}|(?:(?:${NUMBER})\s*${UNIT}\s*(?:and\s+)?)+|(?:${NUMBER})(?!\s*:))`;

export function unitSeconds(unit: string): number | null {
  return UNIT_SECONDS.find(([pattern]) => pattern.test(unit))?.[1] ?? null;
}

/** Seconds in one time value as matched by TIME_VALUE, or null. */
export function parseTimeValue(text: string): number | null {
  const s = text.trim();
  if (/^\d+:\d/.test(s)) {
    const parts = s.split(':').map(Number);
    if (parts.some(Number.isNaN)) return null;
    return parts.reduce((total, part) => total * 60 + part, 0);
  }
  const pieces = [...s.matchAll(new RegExp(String.raw`(${NUMBER})\s*(${UNIT})?`, 'g'))];
  if (pieces.length === 0) return null;
  let total = 0;
  for (const piece of pieces) {
    const factor = piece[2] === undefined ? 1 : unitSeconds(piece[2]);
    if (factor === null) return null;
    total += Number(piece[1]) * factor;
  }
  return total;
}

/** Every time value in a text, in order. */
export function findTimeValues(text: string): { seconds: number; index: number; end: number }[] {
  const found: { seconds: number; index: number; end: number }[] = [];
  for (const match of text.matchAll(new RegExp(TIME_VALUE, 'g'))) {
    const seconds = parseTimeValue(match[0]);
    if (seconds !== null) found.push({ seconds, index: match.index, end: match.index + match[0].length });
  }
  return found;
}
