// One gate item as a Label Studio task to import: its data (the media URL, the
// question, the fps, and the gate, item and round that lead the answers back)
// and the model's pre-annotation as a prediction in Label Studio's units.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { dataUri, mediaType } from '../../preview/media.ts';
import type { MediaKind, Value } from '../../values.ts';
import { hasMedia, type Annotation, type GateItem, type MediaGateItem } from '../types.ts';
import { mediaObjectName } from './config.ts';
import { ConversionError, valueToResults } from './convert.ts';

export interface LabelStudioPrediction {
  readonly model_version: string;
  readonly result: readonly Record<string, unknown>[];
}

export interface LabelStudioImportTask {
  readonly data: Readonly<Record<string, string | number | boolean>>;
  readonly predictions?: readonly LabelStudioPrediction[];
}

export interface TaskOptions {
  /** The URL Label Studio loads the item's media from. */
  readonly mediaUrl: (item: MediaGateItem) => string;
  /** 2 for the second person's copy of a QA item. */
  readonly round?: 1 | 2;
}

export const PREDICTION_MODEL_VERSION = 'rlr';

export function labelStudioTask(itemKey: string, item: GateItem, options: TaskOptions): LabelStudioImportTask {
  // A text-only yes/no item has no media: its question is what the task shows.
  const data: Record<string, string | number | boolean> = hasMedia(item) ? { [mediaObjectName(item.media.kind)]: options.mediaUrl(item) } : {};
  if (item.question !== null) data.question = item.question;
  if (item.media?.kind === 'video') {
    if (item.media.fps !== null) data.fps = item.media.fps;
    else if (item.task === 'video_segments') throw new Error(`item \`${itemKey}\` at gate \`${item.gate}\`: the video has no frame rate, which Label Studio needs to count frames`);
  }
  data.rlr_gate = item.gate;
  data.rlr_item = itemKey;
  data.rlr_round = options.round ?? 1;
  const prediction = predictionValue(item);
  if (prediction === undefined) return { data };
  try {
    return { data, predictions: [{ model_version: PREDICTION_MODEL_VERSION, result: valueToResults(item, prediction) }] };
  } catch (error) {
    const detail = error instanceof ConversionError ? error.message.replace(/^result /, 'prediction ') : (error as Error).message;
    throw new Error(`item \`${itemKey}\` at gate \`${item.gate}\`: ${detail}`, { cause: error });
  }
}

/**
 * A disputed QA item for a third person to decide: the two answers shown as predictions
 * (one per annotator), and `rlr_adjudicate` so that the import records the answer as the decision.
 */
export function adjudicationTask(itemKey: string, item: GateItem, answers: readonly Annotation[], options: TaskOptions): LabelStudioImportTask {
  const { data } = labelStudioTask(itemKey, { ...item, predictions: null }, options);
  return {
    data: { ...data, rlr_adjudicate: true },
    predictions: answers.map((answer) => ({ model_version: `annotator:${answer.annotator}`, result: valueToResults(item, answer.value) })),
  };
}

/** The pre-annotation as one answer: the list itself, or for a yes/no gate its one boolean. */
function predictionValue(item: GateItem): Value | undefined {
  if (item.predictions === null) return undefined;
  if (item.task !== 'yes_no') return item.predictions;
  return item.predictions.length > 0 ? item.predictions[0] : undefined;
}

/**
 * The URL of a file served by Label Studio's local storage. Start Label Studio with
 * `LOCAL_FILES_SERVING_ENABLED=true LOCAL_FILES_DOCUMENT_ROOT=/` so that it serves
 * absolute paths.
 */
export function localFilesUrl(file: string): string {
  const relative = file.replace(/^\/+/, '');
  return `/data/local-files/?d=${relative.split('/').map(encodeURIComponent).join('/')}`;
}

const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.bmp': 'image/bmp', '.svg': 'image/svg+xml',
  '.wav': 'audio/wav', '.flac': 'audio/flac', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4', '.webm': 'video/webm', '.ogv': 'video/ogg', '.mov': 'video/quicktime',
};

const KINDS: readonly MediaKind[] = ['image', 'audio', 'video'];

/** The file as a `data:` URI, its MIME type read from its bytes (the kind, when given, settles ambiguous ones such as Ogg), else from its extension. */
export function embeddedUrl(file: string, kind?: MediaKind): string {
  const bytes = new Uint8Array(readFileSync(file));
  const sniffed = (kind ? [kind] : KINDS).map((k) => mediaType(k, bytes)).find((type) => type !== null);
  return dataUri(sniffed ?? TYPES_BY_EXTENSION[extname(file).toLowerCase()] ?? 'application/octet-stream', bytes);
}
