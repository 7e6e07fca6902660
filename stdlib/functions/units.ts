// The explicit crossings between units and spaces, and the geometry constructors.
import { define, type FunctionImpl } from './types.ts';

/** Drops the binary noise of a product, so 2.3 s at 10 fps is frame 23, not 22.999…. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

export const units: [string, FunctionImpl][] = [
  define('to_seconds', (a) => a.number('frames') / a.positive('fps')),
  define('to_frames', (a) => Math.floor(clean(a.number('seconds') * a.positive('fps')))),
  define('seconds', (a) => a.number('value')),
  define('pixels', (a) => a.number('value')),
  // Percents are already fractions at run time (the compiler lowers 20% to 0.2).
  define('percent_of', (a) => a.number('value')),

  define('point_to_px', (a) => {
    const point = a.point('point');
    const { width, height } = a.imageSize('image');
    return { x: point.x * width, y: point.y * height };
  }),
  define('point_to_norm', (a) => {
    const point = a.point('point');
    const { width, height } = a.imageSize('image');
    return { x: point.x / width, y: point.y / height };
  }),
  define('box_to_px', (a) => {
    const box = a.box('box');
    const { width, height } = a.imageSize('image');
    return { x1: box.x1 * width, y1: box.y1 * height, x2: box.x2 * width, y2: box.y2 * height };
  }),
  define('box_to_norm', (a) => {
    const box = a.box('box');
    const { width, height } = a.imageSize('image');
    return { x1: box.x1 / width, y1: box.y1 / height, x2: box.x2 / width, y2: box.y2 / height };
  }),

  define('segment_to_seconds', (a) => {
    const segment = a.segment('segment');
    const fps = a.positive('fps');
    return { start: segment.start / fps, end: segment.end / fps };
  }),
  define('segment_to_frames', (a) => {
    const segment = a.segment('segment');
    const fps = a.positive('fps');
    return { start: Math.floor(clean(segment.start * fps)), end: Math.ceil(clean(segment.end * fps)) };
  }),

  define('segment', (a) => {
    const start = a.number('start');
    const end = a.number('end');
    if (end < start) return a.reject(`the segment ends (${end} s) before it starts (${start} s)`);
    return { start, end };
  }),
  define('point', (a) => ({ x: a.number('x'), y: a.number('y') })),
  define('box', (a) => {
    const [x1, y1, x2, y2] = [a.number('x1'), a.number('y1'), a.number('x2'), a.number('y2')];
    if (x2 < x1) return a.reject(`the box's right edge x2 = ${x2} is left of its left edge x1 = ${x1}`);
    if (y2 < y1) return a.reject(`the box's bottom edge y2 = ${y2} is above its top edge y1 = ${y1}`);
    return { x1, y1, x2, y2 };
  }),
];
