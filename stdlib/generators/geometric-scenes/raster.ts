// A flat-colour rasteriser. A pixel belongs to a shape when its centre
// (x + 0.5, y + 0.5) lies inside the shape, with no anti-aliasing, so the
// pixels painted for an object and the mask recorded for it are one and the
// same set: a mask is exact by construction, not fitted to the image after.
import sharp from 'sharp';

export type Rgb = readonly [number, number, number];

export interface Bounds { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number }

/** A region of the plane, in pixel units (x right, y down). */
export interface Shape {
  readonly bounds: Bounds;
  contains(x: number, y: number): boolean;
  /**
   * For a convex shape, roughly where the line at height `y` crosses it, so
   * a row is not tested pixel by pixel; `contains` still settles each end.
   */
  rowSpan?(y: number): readonly [number, number] | null;
}

export function circle(cx: number, cy: number, r: number): Shape {
  const r2 = r * r;
  const contains = (x: number, y: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r2;
  return {
    bounds: { x0: cx - r, y0: cy - r, x1: cx + r, y1: cy + r },
    contains,
    rowSpan: (y) => {
      const reach = r2 - (y - cy) ** 2;
      if (reach < 0) return null;
      const half = Math.sqrt(reach);
      return [cx - half, cx + half];
    },
  };
}

/** An ellipse with semi-axes `rx`, `ry`, turned by `angle` radians. */
export function ellipse(cx: number, cy: number, rx: number, ry: number, angle: number): Shape {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const ex = Math.sqrt((rx * cos) ** 2 + (ry * sin) ** 2);
  const ey = Math.sqrt((rx * sin) ** 2 + (ry * cos) ** 2);
  return {
    bounds: { x0: cx - ex, y0: cy - ey, x1: cx + ex, y1: cy + ey },
    contains: (x, y) => {
      const u = (x - cx) * cos + (y - cy) * sin;
      const v = -(x - cx) * sin + (y - cy) * cos;
      return (u / rx) ** 2 + (v / ry) ** 2 <= 1;
    },
  };
}

/** A simple polygon (convex or not), by the even-odd rule. */
export function polygon(points: ReadonlyArray<readonly [number, number]>): Shape {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return {
    bounds: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) },
    contains: (x, y) => {
      let inside = false;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        const [xi, yi] = points[i];
        const [xj, yj] = points[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    },
  };
}

/** A regular polygon with `sides` corners at distance `r` from the centre, the first at `rotation` radians. */
export function regularPolygon(cx: number, cy: number, r: number, sides: number, rotation: number): Shape {
  return polygon(Array.from({ length: sides }, (_, i) => {
    const angle = rotation + (2 * Math.PI * i) / sides;
    return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)] as const;
  }));
}

export function star(cx: number, cy: number, outer: number, inner: number, points: number, rotation: number): Shape {
  return polygon(Array.from({ length: points * 2 }, (_, i) => {
    const angle = rotation + (Math.PI * i) / points;
    const r = i % 2 === 0 ? outer : inner;
    return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)] as const;
  }));
}

