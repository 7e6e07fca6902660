// Agreement between two people's answers to one item, and over many items.
// Lists of regions, boxes, points or masks are compared by pairing them one to
// one within each label so that the summed overlap is as large as possible
// (an optimal assignment, not a greedy one: taking the best-overlapping pair
// first can leave the rest badly paired), then dividing by the longer list, so
// a missed or extra annotation counts as a zero.
import { isMaskValue, maskArea, maskRle } from '../../stdlib/functions/mask-bitmap.ts';
import type { Rle } from '../../stdlib/verifiers/rle.ts';
import { iou as boxIou } from '../../stdlib/verifiers/spatial.ts';
import { segmentIou } from '../../stdlib/verifiers/temporal.ts';
import type { BoxValue, PointValue, SegmentValue, Value } from '../values.ts';
import type { GateTask } from './types.ts';

/** Two answers whose item agreement reaches this agree without an adjudication. */
export const AGREEMENT_THRESHOLD = 0.5;

/** Two points of one label closer than this (pixels) are the same point. */
export const POINT_TOLERANCE_PX = 10;

/**
 * How far two answers to one item agree, in [0, 1]. A yes/no scores 1 when equal
 * and 0 otherwise; lists score the sum of their matched overlaps (IoU; for
 * points, 1 within `pointTolerance` pixels) over the length of the longer list,
 * and two empty lists score 1. A malformed answer throws: answers are checked
 * when they are recorded, so one here means the store is corrupt.
 */
export function itemAgreement(task: GateTask, a: Value, b: Value, pointTolerance = POINT_TOLERANCE_PX): number {
  switch (task) {
    case 'yes_no':
      return a === b ? 1 : 0;
    case 'audio_regions':
    case 'video_segments':
      return matchedAgreement(labelled(task, a, 'span', readSpan), labelled(task, b, 'span', readSpan), spanIou);
    case 'image_boxes':
      return matchedAgreement(labelled(task, a, 'box', readBox), labelled(task, b, 'box', readBox), boxValueIou);
    case 'image_masks':
      return matchedAgreement(labelled(task, a, 'mask', readMask), labelled(task, b, 'mask', readMask), maskIou);
    case 'image_points': {
      const near = (p: PointValue, q: PointValue) => (Math.hypot(p.x - q.x, p.y - q.y) <= pointTolerance ? 1 : 0);
      return matchedAgreement(labelled(task, a, 'point', readPoint), labelled(task, b, 'point', readPoint), near);
    }
  }
}

/** Whether two answers to one item agree well enough that no adjudication is needed. */
export function agrees(task: GateTask, a: Value, b: Value, pointTolerance = POINT_TOLERANCE_PX): boolean {
  if (task === 'yes_no') return a === b;
  return itemAgreement(task, a, b, pointTolerance) >= AGREEMENT_THRESHOLD;
}

/**
 * Cohen's kappa of two raters' yes/no answers over the same items: observed
 * agreement corrected for the agreement their yes rates would give by chance.
 * Null when it is undefined: no pairs, or both raters gave one and the same
 * answer throughout (chance agreement 1 makes the ratio 0/0; calling that 1
 * would claim a reliability that such data cannot show).
 */
export function cohensKappa(pairs: ReadonlyArray<readonly [boolean, boolean]>): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  let same = 0;
  let firstYes = 0;
  let secondYes = 0;
  for (const [first, second] of pairs) {
    if (first === second) same++;
    if (first) firstYes++;
    if (second) secondYes++;
  }
  // Chance agreement times n², in whole numbers so that "exactly 1" is tested exactly.
  const chanceTimesNSquared = firstYes * secondYes + (n - firstYes) * (n - secondYes);
  if (chanceTimesNSquared === n * n) return null;
  const observed = same / n;
  const chance = chanceTimesNSquared / (n * n);
  return (observed - chance) / (1 - chance);
}

interface Labelled<G> {
  readonly label: string;
  readonly geometry: G;
}

function matchedAgreement<G>(a: readonly Labelled<G>[], b: readonly Labelled<G>[], similarity: (x: G, y: G) => number): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  let matched = 0;
  for (const label of new Set(a.map((entry) => entry.label))) {
    const rows = a.filter((entry) => entry.label === label).map((entry) => entry.geometry);
    const columns = b.filter((entry) => entry.label === label).map((entry) => entry.geometry);
    if (columns.length === 0) continue;
    const weights = rows.map((row) => columns.map((column) => similarity(row, column)));
    for (const [i, j] of maxWeightAssignment(weights)) matched += weights[i][j];
  }
  return matched / longer;
}

/**
 * Row-column pairs of a non-empty rectangular matrix, each row and column used
 * at most once, with the largest total weight: the Hungarian algorithm
 * (Kuhn-Munkres with potentials, O(n²m)), exact for any size, so no greedy
 * fallback is needed.
 */
