// Values as the runtime holds them while records flow through a DAG.
// Geometry is held as objects (so `box.x1` and `segment.start` read naturally)
// and encoded as arrays only when a ground truth is written (see truth.ts).

export type MediaKind = 'image' | 'audio' | 'video';

/** A media item: a file on disk, or bytes a generator made (`path` is then a stable name). */
export interface MediaValue {
  readonly $media: MediaKind;
  readonly path: string;
  readonly bytes?: Uint8Array;
  readonly width?: number;
  readonly height?: number;
  /** Seconds, for audio and video. */
  readonly duration?: number;
  readonly sample_rate?: number;
  readonly channels?: number;
  readonly fps?: number;
  readonly frame_count?: number;
  /** A video held as frames (PNG bytes, at `fps`), when there is no encoded file. */
  readonly frames?: readonly Uint8Array[];
  /** For a video cut by `temporal_split`: the part of the file that is shown, in seconds. */
  readonly clip?: { readonly start: number; readonly end: number };
}

export type PointValue = { readonly x: number; readonly y: number };
export type BoxValue = { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
export type SegmentValue = { readonly start: number; readonly end: number };
/** A mask as COCO RLE: column-major run lengths starting with background, counts compressed or not. */
export type MaskValue = { readonly size: readonly [number, number]; readonly counts: string | readonly number[] };

export type Value =
  | null
  | boolean
  | number
  | string
  | MediaValue
  | readonly Value[]
  | { readonly [field: string]: Value };

export type Fields = { readonly [field: string]: Value };

/**
 * One record flowing through a stage. `key` is stable across runs (source
 * key, then `/index` for each explode); `group` is the key of the source
 * record it derives from, so derived examples stay in one split.
 */
export interface RuntimeRecord {
  readonly key: string;
  readonly group: string;
  readonly fields: Fields;
}

export function isMedia(value: Value | undefined): value is MediaValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as MediaValue).$media === 'string';
}
