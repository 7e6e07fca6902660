// What a scene can hold: food items for a plate, coloured pieces for a board.
// Each item is drawn from parts of flat colour; the parts' union is the
// item's footprint. Colours are chosen so that no two kinds of surface share
// one (so an object's outline is always visible in the pixels), and the
// table's wood never takes a food's colour.
import {
  capsule, circle, ellipse, regularPolygon, roundedRect, star, union, type Rgb, type Shape,
} from './raster.ts';

export interface Part { readonly shape: Shape; readonly colour: Rgb }

export interface ItemKind {
  readonly name: string;
  readonly plural: string;
  /** The colour a person would name it by. */
  readonly colour: string;
  /** Its size beside other items: a blueberry is smaller than a slice of bread. */
  readonly scale: number;
  /** Radius of the circle that holds the item, as a share of its drawn size. */
  readonly reach: number;
  build(cx: number, cy: number, size: number, angle: number): Part[];
}

const food = (name: string, plural: string, colour: string, scale: number, reach: number, build: ItemKind['build']): ItemKind =>
  ({ name, plural, colour, scale, reach, build });

export const FOODS: readonly ItemKind[] = [
  food('cherry tomato', 'cherry tomatoes', 'red', 0.7, 0.5, (x, y, s, a) => [
    { shape: circle(x, y, s / 2), colour: [214, 40, 40] },
    { shape: star(x, y, s * 0.16, s * 0.06, 5, a), colour: [70, 140, 50] },
  ]),
  food('carrot slice', 'carrot slices', 'orange', 0.75, 0.5, (x, y, s) => [
    { shape: circle(x, y, s / 2), colour: [240, 128, 32] },
    { shape: circle(x, y, s * 0.22), colour: [250, 172, 84] },
  ]),
  food('broccoli floret', 'broccoli florets', 'green', 1.0, 0.55, (x, y, s, a) => {
    const along = (t: number, side: number): [number, number] =>
      [x + Math.cos(a) * t * s - Math.sin(a) * side * s, y + Math.sin(a) * t * s + Math.cos(a) * side * s];
    const [sx, sy] = along(0.3, 0);
    const [ex, ey] = along(-0.05, 0);
    const heads = [along(-0.12, -0.16), along(-0.12, 0.16), along(-0.28, 0)].map(([hx, hy]) => circle(hx, hy, s * 0.2));
    return [
      { shape: capsule(sx, sy, ex, ey, s * 0.09), colour: [150, 192, 92] },
      { shape: union(...heads), colour: [44, 116, 44] },
    ];
  }),
  food('fried egg', 'fried eggs', 'white', 1.15, 0.55, (x, y, s, a) => [
    { shape: ellipse(x, y, s * 0.55, s * 0.42, a), colour: [252, 252, 250] },
    { shape: circle(x + Math.cos(a) * s * 0.08, y + Math.sin(a) * s * 0.08, s * 0.17), colour: [250, 186, 24] },
  ]),
  food('slice of bread', 'slices of bread', 'brown', 1.1, 0.62, (x, y, s, a) => [
    { shape: roundedRect(x, y, s * 0.44, s * 0.4, s * 0.12, a), colour: [176, 116, 56] },
    { shape: roundedRect(x, y, s * 0.36, s * 0.32, s * 0.08, a), colour: [232, 200, 144] },
  ]),
  food('cheese wedge', 'cheese wedges', 'yellow', 0.9, 0.58, (x, y, s, a) => [
    { shape: regularPolygon(x, y, s * 0.58, 3, a), colour: [248, 214, 72] },
  ]),
  food('lemon slice', 'lemon slices', 'yellow', 0.85, 0.5, (x, y, s) => [
    { shape: circle(x, y, s / 2), colour: [236, 212, 28] },
    { shape: circle(x, y, s * 0.42), colour: [252, 242, 156] },
  ]),
  food('sausage', 'sausages', 'brown', 1.0, 0.6, (x, y, s, a) => [
    { shape: capsule(x - Math.cos(a) * s * 0.4, y - Math.sin(a) * s * 0.4, x + Math.cos(a) * s * 0.4, y + Math.sin(a) * s * 0.4, s * 0.18), colour: [150, 68, 48] },
  ]),
  food('blueberry', 'blueberries', 'blue', 0.45, 0.5, (x, y, s) => [
    { shape: circle(x, y, s / 2), colour: [52, 58, 124] },
  ]),
  food('olive', 'olives', 'black', 0.55, 0.55, (x, y, s, a) => [
    { shape: ellipse(x, y, s * 0.55, s * 0.4, a), colour: [40, 44, 34] },
  ]),
  food('grape', 'grapes', 'purple', 0.55, 0.55, (x, y, s, a) => [
    { shape: ellipse(x, y, s * 0.55, s * 0.44, a), colour: [118, 46, 110] },
  ]),
  food('cucumber slice', 'cucumber slices', 'green', 0.8, 0.5, (x, y, s) => [
    { shape: circle(x, y, s / 2), colour: [46, 110, 50] },
    { shape: circle(x, y, s * 0.42), colour: [178, 214, 140] },
  ]),
];

