// Label Studio results <-> rlr answers, for one item. Label Studio measures
// images in percent, videos in 1-based inclusive frame numbers and masks in its
// brush RLE over RGBA bytes; rlr holds pixels, seconds and COCO RLE masks. The
// item carries what converting needs: the stored image size and the clip's fps.
import type { z } from 'zod';
import type { MaskValue, Value } from '../../values.ts';
import type { GateItem, GateMedia } from '../types.ts';
import { brushToMask, maskToBrush } from './brush-rle.ts';
import { ANSWER_CONTROL_NAME, CHOICES_TYPE, LABEL_CONTROLS, LABEL_CONTROL_NAME, shownObjectName, type AnnotateTask } from './config.ts';
import {
  brushLabelsValue, choicesValue, firstIssue, keyPointLabelsValue, labelsValue, rectangleLabelsValue, timelineLabelsValue,
  type LabelStudioResult,
} from './export-schema.ts';

/** A result that does not convert; `result` is its 1-based position in the annotation, null when the fault is the whole annotation's. */
export class ConversionError extends Error {
  override readonly name = 'ConversionError';

  constructor(readonly result: number | null, readonly detail: string, readonly hint: string | null = null) {
    super(result === null ? detail : `result ${result}: ${detail}`);
  }
}

/** The size Label Studio draws a predicted key point at, in percent of the image width. */
const KEY_POINT_WIDTH = 1;

// Percent to pixels multiplies by the size and divides by 100, which leaves float dust
// (100.00000000000001); a millionth of a pixel is far below anything a person can draw.
const tidy = (value: number) => Math.round(value * 1e6) / 1e6;

/** The answer one annotation's results give `item`: a list of regions, boxes, points or masks, or a boolean for a yes/no gate. */
export function resultsToValue(item: GateItem, results: readonly LabelStudioResult[]): Value {
  if (item.task === 'yes_no') return yesNo(results);
  const task = item.task;
  const out: Value[] = [];
  results.forEach((result, index) => {
    const position = index + 1;
    const expected = LABEL_CONTROLS[task].type;
    if (result.type !== expected) {
      throw new ConversionError(position, `a \`${result.type}\` result does not fit gate \`${item.gate}\`, whose ${task} task expects \`${expected}\` results`,
        `export the Label Studio project whose config is annotations/${item.gate}/config.xml`);
    }
    out.push(...convertResult(item, task, result, position));
  });
  return out;
}

function yesNo(results: readonly LabelStudioResult[]): boolean {
  const answers = results.map((result, index) => ({ result, position: index + 1 })).filter(({ result }) => result.type === CHOICES_TYPE && (result.from_name ?? ANSWER_CONTROL_NAME) === ANSWER_CONTROL_NAME);
  const other = results.findIndex((result) => !answers.some((answer) => answer.result === result));
  if (other >= 0) throw new ConversionError(other + 1, `a \`${results[other].type}\` result does not fit a yes/no gate, which expects one \`choices\` result from \`${ANSWER_CONTROL_NAME}\``);
  if (answers.length === 0) throw new ConversionError(null, 'the annotation has no yes/no answer (no `choices` result)', 'answer the question, or skip the task in Label Studio so that it is exported as cancelled');
  if (answers.length > 1) throw new ConversionError(answers[1].position, 'a second yes/no answer in one annotation');
  const { result, position } = answers[0];
  const value = parse(choicesValue, result, position);
  if (value.choices.length !== 1 || (value.choices[0] !== 'yes' && value.choices[0] !== 'no')) {
    throw new ConversionError(position, `choices ${JSON.stringify(value.choices)} are not one of "yes" or "no"`);
  }
  return value.choices[0] === 'yes';
}

