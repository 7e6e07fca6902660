// Masks as the runtime holds them (COCO RLE, counts compressed or not), read
// into run lengths or a row-major bitmap once per mask object and cached.
import { decodeCountsString, encodeCountsString, encodeMask, type Rle } from '../verifiers/rle.ts';
import { RecordRejected } from '../../runtime/evaluate/reject.ts';
import type { MaskValue, Value } from '../../runtime/values.ts';

/** A decoded mask: `pixels[y * width + x]` is 1 where the mask is set. */
export interface Bitmap {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

// Type aliases rather than values.ts's interfaces, which TypeScript does not let stand for a `Value` record.
export type Mask = MaskValue & { readonly [field: string]: Value };
export type Box = { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };

export function isMaskValue(value: Value | undefined): value is Mask {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as { size?: unknown; counts?: unknown };
  return Array.isArray(candidate.size) && candidate.size.length === 2
    && (typeof candidate.counts === 'string' || Array.isArray(candidate.counts));
}

const rleCache = new WeakMap<object, Rle>();
const bitmapCache = new WeakMap<object, Bitmap>();

/** The run lengths of a mask; a malformed mask rejects the record. */
export function maskRle(value: Value): Rle {
  if (!isMaskValue(value)) throw new RecordRejected('expected a mask (COCO RLE {size: [h, w], counts})');
  const cached = rleCache.get(value);
  if (cached) return cached;
  const [height, width] = value.size;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0) {
    throw new RecordRejected(`mask size [${height}, ${width}] is not two whole numbers`);
  }
  let counts: number[];
  try {
    counts = typeof value.counts === 'string' ? decodeCountsString(value.counts) : [...value.counts];
  } catch (error) {
    throw new RecordRejected(`mask RLE is malformed: ${(error as Error).message}`);
  }
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total !== height * width || counts.some((count) => !Number.isInteger(count) || count < 0)) {
    throw new RecordRejected(`mask RLE runs cover ${total} pixels, but its size ${height}x${width} has ${height * width}`);
  }
  const rle: Rle = { size: [height, width], counts };
  rleCache.set(value, rle);
  return rle;
}

export function maskBitmap(value: Value): Bitmap {
  const cached = bitmapCache.get(value as object);
  if (cached) return cached;
  const rle = maskRle(value);
  const [height, width] = rle.size;
  const pixels = new Uint8Array(height * width);
  let position = 0;
  rle.counts.forEach((count, i) => {
    if (i % 2 === 1) {
      for (let index = position; index < position + count; index++) {
        // RLE runs go down each column; the bitmap is row-major.
        pixels[(index % height) * width + Math.floor(index / height)] = 1;
      }
    }
    position += count;
  });
  const bitmap: Bitmap = { width, height, pixels };
  bitmapCache.set(value as object, bitmap);
  return bitmap;
}

export function maskArea(rle: Rle): number {
  let area = 0;
  for (let i = 1; i < rle.counts.length; i += 2) area += rle.counts[i];
  return area;
}

/** The tightest box around the set pixels, edges on pixel borders (so `x2 - x1` is the width in pixels); null when empty. */
export function maskBounds(rle: Rle): Box | null {
  const [height] = rle.size;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  let position = 0;
  rle.counts.forEach((count, i) => {
    if (i % 2 === 1 && count > 0) {
      const last = position + count - 1;
      const firstColumn = Math.floor(position / height);
      const lastColumn = Math.floor(last / height);
      x1 = Math.min(x1, firstColumn);
      x2 = Math.max(x2, lastColumn + 1);
      // A run that wraps into the next column covers the bottom of one column and the top of the next.
      y1 = Math.min(y1, firstColumn === lastColumn ? position % height : 0);
      y2 = Math.max(y2, (firstColumn === lastColumn ? last % height : height - 1) + 1);
    }
    position += count;
  });
  return Number.isFinite(x1) ? { x1, y1, x2, y2 } : null;
}

/** A mask from a row-major 0/1 image, with counts compressed as pycocotools writes them. */
export function maskFromPixels(pixels: ArrayLike<number>, height: number, width: number): Mask {
  const rle = encodeMask(pixels, height, width);
  return { size: [height, width], counts: encodeCountsString(rle.counts) };
}
