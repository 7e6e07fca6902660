// Lays out a scene for a target difficulty and renders it: a plate of food
// on a wooden table, or coloured pieces on a board. Harder scenes hold more
// and smaller objects that may overlap; the later drawn lies on top.
import type { RandomStream } from '../../../runtime/evaluate/random.ts';
import {
  FOODS, PIECE_COLOURS, PIECE_SHAPES, PLATE_FACE, PLATE_RIM, boardRows, woodRows, type Part,
} from './catalogue.ts';
import { lerp } from '../kit.ts';
import { Canvas, circle, shapeArea, union } from './raster.ts';

export type SceneKind = 'plate' | 'board';

export interface SceneSettings {
  readonly scene: SceneKind;
  readonly width: number;
  readonly height: number;
  /** Most objects at difficulty 1. */
  readonly objects: number;
  /** Smallest nominal object size at difficulty 1, in pixels. */
  readonly minObjectSize: number;
}

export interface SceneObject {
  /** The layer that owns its pixels on the canvas. */
  readonly id: number;
  /** What it is called: `cherry tomato`, `red star`. */
  readonly name: string;
  /** Its kind (`cherry tomato`, `star`) and colour name (`red`). */
  readonly kind: string;
  readonly plural: string;
  readonly colour: string;
  readonly parts: readonly Part[];
  /** Pixels it covers drawn alone, and left visible in the scene. */
  readonly area: number;
  visible: number;
  /** Centroid of the visible pixels and their horizontal and vertical extent. */
  centroid: { x: number; y: number };
  extent: { x0: number; y0: number; x1: number; y1: number };
}

export interface Plate { readonly id: number; readonly cx: number; readonly cy: number; readonly radius: number; visible: number }

export interface Scene {
  readonly kind: SceneKind;
  readonly canvas: Canvas;
  readonly objects: readonly SceneObject[];
  readonly plate: Plate | null;
  /** The nominal sizes the layout drew from, for the difficulty. */
  readonly sizes: { readonly smallest: number; readonly largest: number };
}

const PLATE_ID = 1;
const FIRST_OBJECT_ID = 2;
const PLACEMENT_TRIES = 120;

const PLATE_RADIUS = 0.44;

/** The nominal size of the largest objects of an easy scene, in pixels. */
export function easySize(settings: SceneSettings): number {
  const side = Math.min(settings.width, settings.height);
  return settings.scene === 'plate' ? side * PLATE_RADIUS * 0.6 : side * 0.22;
}

interface Placed { x: number; y: number; reach: number; colour: string }

/** Builds and renders the scene for difficulty `d` from the record's random stream. */
export function buildScene(settings: SceneSettings, d: number, random: RandomStream): Scene {
  const { width, height } = settings;
  const side = Math.min(width, height);
  const canvas = new Canvas(width, height);
  const plate = settings.scene === 'plate'
    ? { id: PLATE_ID, cx: width / 2, cy: height / 2, radius: side * PLATE_RADIUS, visible: 0 }
    : null;
  // Nominal sizes: large and alike when easy, down to `min_object_size` when hard.
  const largestEasy = easySize(settings);
  const largest = lerp(largestEasy, largestEasy * 0.7, d);
  const smallest = Math.min(largest, lerp(largestEasy * 0.6, settings.minObjectSize, d));
  const count = Math.max(1, Math.round(lerp(Math.min(2, settings.objects), settings.objects, d) + (random() - 0.5)));
  // How deep two differently coloured objects may overlap, as a share of their reaches.
  const overlap = 0.45 * d * (0.5 + 0.5 * random());

  if (plate) {
    canvas.fillRows(woodRows(width, height, random() * 10));
    canvas.paint(circle(plate.cx, plate.cy, plate.radius), PLATE_RIM, plate.id);
    canvas.paint(circle(plate.cx, plate.cy, plate.radius * 0.86), PLATE_FACE, plate.id);
  } else {
    canvas.fillRows(boardRows(width, Math.max(16, Math.round(side / 8))));
  }

  const placed: Placed[] = [];
  const objects: SceneObject[] = [];
  for (let n = 0; n < count; n++) {
    const item = plate ? pickFood(random) : pickPiece(random);
    const size = Math.max(settings.minObjectSize, lerp(smallest, largest, random()) * item.scale);
    const angle = random() * 2 * Math.PI;
    const reach = item.reach * size;
    const spot = findSpot(reach, item.colour, placed, overlap, random, plate, width, height);
    if (!spot) continue;
    placed.push({ ...spot, reach, colour: item.colour });
    const parts = item.build(spot.x, spot.y, size, angle);
    const footprint = parts.length === 1 ? parts[0].shape : union(...parts.map((p) => p.shape));
    const id = FIRST_OBJECT_ID + objects.length;
    objects.push({
      id, name: item.name, kind: item.kind, plural: item.plural, colour: item.colour, parts,
      area: shapeArea(footprint, width, height), visible: 0, centroid: { x: 0, y: 0 }, extent: { x0: 0, y0: 0, x1: 0, y1: 0 },
    });
  }
  for (const object of objects) for (const part of object.parts) canvas.paint(part.shape, part.colour, object.id);
  measure(canvas, objects, plate);
  return { kind: settings.scene, canvas, objects, plate, sizes: { smallest, largest } };
}

