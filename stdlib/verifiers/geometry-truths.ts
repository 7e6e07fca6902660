// Ground-truth shapes for the spatial verifiers, validated once with readable errors.
import { z } from 'zod';
import { finite, parseTruth } from './params.ts';
import { decodeCountsString, type Rle } from './rle.ts';
import type { Box } from './coordinates.ts';
import { VerifierInputError } from './types.ts';

const BoxTruth = z.tuple([finite, finite, finite, finite])
  .refine(([x1, y1, x2, y2]) => x1 <= x2 && y1 <= y2, 'corners out of order');

export function parseBoxTruth(verifier: string, truth: unknown): Box {
  return parseTruth(verifier, BoxTruth, truth, 'a box [x1, y1, x2, y2] with x1 <= x2 and y1 <= y2');
}

const RleTruth = z.object({
  size: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  counts: z.union([z.string(), z.array(z.number().int().nonnegative())]),
});

const rleCache = new Map<string, Rle>();

/** A COCO RLE mask `{size: [h, w], counts}`; compressed counts are decoded once per distinct string. */
export function parseMaskTruth(verifier: string, truth: unknown): Rle {
  const raw = parseTruth(verifier, RleTruth, truth, 'a COCO RLE mask {size: [h, w], counts}');
  let counts: number[];
  if (typeof raw.counts === 'string') {
    const cached = rleCache.get(raw.counts);
    if (cached) return { size: raw.size, counts: cached.counts };
    try {
      counts = decodeCountsString(raw.counts);
    } catch (error) {
      throw new VerifierInputError(`bad ground truth for verifier \`${verifier}\`: ${(error as Error).message}`, { cause: error });
    }
  } else {
    counts = raw.counts;
  }
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total !== raw.size[0] * raw.size[1]) {
    throw new VerifierInputError(
      `bad ground truth for verifier \`${verifier}\`: RLE runs cover ${total} pixels, size ${raw.size[0]}x${raw.size[1]} has ${raw.size[0] * raw.size[1]}`,
    );
  }
  const rle: Rle = { size: raw.size, counts };
  if (typeof raw.counts === 'string') {
    if (rleCache.size > 1000) rleCache.clear();
    rleCache.set(raw.counts, rle);
  }
  return rle;
}
