// "Did you mean" suggestions by edit distance, as rustc and graphql-js offer them.
import { distance } from 'fastest-levenshtein';

export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
  // graphql-js's threshold: about 40 % of the name's length may differ.
  const threshold = Math.floor(name.length * 0.4) + 1;
  const scored: Array<[string, number]> = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : distance(name, candidate);
    if (d <= threshold) scored.push([candidate, d]);
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  return scored.slice(0, max).map(([candidate]) => candidate);
}

export function didYouMean(suggestions: readonly string[]): string | undefined {
  if (suggestions.length === 0) return undefined;
  const quoted = suggestions.map((s) => `\`${s}\``);
  return `did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`}?`;
}