export function maxWeightAssignment(weights: readonly (readonly number[])[]): Array<[number, number]> {
  if (weights.length === 0 || weights[0].length === 0) return [];
  if (weights.length > weights[0].length) {
    const transposed = weights[0].map((_, j) => weights.map((row) => row[j]));
    return maxWeightAssignment(transposed).map(([j, i]) => [i, j]);
  }
  const n = weights.length;
  const m = weights[0].length;
  // 1-based, with row 0 / column 0 as the algorithm's sentinel; costs are negated weights.
  const rowPotential = new Float64Array(n + 1);
  const columnPotential = new Float64Array(m + 1);
  const rowOfColumn = new Int32Array(m + 1);
  const previousColumn = new Int32Array(m + 1);
  for (let row = 1; row <= n; row++) {
    rowOfColumn[0] = row;
    let column = 0;
    const slack = new Float64Array(m + 1).fill(Infinity);
    const visited = new Uint8Array(m + 1);
    do {
      visited[column] = 1;
      const current = rowOfColumn[column];
      let delta = Infinity;
      let next = 0;
      for (let j = 1; j <= m; j++) {
        if (visited[j]) continue;
        const reduced = -weights[current - 1][j - 1] - rowPotential[current] - columnPotential[j];
        if (reduced < slack[j]) { slack[j] = reduced; previousColumn[j] = column; }
        if (slack[j] < delta) { delta = slack[j]; next = j; }
      }
      for (let j = 0; j <= m; j++) {
        if (visited[j]) { rowPotential[rowOfColumn[j]] += delta; columnPotential[j] -= delta; } else slack[j] -= delta;
      }
      column = next;
    } while (rowOfColumn[column] !== 0);
    do {
      const previous = previousColumn[column];
      rowOfColumn[column] = rowOfColumn[previous];
      column = previous;
    } while (column !== 0);
  }
  const pairs: Array<[number, number]> = [];
  for (let j = 1; j <= m; j++) if (rowOfColumn[j] !== 0) pairs.push([rowOfColumn[j] - 1, j - 1]);
  return pairs.sort(([a], [b]) => a - b);
}

const spanIou = (a: SegmentValue, b: SegmentValue) =>
  segmentIou([Math.min(a.start, a.end), Math.max(a.start, a.end)], [Math.min(b.start, b.end), Math.max(b.start, b.end)]);

const boxValueIou = (a: BoxValue, b: BoxValue) => boxIou(boxCorners(a), boxCorners(b));

function boxCorners(box: BoxValue): [number, number, number, number] {
  return [Math.min(box.x1, box.x2), Math.min(box.y1, box.y2), Math.max(box.x1, box.x2), Math.max(box.y1, box.y2)];
}

/**
 * Intersection over union of two masks, walking both run lists together (as
 * pycocotools' rleIou does) rather than decoding bitmaps. Masks of different
 * sizes belong to different images and score 0; two empty masks of one size
 * are the same mask and score 1.
 */
function maskIou(a: Rle, b: Rle): number {
  if (a.size[0] !== b.size[0] || a.size[1] !== b.size[1]) return 0;
  let intersection = 0;
  let i = 0;
  let j = 0;
  let leftA = a.counts[0];
  let leftB = b.counts[0];
  while (i < a.counts.length && j < b.counts.length) {
    const step = Math.min(leftA, leftB);
    // Odd-numbered runs are the set pixels.
    if (i % 2 === 1 && j % 2 === 1) intersection += step;
    leftA -= step;
    leftB -= step;
    if (leftA === 0) leftA = a.counts[++i];
    if (leftB === 0) leftB = b.counts[++j];
  }
  const union = maskArea(a) + maskArea(b) - intersection;
  if (union === 0) return 1;
  return Math.round((intersection / union) * 1e9) / 1e9;
}

function labelled<G>(task: GateTask, value: Value, field: string, read: (geometry: Value) => G | null): Labelled<G>[] {
  const malformed = () => new TypeError(`a \`${task}\` answer must be a list of {label, ${field}}, found ${JSON.stringify(value)?.slice(0, 200)}`);
  if (!Array.isArray(value)) throw malformed();
  return (value as readonly Value[]).map((entry) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw malformed();
    const fields = entry as { readonly [field: string]: Value };
    const geometry = fields[field] === undefined ? null : read(fields[field]);
    if (typeof fields.label !== 'string' || geometry === null) throw malformed();
    return { label: fields.label, geometry };
  });
}

const finite = (value: Value | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

function fieldsOf(value: Value): { readonly [field: string]: Value } | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { readonly [field: string]: Value }) : null;
}

function readSpan(value: Value): SegmentValue | null {
  const span = fieldsOf(value);
  return span && finite(span.start) && finite(span.end) ? { start: span.start, end: span.end } : null;
}

function readBox(value: Value): BoxValue | null {
  const box = fieldsOf(value);
  return box && finite(box.x1) && finite(box.y1) && finite(box.x2) && finite(box.y2) ? { x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2 } : null;
}

function readPoint(value: Value): PointValue | null {
  const point = fieldsOf(value);
  return point && finite(point.x) && finite(point.y) ? { x: point.x, y: point.y } : null;
}

function readMask(value: Value): Rle | null {
  return isMaskValue(value) ? maskRle(value) : null;
}
