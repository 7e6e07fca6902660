// What the three scene generators (geometric scenes, audio scenes, motion
// clips) share: reading their registry parameters, record keys, the
// difficulty band, and multiple-choice letters balanced across A-D.
import type { Json } from '../../compiler/lower/dag-schema.ts';
import { randomFor, shuffled, type RandomStream } from '../../runtime/evaluate/random.ts';
import type { SourceContext } from '../../runtime/sources/source-item.ts';

export const LETTERS = ['A', 'B', 'C', 'D'] as const;

/** A generator's parameters, read by name with the type the registry declares (the compiler filled in defaults). */
export class GeneratorParams {
  constructor(private readonly generator: string, private readonly params: Record<string, Json>) {}

  number(name: string, check: (value: number) => boolean = Number.isFinite, expected = 'a finite number'): number {
    const value = this.params[name];
    if (typeof value !== 'number' || !check(value)) {
      throw new Error(`\`${this.generator}\` parameter \`${name}\` should be ${expected}, found ${JSON.stringify(value)}`);
    }
    return value;
  }

  integer(name: string, least: number): number {
    return this.number(name, (v) => Number.isInteger(v) && v >= least, `a whole number of at least ${least}`);
  }

  positive(name: string): number {
    return this.number(name, (v) => Number.isFinite(v) && v > 0, 'a positive number');
  }

  choice<T extends string>(name: string, members: readonly T[]): T {
    const value = this.params[name];
    if (typeof value !== 'string' || !members.includes(value as T)) {
      throw new Error(`\`${this.generator}\` parameter \`${name}\` should be one of ${members.join(', ')}, found ${JSON.stringify(value)}`);
    }
    return value as T;
  }

  /** `min_difficulty` .. `max_difficulty`, checked to lie in [0, 1] in order. */
  band(): DifficultyBand {
    const min = this.number('min_difficulty', (v) => v >= 0 && v <= 1, 'between 0 and 1');
    const max = this.number('max_difficulty', (v) => v >= 0 && v <= 1, 'between 0 and 1');
    if (min > max) throw new Error(`\`${this.generator}\`: \`min_difficulty\` ${min} is above \`max_difficulty\` ${max}`);
    return { min, max };
  }

  /** How many records to yield: `count`, or the run's `--limit` when smaller. */
  total(context: SourceContext): number {
    const count = this.integer('count', 0);
    return context.limit === undefined ? count : Math.min(count, context.limit);
  }
}

export interface DifficultyBand { readonly min: number; readonly max: number }

/** `prefix-000000042`: zero-padded so keys sort in generation order. */
export function recordKey(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(9, '0')}`;
}

/** The difficulty a record is built for, uniform in the band. */
export function targetDifficulty(random: RandomStream, band: DifficultyBand): number {
  return band.min + (band.max - band.min) * random();
}

/**
 * The difficulty a record reports: the one every knob of its generation was
 * set from (sizes, counts, overlap, noise, speed), so difficulties spread
 * evenly over the band; kept inside the band, to four decimals.
 */
export function reportedDifficulty(difficulty: number, band: DifficultyBand): number {
  const clamped = Math.min(band.max, Math.max(band.min, difficulty));
  return Math.round(clamped * 1e4) / 1e4;
}

export function lerp(from: number, to: number, t: number): number {
  return from + (to - from) * t;
}

/**
 * The index (0-3) of the correct option for the record at `index`. Each run
 * of four consecutive records uses every letter once, in an order drawn
 * from the seed, so any prefix of the output is balanced to within one per
 * letter, and no letter is a better constant guess than another.
 */
export function balancedLetterIndex(context: SourceContext, index: number): number {
  const block = Math.floor(index / LETTERS.length);
  const order = shuffled([0, 1, 2, 3], randomFor(context.seed, context.nodeId, `letters-${block}`, 'letter order'));
  return order[index % LETTERS.length];
}

/** The options with the correct one at `letterIndex` and the distractors in the other places, in the order given. */
export function placeAnswer(correct: string, distractors: readonly string[], letterIndex: number): string[] {
  if (distractors.length !== LETTERS.length - 1) throw new Error(`expected ${LETTERS.length - 1} distractors, found ${distractors.length}`);
  const options = [...distractors];
  options.splice(letterIndex, 0, correct);
  return options;
}

/** "1.25 s": seconds for traces, to the hundredth. */
export function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(2)} s`;
}

/**
 * `build(0)`, `build(1)`, … yielded in index order, with up to `window`
 * under way at once: one record's encoding (on libuv's threads, or in a
 * child process) overlaps the next one's drawing. Memory stays bounded by
 * the window.
 */
export async function* inOrder<T>(total: number, build: (index: number) => Promise<T>, window = 4): AsyncGenerator<T> {
  const pending: Promise<T>[] = [];
  let next = 0;
  const start = () => {
    const promise = build(next++);
    // Awaited in turn below; this only keeps a failure that is not yet awaited from counting as unhandled.
    promise.catch(() => undefined);
    pending.push(promise);
  };
  while (next < total && pending.length < window) start();
  while (pending.length > 0) {
    const result = await pending.shift()!;
    if (next < total) start();
    yield result;
  }
}
