// What every generator plans the same way: how many items, their keys, the
// difficulty each one aims at, and draws from a record's random stream.
import type { Json } from '../../compiler/lower/dag-schema.ts';
import { randomFor, shuffled, type RandomStream } from '../../runtime/evaluate/random.ts';
import type { SourceContext } from '../../runtime/sources/source-item.ts';

/** `math-000000042`: zero-padded so keys sort in generation order. */
export function itemKey(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(9, '0')}`;
}

/** `count`, or `--limit` when it is smaller. */
export function itemCount(params: Record<string, Json>, context: SourceContext): number {
  const count = Math.max(0, Math.floor(Number(params.count ?? 0)));
  return context.limit === undefined ? count : Math.min(count, Math.max(0, context.limit));
}

export interface DifficultyBand {
  readonly min: number;
  readonly max: number;
}

export function difficultyBand(params: Record<string, Json>): DifficultyBand {
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  const a = clamp(Number(params.min_difficulty ?? 0));
  const b = clamp(Number(params.max_difficulty ?? 1));
  return { min: Math.min(a, b), max: Math.max(a, b) };
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The difficulty each item aims at, by index. A golden-ratio sequence (from an
 * offset drawn from the seed) covers the band evenly in every prefix, so
 * `--limit 50` still spans easy to hard, unlike independent draws that clump.
 */
export function difficultySchedule(band: DifficultyBand, context: SourceContext): (index: number) => number {
  const offset = randomFor(context.seed, context.nodeId, '', 'difficulty-offset')();
  return (index) => round(band.min + (band.max - band.min) * ((offset + index * GOLDEN) % 1), 4);
}

/**
 * The position (0-3 for A-D) of the correct option of item `index`. Each run of
 * four consecutive items uses every position once, in an order drawn from the
 * seed, so letters are balanced in any prefix and hold no pattern to learn.
 */
export function balancedPosition(context: SourceContext, index: number, options = 4): number {
  const block = Math.floor(index / options);
  const order = shuffled([...Array(options).keys()], randomFor(context.seed, context.nodeId, `block-${block}`, 'answer-position'));
  return order[index % options];
}

/** The kinds asked for, each used for an equal share of items, in a round robin. */
export function kindAt<T extends string>(kinds: readonly T[], index: number): T {
  return kinds[index % kinds.length];
}

/** An integer in [lo, hi], both included. */
export function intBetween(random: RandomStream, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

export function pick<T>(random: RandomStream, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** `count` distinct items in a drawn order. */
export function pickDistinct<T>(random: RandomStream, items: readonly T[], count: number): T[] {
  return shuffled(items, random).slice(0, count);
}

/** From `easy` at difficulty 0 to `hard` at difficulty 1, rounded to an integer. */
export function scaleInt(difficulty: number, easy: number, hard: number): number {
  return Math.round(easy + (hard - easy) * difficulty);
}

export function lerp(difficulty: number, easy: number, hard: number): number {
  return easy + (hard - easy) * difficulty;
}

export function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}
