// Turns a batch of examples into one Arrow record batch of the RL split or the CoT split,
// writing the column buffers directly (see columns.ts) rather than through row objects.
import { RecordBatch, Struct } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import type { Example, ShippedVerifier } from '../example.ts';
import type { MediaKind, MediaValue, Value } from '../values.ts';
import { BinaryColumn, Float64Column, Int32Column, Int64Column, ListOffsets, Utf8Column, structData } from './columns.ts';
import {
  AUDIO, AUDIOS, BINARY, COT_SCHEMA, EXTRA_INFO, FLOAT64, IMAGE, IMAGES, INT32, INT64, MESSAGE, MESSAGES,
  REWARD_MODEL, RL_SCHEMA, UTF8, VERIFIER, VIDEO, VIDEOS,
} from './schema.ts';
import type { SplitKind } from './schema.ts';
import { framesInClip } from '../execute/video-cut.ts';

export interface BuildOptions {
  /** Encodes a ground truth as the JSON of `reward_model.ground_truth`; `JSON.stringify` by default. */
  readonly encodeTruth?: (truth: Value) => string;
}

/** An example that cannot become a row as it is; the caller rejects it with `message` as the reason. */
export class RowError extends Error {
  override readonly name = 'RowError';
  constructor(readonly exampleId: string, message: string) {
    super(`example ${exampleId}: ${message}`);
  }
}

/** The token a chat turn carries for each media item, in order (verl and TRL read them). */
export const PLACEHOLDER: Readonly<Record<MediaKind, string>> = { image: '<image>', audio: '<audio>', video: '<video>' };
const PLACEHOLDER_PATTERN = /<(image|audio|video)>/;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const RL_SCHEMA_TYPE = new Struct(RL_SCHEMA.fields);
const COT_SCHEMA_TYPE = new Struct(COT_SCHEMA.fields);

/**
 * Why an example cannot become a row of `split`, or null. Trainers pair the n-th
 * placeholder with the n-th media item, so a placeholder typed into the text would
 * shift every pairing after it.
 */
export function rowProblem(example: Example, split: SplitKind): string | null {
  const typed = PLACEHOLDER_PATTERN.exec(example.prompt) ?? (example.system === null ? null : PLACEHOLDER_PATTERN.exec(example.system));
  if (typed) return `the prompt text contains \`${typed[0]}\`; placeholders are added, one per media item`;
  if (!Number.isInteger(example.level) || example.level < INT32_MIN || example.level > INT32_MAX) return `level ${example.level} is not a 32-bit integer`;
  if (!Number.isSafeInteger(example.index) || example.index < 0) return `index ${example.index} is not a non-negative integer`;
  if (split === 'cot' && example.trace === null) return 'it has no reasoning trace, so no CoT row';
  return null;
}

function check(examples: readonly Example[], split: SplitKind): void {
  for (const example of examples) {
    const problem = rowProblem(example, split);
    if (problem !== null) throw new RowError(example.id, problem);
  }
}

interface SpecJson {
  name: string;
  params: Record<string, unknown>;
  children?: SpecJson[];
}

function specJson(verifier: ShippedVerifier): SpecJson {
  const spec: SpecJson = { name: verifier.name, params: verifier.params };
  if (verifier.children !== undefined) spec.children = verifier.children.map(specJson);
  return spec;
}

// A stage ships one verifier for all its examples: serialise it once. Examples read
// back from the store carry equal copies, so the last one serialised is compared too.
const specCache = new WeakMap<ShippedVerifier, string>();
let lastSpec: { verifier: ShippedVerifier; json: string } | null = null;

function verifierParams(verifier: ShippedVerifier): string {
  if (lastSpec !== null && (lastSpec.verifier === verifier || sameValue(lastSpec.verifier, verifier))) return lastSpec.json;
  let json = specCache.get(verifier);
  if (json === undefined) {
    json = JSON.stringify(specJson(verifier));
    specCache.set(verifier, json);
  }
  lastSpec = { verifier, json };
  return json;
}

