// COCO run-length masks, read the way pycocotools writes them: runs over the
// pixels in column-major order (down each column, then the next column),
// starting with a run of zeros; `counts` either a list of run lengths or the
// compact string of `rleToString` (6-bit groups offset by 48, runs after the
// second one stored as the difference from the run two before).

export interface Rle { size: [number, number]; counts: number[] }

export function decodeCountsString(text: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let value = 0;
    let shift = 0;
    let more = true;
    while (more) {
      if (p >= text.length) throw new Error('RLE counts string ends inside a number');
      const c = text.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new Error(`RLE counts string has an invalid character at ${p}`);
      // Multiplication instead of shifts: run lengths may pass 2^31 on large images.
      value += (c & 0x1f) * 2 ** shift;
      more = (c & 0x20) !== 0;
      p++;
      shift += 5;
      if (!more && (c & 0x10) !== 0) value -= 2 ** shift;
    }
    if (counts.length > 2) value += counts[counts.length - 2];
    counts.push(value);
  }
  return counts;
}

export function encodeCountsString(counts: number[]): string {
  let text = '';
  counts.forEach((count, i) => {
    let value = i > 2 ? count - counts[i - 2] : count;
    let more = true;
    while (more) {
      let c = ((value % 32) + 32) % 32;
      value = Math.floor(value / 32);
      more = (c & 0x10) !== 0 ? value !== -1 : value !== 0;
      if (more) c |= 0x20;
      text += String.fromCharCode(c + 48);
    }
  });
  return text;
}

/** Run lengths of a row-major 0/1 image of `height` rows, in COCO's column-major order. */
export function encodeMask(pixels: ArrayLike<number>, height: number, width: number): Rle {
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const value = pixels[y * width + x] ? 1 : 0;
      if (value !== current) { counts.push(run); run = 0; current = value; }
      run++;
    }
  }
  counts.push(run);
  return { size: [height, width], counts };
}

/** Whether pixel (column x, row y) is set; outside the image is not. */
export function maskHas(rle: Rle, x: number, y: number): boolean {
  const [height, width] = rle.size;
  if (x < 0 || y < 0 || x >= width || y >= height) return false;
  const index = x * height + y;
  let position = 0;
  for (let i = 0; i < rle.counts.length; i++) {
    position += rle.counts[i];
    if (index < position) return i % 2 === 1;
  }
  return false;
}

/** The set pixel nearest the mask's centre of mass (so a point drawn there lies inside), or null if empty. */
export function interiorPixel(rle: Rle): [number, number] | null {
  let sumX = 0;
  let sumY = 0;
  let area = 0;
  forEachSetPixel(rle, (x, y) => { sumX += x; sumY += y; area++; });
  if (area === 0) return null;
  const cx = sumX / area;
  const cy = sumY / area;
  let best: [number, number] = [0, 0];
  let bestDistance = Infinity;
  forEachSetPixel(rle, (x, y) => {
    const distance = (x - cx) ** 2 + (y - cy) ** 2;
    if (distance < bestDistance) { bestDistance = distance; best = [x, y]; }
  });
  return best;
}

function forEachSetPixel(rle: Rle, visit: (x: number, y: number) => void): void {
  const [height] = rle.size;
  let position = 0;
  rle.counts.forEach((count, i) => {
    if (i % 2 === 1) {
      for (let index = position; index < position + count; index++) visit(Math.floor(index / height), index % height);
    }
    position += count;
  });
}
