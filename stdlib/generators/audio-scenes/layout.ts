// Where each sound sits in the clip. Times are on a 10 ms grid. Any two
// sounds either overlap by at least SEPARATION or leave a gap of at least
// that much, so "how many at once" never hinges on a few milliseconds
// (for intervals, pairwise overlaps of SEPARATION imply a common stretch of
// SEPARATION, so the maximum count is held for that long).
import type { RandomStream } from '../../../runtime/evaluate/random.ts';

export const SEPARATION = 0.2;
const EDGE = 0.2;
const GRID = 100;

export interface Span { readonly start: number; readonly end: number }

export interface Placement extends Span { readonly label: string }

/** Times on the 10 ms grid, as exact decimals. */
export function onGrid(seconds: number): number {
  return Math.round(seconds * GRID) / GRID;
}

/** Whether two spans overlap or keep apart clearly. */
export function clearlyApart(a: Span, b: Span): boolean {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return overlap >= SEPARATION - 1e-9 || -overlap >= SEPARATION - 1e-9;
}

/** The most spans sounding at one moment, and the first stretch where that many do. */
export function peakOverlap(spans: readonly Span[]): { count: number; from: number; to: number } {
  const events = spans.flatMap((s) => [{ t: s.start, d: 1 }, { t: s.end, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
  let active = 0;
  let best = { count: 0, from: 0, to: 0 };
  events.forEach((event, i) => {
    active += event.d;
    if (active > best.count) best = { count: active, from: event.t, to: events[i + 1]?.t ?? event.t };
  });
  return best;
}

/**
 * Starts for sounds of the given lengths, each tried at random places until
 * it keeps clear of the others and the count at any moment stays within
 * `maxOverlap`; null when some sound finds no place. With `overlapBias`, that
 * share of the tries lands a sound across one already placed.
 */
export function placeSounds(
  sounds: ReadonlyArray<{ label: string; duration: number }>, clip: number, maxOverlap: number, overlapBias: number, random: RandomStream,
  tries = 200,
): Placement[] | null {
  const placed: Placement[] = [];
  for (const sound of sounds) {
    const latest = clip - EDGE - sound.duration;
    if (latest < EDGE) return null;
    let found: Placement | null = null;
    for (let attempt = 0; attempt < tries && !found; attempt++) {
      let from = EDGE;
      let to = latest;
      if (maxOverlap > 1 && placed.length > 0 && random() < overlapBias) {
        const anchor = placed[Math.floor(random() * placed.length)];
        from = Math.max(EDGE, anchor.start - sound.duration + SEPARATION);
        to = Math.min(latest, anchor.end - SEPARATION);
        if (to < from) continue;
      }
      const start = onGrid(from + random() * (to - from));
      const candidate = { label: sound.label, start, end: onGrid(start + sound.duration) };
      if (placed.every((p) => clearlyApart(p, candidate)) && peakOverlap([...placed, candidate]).count <= maxOverlap) found = candidate;
    }
    if (!found) return null;
    placed.push(found);
  }
  return placed;
}
