// Masks: sampling a point in one, building one from a box, measuring one,
// and checking a point or a box against one.
import { maskHas } from '../verifiers/rle.ts';
import { iou } from '../verifiers/spatial.ts';
import { squaredDepth } from './distance-transform.ts';
import { maskArea, maskBitmap, maskBounds, maskFromPixels, maskRle } from './mask-bitmap.ts';
import { samplePoint, samplingStrategies, type SamplingStrategy } from './sample-point.ts';
import { define, type FunctionImpl } from './types.ts';

/** Pixel columns (or rows) whose centres fall in [low, high), clamped to the image. */
function centresWithin(low: number, high: number, size: number): [number, number] {
  const first = Math.max(0, Math.ceil(low - 0.5));
  const end = Math.min(size, Math.ceil(high - 0.5));
  return [first, Math.max(first, end)];
}

export const masks: [string, FunctionImpl][] = [
  define('sample_point', (a, context) => {
    const strategy = a.string('strategy');
    if (!samplingStrategies.includes(strategy as SamplingStrategy)) {
      return a.reject(`unknown strategy ${JSON.stringify(strategy)}; expected one of ${samplingStrategies.join(', ')}`);
    }
    const point = samplePoint(a.mask('mask'), strategy as SamplingStrategy, a.number('margin'), context.random('point'));
    if (!point) return a.reject('the mask is empty, so no point lies in it');
    return { x: point.x, y: point.y };
  }),

  // A pixel is set when its centre lies in the box, so a box on pixel borders fills exactly its own pixels.
  define('mask_from_box', (a) => {
    const box = a.box('box');
    const { width, height } = a.imageSize('image');
    const [left, right] = centresWithin(box.x1, box.x2, width);
    const [top, bottom] = centresWithin(box.y1, box.y2, height);
    const pixels = new Uint8Array(width * height);
    for (let y = top; y < bottom; y++) pixels.fill(1, y * width + left, y * width + right);
    return maskFromPixels(pixels, height, width);
  }),

  define('mask_area', (a) => maskArea(maskRle(a.mask('mask')))),

  define('box_of', (a) => {
    const bounds = maskBounds(maskRle(a.mask('mask')));
    if (!bounds) return a.reject('the mask is empty, so it has no box');
    return bounds;
  }),

  define('point_in', (a) => {
    const point = a.point('point');
    // A continuous point lies on the pixel whose unit square holds it, as the point-in-mask verifier reads it.
    return maskHas(maskRle(a.mask('mask')), Math.floor(point.x), Math.floor(point.y));
  }),

  define('point_margin', (a) => {
    const point = a.point('point');
    const bitmap = maskBitmap(a.mask('mask'));
    const x = Math.floor(point.x);
    const y = Math.floor(point.y);
    if (x < 0 || y < 0 || x >= bitmap.width || y >= bitmap.height || !bitmap.pixels[y * bitmap.width + x]) return 0;
    return Math.sqrt(squaredDepth(bitmap)[y * bitmap.width + x]);
  }),

  define('mask_box_iou', (a) => {
    const bounds = maskBounds(maskRle(a.mask('mask')));
    const box = a.box('box');
    return bounds ? iou([bounds.x1, bounds.y1, bounds.x2, bounds.y2], [box.x1, box.y1, box.x2, box.y2]) : 0;
  }),
];
