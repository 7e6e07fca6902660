// Label Studio's brush RLE, checked against the byte vectors of its two reference
// implementations (@thi.ng/rle-pack's tests, label-studio-converter's test_brush.py),
// and converted to and from COCO RLE masks.
import { describe, expect, it } from 'vitest';
import { brushToMask, decodeBrushRle, encodeBrushRle, maskToBrush } from '../../runtime/human/label-studio/brush-rle.ts';
import { maskArea, maskBitmap, maskBounds, maskFromPixels, maskRle } from '../../stdlib/functions/mask-bitmap.ts';
import type { Value } from '../../runtime/values.ts';

/** rle-pack's test input: 1 KiB of zeros with a ramp in the middle. */
const src1k = new Uint8Array(1024);
src1k.set([1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 4, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1], 512);

/** A row-major 0/1 image with a filled rectangle (columns x1..x2-1, rows y1..y2-1). */
function rectangle(width: number, height: number, x1: number, y1: number, x2: number, y2: number): Uint8Array {
  const pixels = new Uint8Array(width * height);
  for (let y = y1; y < y2; y++) pixels.fill(1, y * width + x1, y * width + x2);
  return pixels;
}

/** RGBA bytes of a 0/1 image: set pixels opaque in `color`, the rest transparent. */
function rgba(pixels: Uint8Array, color: readonly number[]): Uint8Array {
  const out = new Uint8Array(pixels.length * 4);
  pixels.forEach((p, i) => p && out.set(color, i * 4));
  return out;
}

describe('brush RLE bytes', () => {
  it('encodes exactly as @thi.ng/rle-pack does (its 3-bit test vectors)', () => {
    expect(encodeBrushRle(src1k, 3)).toEqual([0, 0, 4, 0, 17, 27, 255, 1, 255, 18, 24, 212, 78, 24, 5, 134, 68, 227, 82, 30, 3, 196, 0]);
    expect(encodeBrushRle(src1k, 3, [1, 2, 4, 9])).toEqual([0, 0, 4, 0, 16, 9, 199, 255, 140, 134, 234, 206, 96, 89, 150, 119, 89, 15, 241, 0]);
    expect([...decodeBrushRle([0, 0, 4, 0, 16, 9, 199, 255, 140, 134, 234, 206, 96, 89, 150, 119, 89, 15, 241, 0])]).toEqual([...src1k]);
  });

  it('decodes the vector of label-studio-converter\'s test_rle_encoding', () => {
    // brush.py writes each lone value as a chunk of one and pads a whole zero byte; it decodes all the same.
    const python = [0, 0, 0, 18, 57, 27, 252, 96, 32, 1, 0, 6, 0, 40, 0, 192, 3, 128, 17, 56, 32];
    expect([...decodeBrushRle(python)]).toEqual([1, 1, 1, 1, 2, 3, 5, 6, 7, 8, 4, 4, 4, 4, 4, 4, 4, 4]);
  });

  it('writes the header: 32-bit count, word size - 1, and the four run sizes - 1', () => {
    const bytes = encodeBrushRle([7, 7, 7]);
    expect(bytes.slice(0, 4)).toEqual([0, 0, 0, 3]);
    // 00111 0010 0011 0111 1111: word size 8, run sizes 3, 4, 8, 16.
    expect(bytes.slice(4, 6)).toEqual([0b00111001, 0b00011011]);
  });

  it('writes a lone last value as a run of one, and lone values before it as a chunk, as rle-pack does', () => {
    // Header, then 1 00 001 00000101 (two 5s), then 1 00 000 00001001 (one 9), zero-padded.
    expect(encodeBrushRle([5, 5, 9])).toEqual([0, 0, 0, 3, 57, 27, 252, 32, 176, 4, 128]);
    // Header, then 0 00 001 00000101 00001001 (a chunk of 5 and 9).
    expect(encodeBrushRle([5, 9])).toEqual([0, 0, 0, 2, 57, 27, 248, 32, 161, 32]);
  });

  it('round-trips runs past the longest run class and literal stretches', () => {
    const values = new Uint8Array(70_000 * 2 + 5);
    values.fill(255, 3, 65_540);        // a run split at 65536, then a remainder of 1
    values.fill(9, 65_540, 65_541);
    for (let i = 100_000; i < 100_300; i++) values[i] = i % 7;   // literals
    values[values.length - 1] = 3;      // a lone last value
    expect([...decodeBrushRle(encodeBrushRle(values))]).toEqual([...values]);
    // A run of 65537 ending the data: rle-pack would drop its last value.
    const tail = new Uint8Array(65_537).fill(200);
    expect(decodeBrushRle(encodeBrushRle(tail)).every((v) => v === 200)).toBe(true);
  });

  it('round-trips random images of every density', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (const density of [0, 0.01, 0.5, 0.97, 1]) {
      const values = Uint8Array.from({ length: 4 * 37 * 23 }, () => (random() < density ? 255 : 0));
      expect([...decodeBrushRle(encodeBrushRle(values))]).toEqual([...values]);
    }
  });

  it('refuses truncated or overlong data', () => {
    const bytes = encodeBrushRle(src1k);
    expect(() => decodeBrushRle(bytes.slice(0, bytes.length - 3))).toThrow(/ends early/);
    // Announce fewer values than the runs hold.
    expect(() => decodeBrushRle([0, 0, 0, 2, ...bytes.slice(4)])).toThrow(/past the 2 values/);
    expect(() => decodeBrushRle([0, 0, 0, 1, 300])).toThrow(/byte 4 is 300/);
  });
});

