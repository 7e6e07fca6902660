// sample_point: a pixel inside a mask, by one of three strategies. Points are
// whole pixel coordinates (column, row); the point-in-mask verifier floors a
// point to the pixel holding it, so the pixel itself is what is checked.
import { gaussian, type RandomStream } from '../../runtime/evaluate/random.ts';
import { interiorPixel } from '../verifiers/rle.ts';
import { squaredDepth } from './distance-transform.ts';
import { maskBitmap, maskRle, type Bitmap, type Mask } from './mask-bitmap.ts';

export type SamplingStrategy = 'center_of_mass' | 'central' | 'edge_aware';
export const samplingStrategies: readonly SamplingStrategy[] = ['center_of_mass', 'central', 'edge_aware'];

export interface Pixel { readonly x: number; readonly y: number }

/** The point, or null when the mask is empty. */
export function samplePoint(mask: Mask, strategy: SamplingStrategy, margin: number, random: RandomStream): Pixel | null {
  const rle = maskRle(mask);
  const centre = interiorPixel(rle);
  if (!centre) return null;
  const centreOfMass = { x: centre[0], y: centre[1] };
  if (strategy === 'center_of_mass') return centreOfMass;
  const bitmap = maskBitmap(mask);
  return strategy === 'central' ? centralPixel(bitmap, random) ?? centreOfMass : edgeAwarePixel(bitmap, margin, random);
}

interface Spread { cx: number; cy: number; sx: number; sy: number }

function spreadOf(bitmap: Bitmap): Spread {
  let n = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumYY = 0;
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = 0; x < bitmap.width; x++) {
      if (!bitmap.pixels[y * bitmap.width + x]) continue;
      n++;
      sumX += x;
      sumY += y;
      sumXX += x * x;
      sumYY += y * y;
    }
  }
  const cx = sumX / n;
  const cy = sumY / n;
  return { cx, cy, sx: Math.sqrt(Math.max(0, sumXX / n - cx * cx)), sy: Math.sqrt(Math.max(0, sumYY / n - cy * cy)) };
}

const CENTRAL_ROUNDS = 8;
const CENTRAL_TRIES_PER_ROUND = 64;

/**
 * A Gaussian draw around the centroid with half the mask's own spread,
 * redrawn until it lands inside. The spread doubles after each round of
 * misses, so a mask whose centroid lies outside it (a ring, a crescent)
 * is still reached; after every round fails, null (the caller falls back
 * to the centre of mass).
 */
function centralPixel(bitmap: Bitmap, random: RandomStream): Pixel | null {
  const { cx, cy, sx, sy } = spreadOf(bitmap);
  let scale = 0.5;
  for (let round = 0; round < CENTRAL_ROUNDS; round++, scale *= 2) {
    const sigmaX = Math.max(0.5, sx * scale);
    const sigmaY = Math.max(0.5, sy * scale);
    for (let i = 0; i < CENTRAL_TRIES_PER_ROUND; i++) {
      const x = Math.round(cx + gaussian(random) * sigmaX);
      const y = Math.round(cy + gaussian(random) * sigmaY);
      if (x >= 0 && y >= 0 && x < bitmap.width && y < bitmap.height && bitmap.pixels[y * bitmap.width + x]) return { x, y };
    }
  }
  return null;
}

/**
 * Uniform among the pixels at least `margin` from every pixel outside the
 * mask (centre to centre, the image border counting as outside). When none
 * is that deep, the deepest pixel, ties going to the one nearest the centroid.
 */
function edgeAwarePixel(bitmap: Bitmap, margin: number, random: RandomStream): Pixel {
  const depth = squaredDepth(bitmap);
  const threshold = margin > 0 ? margin * margin : 0;
  let candidates = 0;
  let deepest = 0;
  for (let i = 0; i < depth.length; i++) {
    if (!bitmap.pixels[i]) continue;
    if (depth[i] >= threshold) candidates++;
    if (depth[i] > deepest) deepest = depth[i];
  }
  if (candidates > 0) {
    let pick = Math.floor(random() * candidates);
    for (let i = 0; i < depth.length; i++) {
      if (!bitmap.pixels[i] || depth[i] < threshold) continue;
      if (pick-- === 0) return { x: i % bitmap.width, y: Math.floor(i / bitmap.width) };
    }
  }
  const { cx, cy } = spreadOf(bitmap);
  let best: Pixel = { x: 0, y: 0 };
  let bestDistance = Infinity;
  for (let i = 0; i < depth.length; i++) {
    if (!bitmap.pixels[i] || depth[i] !== deepest) continue;
    const x = i % bitmap.width;
    const y = Math.floor(i / bitmap.width);
    const distance = (x - cx) ** 2 + (y - cy) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = { x, y };
    }
  }
  return best;
}
