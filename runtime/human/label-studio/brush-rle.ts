// Label Studio's brush RLE: the bit-packed run-length format of @thi.ng/rle-pack
// that the Label Studio frontend writes and label-studio-converter's brush.py
// reads, over the RGBA bytes of the image (row-major, 4 values a pixel).
//
// Layout, most significant bit first: 32 bits the number of values, 5 bits the
// word size minus one, 4 x 4 bits the four run-length field sizes minus one;
// then groups of 1 bit (1: a run of one repeated word, 0: a chunk of literal
// words), 2 bits the size class, that class's bits for the count minus one,
// and the word (a run) or the words (a chunk). The last byte is zero-padded.
import { maskBitmap } from '../../../stdlib/functions/mask-bitmap.ts';
import { encodeMask } from '../../../stdlib/verifiers/rle.ts';
import type { MaskValue, Value } from '../../values.ts';

export type RleSizes = readonly [number, number, number, number];

/** The run-length field sizes the Label Studio frontend and brush.py use. */
export const DEFAULT_RLE_SIZES: RleSizes = [3, 4, 8, 16];

export class BrushRleError extends Error {
  override readonly name = 'BrushRleError';
}

class BitReader {
  private position = 0;

  constructor(private readonly bytes: ArrayLike<number>) {}

  read(width: number): number {
    let value = 0;
    for (let remaining = width; remaining > 0;) {
      const index = Math.floor(this.position / 8);
      if (index >= this.bytes.length) throw new BrushRleError(`brush RLE ends early: ${this.bytes.length} bytes hold fewer values than its header announces`);
      const offset = this.position % 8;
      const take = Math.min(8 - offset, remaining);
      const bits = (this.bytes[index] >>> (8 - offset - take)) & ((1 << take) - 1);
      // Multiplication, not shifts: a 32-bit field would turn negative.
      value = value * 2 ** take + bits;
      remaining -= take;
      this.position += take;
    }
    return value;
  }
}

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private filled = 0;

  write(value: number, width: number): void {
    for (let bit = width - 1; bit >= 0; bit--) {
      this.current = (this.current << 1) | ((value >>> bit) & 1);
      if (++this.filled === 8) {
        this.bytes.push(this.current);
        this.current = 0;
        this.filled = 0;
      }
    }
  }

  finish(): number[] {
    if (this.filled > 0) this.bytes.push(this.current << (8 - this.filled));
    this.current = 0;
    this.filled = 0;
    return this.bytes;
  }
}

/** The words packed in `rle` (bytes 0-255). */
export function decodeBrushRle(rle: ArrayLike<number>): Uint8Array | Uint16Array | Uint32Array {
  for (let i = 0; i < rle.length; i++) {
    const byte = rle[i];
    if (!Number.isInteger(byte) || byte < 0 || byte > 255) throw new BrushRleError(`brush RLE byte ${i} is ${byte}, not a whole number from 0 to 255`);
  }
  const input = new BitReader(rle);
  const count = input.read(32);
  const wordSize = input.read(5) + 1;
  const sizes = [0, 1, 2, 3].map(() => input.read(4) + 1);
  const out = new (wordSize <= 8 ? Uint8Array : wordSize <= 16 ? Uint16Array : Uint32Array)(count);
  for (let i = 0; i < count;) {
    const repeated = input.read(1) === 1;
    const end = i + 1 + input.read(sizes[input.read(2)]);
    if (end > count) throw new BrushRleError(`brush RLE has a run to value ${end}, past the ${count} values its header announces`);
    if (repeated) {
      out.fill(input.read(wordSize), i, end);
      i = end;
    } else {
      for (; i < end; i++) out[i] = input.read(wordSize);
    }
  }
  return out;
}

/**
 * Packs `values` as the Label Studio frontend does (@thi.ng/rle-pack's encoder): repeats
 * of a word become runs, words between runs become literal chunks, and a lone word at
 * the end with no chunk open is a run of one. Runs and chunks longer than the largest
 * size class are split. (rle-pack drops a lone last word that follows a run split at
 * the largest class; this writes it.)
 */
export function encodeBrushRle(values: ArrayLike<number>, wordSize = 8, rleSizes: RleSizes = DEFAULT_RLE_SIZES): number[] {
  if (!Number.isInteger(wordSize) || wordSize < 1 || wordSize > 32) throw new BrushRleError(`word size ${wordSize} is not 1 to 32 bits`);
  if (rleSizes.some((size) => !Number.isInteger(size) || size < 1 || size > 16)) throw new BrushRleError(`run-length sizes ${rleSizes.join(', ')} are not each 1 to 16 bits`);
  const out = new BitWriter();
  out.write(values.length, 32);
  out.write(wordSize - 1, 5);
  for (const size of rleSizes) out.write(size - 1, 4);
  const limits = rleSizes.map((size) => 2 ** size);
  const sizeClass = (countMinusOne: number) => (countMinusOne < limits[0] ? 0 : countMinusOne < limits[1] ? 1 : countMinusOne < limits[2] ? 2 : 3);
  const longest = limits[3];
  const header = (repeated: boolean, count: number) => {
    const sized = sizeClass(count - 1);
    out.write(repeated ? 1 : 0, 1);
    out.write(sized, 2);
    out.write(count - 1, rleSizes[sized]);
  };
  const literals: number[] = [];
  const writeLiterals = () => {
    if (literals.length === 0) return;
    header(false, literals.length);
    for (const word of literals) out.write(word, wordSize);
    literals.length = 0;
  };
  for (let i = 0; i < values.length;) {
    const word = values[i];
    if (!Number.isInteger(word) || word < 0 || word >= 2 ** wordSize) throw new BrushRleError(`value ${i} is ${word}, which does not fit ${wordSize} bits`);
    let end = i + 1;
    while (end < values.length && values[end] === word && end - i < longest) end++;
    const last = end === values.length;
    if (end - i > 1 || (last && literals.length === 0)) {
      writeLiterals();
      header(true, end - i);
      out.write(word, wordSize);
    } else {
      literals.push(word);
      if (literals.length === longest) writeLiterals();
    }
    i = end;
  }
  writeLiterals();
  return out.finish();
}

/** A COCO RLE mask (uncompressed counts) of the pixels whose alpha is not zero in a brush RLE of a `width` x `height` image. */
export function brushToMask(rle: ArrayLike<number>, width: number, height: number): MaskValue {
  const rgba = decodeBrushRle(rle);
  if (rgba.length !== width * height * 4) {
    throw new BrushRleError(`brush RLE holds ${rgba.length} values, but a ${width}x${height} RGBA image has ${width * height * 4}`);
  }
  const pixels = new Uint8Array(width * height);
  for (let p = 0; p < pixels.length; p++) pixels[p] = rgba[p * 4 + 3] > 0 ? 1 : 0;
  return encodeMask(pixels, height, width);
}

/** The brush RLE of a mask: set pixels are opaque white, the rest transparent black (as brush.py's `mask2rle` writes a 0/255 mask). */
export function maskToBrush(mask: MaskValue): number[] {
  const bitmap = maskBitmap(mask as Value);
  const rgba = new Uint8Array(bitmap.pixels.length * 4);
  for (let p = 0; p < bitmap.pixels.length; p++) if (bitmap.pixels[p]) rgba.fill(255, p * 4, p * 4 + 4);
  return encodeBrushRle(rgba);
}
