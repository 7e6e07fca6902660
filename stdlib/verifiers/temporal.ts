// Temporal verifiers: a time span scored by its overlap with the ground-truth
// segment, and a duration checked against the exact one within a tolerance.
import { z } from 'zod';
import { anchoredAnswer, answerRegion, lastBoxed } from './answer-region.ts';
import { finite, parseTruth } from './params.ts';
import { findTimeValues, TIME_VALUE, parseTimeValue } from './time-text.ts';
import type { ScoreResult, Verifier } from './types.ts';

type Segment = [number, number];

const SEGMENT = new RegExp(
  String.raw`(?<![\d.:])(${TIME_VALUE})\s*(?:-|–|—|~|to|until|and|,)\s*(${TIME_VALUE})`,
  'g',
);

/** The last `start - end` span in the response (`[12.5, 30]`, `from 0:12 to 0:30`, `12 s – 30 s`), in order. */
export function extractSegment(response: string): Segment | null {
  const region = answerRegion(response);
  let last: Segment | null = null;
  for (const match of region.matchAll(SEGMENT)) {
    const start = parseTimeValue(match[1]);
    const end = parseTimeValue(match[2]);
    if (start !== null && end !== null) last = [Math.min(start, end), Math.max(start, end)];
  }
  return last;
}

export function segmentIou(a: Segment, b: Segment): number {
  const intersection = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
  const union = Math.max(a[1], b[1]) - Math.min(a[0], b[0]);
  if (union <= 0) return a[0] === b[0] ? 1 : 0;
  return Math.round((intersection / union) * 1e9) / 1e9;
}

const SegmentTruth = z.tuple([finite, finite]).refine(([s, e]) => s >= 0 && s < e, 'need 0 <= start < end');

const SegmentParams = z.strictObject({
  threshold: z.number().min(0).max(1).default(0.5),
  binary: z.boolean().default(false),
});
type SegmentParams = z.infer<typeof SegmentParams>;

export const segmentIouVerifier: Verifier<SegmentParams> = {
  name: 'segment_iou',
  version: '1.0.0',
  params: SegmentParams,
  score(response, truth, params): ScoreResult {
    const expected = parseTruth('segment_iou', SegmentTruth, truth, 'a segment [start, end] in seconds with 0 <= start < end');
    const found = extractSegment(response);
    if (!found) return { score: null, parsed: null, detail: 'no time span found' };
    const overlap = segmentIou(found, expected);
    return { score: params.binary ? (overlap >= params.threshold ? 1 : 0) : overlap, parsed: found, detail: `IoU ${overlap.toFixed(4)}` };
  },
  renderTruth(truth) {
    const [start, end] = parseTruth('segment_iou', SegmentTruth, truth, 'a segment [start, end] in seconds');
    return `[${plainNumber(start)}, ${plainNumber(end)}]`;
  },
};

/** The boxed or stated answer if there is one, else the whole response; its last time value. */
export function extractDuration(response: string): number | null {
  const region = answerRegion(response);
  const focus = lastBoxed(region) ?? anchoredAnswer(region) ?? region;
  const cleaned = focus.replace(/\\text\{([^{}]*)\}/g, ' $1').replace(/\\,|~/g, ' ');
  const values = findTimeValues(cleaned);
  return values.length > 0 ? values[values.length - 1].seconds : null;
}

const DurationParams = z.strictObject({
  abs_tol: z.number().min(0).default(0.5),
  rel_tol: z.number().min(0).max(1).default(0),
});
type DurationParams = z.infer<typeof DurationParams>;

const SecondsTruth = finite.refine((v) => v >= 0, 'durations are not negative');

export const duration: Verifier<DurationParams> = {
  name: 'duration',
  version: '1.0.0',
  params: DurationParams,
  score(response, truth, params): ScoreResult {
    const expected = parseTruth('duration', SecondsTruth, truth, 'a duration in seconds (a number >= 0)');
    const seconds = extractDuration(response);
    if (seconds === null) return { score: null, parsed: null, detail: 'no duration found' };
    const error = Math.abs(seconds - expected);
    const ok = error <= Math.max(params.abs_tol, params.rel_tol * expected) + 1e-9;
    return { score: ok ? 1 : 0, parsed: seconds, detail: `off by ${Number(error.toFixed(6))} s` };
  },
  renderTruth(truth) {
    return `${plainNumber(parseTruth('duration', SecondsTruth, truth, 'a duration in seconds'))} seconds`;
  },
};

/** Decimal notation, never `1e-7`: time values are not read in exponent form. */
function plainNumber(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(12).replace(/0+$/, '').replace(/\.$/, '') : text;
}
