import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGREEMENT_THRESHOLD, agrees, cohensKappa, itemAgreement, maxWeightAssignment } from '../../runtime/human/agreement.ts';
import type { Value } from '../../runtime/values.ts';
import { maskFromPixels } from '../../stdlib/functions/mask-bitmap.ts';

const span = (label: string, start: number, end: number): Value => ({ label, span: { start, end } });
const box = (label: string, x1: number, y1: number, x2: number, y2: number): Value => ({ label, box: { x1, y1, x2, y2 } });
const point = (label: string, x: number, y: number): Value => ({ label, point: { x, y } });

/** A 4x4 mask from rows drawn as strings of `#` (set) and `.`. */
function mask(label: string, ...rows: string[]): Value {
  const pixels = rows.flatMap((row) => [...row].map((c) => (c === '#' ? 1 : 0)));
  return { label, mask: maskFromPixels(pixels, rows.length, rows[0].length) };
}

/** Cohen's table as pairs: `yy` both said yes, `yn` the first yes and the second no, and so on. */
function table(yy: number, yn: number, ny: number, nn: number): Array<[boolean, boolean]> {
  const repeat = (n: number, pair: [boolean, boolean]) => Array.from({ length: n }, () => pair);
  return [...repeat(yy, [true, true]), ...repeat(yn, [true, false]), ...repeat(ny, [false, true]), ...repeat(nn, [false, false])];
}

describe("Cohen's kappa", () => {
  it('works the classic 2x2 example: 50 items, 20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no', () => {
    // Observed 35/50 = 0.7; the first says yes 25/50, the second 30/50, so chance
    // agreement is 0.5 * 0.6 + 0.5 * 0.4 = 0.5, and kappa = (0.7 - 0.5) / (1 - 0.5).
    expect(cohensKappa(table(20, 5, 10, 15))).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement on both answers and -1 for systematic disagreement', () => {
    expect(cohensKappa(table(3, 0, 0, 2))).toBe(1);
    expect(cohensKappa(table(0, 2, 2, 0))).toBe(-1);
  });

  it('is 0 when agreement is exactly what chance gives', () => {
    // Both say yes half the time: chance 0.5, observed 2/4.
    expect(cohensKappa(table(1, 1, 1, 1))).toBe(0);
  });

  it('is undefined (null) without pairs, or when both gave one and the same answer throughout', () => {
    expect(cohensKappa([])).toBeNull();
    expect(cohensKappa(table(4, 0, 0, 0))).toBeNull();
    expect(cohensKappa(table(0, 0, 0, 4))).toBeNull();
  });

  it('is defined when only one rater never varies', () => {
    // Observed 2/4; the first always yes, the second yes half the time: chance 0.5, kappa 0.
    expect(cohensKappa(table(2, 2, 0, 0))).toBe(0);
  });
});

describe('yes/no agreement', () => {
  it('scores 1 for equal answers and 0 otherwise', () => {
    expect(itemAgreement('yes_no', true, true)).toBe(1);
    expect(itemAgreement('yes_no', false, false)).toBe(1);
    expect(itemAgreement('yes_no', true, false)).toBe(0);
    expect(agrees('yes_no', false, false)).toBe(true);
    expect(agrees('yes_no', true, false)).toBe(false);
  });
});

