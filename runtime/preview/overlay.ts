// Ground-truth geometry drawn over an image: points `[x, y]` as markers, boxes
// `[x1, y1, x2, y2]` as rectangles and COCO RLE masks as a translucent fill, all in
// the image's pixel coordinates (a pixel (x, y) is the unit square at x..x+1, y..y+1,
// COCO's convention, which the spatial verifiers use too).
import { decodeCountsString, type Rle } from '../../stdlib/verifiers/rle.ts';

export type Shape =
  | { readonly kind: 'point'; readonly x: number; readonly y: number }
  | { readonly kind: 'box'; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number }
  | { readonly kind: 'mask'; readonly rle: Rle; readonly area: number };

/** Verifiers whose two-number truths are time segments in seconds, not points. */
const TEMPORAL_VERIFIERS = new Set(['segment_iou', 'duration']);
const MAX_SHAPES = 64;

export const OVERLAY_COLOURS = {
  point: '#ff00d4',
  box: '#ffd400',
  mask: '#00c8ff',
} as const;

function isNumbers(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

function maskOf(value: Record<string, unknown>): Shape | null {
  const size = value.size;
  if (!isNumbers(size, 2) || !size.every((side) => Number.isInteger(side) && side > 0)) return null;
  let counts: number[];
  if (typeof value.counts === 'string') {
    try {
      counts = decodeCountsString(value.counts);
    } catch {
      return null;
    }
  } else if (Array.isArray(value.counts) && value.counts.every((c) => Number.isInteger(c) && c >= 0)) {
    counts = value.counts as number[];
  } else {
    return null;
  }
  if (counts.reduce((sum, count) => sum + count, 0) !== size[0] * size[1]) return null;
  const area = counts.reduce((sum, count, i) => (i % 2 === 1 ? sum + count : sum), 0);
  return { kind: 'mask', rle: { size: [size[0], size[1]], counts }, area };
}

function collect(value: unknown, shapes: Shape[], depth: number): void {
  if (shapes.length >= MAX_SHAPES || depth > 6) return;
  if (isNumbers(value, 2)) {
    shapes.push({ kind: 'point', x: value[0], y: value[1] });
  } else if (isNumbers(value, 4) && value[0] <= value[2] && value[1] <= value[3]) {
    shapes.push({ kind: 'box', x1: value[0], y1: value[1], x2: value[2], y2: value[3] });
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, shapes, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('size' in record && 'counts' in record) {
      // A mask, or nothing: its size is not a point.
      const mask = maskOf(record);
      if (mask) shapes.push(mask);
    } else {
      for (const child of Object.values(record)) collect(child, shapes, depth + 1);
    }
  }
}

/** Every verifier name in a spec tree `{name, params, children}`. */
function verifierNames(spec: unknown, names: Set<string>): Set<string> {
  if (spec !== null && typeof spec === 'object') {
    const node = spec as { name?: unknown; children?: unknown };
    if (typeof node.name === 'string') names.add(node.name);
    if (Array.isArray(node.children)) for (const child of node.children) verifierNames(child, names);
  }
  return names;
}

/**
 * The shapes in a ground truth, or none when the verifiers read it as time. `spec` is
 * the parsed `verifier.params` column; `verifierName` the `verifier.name` column.
 */
export function truthShapes(truth: unknown, verifierName: string, spec: unknown): Shape[] {
  const names = verifierNames(spec, new Set([verifierName]));
  if ([...names].some((name) => TEMPORAL_VERIFIERS.has(name))) return [];
  const shapes: Shape[] = [];
  collect(truth, shapes, 0);
  return shapes;
}

function round(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** The mask as one SVG path of unit-wide column runs, in mask pixels. */
export function maskPath(rle: Rle): string {
  const [height] = rle.size;
  const parts: string[] = [];
  let position = 0;
  rle.counts.forEach((count, i) => {
    if (i % 2 === 1) {
      let left = count;
      let at = position;
      while (left > 0) {
        const column = Math.floor(at / height);
        const row = at % height;
        const run = Math.min(left, height - row);
        parts.push(`M${column} ${row}h1v${run}h-1z`);
        at += run;
        left -= run;
      }
    }
    position += count;
  });
  return parts.join('');
}

/**
 * An inline SVG to lay over an image of `width` x `height` pixels shown `shownWidth`
 * CSS pixels wide: its viewBox is the image's pixel grid, so shapes keep their place
 * at any displayed size. Markers are sized in screen pixels.
 */
export function overlaySvg(shapes: readonly Shape[], width: number, height: number, shownWidth: number): string {
  const unitsPerPixel = width / shownWidth;
  const elements: string[] = [];
  // Masks first, so that points and boxes stay visible on top of them.
  for (const shape of shapes) {
    if (shape.kind !== 'mask') continue;
    const [maskHeight, maskWidth] = shape.rle.size;
    const scale = maskWidth === width && maskHeight === height ? '' : ` transform="scale(${round(width / maskWidth)} ${round(height / maskHeight)})"`;
    elements.push(`<path class="truth-mask" d="${maskPath(shape.rle)}" fill="${OVERLAY_COLOURS.mask}" fill-opacity="0.45"${scale}/>`);
  }
  for (const shape of shapes) {
    if (shape.kind === 'box') {
      elements.push(`<rect class="truth-box" x="${round(shape.x1)}" y="${round(shape.y1)}" width="${round(shape.x2 - shape.x1)}" height="${round(shape.y2 - shape.y1)}"`
        + ` fill="none" stroke="${OVERLAY_COLOURS.box}" stroke-width="2" vector-effect="non-scaling-stroke"/>`);
    }
  }
  for (const shape of shapes) {
    if (shape.kind === 'point') {
      elements.push(`<circle class="truth-point" cx="${round(shape.x)}" cy="${round(shape.y)}" r="${round(6 * unitsPerPixel)}"`
        + ` fill="${OVERLAY_COLOURS.point}" stroke="#ffffff" stroke-width="1.5" vector-effect="non-scaling-stroke"/>`);
    }
  }
  return `<svg class="overlay" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" shape-rendering="geometricPrecision" aria-hidden="true">${elements.join('')}</svg>`;
}

/** A one-line description of a shape, for the caption under the image. */
export function describeShape(shape: Shape): string {
  switch (shape.kind) {
    case 'point': return `point (${round(shape.x)}, ${round(shape.y)})`;
    case 'box': return `box [${[shape.x1, shape.y1, shape.x2, shape.y2].map(round).join(', ')}]`;
    case 'mask': return `mask ${shape.rle.size[1]}x${shape.rle.size[0]}, ${shape.area} px`;
  }
}