/** Every point within `r` of the segment from (x1, y1) to (x2, y2): a sausage, a stem. */
export function capsule(x1: number, y1: number, x2: number, y2: number, r: number): Shape {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length2 = dx * dx + dy * dy;
  return {
    bounds: { x0: Math.min(x1, x2) - r, y0: Math.min(y1, y2) - r, x1: Math.max(x1, x2) + r, y1: Math.max(y1, y2) + r },
    contains: (x, y) => {
      const t = length2 === 0 ? 0 : Math.min(1, Math.max(0, ((x - x1) * dx + (y - y1) * dy) / length2));
      return (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2 <= r * r;
    },
  };
}

/** A rectangle with corners rounded to `radius`, centred at (cx, cy), turned by `angle`. */
export function roundedRect(cx: number, cy: number, halfWidth: number, halfHeight: number, radius: number, angle: number): Shape {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const reach = Math.hypot(halfWidth, halfHeight);
  const innerX = halfWidth - radius;
  const innerY = halfHeight - radius;
  return {
    bounds: { x0: cx - reach, y0: cy - reach, x1: cx + reach, y1: cy + reach },
    contains: (x, y) => {
      const u = Math.abs((x - cx) * cos + (y - cy) * sin);
      const v = Math.abs(-(x - cx) * sin + (y - cy) * cos);
      if (u > halfWidth || v > halfHeight) return false;
      if (u <= innerX || v <= innerY) return true;
      return (u - innerX) ** 2 + (v - innerY) ** 2 <= radius * radius;
    },
  };
}

export function union(...shapes: Shape[]): Shape {
  return {
    bounds: {
      x0: Math.min(...shapes.map((s) => s.bounds.x0)), y0: Math.min(...shapes.map((s) => s.bounds.y0)),
      x1: Math.max(...shapes.map((s) => s.bounds.x1)), y1: Math.max(...shapes.map((s) => s.bounds.y1)),
    },
    contains: (x, y) => shapes.some((s) => s.contains(x, y)),
  };
}

export function intersection(a: Shape, b: Shape): Shape {
  return {
    bounds: {
      x0: Math.max(a.bounds.x0, b.bounds.x0), y0: Math.max(a.bounds.y0, b.bounds.y0),
      x1: Math.min(a.bounds.x1, b.bounds.x1), y1: Math.min(a.bounds.y1, b.bounds.y1),
    },
    contains: (x, y) => a.contains(x, y) && b.contains(x, y),
  };
}

/** The half-plane to the left of the directed line through (x, y) at `angle`. */
export function halfPlane(x: number, y: number, angle: number): Shape {
  const nx = -Math.sin(angle);
  const ny = Math.cos(angle);
  const far = 1e6;
  return { bounds: { x0: -far, y0: -far, x1: far, y1: far }, contains: (px, py) => (px - x) * nx + (py - y) * ny <= 0 };
}

/**
 * An RGB image and, beside it, which layer owns each pixel (0: the
 * background). Painting a shape sets both at the same pixels.
 */
export class Canvas {
  readonly rgb: Uint8Array;
  readonly owner: Uint16Array;

  constructor(readonly width: number, readonly height: number) {
    this.rgb = new Uint8Array(width * height * 3);
    this.owner = new Uint16Array(width * height);
  }

  /** Copies a whole background (RGB, 3 bytes a pixel) onto the canvas; the background owns it. */
  fillFrom(rgb: Uint8Array): void {
    this.rgb.set(rgb);
    this.owner.fill(0);
  }

  /** Lets `paintRow(y, row)` write each row's RGB bytes (3 per pixel); the background owns them. */
  fillRows(paintRow: (y: number, row: Uint8Array) => void): void {
    const stride = this.width * 3;
    for (let y = 0; y < this.height; y++) paintRow(y, this.rgb.subarray(y * stride, (y + 1) * stride));
  }

  /** Paints the pixels whose centres lie in `shape`, giving them to layer `owner`; returns how many. */
  paint(shape: Shape, colour: Rgb, owner: number): number {
    let painted = 0;
    this.forEachPixel(shape, (i) => {
      this.put(i, colour, owner);
      painted++;
    });
    return painted;
  }

  /** Calls `visit` with the index of each pixel whose centre lies in `shape`. */
  forEachPixel(shape: Shape, visit: (index: number) => void): void {
    const { x0, y0, x1, y1 } = shape.bounds;
    const left = Math.max(0, Math.floor(x0 - 0.5));
    const top = Math.max(0, Math.floor(y0 - 0.5));
    const right = Math.min(this.width - 1, Math.ceil(x1));
    const bottom = Math.min(this.height - 1, Math.ceil(y1));
    for (let y = top; y <= bottom; y++) {
      const row = y * this.width;
      const span = shape.rowSpan?.(y + 0.5);
      if (span === null) continue;
      if (span === undefined) {
        for (let x = left; x <= right; x++) if (shape.contains(x + 0.5, y + 0.5)) visit(row + x);
        continue;
      }
      // Start a pixel inside the estimate, then let `contains` decide the pixels at each end exactly.
      let from = Math.max(left, Math.ceil(span[0] - 0.5) + 1);
      let to = Math.min(right, Math.floor(span[1] - 0.5) - 1);
      if (from > to) {
        for (let x = left; x <= right; x++) if (shape.contains(x + 0.5, y + 0.5)) visit(row + x);
        continue;
      }
      while (from > left && shape.contains(from - 0.5, y + 0.5)) from--;
      while (to < right && shape.contains(to + 1.5, y + 0.5)) to++;
      for (let x = from; x <= to; x++) visit(row + x);
    }
  }

  /** A 0/1 row-major image of the pixels owned by `owner`. */
  ownedBy(owner: number): Uint8Array {
    const pixels = new Uint8Array(this.width * this.height);
    for (let i = 0; i < pixels.length; i++) pixels[i] = this.owner[i] === owner ? 1 : 0;
    return pixels;
  }

  /** The pixels owned by `owner` inside `window` (pixel edges, end exclusive), as a 0/1 bitmap of the window. */
  ownedWithin(owner: number, window: Bounds): Crop {
    const x0 = Math.max(0, Math.floor(window.x0));
    const y0 = Math.max(0, Math.floor(window.y0));
    const width = Math.min(this.width, Math.ceil(window.x1)) - x0;
    const height = Math.min(this.height, Math.ceil(window.y1)) - y0;
    const pixels = new Uint8Array(Math.max(0, width * height));
    for (let y = 0; y < height; y++) {
      const row = (y0 + y) * this.width + x0;
      for (let x = 0; x < width; x++) pixels[y * width + x] = this.owner[row + x] === owner ? 1 : 0;
    }
    return { x0, y0, width, height, pixels };
  }

  private put(index: number, colour: Rgb, owner: number): void {
    this.rgb[index * 3] = colour[0];
    this.rgb[index * 3 + 1] = colour[1];
    this.rgb[index * 3 + 2] = colour[2];
    this.owner[index] = owner;
  }
}

/** A window of a canvas: a bitmap and where its top-left pixel sits. */
export interface Crop { readonly x0: number; readonly y0: number; readonly width: number; readonly height: number; readonly pixels: Uint8Array }

/** How many pixels `shape` covers when drawn alone on a canvas of this size. */
export function shapeArea(shape: Shape, width: number, height: number): number {
  let area = 0;
  const { x0, y0, x1, y1 } = shape.bounds;
  for (let y = Math.max(0, Math.floor(y0 - 0.5)); y <= Math.min(height - 1, Math.ceil(y1)); y++) {
    for (let x = Math.max(0, Math.floor(x0 - 0.5)); x <= Math.min(width - 1, Math.ceil(x1)); x++) {
      if (shape.contains(x + 0.5, y + 0.5)) area++;
    }
  }
  return area;
}

/** Lossless PNG of 8-bit RGB pixels (libvips through sharp); deterministic for a given sharp version. */
export async function encodePng(rgb: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const buffer = await sharp(rgb, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
