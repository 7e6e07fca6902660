// The geometric checks of a model-made mask: how far a point lies inside it
// (point_margin, measured as sample_point's edge_aware measures it) and whether
// it fills the box it was prompted with (mask_box_iou).
import { describe, expect, it } from 'vitest';
import type { Value } from '../../runtime/values.ts';
import { maskFromPixels, type Mask } from '../../stdlib/functions/mask-bitmap.ts';
import { call } from './call.ts';

function mask(width: number, height: number, inside: (x: number, y: number) => boolean): Mask {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = inside(x, y) ? 1 : 0;
  return maskFromPixels(pixels, height, width);
}

// Columns 10 to 29 and rows 5 to 14 of a 40 x 20 image.
const bar = mask(40, 20, (x, y) => x >= 10 && x < 30 && y >= 5 && y < 15);
const disc = mask(64, 64, (x, y) => (x + 0.5 - 32) ** 2 + (y + 0.5 - 32) ** 2 <= 20 ** 2);

describe('point_margin', () => {
  it('is the distance from the point\'s pixel to the nearest pixel outside, centre to centre', () => {
    // Row 9 is 5 rows from row 4 (outside, above) and 6 from row 15 (outside, below).
    expect(call('point_margin', { point: { x: 20, y: 9 }, mask: bar })).toBe(5);
    expect(call('point_margin', { point: { x: 10, y: 9 }, mask: bar })).toBe(1);
    // A continuous point is read on the pixel that holds it.
    expect(call('point_margin', { point: { x: 20.9, y: 9.7 }, mask: bar })).toBe(5);
    // With a hole at (12, 7), the nearest outside pixel of (14, 9) is the hole, diagonally.
    const holed = mask(40, 20, (x, y) => x >= 10 && x < 30 && y >= 5 && y < 15 && !(x === 12 && y === 7));
    expect(call('point_margin', { point: { x: 14, y: 9 }, mask: holed })).toBeCloseTo(Math.SQRT2 * 2, 12);
  });

  it('is 0 off the mask and outside the image', () => {
    expect(call('point_margin', { point: { x: 5, y: 9 }, mask: bar })).toBe(0);
    expect(call('point_margin', { point: { x: -3, y: 9 }, mask: bar })).toBe(0);
    expect(call('point_margin', { point: { x: 20, y: 25 }, mask: bar })).toBe(0);
  });

  it('counts the image border as outside', () => {
    const full = mask(10, 10, () => true);
    expect(call('point_margin', { point: { x: 0, y: 5 }, mask: full })).toBe(1);
    expect(call('point_margin', { point: { x: 4, y: 4 }, mask: full })).toBe(5);
  });

  it('is at least the margin for every edge_aware point, and confirms the fallback when the mask is too thin', () => {
    for (const key of Array.from({ length: 30 }, (_, i) => `photo-${i}/0`)) {
      const point = call('sample_point', { mask: disc, strategy: 'edge_aware', margin: 8 }, key);
      expect(call('point_margin', { point, mask: disc }) as number).toBeGreaterThanOrEqual(8);
    }
    // No pixel of a 10-row bar is 8 pixels in: sample_point falls back to the deepest, which the check catches.
    const shallow = call('sample_point', { mask: bar, strategy: 'edge_aware', margin: 8 });
    expect(call('point_margin', { point: shallow, mask: bar })).toBe(5);
  });
});

describe('mask_box_iou', () => {
  const box = (x1: number, y1: number, x2: number, y2: number): Value => ({ x1, y1, x2, y2 });

  it('is 1 for a mask that fills its box to every side, whatever its shape', () => {
    expect(call('mask_box_iou', { mask: bar, box: box(10, 5, 30, 15) })).toBe(1);
    expect(call('mask_box_iou', { mask: disc, box: box(12, 12, 52, 52) })).toBe(1);
  });

  it('falls as the mask leaks past the box or keeps only part of it', () => {
    // The mask is 20 x 10; a box twice as wide shares half of its area.
    expect(call('mask_box_iou', { mask: bar, box: box(10, 5, 50, 15) })).toBe(0.5);
    expect(call('mask_box_iou', { mask: bar, box: box(0, 0, 5, 5) })).toBe(0);
    expect(call('mask_box_iou', { mask: bar, box: box(15, 5, 30, 15) })).toBe(0.75);
  });

  it('is 0 for an empty mask', () => {
    expect(call('mask_box_iou', { mask: mask(8, 8, () => false), box: box(0, 0, 4, 4) })).toBe(0);
  });
});
