// Questions about labelled time regions. They must have one unambiguous
// answer, so a tie within the margin rejects the record.
import type { Value } from '../../runtime/values.ts';
import { roundHalfAway } from './numbers.ts';
import { define, type ArgReader, type FunctionImpl } from './types.ts';

interface Region {
  readonly label: string;
  readonly start: number;
  readonly end: number;
  /** The region as it came, returned unchanged by the functions that pick one. */
  readonly value: Value;
}

// Differences below this are float noise from the subtraction, not a real lead.
const EPSILON = 1e-9;

function readRegions(a: ArgReader): Region[] {
  return a.list('regions').map((item, i) => {
    const region = typeof item === 'object' && item !== null && !Array.isArray(item) ? item as { readonly [field: string]: Value } : {};
    const span = typeof region.span === 'object' && region.span !== null ? region.span as { readonly [field: string]: Value } : {};
    const { start, end } = span;
    if (typeof region.label !== 'string' || typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end)) {
      return a.reject(`region ${i} is not {label: string, span: {start, end}}`);
    }
    if (end < start) return a.reject(`region ${i} (\`${region.label}\`) ends at ${end} s, before it starts at ${start} s`);
    return { label: region.label, start, end, value: item };
  });
}

const byStart = (a: Region, b: Region) => a.start - b.start || a.end - b.end;
const seconds = (value: number) => `${roundHalfAway(value, 3)} s`;

/** Spans merged where they overlap, in order of start. */
function union(regions: readonly Region[]): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const region of [...regions].sort(byStart)) {
    const last = merged[merged.length - 1];
    if (last && region.start <= last[1]) last[1] = Math.max(last[1], region.end);
    else merged.push([region.start, region.end]);
  }
  return merged;
}

export const regions: [string, FunctionImpl][] = [
  define('longest_region', (a) => {
    const margin = a.number('min_margin');
    const ranked = readRegions(a).sort((x, y) => (y.end - y.start) - (x.end - x.start));
    if (ranked.length === 0) return a.reject('there are no regions');
    const [best, runnerUp] = ranked;
    if (runnerUp) {
      const lead = (best.end - best.start) - (runnerUp.end - runnerUp.start);
      if (lead <= margin + EPSILON) {
        return a.reject(`ambiguous: the longest region \`${best.label}\` (${seconds(best.end - best.start)}) leads \`${runnerUp.label}\` `
          + `(${seconds(runnerUp.end - runnerUp.start)}) by ${seconds(lead)}, not more than the margin ${seconds(margin)}`);
      }
    }
    return best.value;
  }),

  define('earliest_region', (a) => {
    const margin = a.number('min_margin');
    const ranked = readRegions(a).sort(byStart);
    if (ranked.length === 0) return a.reject('there are no regions');
    const [best, runnerUp] = ranked;
    if (runnerUp) {
      const lead = runnerUp.start - best.start;
      if (lead <= margin + EPSILON) {
        return a.reject(`ambiguous: the earliest region \`${best.label}\` (at ${seconds(best.start)}) starts before \`${runnerUp.label}\` `
          + `(at ${seconds(runnerUp.start)}) by ${seconds(lead)}, not more than the margin ${seconds(margin)}`);
      }
    }
    return best.value;
  }),

  define('max_overlap', (a) => {
    // Spans are half-open: at one instant, ends count before starts, and an empty span is never active.
    const events = readRegions(a).filter((r) => r.end > r.start)
      .flatMap((r) => [{ time: r.start, delta: 1 }, { time: r.end, delta: -1 }])
      .sort((x, y) => x.time - y.time || x.delta - y.delta);
    let active = 0;
    let most = 0;
    for (const event of events) {
      active += event.delta;
      most = Math.max(most, active);
    }
    return most;
  }),

  define('region_labels', (a) => [...new Set(readRegions(a).sort(byStart).map((r) => r.label))]),

  define('total_duration', (a) => {
    const label = a.optionalString('label');
    const chosen = readRegions(a).filter((r) => label === null || r.label === label);
    return union(chosen).reduce((total, [start, end]) => total + (end - start), 0);
  }),

  define('durations_trace', (a) => {
    const digits = Math.min(Math.max(a.integer('digits'), 0), 12);
    const shown = (value: number) => roundHalfAway(value, digits).toFixed(digits);
    return readRegions(a).sort(byStart)
      // The duration is rounded from the exact difference, not computed from the rounded ends.
      .map((r) => `${r.label}: from ${shown(r.start)} s to ${shown(r.end)} s, lasting ${shown(r.end - r.start)} s.`)
      .join('\n');
  }),
];
