// Masks: every sampling strategy lands inside the mask, edge_aware keeps its
// margin, and the choices are deterministic per record key.
import { describe, expect, it } from 'vitest';
import type { Value } from '../../runtime/values.ts';
import { squaredDepth } from '../../stdlib/functions/distance-transform.ts';
import { maskBitmap, type Mask } from '../../stdlib/functions/mask-bitmap.ts';
import { encodeCountsString, encodeMask, maskHas } from '../../stdlib/verifiers/rle.ts';
import { call, rejection } from './call.ts';

type Shape = (x: number, y: number) => boolean;

function mask(width: number, height: number, inside: Shape, compressed = false): Mask {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = inside(x, y) ? 1 : 0;
  const rle = encodeMask(pixels, height, width);
  return { size: rle.size, counts: compressed ? encodeCountsString(rle.counts) : rle.counts };
}

const disc = mask(64, 48, (x, y) => (x - 30) ** 2 + (y - 22) ** 2 <= 15 ** 2);
// A ring two or three pixels thick: its centroid lies in the hole.
const ring = mask(64, 64, (x, y) => { const r = Math.hypot(x - 32, y - 32); return r >= 18 && r <= 20.5; }, true);
// An L: a tall bar and a long foot, 10 pixels thick.
const ell = mask(60, 60, (x, y) => (x >= 5 && x < 15 && y >= 5 && y < 55) || (x >= 5 && x < 55 && y >= 45 && y < 55));
const shapes: Array<[string, Mask]> = [['disc', disc], ['thin ring', ring], ['L shape', ell]];

/** Distance from a pixel to the nearest pixel outside the mask, the image border counting as outside: brute force. */
function depth(m: Mask, x: number, y: number): number {
  let best = Infinity;
  for (const [xx, yy] of outsidePixels(m)) best = Math.min(best, (xx - x) ** 2 + (yy - y) ** 2);
  return Math.sqrt(best);
}

const outsideCache = new WeakMap<Mask, Array<[number, number]>>();

function outsidePixels(m: Mask): Array<[number, number]> {
  let cached = outsideCache.get(m);
  if (!cached) {
    const [height, width] = m.size;
    cached = [];
    for (let yy = -1; yy <= height; yy++) {
      for (let xx = -1; xx <= width; xx++) {
        if (xx < 0 || yy < 0 || xx >= width || yy >= height || !has(m, xx, yy)) cached.push([xx, yy]);
      }
    }
    outsideCache.set(m, cached);
  }
  return cached;
}

function has(m: Mask, x: number, y: number): boolean {
  return maskBitmap(m).pixels[y * m.size[1] + x] === 1;
}

const keys = Array.from({ length: 40 }, (_, i) => `photo-${i}/0`);
const point = (value: Value) => value as { x: number; y: number };

describe('sample_point', () => {
  describe.each(shapes)('on a %s', (_name, m) => {
    it.each(['center_of_mass', 'central', 'edge_aware'])('%s always lands on a set pixel', (strategy) => {
      for (const key of keys) {
        const p = point(call('sample_point', { mask: m, strategy, margin: 2 }, key));
        expect(Number.isInteger(p.x) && Number.isInteger(p.y)).toBe(true);
        expect(has(m, p.x, p.y), `${strategy} ${key} -> (${p.x}, ${p.y})`).toBe(true);
        expect(call('point_in', { point: p, mask: m })).toBe(true);
      }
    });

    it('edge_aware keeps at least the margin from the boundary', () => {
      for (const key of keys) {
        const p = point(call('sample_point', { mask: m, strategy: 'edge_aware', margin: 2 }, key));
        expect(depth(m, p.x, p.y)).toBeGreaterThanOrEqual(2);
      }
    });

    it('is deterministic per key and varies across keys', () => {
      for (const strategy of ['central', 'edge_aware']) {
        const first = keys.map((key) => call('sample_point', { mask: m, strategy, margin: 2 }, key));
        const again = keys.map((key) => call('sample_point', { mask: m, strategy, margin: 2 }, key));
        expect(again).toEqual(first);
        expect(new Set(first.map((p) => JSON.stringify(p))).size).toBeGreaterThan(10);
      }
    });
  });

  it('edge_aware spreads over every pixel deep enough, not only the centre', () => {
    const seen = keys.map((key) => point(call('sample_point', { mask: disc, strategy: 'edge_aware', margin: 4 }, key)));
    for (const p of seen) expect(depth(disc, p.x, p.y)).toBeGreaterThanOrEqual(4);
    const farFromCentre = seen.filter((p) => Math.hypot(p.x - 30, p.y - 22) > 6);
    expect(farFromCentre.length).toBeGreaterThan(10);
  });

  it('edge_aware falls back to the deepest pixel when none is as far in as the margin', () => {
    const p = point(call('sample_point', { mask: ell, strategy: 'edge_aware', margin: 40 }));
    const deepest = Math.max(...Array.from({ length: 60 * 60 }, (_, i) => (has(ell, i % 60, Math.floor(i / 60)) ? depth(ell, i % 60, Math.floor(i / 60)) : 0)));
    expect(depth(ell, p.x, p.y)).toBe(deepest);
    expect(call('sample_point', { mask: ell, strategy: 'edge_aware', margin: 40 }, 'another key')).toEqual(p);
  });

  it('center_of_mass is the centroid when it is inside, the nearest set pixel when not', () => {
    expect(call('sample_point', { mask: disc, strategy: 'center_of_mass' })).toEqual({ x: 30, y: 22 });
    const p = point(call('sample_point', { mask: ring, strategy: 'center_of_mass' }));
    expect(has(ring, p.x, p.y)).toBe(true);
    expect(Math.hypot(p.x - 32, p.y - 32)).toBeLessThan(19);
  });

  it('central stays nearer the centroid than uniform sampling would', () => {
    const square = mask(101, 101, () => true);
    const spread = (strategy: string) => keys.reduce((sum, key) => {
      const p = point(call('sample_point', { mask: square, strategy, margin: 0 }, key));
      return sum + Math.hypot(p.x - 50, p.y - 50);
    }, 0) / keys.length;
    expect(spread('central')).toBeLessThan(0.7 * spread('edge_aware'));
  });

  it('rejects an empty mask, an unknown strategy and a malformed mask', () => {
    expect(rejection('sample_point', { mask: mask(8, 8, () => false), strategy: 'central', margin: 1 })).toMatch(/mask is empty/);
    expect(rejection('sample_point', { mask: disc, strategy: 'middle', margin: 1 })).toMatch(/unknown strategy "middle"/);
    expect(rejection('sample_point', { mask: { size: [4, 4], counts: [3, 2] }, strategy: 'central', margin: 1 })).toMatch(/cover 5 pixels.*4x4 has 16/);
  });
});

