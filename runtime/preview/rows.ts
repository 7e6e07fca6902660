// RL rows and CoT traces as the preview shows them, read defensively from plain shard
// records: a column a writer left out or filled with null becomes an empty value.
import type { ShardRecord } from './shards.ts';

export interface Message { readonly role: string; readonly content: string }

export interface ImageItem { readonly bytes: Uint8Array | null; readonly path: string }
export interface AudioItem extends ImageItem { readonly samplingRate: number | null }
export interface VideoItem extends ImageItem {
  readonly fps: number | null;
  readonly start: number | null;
  readonly end: number | null;
  /** PNG frames at `fps`, already cut to `start`..`end`; empty when the video is a file. */
  readonly frames: readonly Uint8Array[];
}

export interface PreviewRow {
  readonly id: string;
  readonly dataSource: string;
  readonly prompt: readonly Message[];
  readonly ability: string;
  /** `reward_model.ground_truth`, JSON text. */
  readonly groundTruth: string;
  readonly verifier: { readonly name: string; readonly version: string; readonly params: string };
  readonly level: number | null;
  readonly difficulty: number | null;
  readonly split: string;
  readonly index: number | null;
  readonly stage: string;
  readonly images: readonly ImageItem[];
  readonly videos: readonly VideoItem[];
  readonly audios: readonly AudioItem[];
}

export interface Trace {
  /** The text inside `<think>…</think>`, or the whole assistant turn when it has no think block. */
  readonly trace: string;
  readonly answer: string;
}

/**
 * The columns that place a row in its stage and level, read in the first pass:
 * `data_source` (`<recipe>/<stage>`) rather than the `extra_info` struct, which
 * costs hyparquet twice as much to assemble.
 */
export const PLACEMENT_COLUMNS = ['id', 'data_source', 'level'] as const;

function record(value: unknown): ShardRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array) ? value as ShardRecord : {};
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function number(value: unknown): number | null {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function bytes(value: unknown): Uint8Array | null {
  return value instanceof Uint8Array && value.length > 0 ? value : null;
}

function messages(value: unknown): Message[] {
  return list(value).map((item) => ({ role: text(record(item).role), content: text(record(item).content) }));
}

/** The stage of a row: `extra_info.stage`, else the part of `data_source` after the recipe. */
export function stageOf(row: ShardRecord): string {
  const stage = text(record(row.extra_info).stage);
  if (stage !== '') return stage;
  const source = text(row.data_source);
  return source.slice(source.indexOf('/') + 1);
}

export function levelOf(row: ShardRecord): number | null {
  return number(row.level);
}

export function previewRow(row: ShardRecord): PreviewRow {
  const extra = record(row.extra_info);
  const verifier = record(row.verifier);
  return {
    id: text(row.id),
    dataSource: text(row.data_source),
    prompt: messages(row.prompt),
    ability: text(row.ability),
    groundTruth: text(record(row.reward_model).ground_truth),
    verifier: { name: text(verifier.name), version: text(verifier.version), params: text(verifier.params) },
    level: levelOf(row),
    difficulty: number(row.difficulty),
    split: text(extra.split),
    index: number(extra.index),
    stage: stageOf(row),
    images: list(row.images).map((item) => ({ bytes: bytes(record(item).bytes), path: text(record(item).path) })),
    audios: list(row.audios).map((item) => ({
      bytes: bytes(record(item).bytes), path: text(record(item).path), samplingRate: number(record(item).sampling_rate),
    })),
    videos: list(row.videos).map((item) => {
      const video = record(item);
      return {
        bytes: bytes(video.bytes), path: text(video.path), fps: number(video.fps), start: number(video.start), end: number(video.end),
        frames: list(video.frames).filter((frame): frame is Uint8Array => frame instanceof Uint8Array && frame.length > 0),
      };
    }),
  };
}

const THINK = /^\s*<think>\n?([\s\S]*?)\n?<\/think>\s*([\s\S]*)$/;

/** The trace and answer of a CoT row's last assistant turn, or null when it has none. */
export function traceOf(row: ShardRecord): Trace | null {
  const assistant = messages(row.messages).filter((message) => message.role === 'assistant').at(-1);
  if (!assistant) return null;
  const match = THINK.exec(assistant.content);
  return match ? { trace: match[1], answer: match[2] } : { trace: assistant.content, answer: '' };
}