describe('matched IoU of regions, segments and boxes', () => {
  it('scores identical lists 1 whatever their order', () => {
    const a = [span('dog', 0, 2), span('cat', 3, 5)];
    expect(itemAgreement('audio_regions', a, [...a].reverse())).toBe(1);
  });

  it('takes the optimal one-to-one assignment, where a greedy matcher would not', () => {
    const a = [span('speech', 0, 10), span('speech', 0, 6)];
    const b = [span('speech', 0, 9), span('speech', 2, 10)];
    // IoU:            b[0]=[0,9]   b[1]=[2,10]
    //   a[0]=[0,10]     0.9          0.8
    //   a[1]=[0,6]      6/9          0.4
    // Greedy takes the best pair first (0.9) and is left with 0.4: (0.9 + 0.4) / 2 = 0.65.
    // The optimum pairs across: (0.8 + 2/3) / 2 = 0.7333...
    expect(itemAgreement('video_segments', a, b)).toBeCloseTo((0.8 + 2 / 3) / 2, 8);
  });

  it('matches within a label only: the same geometry under another label scores 0', () => {
    expect(itemAgreement('audio_regions', [span('dog', 0, 1)], [span('cat', 0, 1)])).toBe(0);
    expect(itemAgreement('image_boxes', [box('car', 0, 0, 10, 10)], [box('truck', 0, 0, 10, 10)])).toBe(0);
    // dog pairs with dog (IoU 0.5) and cat with cat (1), never dog with cat (which would be 1).
    expect(itemAgreement('audio_regions', [span('dog', 0, 10), span('cat', 0, 10)], [span('cat', 0, 10), span('dog', 0, 5)])).toBe(0.75);
  });

  it('divides by the longer list, so a missed annotation counts as 0', () => {
    const car = box('car', 0, 0, 10, 10);
    expect(itemAgreement('image_boxes', [car, box('car', 20, 20, 30, 30)], [car])).toBe(0.5);
    expect(itemAgreement('image_boxes', [car], [car, box('car', 20, 20, 30, 30), box('car', 40, 40, 50, 50)])).toBeCloseTo(1 / 3, 12);
  });

  it('scores two empty lists 1 and an empty against a non-empty one 0', () => {
    expect(itemAgreement('image_boxes', [], [])).toBe(1);
    expect(itemAgreement('audio_regions', [], [span('dog', 0, 1)])).toBe(0);
    expect(itemAgreement('audio_regions', [span('dog', 0, 1)], [])).toBe(0);
  });

  it('computes box IoU, reading corners in either order', () => {
    // Overlap 5x10 = 50, union 100 + 100 - 50 = 150.
    expect(itemAgreement('image_boxes', [box('car', 0, 0, 10, 10)], [box('car', 5, 0, 15, 10)])).toBeCloseTo(1 / 3, 9);
    expect(itemAgreement('image_boxes', [box('car', 10, 10, 0, 0)], [box('car', 0, 0, 10, 10)])).toBe(1);
  });

  it('agrees at the threshold and not below it', () => {
    expect(AGREEMENT_THRESHOLD).toBe(0.5);
    const car = box('car', 0, 0, 10, 10);
    expect(agrees('image_boxes', [car], [box('car', 0, 0, 10, 5)])).toBe(true); // IoU 0.5
    expect(agrees('image_boxes', [car], [box('car', 0, 0, 10, 4)])).toBe(false); // IoU 0.4
  });

  it('throws on an answer that is not a list of labelled geometry', () => {
    expect(() => itemAgreement('image_boxes', true, [])).toThrow(/`image_boxes` answer must be a list of \{label, box\}/);
    expect(() => itemAgreement('audio_regions', [{ label: 'dog', box: { x1: 0, y1: 0, x2: 1, y2: 1 } }], [])).toThrow(/\{label, span\}/);
    expect(() => itemAgreement('audio_regions', [{ span: { start: 0, end: 1 } }], [])).toThrow(/\{label, span\}/);
  });
});

describe('mask agreement', () => {
  const leftHalf = mask('cell', '##..', '##..', '##..', '##..');
  const topLeft = mask('cell', '##..', '##..', '....', '....');
  const rightHalf = mask('cell', '..##', '..##', '..##', '..##');

  it('computes mask IoU from the run lengths', () => {
    expect(itemAgreement('image_masks', [leftHalf], [leftHalf])).toBe(1);
    expect(itemAgreement('image_masks', [leftHalf], [topLeft])).toBe(0.5); // 4 / 8
    expect(itemAgreement('image_masks', [leftHalf], [rightHalf])).toBe(0);
    // An L shape (4 pixels) against the top-left square (4): overlap 3, union 5.
    expect(itemAgreement('image_masks', [mask('cell', '##..', '#...', '#...', '....')], [topLeft])).toBe(0.6);
  });

  it('reads uncompressed counts as well as the compressed string', () => {
    // Column-major runs of the left half: no background first, 8 set, 8 unset.
    const uncompressed: Value = { label: 'cell', mask: { size: [4, 4], counts: [0, 8, 8] } };
    expect(itemAgreement('image_masks', [uncompressed], [leftHalf])).toBe(1);
    expect(itemAgreement('image_masks', [uncompressed], [topLeft])).toBe(0.5);
  });

  it('pairs masks by overlap, not by position in the list', () => {
    const a = [leftHalf, rightHalf];
    const b = [mask('cell', '..##', '..##', '....', '....'), topLeft];
    // leftHalf with topLeft (0.5) and rightHalf with the top-right square (0.5).
    expect(itemAgreement('image_masks', a, b)).toBe(0.5);
  });

  it('scores masks of different sizes 0, and two empty masks of one size 1', () => {
    const wide = mask('cell', '##....', '##....', '##....', '##....');
    expect(itemAgreement('image_masks', [leftHalf], [wide])).toBe(0);
    const empty = mask('cell', '....', '....', '....', '....');
    expect(itemAgreement('image_masks', [empty], [empty])).toBe(1);
  });
});