/** Deep equality of JSON-shaped values (what a verifier spec holds), key order included. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i];
    if (key !== keysB[i] || !sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function defaultEncodeTruth(truth: Value): string {
  return JSON.stringify(truth);
}

function truthJson(example: Example, encodeTruth: (truth: Value) => string): string {
  let json: unknown;
  try {
    json = encodeTruth(example.truth);
  } catch (error) {
    throw new RowError(example.id, `its ground truth has no JSON encoding (${(error as Error).message})`);
  }
  if (typeof json !== 'string') throw new RowError(example.id, 'its ground truth has no JSON encoding');
  return json;
}

/** `images`, `videos` and `audios`: each media item goes to the column of its kind, in order. */
class MediaColumns {
  private readonly images: ListOffsets;
  private readonly imageBytes: BinaryColumn;
  private readonly imagePath: Utf8Column;
  private readonly videos: ListOffsets;
  private readonly videoBytes: BinaryColumn;
  private readonly videoPath: Utf8Column;
  private readonly videoFps: Float64Column;
  private readonly videoStart: Float64Column;
  private readonly videoEnd: Float64Column;
  private readonly videoFrames: ListOffsets;
  private readonly videoFrameBytes: BinaryColumn;
  private readonly audios: ListOffsets;
  private readonly audioBytes: BinaryColumn;
  private readonly audioPath: Utf8Column;
  private readonly audioRate: Int32Column;

  constructor(rows: number) {
    const items = Math.max(4, rows >> 3);
    this.images = new ListOffsets(rows);
    this.imageBytes = new BinaryColumn(BINARY, items);
    this.imagePath = new Utf8Column(UTF8, items, 32);
    this.videos = new ListOffsets(rows);
    this.videoBytes = new BinaryColumn(BINARY, 4);
    this.videoPath = new Utf8Column(UTF8, 4, 32);
    this.videoFps = new Float64Column(FLOAT64, 4);
    this.videoStart = new Float64Column(FLOAT64, 4);
    this.videoEnd = new Float64Column(FLOAT64, 4);
    this.videoFrames = new ListOffsets(4);
    this.videoFrameBytes = new BinaryColumn(BINARY, 16);
    this.audios = new ListOffsets(rows);
    this.audioBytes = new BinaryColumn(BINARY, 4);
    this.audioPath = new Utf8Column(UTF8, 4, 32);
    this.audioRate = new Int32Column(INT32, 4);
  }

  append(media: readonly MediaValue[]): void {
    let images = 0;
    let videos = 0;
    let audios = 0;
    for (const item of media) {
      if (item.$media === 'image') {
        this.imageBytes.append(item.bytes);
        this.imagePath.append(item.path);
        images++;
      } else if (item.$media === 'video') {
        this.videoBytes.append(item.bytes);
        this.videoPath.append(item.path);
        this.videoFps.append(item.fps);
        this.videoStart.append(item.clip?.start);
        this.videoEnd.append(item.clip?.end);
        const frames = framesInClip(item);
        for (const frame of frames) this.videoFrameBytes.append(frame);
        this.videoFrames.append(frames.length);
        videos++;
      } else {
        this.audioBytes.append(item.bytes);
        this.audioPath.append(item.path);
        this.audioRate.append(item.sample_rate);
        audios++;
      }
    }
    this.images.append(images);
    this.videos.append(videos);
    this.audios.append(audios);
  }

  finish(): { images: Data; videos: Data; audios: Data } {
    const image = structData(IMAGE, this.imagePath.length, [this.imageBytes.finish(), this.imagePath.finish()]);
    const video = structData(VIDEO, this.videoPath.length, [
      this.videoBytes.finish(), this.videoPath.finish(), this.videoFps.finish(), this.videoStart.finish(), this.videoEnd.finish(),
      this.videoFrames.finish(VIDEO.children[5].type, this.videoFrameBytes.finish()),
    ]);
    const audio = structData(AUDIO, this.audioPath.length, [this.audioBytes.finish(), this.audioPath.finish(), this.audioRate.finish()]);
    return { images: this.images.finish(IMAGES, image), videos: this.videos.finish(VIDEOS, video), audios: this.audios.finish(AUDIOS, audio) };
  }
}

/** A chat: optional system turn, the user turn with its placeholders, and for CoT the assistant turn. */
class MessageColumns {
  private readonly offsets: ListOffsets;
  private readonly role: Utf8Column;
  private readonly content: Utf8Column;

  constructor(rows: number, contentBytes: number) {
    this.offsets = new ListOffsets(rows);
    this.role = new Utf8Column(UTF8, rows * 2, 8);
    this.content = new Utf8Column(UTF8, rows * 2, contentBytes);
  }

  /** Appends the system and user turns and returns how many turns that was. */
  prompt(example: Example): number {
    let turns = 1;
    if (example.system !== null) {
      this.role.append('system');
      this.content.append(example.system);
      turns++;
    }
    this.role.append('user');
    if (example.media.length > 0) {
      for (const item of example.media) this.content.part(PLACEHOLDER[item.$media]);
      this.content.part('\n');
    }
    this.content.part(example.prompt);
    this.content.endValue();
    return turns;
  }

