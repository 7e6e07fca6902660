// What a human gate hands to people and what comes back. An item is one
// record at one gate: the media to look at or listen to, the question or the
// labels, a model's pre-annotation, and whether it goes to a second person
// (the QA sample). Answers are kept per annotator, in our units (seconds,
// pixels, COCO RLE masks), whatever tool they came from.
import type { MediaKind, Value } from '../values.ts';

export type GateTask = 'audio_regions' | 'video_segments' | 'image_boxes' | 'image_points' | 'image_masks' | 'yes_no';
export type GateMode = 'annotate' | 'validate';

export const GATE_TASKS: readonly GateTask[] = ['audio_regions', 'video_segments', 'image_boxes', 'image_points', 'image_masks', 'yes_no'];

export interface GateMedia {
  readonly kind: MediaKind;
  /** Absolute path of the file a person sees or hears (generated media are written under `<dataset>/annotations/media/`). */
  readonly file: string;
  /** The media's name in the recipe: its path relative to the recipe's folder, or a generator's name. */
  readonly name: string;
  readonly width: number | null;
  readonly height: number | null;
  /** Seconds. */
  readonly duration: number | null;
  readonly fps: number | null;
  readonly frame_count: number | null;
  /** For a video held as frames (no encoded file): absolute paths of the frame images, in order; `file` is the first. */
  readonly frames: readonly string[] | null;
}

export interface GateItem {
  /** The gate's name: `<stage>.<binding>` for `annotate`, `<stage>.<gate>` for `validate`. */
  readonly gate: string;
  readonly task: GateTask;
  readonly mode: GateMode;
  /** The key of the record that waits at the gate. */
  readonly record: string;
  /** What the person looks at or listens to; null for a text-only yes/no item (the question is all there is to judge). */
  readonly media: GateMedia | null;
  /** What a `validate` gate asks; null for `annotate`. */
  readonly question: string | null;
  /** The labels a person may give (empty for `validate`). */
  readonly labels: readonly string[];
  /**
   * A model's pre-annotation in our units, shown for the person to correct:
   * `{label, span: {start, end}}` (seconds), `{label, box: {x1, y1, x2, y2}}` (pixels),
   * `{label, point: {x, y}}` (pixels), `{label, mask}` (COCO RLE); null when none.
   */
  readonly predictions: readonly Value[] | null;
  /** In the QA sample: two different people answer, and their agreement is measured. */
  readonly qa: boolean;
  readonly instructions: string | null;
}

/** An item with media to show: every annotate item, and a yes/no item about an image, a clip or a video. */
export type MediaGateItem = GateItem & { readonly media: GateMedia };

export function hasMedia(item: GateItem): item is MediaGateItem {
  return item.media !== null;
}

/**
 * One person's answer to one item: for `annotate`, a list of regions, boxes,
 * points or masks in the shapes of `GateItem.predictions`; for `validate`, a boolean.
 */
export interface Annotation {
  readonly annotator: string;
  readonly value: Value;
  readonly origin: 'label-studio' | 'review';
  /** Where it came from: a Label Studio annotation id, or a review decision id. */
  readonly ref: string;
}

export interface ItemAnswers {
  /** At most one per annotator, sorted by annotator. */
  readonly annotations: readonly Annotation[];
  /** The deciding answer when two annotators of a QA item disagreed. */
  readonly adjudication: Annotation | null;
}

export const NO_ANSWERS: ItemAnswers = { annotations: [], adjudication: null };
