// The shape of a function implementation and typed readers for its arguments.
// The compiler has checked the types; the readers still check the values,
// because data from files and models can break a declared type, and such a
// record is rejected with a reason rather than crashing the run.
import type { RandomStream } from '../../runtime/evaluate/random.ts';
import { RecordRejected } from '../../runtime/evaluate/reject.ts';
import { isMaskValue, maskRle, type Mask } from './mask-bitmap.ts';
import { isMedia, type BoxValue, type MediaKind, type MediaValue, type PointValue, type SegmentValue, type Value } from '../../runtime/values.ts';

export interface FunctionContext {
  /** A deterministic stream for this call on this record; `purpose` separates independent draws. */
  random(purpose: string): RandomStream;
}

/** Arguments by the registry's parameter names. */
export type Args = Readonly<Record<string, Value>>;

export type FunctionImpl = (args: Args, context: FunctionContext) => Value;

export function describeValue(value: Value | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isMedia(value)) return `${value.$media} \`${value.path}\``;
  if (typeof value === 'object') return 'a record';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** Typed access to one call's arguments; a value of the wrong shape rejects the record. */
export class ArgReader {
  constructor(private readonly fn: string, private readonly args: Args) {}

  reject(reason: string): never {
    throw new RecordRejected(`\`${this.fn}\`: ${reason}`);
  }

  value(name: string): Value {
    return this.args[name] ?? null;
  }

  private expected(name: string, what: string): never {
    return this.reject(`\`${name}\` should be ${what}, got ${describeValue(this.args[name])}`);
  }

  number(name: string): number {
    const value = this.args[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.expected(name, 'a finite number');
    return value;
  }

  integer(name: string): number {
    const value = this.number(name);
    if (!Number.isInteger(value)) return this.expected(name, 'a whole number');
    return value;
  }

  positive(name: string): number {
    const value = this.number(name);
    if (value <= 0) return this.expected(name, 'greater than 0');
    return value;
  }

  string(name: string): string {
    const value = this.args[name];
    if (typeof value !== 'string') return this.expected(name, 'a string');
    return value;
  }

  optionalString(name: string): string | null {
    return this.args[name] === null || this.args[name] === undefined ? null : this.string(name);
  }

  boolean(name: string): boolean {
    const value = this.args[name];
    if (typeof value !== 'boolean') return this.expected(name, 'true or false');
    return value;
  }

  list(name: string): readonly Value[] {
    const value = this.args[name];
    if (!Array.isArray(value)) return this.expected(name, 'a list');
    return value;
  }

  strings(name: string): readonly string[] {
    const value = this.list(name);
    if (!value.every((item) => typeof item === 'string')) return this.expected(name, 'a list of strings');
    return value as readonly string[];
  }

  numbers(name: string): readonly number[] {
    const value = this.list(name);
    if (!value.every((item) => typeof item === 'number' && Number.isFinite(item))) return this.expected(name, 'a list of numbers');
    return value as readonly number[];
  }

  record(name: string): { readonly [field: string]: Value } {
    const value = this.args[name];
    if (typeof value !== 'object' || value === null || Array.isArray(value) || isMedia(value)) return this.expected(name, 'a record');
    return value as { readonly [field: string]: Value };
  }

  point(name: string): PointValue {
    const value = this.record(name);
    if (!finite(value.x) || !finite(value.y)) return this.expected(name, 'a point {x, y}');
    return { x: value.x, y: value.y };
  }

  box(name: string): BoxValue {
    const value = this.record(name);
    if (!finite(value.x1) || !finite(value.y1) || !finite(value.x2) || !finite(value.y2)) return this.expected(name, 'a box {x1, y1, x2, y2}');
    return { x1: value.x1, y1: value.y1, x2: value.x2, y2: value.y2 };
  }

  segment(name: string): SegmentValue {
    const value = this.record(name);
    if (!finite(value.start) || !finite(value.end)) return this.expected(name, 'a segment {start, end}');
    return { start: value.start, end: value.end };
  }

  media(name: string, kind: MediaKind): MediaValue {
    const value = this.args[name];
    if (!isMedia(value) || value.$media !== kind) return this.expected(name, `a${kind === 'image' || kind === 'audio' ? 'n' : ''} ${kind}`);
    return value;
  }

  /** A well-formed mask (its runs decoded and cached for the caller). */
  mask(name: string): Mask {
    const value = this.args[name];
    if (!isMaskValue(value)) return this.expected(name, 'a mask (COCO RLE {size: [h, w], counts})');
    try {
      maskRle(value);
    } catch (error) {
      if (error instanceof RecordRejected) return this.reject(error.reason);
      throw error;
    }
    return value;
  }

  /** The pixel size of an image, which the caller needs known. */
  imageSize(name: string): { width: number; height: number } {
    const image = this.media(name, 'image');
    if (!finite(image.width) || !finite(image.height) || image.width <= 0 || image.height <= 0) {
      return this.reject(`the size of image \`${image.path}\` is unknown`);
    }
    return { width: image.width, height: image.height };
  }
}

function finite(value: Value | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Defines a function whose arguments are read through an `ArgReader` named after it. */
export function define(name: string, body: (a: ArgReader, context: FunctionContext) => Value): [string, FunctionImpl] {
  return [name, (args, context) => body(new ArgReader(name, args), context)];
}