describe('distance transform', () => {
  it.each([...shapes, ['noise', mask(23, 17, (x, y) => (x * 7 + y * 13) % 5 !== 0)] as [string, Mask]])('matches brute force on a %s', (_name, m) => {
    const bitmap = maskBitmap(m);
    const squared = squaredDepth(bitmap);
    for (let y = 0; y < bitmap.height; y++) {
      for (let x = 0; x < bitmap.width; x++) {
        const expected = has(m, x, y) ? depth(m, x, y) ** 2 : 0;
        expect(squared[y * bitmap.width + x]).toBeCloseTo(expected, 6);
      }
    }
  });
});

describe('mask functions', () => {
  const image = { $media: 'image', path: 'photo.jpg', width: 20, height: 10 } as const;

  it('mask_from_box sets exactly the pixels inside the box', () => {
    const m = call('mask_from_box', { box: { x1: 2, y1: 3, x2: 7, y2: 5 }, image }) as Mask;
    expect(m.size).toEqual([10, 20]);
    expect(typeof m.counts).toBe('string');
    expect(call('mask_area', { mask: m })).toBe(10);
    expect(call('box_of', { mask: m })).toEqual({ x1: 2, y1: 3, x2: 7, y2: 5 });
    const rle = { size: [10, 20] as [number, number], counts: (encodeMask(maskBitmap(m).pixels, 10, 20)).counts };
    expect(maskHas(rle, 2, 3) && maskHas(rle, 6, 4) && !maskHas(rle, 7, 4) && !maskHas(rle, 6, 5)).toBe(true);
  });

  it('mask_from_box clips a box that leaves the image', () => {
    const m = call('mask_from_box', { box: { x1: -5, y1: -5, x2: 3, y2: 100 }, image });
    expect(call('mask_area', { mask: m })).toBe(30);
  });

  it('box_of follows runs that wrap from one column into the next', () => {
    // Column 1 set from row 3 down, column 2 set down to row 1: one run across the column break.
    const m = mask(4, 5, (x, y) => (x === 1 && y >= 3) || (x === 2 && y <= 1));
    expect(call('box_of', { mask: m })).toEqual({ x1: 1, y1: 0, x2: 3, y2: 5 });
  });

  it('point_in reads a point on the pixel whose square holds it, and is false outside the image', () => {
    const m = mask(4, 4, (x, y) => x === 1 && y === 2);
    expect(call('point_in', { point: { x: 1.9, y: 2.1 }, mask: m })).toBe(true);
    expect(call('point_in', { point: { x: 2, y: 2 }, mask: m })).toBe(false);
    expect(call('point_in', { point: { x: -1, y: 2 }, mask: m })).toBe(false);
  });

  it('box_of rejects an empty mask', () => {
    expect(rejection('box_of', { mask: mask(3, 3, () => false) })).toMatch(/empty/);
  });
});