describe('point agreement', () => {
  it('counts two points of one label as a match within the tolerance (10 px by default)', () => {
    expect(itemAgreement('image_points', [point('eye', 0, 0)], [point('eye', 6, 8)])).toBe(1); // exactly 10 px
    expect(itemAgreement('image_points', [point('eye', 0, 0)], [point('eye', 6, 8.1)])).toBe(0);
    expect(itemAgreement('image_points', [point('eye', 0, 0)], [point('nose', 0, 0)])).toBe(0);
  });

  it('takes the tolerance as a parameter', () => {
    expect(itemAgreement('image_points', [point('eye', 0, 0)], [point('eye', 6, 8)], 5)).toBe(0);
    expect(itemAgreement('image_points', [point('eye', 0, 0)], [point('eye', 20, 0)], 25)).toBe(1);
    expect(agrees('image_points', [point('eye', 0, 0)], [point('eye', 20, 0)], 25)).toBe(true);
    expect(agrees('image_points', [point('eye', 0, 0)], [point('eye', 20, 0)])).toBe(false);
  });

  it('matches as many points as possible, where pairing the nearest first would not', () => {
    // b[0] is nearest a[0] (4 px); pairing them first (or taking the first pair in
    // reach) leaves a[1] and b[1] 20 px apart: 1 / 2. Pairing across (8 px each) matches both.
    const a = [point('eye', 12, 0), point('eye', 0, 0)];
    const b = [point('eye', 8, 0), point('eye', 20, 0)];
    expect(itemAgreement('image_points', a, b)).toBe(1);
    expect(itemAgreement('image_points', a, [point('eye', 8, 0)])).toBe(0.5);
  });
});

describe('maximum-weight assignment', () => {
  it('pairs rows and columns for the largest total, in either orientation', () => {
    expect(maxWeightAssignment([[0.9, 0.8], [2 / 3, 0.4]])).toEqual([[0, 1], [1, 0]]);
    expect(maxWeightAssignment([[1, 0], [5, 1], [0, 3]])).toEqual([[1, 0], [2, 1]]);
    expect(maxWeightAssignment([])).toEqual([]);
  });

  it('matches exhaustive search on small matrices', () => {
    const matrix = fc.integer({ min: 1, max: 4 }).chain((rows) =>
      fc.integer({ min: 1, max: 4 }).chain((columns) =>
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows })));
    fc.assert(fc.property(matrix, (weights) => {
      const pairs = maxWeightAssignment(weights);
      expect(new Set(pairs.map(([i]) => i)).size).toBe(pairs.length);
      expect(new Set(pairs.map(([, j]) => j)).size).toBe(pairs.length);
      const total = pairs.reduce((sum, [i, j]) => sum + weights[i][j], 0);
      expect(total).toBeCloseTo(bestByExhaustiveSearch(weights), 9);
    }));
  });
});

function bestByExhaustiveSearch(weights: readonly (readonly number[])[], row = 0, used = new Set<number>()): number {
  if (row === weights.length) return 0;
  let best = bestByExhaustiveSearch(weights, row + 1, used); // this row left unpaired
  weights[row].forEach((weight, column) => {
    if (used.has(column)) return;
    used.add(column);
    best = Math.max(best, weight + bestByExhaustiveSearch(weights, row + 1, used));
    used.delete(column);
  });
  return best;
}