function convertResult(item: GateItem, task: AnnotateTask, result: LabelStudioResult, position: number): Value[] {
  switch (task) {
    case 'audio_regions': {
      const value = parse(labelsValue, result, position);
      if (!(value.start >= 0 && value.end >= value.start)) throw new ConversionError(position, `region ${value.start}s to ${value.end}s is not a span of the clip`);
      return labelsOf(item, result, value.labels, position).map((label) => ({ label, span: { start: value.start, end: value.end } }));
    }
    case 'video_segments': {
      const value = parse(timelineLabelsValue, result, position);
      const fps = marked(item, position).fps;
      if (fps === null || !(fps > 0)) throw new ConversionError(position, `the video of item \`${item.record}\` has no frame rate, so frame numbers cannot become seconds`);
      const labels = labelsOf(item, result, value.timelinelabels, position);
      return value.ranges.flatMap((range) => {
        if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 1 || range.end < range.start) {
          throw new ConversionError(position, `frame range ${range.start}-${range.end} is not whole frame numbers from 1 with the end not before the start`);
        }
        // Frames are 1-based and inclusive: frame n shows the interval [(n - 1) / fps, n / fps).
        return labels.map((label) => ({ label, span: { start: (range.start - 1) / fps, end: range.end / fps } }));
      });
    }
    case 'image_boxes': {
      const value = parse(rectangleLabelsValue, result, position);
      if ((value.rotation ?? 0) !== 0) {
        throw new ConversionError(position, `the box is rotated by ${value.rotation} degrees; gate \`${item.gate}\` takes axis-aligned boxes`, 'redraw the box without rotating it');
      }
      const { width, height } = imageSize(item, result, position);
      const x1 = tidy((value.x / 100) * width);
      const y1 = tidy((value.y / 100) * height);
      const box = { x1, y1, x2: tidy(((value.x + value.width) / 100) * width), y2: tidy(((value.y + value.height) / 100) * height) };
      return labelsOf(item, result, value.rectanglelabels, position).map((label) => ({ label, box }));
    }
    case 'image_points': {
      const value = parse(keyPointLabelsValue, result, position);
      const { width, height } = imageSize(item, result, position);
      const point = { x: tidy((value.x / 100) * width), y: tidy((value.y / 100) * height) };
      return labelsOf(item, result, value.keypointlabels, position).map((label) => ({ label, point }));
    }
    case 'image_masks': {
      const value = parse(brushLabelsValue, result, position);
      if (value.format !== 'rle') throw new ConversionError(position, `brush format \`${value.format}\` is not the \`rle\` format rlr reads`);
      const { width, height } = imageSize(item, result, position);
      let mask: MaskValue;
      try {
        mask = brushToMask(value.rle, width, height);
      } catch (error) {
        throw new ConversionError(position, (error as Error).message);
      }
      return labelsOf(item, result, value.brushlabels, position).map((label) => ({ label, mask: mask as unknown as Value }));
    }
  }
}

function parse<T>(schema: z.ZodType<T>, result: LabelStudioResult, position: number): T {
  const parsed = schema.safeParse(result.value);
  if (parsed.success) return parsed.data;
  const issue = firstIssue(parsed.error);
  const field = ['value', ...issue.path.map(String)].join('.');
  throw new ConversionError(position, `${result.type} \`${field}\`: ${issue.message}`);
}

function labelsOf(item: GateItem, result: LabelStudioResult, labels: readonly string[], position: number): string[] {
  if (labels.length === 0) throw new ConversionError(position, `${result.type} region has no label`);
  for (const label of labels) {
    if (!item.labels.includes(label)) {
      throw new ConversionError(position, `${result.type} label ${JSON.stringify(label)} is not one of the gate's labels (${item.labels.join(', ')})`,
        `label with the gate's labels only; the Label Studio project's config should be annotations/${item.gate}/config.xml`);
    }
  }
  return [...labels];
}

/** The media an annotate item marks (only a yes/no item may go without). */
function marked(item: GateItem, position: number): GateMedia {
  if (item.media === null) throw new ConversionError(position, `item \`${item.record}\` at gate \`${item.gate}\` has no media to mark`);
  return item.media;
}

/** The stored image size; a result made on an image of another size is refused rather than rescaled. */
function imageSize(item: GateItem, result: LabelStudioResult, position: number): { width: number; height: number } {
  const { width, height } = marked(item, position);
  if (width === null || height === null) throw new ConversionError(position, `the image of item \`${item.record}\` has no stored size, so percentages cannot become pixels`);
  const shown = { width: result.original_width ?? width, height: result.original_height ?? height };
  if (shown.width !== width || shown.height !== height) {
    throw new ConversionError(position, `Label Studio saw the image as ${shown.width}x${shown.height}, but item \`${item.record}\` is ${width}x${height}`,
      'the task shows another file than the one rlr exported, or the file changed since the export');
  }
  return { width, height };
}

// ---- our units -> Label Studio results (predictions) ----

type Region = { readonly [field: string]: Value };