export const PIECE_COLOURS: ReadonlyArray<{ readonly name: string; readonly rgb: Rgb }> = [
  { name: 'red', rgb: [220, 38, 38] },
  { name: 'green', rgb: [34, 150, 64] },
  { name: 'blue', rgb: [40, 84, 220] },
  { name: 'yellow', rgb: [242, 196, 24] },
  { name: 'purple', rgb: [136, 60, 180] },
  { name: 'orange', rgb: [246, 128, 20] },
];

export interface PieceShape {
  readonly name: string;
  readonly reach: number;
  build(cx: number, cy: number, size: number, angle: number): Shape;
}

/** An angle in [0, 2π) narrowed to ±`most` radians. */
const tilt = (angle: number, most: number) => (angle / Math.PI - 1) * most;

// Squares, triangles and stars turn only a little, so a square never reads as a diamond.
export const PIECE_SHAPES: readonly PieceShape[] = [
  { name: 'circle', reach: 0.5, build: (x, y, s) => circle(x, y, s / 2) },
  { name: 'square', reach: 0.71, build: (x, y, s, a) => roundedRect(x, y, s / 2, s / 2, 0, tilt(a, 0.25)) },
  { name: 'triangle', reach: 0.6, build: (x, y, s, a) => regularPolygon(x, y, s * 0.6, 3, -Math.PI / 2 + tilt(a, 0.3)) },
  { name: 'hexagon', reach: 0.52, build: (x, y, s, a) => regularPolygon(x, y, s * 0.52, 6, a) },
  { name: 'star', reach: 0.6, build: (x, y, s, a) => star(x, y, s * 0.6, s * 0.27, 5, -Math.PI / 2 + tilt(a, 0.3)) },
  {
    name: 'diamond', reach: 0.62,
    build: (x, y, s) => regularPolygonStretched(x, y, s * 0.4, s * 0.62),
  },
];

function regularPolygonStretched(cx: number, cy: number, rx: number, ry: number): Shape {
  // A rhombus with its corners on the axes, taller than wide.
  const base = regularPolygon(0, 0, 1, 4, 0);
  return {
    bounds: { x0: cx - rx, y0: cy - ry, x1: cx + rx, y1: cy + ry },
    contains: (x, y) => base.contains((x - cx) / rx, (y - cy) / ry),
  };
}

/** The table under the plate, row by row: wood grain in browns no food shares. */
export function woodRows(width: number, height: number, phase: number): (y: number, row: Uint8Array) => void {
  // Quantised to 64 shades. The grain, a sine of the row shifted by a sine of the column, is read
  // from a table at 1/16 px, so no pixel computes a sine of its own.
  const shades = Array.from({ length: 64 }, (_, i) => {
    const t = i / 63;
    return [Math.round(120 + 28 * t), Math.round(80 + 22 * t), Math.round(48 + 16 * t)] as const;
  });
  const wave = Array.from({ length: width }, (_, x) => 7 * Math.sin(x / 41 + phase));
  const STEPS = 16;
  const grain = Float64Array.from({ length: (height + 16) * STEPS + 1 }, (_, i) => 0.5 + 0.5 * Math.sin((i / STEPS - 8) / 5.5 + phase));
  return (y, row) => {
    const band = 0.35 * (0.5 + 0.5 * Math.sin(y / 37 + phase * 3));
    for (let x = 0; x < width; x++) {
      const shade = shades[Math.round((0.65 * grain[Math.round((y + wave[x] + 8) * STEPS)] + band) * 63)];
      row[x * 3] = shade[0];
      row[x * 3 + 1] = shade[1];
      row[x * 3 + 2] = shade[2];
    }
  };
}

export const PLATE_RIM: Rgb = [184, 198, 220];
export const PLATE_FACE: Rgb = [214, 224, 238];

const BOARD: Rgb = [234, 228, 214];
const GRID: Rgb = [206, 198, 180];

/** The board under the pieces, row by row: a light grid. */
export function boardRows(width: number, step: number): (y: number, row: Uint8Array) => void {
  return (y, row) => {
    for (let x = 0; x < width; x++) {
      const colour = x % step < 2 || y % step < 2 ? GRID : BOARD;
      row[x * 3] = colour[0];
      row[x * 3 + 1] = colour[1];
      row[x * 3 + 2] = colour[2];
    }
  };
}

export function article(phrase: string): string {
  return /^[aeiou]/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}
