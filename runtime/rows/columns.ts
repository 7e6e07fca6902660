// Growable Arrow buffers (offsets, values, validity) filled row by row and handed to
// `makeData` without a copy: about 6x faster than Arrow's builders (FACTS.md).
import { makeData } from 'apache-arrow';
import type { Binary, Data, DataType, Float64, Int32, Int64, List, Struct, Utf8 } from 'apache-arrow';

const encoder = new TextEncoder();
/** Arrow's 32-bit offsets bound the bytes of one column in one batch. */
const MAX_OFFSET = 0x7fffffff;
const SHORT_STRING = 48;

function grown<T extends Uint8Array | Int32Array | Float64Array | BigInt64Array>(buffer: T, needed: number, make: (size: number) => T): T {
  if (needed <= buffer.length) return buffer;
  let size = Math.max(16, buffer.length * 2);
  while (size < needed) size *= 2;
  const next = make(size);
  next.set(buffer as never);
  return next;
}

/** A validity bitmap, made only once a value is null (most columns never have one). */
class Validity {
  private bits: Uint8Array | null = null;
  nullCount = 0;

  /** Records whether value `index` is valid; values are recorded in order. */
  set(index: number, valid: boolean): void {
    if (valid) {
      if (this.bits !== null) {
        this.bits = grown(this.bits, (index >> 3) + 1, (n) => new Uint8Array(n));
        this.bits[index >> 3] |= 1 << (index & 7);
      }
      return;
    }
    if (this.bits === null) {
      // Every value before this one was valid.
      this.bits = new Uint8Array(Math.max(16, (index >> 2) + 1));
      this.bits.fill(0xff, 0, index >> 3);
      for (let i = index & ~7; i < index; i++) this.bits[i >> 3] |= 1 << (i & 7);
    }
    this.bits = grown(this.bits, (index >> 3) + 1, (n) => new Uint8Array(n));
    this.nullCount++;
  }

  bitmap(length: number): Uint8Array | undefined {
    return this.bits === null ? undefined : grown(this.bits, (length + 7) >> 3, (n) => new Uint8Array(n)).subarray(0, (length + 7) >> 3);
  }
}

/** Variable-length bytes behind 32-bit offsets: the layout of both Utf8 and Binary. */
class VarBytes {
  protected offsets: Int32Array;
  protected bytes: Uint8Array;
  protected end = 0;
  length = 0;

  constructor(capacity: number, bytesPerValue: number) {
    this.offsets = new Int32Array(capacity + 1);
    this.bytes = new Uint8Array(Math.max(64, capacity * bytesPerValue));
  }

  protected reserve(extra: number): void {
    const needed = this.end + extra;
    if (needed > this.bytes.length) this.bytes = grown(this.bytes, needed, (n) => new Uint8Array(n));
  }

  protected close(): void {
    if (this.end > MAX_OFFSET) throw new RangeError(`a column holds more than 2 GiB in one batch: write smaller batches`);
    this.length++;
    this.offsets = grown(this.offsets, this.length + 1, (n) => new Int32Array(n));
    this.offsets[this.length] = this.end;
  }

  protected buffers(): { valueOffsets: Int32Array; data: Uint8Array } {
    return { valueOffsets: this.offsets.subarray(0, this.length + 1), data: this.bytes.subarray(0, this.end) };
  }
}

export class Utf8Column extends VarBytes {
  constructor(private readonly type: Utf8, capacity: number, bytesPerValue = 16) {
    super(capacity, bytesPerValue);
  }

  /** Appends one part of the current value; `endValue` closes it. Saves concatenating strings. */
  part(text: string): void {
    const n = text.length;
    this.reserve(n * 3);
    const bytes = this.bytes;
    let at = this.end;
    let i = 0;
    if (n < SHORT_STRING) {
      // For short ASCII strings a plain loop beats the call into TextEncoder.
      for (; i < n; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0x80) break;
        bytes[at++] = code;
      }
      if (i === n) {
        this.end = at;
        return;
      }
    }
    const { written } = encoder.encodeInto(i === 0 ? text : text.slice(i), bytes.subarray(at));
    this.end = at + written;
  }

  endValue(): void {
    this.close();
  }

  append(text: string): void {
    this.part(text);
    this.close();
  }

  finish(): Data<Utf8> {
    return makeData({ type: this.type, length: this.length, nullCount: 0, ...this.buffers() });
  }
}

