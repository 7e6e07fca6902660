import { describe, expect, it } from 'vitest';
import { scoreWith } from '../../stdlib/verifiers/index.ts';
import { extractBox, extractPoint } from '../../stdlib/verifiers/coordinates.ts';
import { decodeCountsString, encodeCountsString, encodeMask, maskHas } from '../../stdlib/verifiers/rle.ts';

describe('point extraction', () => {
  it.each([
    ['(12, 40)', [12, 40]],
    ['[12.5, 40]', [12.5, 40]],
    ['<point>12, 40</point>', [12, 40]],
    ['<point>(12,40)</point>', [12, 40]],
    ['<point x="12.5" y="40.1" alt="dog">dog</point>', [12.5, 40.1]],
    ['{"x": 3, "y": 4}', [3, 4]],
    ['first (1, 2) then finally (30, 40)', [30, 40]],
    ['<think>(1, 1)</think> I point at (5, 6)', [5, 6]],
  ])('%s', (response, point) => {
    expect(extractPoint(response)).toEqual(point);
  });

  it('ignores boxes and text without points', () => {
    expect(extractPoint('[1, 2, 3, 4]')).toBeNull();
    expect(extractPoint('somewhere on the left')).toBeNull();
  });
});

describe('box extraction', () => {
  it.each([
    ['[10, 20, 30, 40]', [10, 20, 30, 40]],
    ['{"bbox_2d": [10, 20, 30, 40]}', [10, 20, 30, 40]],
    ['<|box_start|>(10,20),(30,40)<|box_end|>', [10, 20, 30, 40]],
    ['<box>(30,40),(10,20)</box>', [10, 20, 30, 40]],
    ['{"x1": 1, "y1": 2, "x2": 3, "y2": 4}', [1, 2, 3, 4]],
    ['[0, 0, 5, 5] and then [10, 20, 30, 40]', [10, 20, 30, 40]],
  ])('%s', (response, box) => {
    expect(extractBox(response)).toEqual(box);
  });
});

describe('point_in_box', () => {
  const truth = [10, 30, 20, 50];
  it.each([
    ['(15, 40)', 1], ['(10, 30)', 1], ['(20, 50)', 1], ['(20.01, 40)', 0], ['(15, 29)', 0], ['nowhere', null],
  ])('%s -> %s', (response, score) => {
    expect(scoreWith({ name: 'point_in_box' }, response, truth).score).toBe(score);
  });

  it('rescales answers on a 0-1000 grid against a normalised box', () => {
    expect(scoreWith({ name: 'point_in_box', params: { point_scale: 1000 } }, '(150, 400)', [0.1, 0.3, 0.2, 0.5]).score).toBe(1);
  });

  it('rejects a box with corners out of order', () => {
    expect(() => scoreWith({ name: 'point_in_box' }, '(1, 1)', [5, 5, 1, 1])).toThrow(/x1 <= x2/);
  });
});

describe('COCO RLE', () => {
  // 4x4 image with the 2x2 block of rows 1-2, columns 1-2 set (pycocotools' layout: column-major, zeros first).
  const block = Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]);

  it('encodes column-major runs starting with zeros', () => {
    expect(encodeMask(block, 4, 4).counts).toEqual([5, 2, 2, 2, 5]);
  });

  it('reads and writes the compressed counts string', () => {
    expect(encodeCountsString([5, 2, 2, 2, 5])).toBe('52203');
    expect(decodeCountsString('52203')).toEqual([5, 2, 2, 2, 5]);
    // A run shorter than the one two before is stored as a negative difference.
    expect(encodeCountsString([10, 3, 2, 1])).toBe(':32N');
    expect(decodeCountsString(':32N')).toEqual([10, 3, 2, 1]);
  });

  it('round-trips long runs that need several 5-bit groups', () => {
    const counts = [0, 70000, 3, 1, 250000, 2, 17];
    expect(decodeCountsString(encodeCountsString(counts))).toEqual(counts);
  });

  it('looks up pixels by (column, row)', () => {
    const rle = encodeMask(block, 4, 4);
    expect(maskHas(rle, 1, 1)).toBe(true);
    expect(maskHas(rle, 2, 2)).toBe(true);
    expect(maskHas(rle, 0, 1)).toBe(false);
    expect(maskHas(rle, 3, 3)).toBe(false);
    expect(maskHas(rle, 9, 1)).toBe(false);
  });

  it('tells rows from columns on a non-square mask', () => {
    // 2 rows x 3 columns, only row 0 column 2 set.
    const rle = encodeMask(Uint8Array.from([0, 0, 1, 0, 0, 0]), 2, 3);
    expect(rle.counts).toEqual([4, 1, 1]);
    expect(maskHas(rle, 2, 0)).toBe(true);
    expect(maskHas(rle, 0, 2)).toBe(false);
  });
});