describe('brush RLE <-> COCO RLE masks', () => {
  it('reads the alpha channel of a Label Studio brush into a mask with the right area and bounds', () => {
    // A 6x4 rectangle at columns 3-8, rows 2-5 of a 12x10 image, painted in a red of Label Studio's palette.
    const width = 12;
    const height = 10;
    const brush = encodeBrushRle(rgba(rectangle(width, height, 3, 2, 9, 6), [255, 0, 0, 179]));
    const mask = brushToMask(brush, width, height);
    expect(mask.size).toEqual([10, 12]);
    expect(Array.isArray(mask.counts)).toBe(true);
    const rle = maskRle(mask as Value);
    expect(maskArea(rle)).toBe(24);
    expect(maskBounds(rle)).toEqual({ x1: 3, y1: 2, x2: 9, y2: 6 });
    // Column-major runs: 3 empty columns (30) + 2 rows, then 4 set, 6 clear ... and the tail.
    expect(mask.counts.slice(0, 3)).toEqual([32, 4, 6]);
  });

  it('treats any non-zero alpha as in the mask, and colour alone as not', () => {
    const pixels = new Uint8Array(8);
    const image = new Uint8Array(32);
    image.set([10, 20, 30, 1], 0);      // faint but present
    image.set([255, 255, 255, 0], 4);   // colour without alpha
    pixels[0] = 1;
    const mask = brushToMask(encodeBrushRle(image), 4, 2);
    expect([...maskBitmap(mask as Value).pixels]).toEqual([...pixels]);
  });

  it('round-trips a mask through Label Studio\'s format, compressed counts included', () => {
    const pixels = rectangle(40, 30, 5, 7, 31, 22);
    pixels[0] = 1;
    pixels[40 * 30 - 1] = 1;
    const compressed = maskFromPixels(pixels, 30, 40);
    const brush = maskToBrush(compressed);
    const back = brushToMask(brush, 40, 30);
    expect([...maskBitmap(back as Value).pixels]).toEqual([...pixels]);
    expect(maskArea(maskRle(back as Value))).toBe(26 * 15 + 2);
    // Set pixels are written opaque white, as brush.py's mask2rle writes a 0/255 mask.
    const decoded = decodeBrushRle(brush);
    expect(decoded.length).toBe(40 * 30 * 4);
    expect([...decoded.slice(0, 8)]).toEqual([255, 255, 255, 255, 0, 0, 0, 0]);
  });

  it('refuses a brush whose size is not the image\'s', () => {
    const brush = encodeBrushRle(new Uint8Array(4 * 10 * 10));
    expect(() => brushToMask(brush, 10, 12)).toThrow('brush RLE holds 400 values, but a 10x12 RGBA image has 480');
  });
});