/** Label Studio results for an answer in rlr units (used for predictions); throws on a value that does not fit the item. */
export function valueToResults(item: GateItem, value: Value): Record<string, unknown>[] {
  const media = shownObjectName(item.media?.kind ?? null);
  if (item.task === 'yes_no') {
    if (typeof value !== 'boolean') throw new ConversionError(null, `a yes/no prediction must be true or false, not ${JSON.stringify(value)}`);
    return [{ id: 'rlr-1', from_name: ANSWER_CONTROL_NAME, to_name: media, type: CHOICES_TYPE, value: { choices: [value ? 'yes' : 'no'] } }];
  }
  if (!Array.isArray(value)) throw new ConversionError(null, `a ${item.task} prediction must be a list, not ${JSON.stringify(value)}`);
  const task = item.task;
  return (value as readonly Value[]).map((region, index) => {
    const position = index + 1;
    if (typeof region !== 'object' || region === null || Array.isArray(region)) throw new ConversionError(position, `prediction ${JSON.stringify(region)} is not a labelled region`);
    const fields = region as Region;
    const label = fields.label;
    if (typeof label !== 'string' || !item.labels.includes(label)) {
      throw new ConversionError(position, `prediction label ${JSON.stringify(label)} is not one of the gate's labels (${item.labels.join(', ')})`);
    }
    return { id: `rlr-${position}`, from_name: LABEL_CONTROL_NAME, to_name: media, type: LABEL_CONTROLS[task].type, ...resultBody(item, task, fields, label, position) };
  });
}

function resultBody(item: GateItem, task: AnnotateTask, region: Region, label: string, position: number): Record<string, unknown> {
  switch (task) {
    case 'audio_regions': {
      const span = numbers(region.span, ['start', 'end'], position);
      return { value: { start: span.start, end: span.end, channel: 0, labels: [label] } };
    }
    case 'video_segments': {
      const span = numbers(region.span, ['start', 'end'], position);
      const fps = marked(item, position).fps;
      if (fps === null || !(fps > 0)) throw new ConversionError(position, 'the video has no frame rate, so seconds cannot become frame numbers');
      const start = Math.round(span.start * fps) + 1;
      const end = Math.max(start, Math.round(span.end * fps));
      return { value: { ranges: [{ start, end }], timelinelabels: [label] } };
    }
    case 'image_boxes': {
      const box = numbers(region.box, ['x1', 'y1', 'x2', 'y2'], position);
      const { width, height } = storedSize(item, position);
      return {
        original_width: width, original_height: height, image_rotation: 0,
        value: { x: (box.x1 / width) * 100, y: (box.y1 / height) * 100, width: ((box.x2 - box.x1) / width) * 100, height: ((box.y2 - box.y1) / height) * 100, rotation: 0, rectanglelabels: [label] },
      };
    }
    case 'image_points': {
      const point = numbers(region.point, ['x', 'y'], position);
      const { width, height } = storedSize(item, position);
      return { original_width: width, original_height: height, image_rotation: 0, value: { x: (point.x / width) * 100, y: (point.y / height) * 100, width: KEY_POINT_WIDTH, keypointlabels: [label] } };
    }
    case 'image_masks': {
      const { width, height } = storedSize(item, position);
      const mask = region.mask as MaskValue | undefined;
      if (!mask || !Array.isArray(mask.size) || mask.size[0] !== height || mask.size[1] !== width) {
        throw new ConversionError(position, `prediction mask of size ${JSON.stringify(mask?.size)} does not match the ${width}x${height} image (size is [height, width])`);
      }
      let rle: number[];
      try {
        rle = maskToBrush(mask);
      } catch (error) {
        throw new ConversionError(position, `prediction mask: ${(error as Error).message}`);
      }
      return { original_width: width, original_height: height, image_rotation: 0, value: { format: 'rle', rle, brushlabels: [label] } };
    }
  }
}

function numbers<K extends string>(value: Value | undefined, keys: readonly K[], position: number): Record<K, number> {
  const record = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Region;
  const missing = keys.filter((key) => typeof record[key] !== 'number' || !Number.isFinite(record[key]));
  if (missing.length > 0) throw new ConversionError(position, `prediction ${JSON.stringify(value)} lacks a number for ${missing.join(', ')}`);
  return Object.fromEntries(keys.map((key) => [key, record[key] as number])) as Record<K, number>;
}

function storedSize(item: GateItem, position: number): { width: number; height: number } {
  const { width, height } = marked(item, position);
  if (width === null || height === null) throw new ConversionError(position, 'the image has no stored size, so pixels cannot become percentages');
  return { width, height };
}
