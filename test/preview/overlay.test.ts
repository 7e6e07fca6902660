// Ground-truth geometry found in a truth and drawn in the image's pixel grid.
import { describe, expect, it } from 'vitest';
import { maskPath, overlaySvg, truthShapes } from '../../runtime/preview/overlay.ts';
import { encodeCountsString, encodeMask } from '../../stdlib/verifiers/rle.ts';

describe('truthShapes', () => {
  it('reads points, ordered boxes and COCO masks, nested in lists and objects', () => {
    const mask = { size: [2, 3], counts: [1, 2, 3] };
    const shapes = truthShapes({ target: [1.5, 2], region: [0, 0, 4, 3], masks: [mask] }, 'all', null);
    expect(shapes).toEqual([
      { kind: 'point', x: 1.5, y: 2 },
      { kind: 'box', x1: 0, y1: 0, x2: 4, y2: 3 },
      { kind: 'mask', rle: { size: [2, 3], counts: [1, 2, 3] }, area: 2 },
    ]);
  });

  it('decodes compressed counts and refuses masks whose runs do not cover the image', () => {
    const rle = encodeMask([0, 1, 1, 0, 1, 0], 2, 3);
    const [shape] = truthShapes({ size: rle.size, counts: encodeCountsString(rle.counts) }, 'point_in_mask', null);
    expect(shape).toEqual({ kind: 'mask', rle, area: 3 });
    expect(truthShapes({ size: [2, 3], counts: [1, 2] }, 'point_in_mask', null)).toEqual([]);
  });

  it('draws nothing for a time segment, even under a combinator', () => {
    expect(truthShapes([0.5, 1.25], 'segment_iou', null)).toEqual([]);
    expect(truthShapes([0.5, 1.25], 'all', { name: 'all', params: {}, children: [{ name: 'duration', params: {} }] })).toEqual([]);
    expect(truthShapes([4, 1, 2, 3], 'box_iou', null)).toEqual([]);
  });
});

describe('overlaySvg', () => {
  it('covers each set pixel with a unit square, column by column', () => {
    // Column 0: rows 1..2 set; column 1: rows 0..1 set (one run crossing the column boundary).
    expect(maskPath({ size: [3, 2], counts: [1, 4, 1] })).toBe('M0 1h1v2h-1zM1 0h1v2h-1z');
  });

  it('uses the image pixel grid as its viewBox and scales a mask of another size onto it', () => {
    const svg = overlaySvg([{ kind: 'mask', rle: { size: [30, 40], counts: [1200] }, area: 0 }, { kind: 'point', x: 3, y: 4 }], 80, 60, 160);
    expect(svg).toContain('viewBox="0 0 80 60"');
    expect(svg).toContain('transform="scale(2 2)"');
    // The marker is 6 screen pixels wide whatever the scale: 3 image pixels at 2x.
    expect(svg).toMatch(/<circle class="truth-point" cx="3" cy="4" r="3"/);
  });
});
