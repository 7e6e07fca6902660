// Spatial verifiers: a pointed location checked against a box or a mask, and a
// predicted box scored by its overlap with the ground truth.
import { z } from 'zod';
import { extractBox, extractPoint, type Box } from './coordinates.ts';
import { parseBoxTruth, parseMaskTruth } from './geometry-truths.ts';
import { interiorPixel, maskHas } from './rle.ts';
import type { ScoreResult, Verifier } from './types.ts';
import { VerifierInputError } from './types.ts';

const scale = z.number().positive().default(1);

const PointInBoxParams = z.strictObject({ point_scale: scale });
type PointInBoxParams = z.infer<typeof PointInBoxParams>;

export const pointInBox: Verifier<PointInBoxParams> = {
  name: 'point_in_box',
  version: '1.0.0',
  params: PointInBoxParams,
  score(response, truth, params): ScoreResult {
    const [x1, y1, x2, y2] = parseBoxTruth('point_in_box', truth);
    const point = extractPoint(response);
    if (!point) return { score: null, parsed: null, detail: 'no point found' };
    const [x, y] = [point[0] / params.point_scale, point[1] / params.point_scale];
    const inside = x >= x1 && x <= x2 && y >= y1 && y <= y2;
    return { score: inside ? 1 : 0, parsed: [x, y] };
  },
  renderTruth(truth, params) {
    const [x1, y1, x2, y2] = parseBoxTruth('point_in_box', truth);
    return renderPoint((x1 + x2) / 2 * params.point_scale, (y1 + y2) / 2 * params.point_scale);
  },
};

const PointInMaskParams = z.strictObject({
  tolerance: z.number().int().min(0).max(64).default(0),
  point_scale: scale,
});
type PointInMaskParams = z.infer<typeof PointInMaskParams>;

export const pointInMask: Verifier<PointInMaskParams> = {
  name: 'point_in_mask',
  version: '1.0.0',
  params: PointInMaskParams,
  score(response, truth, params): ScoreResult {
    const mask = parseMaskTruth('point_in_mask', truth);
    const point = extractPoint(response);
    if (!point) return { score: null, parsed: null, detail: 'no point found' };
    const [x, y] = [point[0] / params.point_scale, point[1] / params.point_scale];
    // A continuous point lies on the pixel whose unit square holds it (COCO's convention).
    const column = Math.floor(x);
    const row = Math.floor(y);
    const t = params.tolerance;
    for (let dx = -t; dx <= t; dx++) {
      for (let dy = -t; dy <= t; dy++) {
        if (dx * dx + dy * dy <= t * t && maskHas(mask, column + dx, row + dy)) {
          return { score: 1, parsed: [x, y], ...(dx || dy ? { detail: `within ${Math.hypot(dx, dy).toFixed(1)} px` } : {}) };
        }
      }
    }
    return { score: 0, parsed: [x, y] };
  },
  renderTruth(truth, params) {
    const mask = parseMaskTruth('point_in_mask', truth);
    const pixel = interiorPixel(mask);
    if (!pixel) throw new VerifierInputError('bad ground truth for verifier `point_in_mask`: the mask is empty, no point can lie in it');
    return renderPoint(pixel[0] * params.point_scale, pixel[1] * params.point_scale);
  },
};

function renderPoint(x: number, y: number): string {
  return `(${x}, ${y})`;
}

export function iou(a: Box, b: Box): number {
  const width = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const height = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  const intersection = Math.max(0, width) * Math.max(0, height);
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
  // Rounded so that a box scaled out and back (x * 1000 / 1000) still scores exactly 1.
  return union > 0 ? Math.round((intersection / union) * 1e9) / 1e9 : 0;
}

const BoxIouParams = z.strictObject({
  threshold: z.number().min(0).max(1).default(0.5),
  binary: z.boolean().default(false),
  box_scale: scale,
});
type BoxIouParams = z.infer<typeof BoxIouParams>;

export const boxIou: Verifier<BoxIouParams> = {
  name: 'box_iou',
  version: '1.0.0',
  params: BoxIouParams,
  score(response, truth, params): ScoreResult {
    const expected = parseBoxTruth('box_iou', truth);
    if (expected[2] === expected[0] || expected[3] === expected[1]) {
      throw new VerifierInputError('bad ground truth for verifier `box_iou`: the box has no area, so IoU is undefined');
    }
    const found = extractBox(response);
    if (!found) return { score: null, parsed: null, detail: 'no box found' };
    const box = found.map((v) => v / params.box_scale) as Box;
    const overlap = iou(box, expected);
    const score = params.binary ? (overlap >= params.threshold ? 1 : 0) : overlap;
    return { score, parsed: box, detail: `IoU ${overlap.toFixed(4)}` };
  },
  renderTruth(truth, params) {
    const box = parseBoxTruth('box_iou', truth).map((v) => v * params.box_scale);
    return `[${box.join(', ')}]`;
  },
};