  /** `<think>\n{trace}\n</think>\n\n{answer}` */
  assistant(trace: string, answer: string): void {
    this.role.append('assistant');
    this.content.part('<think>\n');
    this.content.part(trace);
    this.content.part('\n</think>\n\n');
    this.content.part(answer);
    this.content.endValue();
  }

  endRow(turns: number): void {
    this.offsets.append(turns);
  }

  finish(): Data {
    const message = structData(MESSAGE, this.role.length, [this.role.finish(), this.content.finish()]);
    return this.offsets.finish(MESSAGES, message);
  }
}

function dataSource(column: Utf8Column, example: Example): void {
  column.part(example.recipe);
  column.part('/');
  column.part(example.stage);
  column.endValue();
}

/** One record batch of the RL split (`RL_SCHEMA`); throws `RowError` for an example that cannot be a row. */
export function buildRlBatch(examples: readonly Example[], options: BuildOptions = {}): RecordBatch {
  check(examples, 'rl');
  const encodeTruth = options.encodeTruth ?? defaultEncodeTruth;
  const rows = examples.length;
  const id = new Utf8Column(UTF8, rows, 24);
  const source = new Utf8Column(UTF8, rows, 24);
  const prompt = new MessageColumns(rows, 256);
  const ability = new Utf8Column(UTF8, rows, 12);
  const style = new Utf8Column(UTF8, rows, 4);
  const groundTruth = new Utf8Column(UTF8, rows, 16);
  const verifierName = new Utf8Column(UTF8, rows, 12);
  const verifierVersion = new Utf8Column(UTF8, rows, 4);
  const verifierSpec = new Utf8Column(UTF8, rows, 64);
  const level = new Int32Column(INT32, rows);
  const difficulty = new Float64Column(FLOAT64, rows);
  const split = new Utf8Column(UTF8, rows, 6);
  const index = new Int64Column(INT64, rows);
  const stage = new Utf8Column(UTF8, rows, 12);
  const group = new Utf8Column(UTF8, rows, 16);
  const key = new Utf8Column(UTF8, rows, 20);
  const media = new MediaColumns(rows);

  for (const example of examples) {
    id.append(example.id);
    dataSource(source, example);
    prompt.endRow(prompt.prompt(example));
    ability.append(example.domain);
    style.append('rule');
    groundTruth.append(truthJson(example, encodeTruth));
    verifierName.append(example.verifier.name);
    verifierVersion.append(example.verifier.version);
    verifierSpec.append(verifierParams(example.verifier));
    level.append(example.level);
    difficulty.append(example.difficulty);
    split.append(example.split);
    index.append(example.index);
    stage.append(example.stage);
    group.append(example.group);
    key.append(example.key);
    media.append(example.media);
  }

  const { images, videos, audios } = media.finish();
  const columns: Data[] = [
    id.finish(),
    source.finish(),
    prompt.finish(),
    ability.finish(),
    structData(REWARD_MODEL, rows, [style.finish(), groundTruth.finish()]),
    structData(VERIFIER, rows, [verifierName.finish(), verifierVersion.finish(), verifierSpec.finish()]),
    level.finish(),
    difficulty.finish(),
    structData(EXTRA_INFO, rows, [split.finish(), index.finish(), stage.finish(), group.finish(), key.finish()]),
    images,
    videos,
    audios,
  ];
  return new RecordBatch(RL_SCHEMA, structData(RL_SCHEMA_TYPE, rows, columns));
}

/** Whether an example also becomes a CoT row. */
export function hasCotRow(example: Example): boolean {
  return example.trace !== null;
}

/** One record batch of the CoT split (`COT_SCHEMA`); every example must carry a trace. */
export function buildCotBatch(examples: readonly Example[]): RecordBatch {
  check(examples, 'cot');
  const rows = examples.length;
  const id = new Utf8Column(UTF8, rows, 24);
  const source = new Utf8Column(UTF8, rows, 24);
  const messages = new MessageColumns(rows, 1024);
  const level = new Int32Column(INT32, rows);
  const ability = new Utf8Column(UTF8, rows, 12);
  const media = new MediaColumns(rows);

  for (const example of examples) {
    id.append(example.id);
    dataSource(source, example);
    const turns = messages.prompt(example);
    messages.assistant(example.trace ?? '', example.answer);
    messages.endRow(turns + 1);
    media.append(example.media);
    level.append(example.level);
    ability.append(example.domain);
  }

  const { images, videos, audios } = media.finish();
  const columns: Data[] = [id.finish(), source.finish(), messages.finish(), images, videos, audios, level.finish(), ability.finish()];
  return new RecordBatch(COT_SCHEMA, structData(COT_SCHEMA_TYPE, rows, columns));
}
