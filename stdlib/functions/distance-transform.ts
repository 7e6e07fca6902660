// The exact Euclidean distance transform of Felzenszwalb and Huttenlocher
// ("Distance Transforms of Sampled Functions", 2012): distances down each
// column, then a 1-D lower-envelope transform along each row; linear in the
// number of pixels.
import type { Bitmap } from './mask-bitmap.ts';

/**
 * For each pixel, the squared distance from its centre to the centre of the
 * nearest pixel outside the mask, row-major; 0 outside. The image border
 * counts as outside, so a mask touching the edge is shallow there.
 */
export function squaredDepth(bitmap: Bitmap): Float64Array {
  // One pixel of padding on every side stands for the outside of the image.
  const width = bitmap.width + 2;
  const height = bitmap.height + 2;
  const grid = new Float64Array(width * height);
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = 0; x < bitmap.width; x++) {
      if (bitmap.pixels[y * bitmap.width + x]) grid[(y + 1) * width + (x + 1)] = 1;
    }
  }
  // Down each column, the distance to the nearest outside pixel above, then below: two sweeps over
  // whole rows (row-major, so the cache is kept), the padding guaranteeing an outside pixel at each end.
  for (let y = 1; y < height; y++) {
    for (let i = y * width, end = i + width; i < end; i++) if (grid[i] !== 0) grid[i] = grid[i - width] + 1;
  }
  for (let y = height - 2; y >= 0; y--) {
    for (let i = y * width, end = i + width; i < end; i++) if (grid[i] !== 0) grid[i] = Math.min(grid[i], grid[i + width] + 1);
  }
  for (let i = 0; i < grid.length; i++) grid[i] *= grid[i];
  // Along each row, the lower envelope of the parabolas rooted at each column's squared distance.
  const scratch = { f: new Float64Array(width), d: new Float64Array(width), v: new Int32Array(width), z: new Float64Array(width + 1) };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) scratch.f[x] = grid[row + x];
    transform1d(width, scratch);
    for (let x = 0; x < width; x++) grid[row + x] = scratch.d[x];
  }
  const out = new Float64Array(bitmap.width * bitmap.height);
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = 0; x < bitmap.width; x++) out[y * bitmap.width + x] = grid[(y + 1) * width + (x + 1)];
  }
  return out;
}

interface Scratch { f: Float64Array; d: Float64Array; v: Int32Array; z: Float64Array }

/** d[q] = min over p of (q - p)^2 + f[p], through the lower envelope of the parabolas rooted at each p. */
function transform1d(n: number, { f, d, v, z }: Scratch): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = intersection(f, q, v[k]);
    while (s <= z[k]) {
      k--;
      s = intersection(f, q, v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    d[q] = (q - v[k]) ** 2 + f[v[k]];
  }
}

function intersection(f: Float64Array, q: number, p: number): number {
  return (f[q] + q * q - (f[p] + p * p)) / (2 * q - 2 * p);
}
