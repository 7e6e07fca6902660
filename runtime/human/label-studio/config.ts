// The Label Studio labelling config of a gate, and the names its tasks and
// results share: the media object is named after its kind (`image`, `audio`,
// `video`) and reads `$<kind>` from the task data (a text-only yes/no item shows
// its question as the object `text`); the labelling control is `label`, the
// yes/no control of a validate gate is `answer`.
import type { MediaKind } from '../../values.ts';
import type { GateTask } from '../types.ts';

export type AnnotateTask = Exclude<GateTask, 'yes_no'>;

export interface LabelControl {
  /** The media kind the task needs. */
  readonly media: MediaKind;
  /** The control tag in the config. */
  readonly tag: string;
  /** The result `type` (and the key of the label list in its `value`). */
  readonly type: string;
}

export const LABEL_CONTROLS: Readonly<Record<AnnotateTask, LabelControl>> = {
  audio_regions: { media: 'audio', tag: 'Labels', type: 'labels' },
  video_segments: { media: 'video', tag: 'TimelineLabels', type: 'timelinelabels' },
  image_boxes: { media: 'image', tag: 'RectangleLabels', type: 'rectanglelabels' },
  image_points: { media: 'image', tag: 'KeyPointLabels', type: 'keypointlabels' },
  image_masks: { media: 'image', tag: 'BrushLabels', type: 'brushlabels' },
};

/** The `from_name` of labelling results. */
export const LABEL_CONTROL_NAME = 'label';
/** The `from_name` of a validate gate's yes/no result. */
export const ANSWER_CONTROL_NAME = 'answer';
export const CHOICES_TYPE = 'choices';

const MEDIA_TAGS: Readonly<Record<MediaKind, string>> = { image: 'Image', audio: 'Audio', video: 'Video' };

/** The media object's name, which is also its task data field and the results' `to_name`. */
export function mediaObjectName(kind: MediaKind): string {
  return kind;
}

/** The object a text-only yes/no item shows: its question, from the task data's `question`. */
export const TEXT_OBJECT_NAME = 'text';

/** What the results of an item point at (`to_name`): its media object, or the question text when it has no media. */
export function shownObjectName(kind: MediaKind | null): string {
  return kind === null ? TEXT_OBJECT_NAME : mediaObjectName(kind);
}

/** Escapes text for a double-quoted XML attribute; newlines are kept as references, which attribute normalisation would otherwise turn into spaces. */
export function xmlAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** The config of a gate whose items show `media` (null: text-only yes/no items). */
export function labelingConfig(task: GateTask, media: MediaKind | null, labels: readonly string[], instructions: string | null): string {
  const name = shownObjectName(media);
  const lines = ['<View>'];
  if (instructions !== null && instructions.trim() !== '') lines.push(`  <Header value="${xmlAttribute(instructions)}"/>`);
  if (task === 'yes_no') {
    if (media === null) lines.push(`  <Text name="${name}" value="$question"/>`);
    else {
      lines.push(`  <${MEDIA_TAGS[media]} name="${name}" value="$${name}"/>`);
      lines.push('  <Header value="$question"/>');
    }
    lines.push(`  <Choices name="${ANSWER_CONTROL_NAME}" toName="${name}" choice="single" required="true">`);
    lines.push('    <Choice value="yes"/>', '    <Choice value="no"/>', '  </Choices>');
  } else {
    const control = LABEL_CONTROLS[task];
    if (media === null || control.media !== media) throw new Error(`labelingConfig: a ${task} gate labels ${control.media}, not ${media}`);
    if (labels.length === 0) throw new Error(`labelingConfig: a ${task} gate needs at least one label`);
    // The clip's frame rate comes from each task, so frame numbers convert to seconds with the right fps.
    const objectAttributes = task === 'video_segments' ? ' framerate="$fps"' : '';
    // Boxes are axis-aligned in rlr: the rotation handle would only produce answers the import refuses.
    const controlAttributes = task === 'image_boxes' ? ' canRotate="false"' : '';
    lines.push(`  <${MEDIA_TAGS[media]} name="${name}" value="$${name}"${objectAttributes}/>`);
    lines.push(`  <${control.tag} name="${LABEL_CONTROL_NAME}" toName="${name}"${controlAttributes}>`);
    for (const label of labels) lines.push(`    <Label value="${xmlAttribute(label)}"/>`);
    lines.push(`  </${control.tag}>`);
  }
  lines.push('</View>');
  return lines.join('\n') + '\n';
}