interface Item { name: string; kind: string; plural: string; colour: string; scale: number; reach: number; build(x: number, y: number, s: number, a: number): Part[] }

function pickFood(random: RandomStream): Item {
  const food = FOODS[Math.floor(random() * FOODS.length)];
  return { name: food.name, kind: food.name, plural: food.plural, colour: food.colour, scale: food.scale, reach: food.reach, build: food.build };
}

function pickPiece(random: RandomStream): Item {
  const colour = PIECE_COLOURS[Math.floor(random() * PIECE_COLOURS.length)];
  const shape = PIECE_SHAPES[Math.floor(random() * PIECE_SHAPES.length)];
  return {
    name: `${colour.name} ${shape.name}`, kind: shape.name, plural: `${colour.name} ${shape.name}s`, colour: colour.name, scale: 1, reach: shape.reach,
    build: (x, y, s, a) => [{ shape: shape.build(x, y, s, a), colour: colour.rgb }],
  };
}

/**
 * A centre for an object of this reach: inside the plate (or the image),
 * overlapping others at most `overlap` of the reaches, and never touching an
 * object of the same colour (whose outline would then vanish).
 */
function findSpot(
  reach: number, colour: string, placed: readonly Placed[], overlap: number, random: RandomStream,
  plate: Plate | null, width: number, height: number,
): { x: number; y: number } | null {
  for (let attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
    let x: number;
    let y: number;
    if (plate) {
      const room = plate.radius * 0.97 - reach;
      if (room <= 0) return null;
      const r = room * Math.sqrt(random());
      const theta = random() * 2 * Math.PI;
      x = plate.cx + r * Math.cos(theta);
      y = plate.cy + r * Math.sin(theta);
    } else {
      if (width <= 2 * reach + 4 || height <= 2 * reach + 4) return null;
      x = reach + 2 + random() * (width - 2 * reach - 4);
      y = reach + 2 + random() * (height - 2 * reach - 4);
    }
    const fits = placed.every((other) => {
      const distance = Math.hypot(other.x - x, other.y - y);
      if (other.colour === colour) return distance >= other.reach + reach + 3;
      // Never over the other's centre, so no object is more than about half hidden by one other.
      return distance >= Math.max((other.reach + reach) * (1 - overlap), Math.max(other.reach, reach));
    });
    if (fits) return { x, y };
  }
  return null;
}

/** Visible areas, centroids and extents, read off the owner layer. */
function measure(canvas: Canvas, objects: SceneObject[], plate: Plate | null): void {
  const sums = new Map<number, { n: number; sx: number; sy: number; x0: number; y0: number; x1: number; y1: number }>();
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      const owner = canvas.owner[y * canvas.width + x];
      if (owner === 0) continue;
      let s = sums.get(owner);
      if (!s) sums.set(owner, (s = { n: 0, sx: 0, sy: 0, x0: x, y0: y, x1: x, y1: y }));
      s.n++;
      s.sx += x;
      s.sy += y;
      s.x0 = Math.min(s.x0, x);
      s.x1 = Math.max(s.x1, x);
      s.y0 = Math.min(s.y0, y);
      s.y1 = Math.max(s.y1, y);
    }
  }
  if (plate) plate.visible = sums.get(plate.id)?.n ?? 0;
  for (const object of objects) {
    const s = sums.get(object.id);
    if (!s) continue;
    object.visible = s.n;
    object.centroid = { x: s.sx / s.n, y: s.sy / s.n };
    object.extent = { x0: s.x0, y0: s.y0, x1: s.x1 + 1, y1: s.y1 + 1 };
  }
}

/** Share of an object hidden by those drawn over it. */
export function occlusion(object: SceneObject): number {
  return object.area > 0 ? 1 - object.visible / object.area : 0;
}