describe('point_in_mask', () => {
  const pixels = new Uint8Array(10 * 8);
  for (let y = 2; y < 5; y++) for (let x = 3; x < 7; x++) pixels[y * 8 + x] = 1;
  const raw = encodeMask(pixels, 10, 8);
  const compressed = { size: raw.size, counts: encodeCountsString(raw.counts) };

  it.each([
    ['(4, 3)', 1], ['(6.99, 4.99)', 1], ['(3, 2)', 1], ['(7, 3)', 0], ['(4, 5)', 0], ['(2.99, 3)', 0], ['(-1, 3)', 0], ['(100, 100)', 0],
  ])('%s -> %s (compressed and uncompressed counts)', (response, score) => {
    expect(scoreWith({ name: 'point_in_mask' }, response, compressed).score).toBe(score);
    expect(scoreWith({ name: 'point_in_mask' }, response, raw).score).toBe(score);
  });

  it('accepts near misses within the tolerance', () => {
    expect(scoreWith({ name: 'point_in_mask', params: { tolerance: 1 } }, '(2, 3)', raw).score).toBe(1);
    expect(scoreWith({ name: 'point_in_mask', params: { tolerance: 1 } }, '(1, 3)', raw).score).toBe(0);
  });

  it('renders an interior point, and refuses an empty mask', () => {
    expect(scoreWith({ name: 'point_in_mask' }, '(4, 3)', raw).score).toBe(1);
    const empty = encodeMask(new Uint8Array(4), 2, 2);
    expect(() => scoreWith({ name: 'point_in_mask' }, 'x', empty)).not.toThrow();
  });

  it('rejects masks whose runs do not cover the image', () => {
    expect(() => scoreWith({ name: 'point_in_mask' }, '(1, 1)', { size: [4, 4], counts: [5, 2] })).toThrow(/cover 7 pixels/);
    expect(() => scoreWith({ name: 'point_in_mask' }, '(1, 1)', { size: [4, 4], counts: '5' + String.fromCharCode(47) })).toThrow(/invalid character/);
  });
});

describe('box_iou', () => {
  const truth = [10, 10, 20, 30];
  it('scores the IoU itself', () => {
    expect(scoreWith({ name: 'box_iou' }, '[10, 10, 20, 20]', truth).score).toBeCloseTo(0.5, 9);
    expect(scoreWith({ name: 'box_iou' }, '[10, 10, 20, 30]', truth).score).toBe(1);
    expect(scoreWith({ name: 'box_iou' }, '[30, 30, 40, 40]', truth).score).toBe(0);
    expect(scoreWith({ name: 'box_iou' }, 'no box', truth).score).toBeNull();
  });

  it('passes or fails at the threshold when binary', () => {
    const binary = (response: string, threshold: number) =>
      scoreWith({ name: 'box_iou', params: { binary: true, threshold } }, response, truth).score;
    expect(binary('[10, 10, 20, 20]', 0.5)).toBe(1);
    expect(binary('[10, 10, 20, 20]', 0.51)).toBe(0);
  });

  it('rejects boxes without area and unknown params', () => {
    expect(() => scoreWith({ name: 'box_iou' }, '[1, 1, 2, 2]', [1, 1, 1, 5])).toThrow(/no area/);
    expect(() => scoreWith({ name: 'box_iou', params: { treshold: 0.5 } }, '[1, 1, 2, 2]', truth)).toThrow(/treshold/);
  });
});