export class BinaryColumn extends VarBytes {
  private readonly validity = new Validity();

  constructor(private readonly type: Binary, capacity: number, bytesPerValue = 0) {
    super(capacity, bytesPerValue);
  }

  append(value: Uint8Array | undefined): void {
    this.validity.set(this.length, value !== undefined);
    if (value !== undefined) {
      this.reserve(value.length);
      this.bytes.set(value, this.end);
      this.end += value.length;
    }
    this.close();
  }

  finish(): Data<Binary> {
    const nullBitmap = this.validity.bitmap(this.length);
    return makeData({ type: this.type, length: this.length, nullCount: this.validity.nullCount, nullBitmap, ...this.buffers() });
  }
}

export class Int32Column {
  private values: Int32Array;
  private readonly validity = new Validity();
  length = 0;

  constructor(private readonly type: Int32, capacity: number) {
    this.values = new Int32Array(Math.max(1, capacity));
  }

  append(value: number | undefined): void {
    this.values = grown(this.values, this.length + 1, (n) => new Int32Array(n));
    this.validity.set(this.length, value !== undefined);
    this.values[this.length++] = value ?? 0;
  }

  finish(): Data<Int32> {
    const nullBitmap = this.validity.bitmap(this.length);
    return makeData({ type: this.type, length: this.length, nullCount: this.validity.nullCount, nullBitmap, data: this.values.subarray(0, this.length) });
  }
}

export class Int64Column {
  private values: BigInt64Array;
  length = 0;

  constructor(private readonly type: Int64, capacity: number) {
    this.values = new BigInt64Array(Math.max(1, capacity));
  }

  append(value: number): void {
    this.values = grown(this.values, this.length + 1, (n) => new BigInt64Array(n));
    this.values[this.length++] = BigInt(value);
  }

  finish(): Data<Int64> {
    return makeData({ type: this.type, length: this.length, nullCount: 0, data: this.values.subarray(0, this.length) });
  }
}

export class Float64Column {
  private values: Float64Array;
  private readonly validity = new Validity();
  length = 0;

  constructor(private readonly type: Float64, capacity: number) {
    this.values = new Float64Array(Math.max(1, capacity));
  }

  append(value: number | undefined): void {
    this.values = grown(this.values, this.length + 1, (n) => new Float64Array(n));
    this.validity.set(this.length, value !== undefined);
    this.values[this.length++] = value ?? 0;
  }

  finish(): Data<Float64> {
    const nullBitmap = this.validity.bitmap(this.length);
    return makeData({ type: this.type, length: this.length, nullCount: this.validity.nullCount, nullBitmap, data: this.values.subarray(0, this.length) });
  }
}

/** The offsets of a list column; its items are appended to the child columns directly. */
export class ListOffsets {
  private offsets: Int32Array;
  private items = 0;
  length = 0;

  constructor(capacity: number) {
    this.offsets = new Int32Array(capacity + 1);
  }

  /** Closes one list of `count` items. */
  append(count: number): void {
    this.items += count;
    this.length++;
    this.offsets = grown(this.offsets, this.length + 1, (n) => new Int32Array(n));
    this.offsets[this.length] = this.items;
  }

  finish<T extends DataType>(type: List<T>, child: Data<T>): Data<List<T>> {
    return makeData({ type, length: this.length, nullCount: 0, valueOffsets: this.offsets.subarray(0, this.length + 1), child });
  }
}

export function structData<T extends Struct>(type: T, length: number, children: Data[]): Data<T> {
  return makeData({ type, length, nullCount: 0, children });
}
