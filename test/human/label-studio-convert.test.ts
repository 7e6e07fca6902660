// Label Studio results (as its JSON export writes them) into rlr answers and
// back: percent of the stored image size to pixels, 1-based inclusive frame
// numbers to seconds with the clip's fps, brush RLE to COCO RLE masks.
import { describe, expect, it } from 'vitest';
import { encodeBrushRle } from '../../runtime/human/label-studio/brush-rle.ts';
import { ConversionError, resultsToValue, valueToResults } from '../../runtime/human/label-studio/convert.ts';
import type { LabelStudioResult } from '../../runtime/human/label-studio/export-schema.ts';
import type { Value } from '../../runtime/values.ts';
import { maskArea, maskBounds, maskRle } from '../../stdlib/functions/mask-bitmap.ts';
import { gateItem } from './fixtures/gate-items.ts';

const results = (...list: Record<string, unknown>[]) => list as unknown as LabelStudioResult[];
const asResults = (value: Record<string, unknown>[]) => value as unknown as LabelStudioResult[];

function errorOf(run: () => unknown): ConversionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConversionError) return error;
    throw error;
  }
  throw new Error('expected a ConversionError');
}

describe('Label Studio results into rlr answers', () => {
  it('audio `labels`: seconds pass through, one region per label', () => {
    const item = gateItem('audio_regions');
    const value = resultsToValue(item, results(
      { original_length: 12, value: { start: 1.253, end: 3.874, channel: 0, labels: ['dog'] }, id: 'wavesurfer_4s3p1u0oa1g', from_name: 'label', to_name: 'audio', type: 'labels', origin: 'manual' },
      { original_length: 12, value: { start: 7.5, end: 9, channel: 0, labels: ['person'] }, id: 'wavesurfer_0n2i3hvb8k8', from_name: 'label', to_name: 'audio', type: 'labels', origin: 'manual' },
    ));
    expect(value).toEqual([{ label: 'dog', span: { start: 1.253, end: 3.874 } }, { label: 'person', span: { start: 7.5, end: 9 } }]);
  });

  it('video `timelinelabels`: frames 26-75 at 25 fps are 1 s to 3 s', () => {
    const item = gateItem('video_segments');
    expect(item.media?.fps).toBe(25);
    const value = resultsToValue(item, results(
      { value: { ranges: [{ start: 26, end: 75 }], timelinelabels: ['person'] }, id: 'ntPIhBOD6W', from_name: 'label', to_name: 'video', type: 'timelinelabels', origin: 'manual' },
      { value: { ranges: [{ start: 1, end: 1 }, { start: 240, end: 250 }], timelinelabels: ['dog'] }, id: 'Tg3sEWAkm_', from_name: 'label', to_name: 'video', type: 'timelinelabels', origin: 'manual' },
    ));
    expect(value).toEqual([
      { label: 'person', span: { start: 1, end: 3 } },
      { label: 'dog', span: { start: 0, end: 0.04 } },
      { label: 'dog', span: { start: 9.56, end: 10 } },
    ]);
  });

  it('`rectanglelabels`: percent of the stored 800x600 image to pixels', () => {
    const value = resultsToValue(gateItem('image_boxes'), results({
      original_width: 800, original_height: 600, image_rotation: 0,
      value: { x: 12.5, y: 25, width: 50, height: 33.333333333333336, rotation: 0, rectanglelabels: ['dog'] },
      id: 'Dx_aB91ISN', from_name: 'label', to_name: 'image', type: 'rectanglelabels', origin: 'manual',
    }));
    expect(value).toEqual([{ label: 'dog', box: { x1: 100, y1: 150, x2: 500, y2: 350 } }]);
  });

  it('`keypointlabels`: a point in percent to pixels', () => {
    const value = resultsToValue(gateItem('image_points'), results({
      original_width: 800, original_height: 600, image_rotation: 0,
      value: { x: 25, y: 50.5, width: 0.6666666666666666, keypointlabels: ['person'] },
      id: 'hqudA4A3U4', from_name: 'label', to_name: 'image', type: 'keypointlabels', origin: 'manual',
    }));
    expect(value).toEqual([{ label: 'person', point: { x: 200, y: 303 } }]);
  });

  it('`brushlabels`: the brush RLE to a COCO RLE mask with its area and bounds', () => {
    const item = gateItem('image_masks', { media: { width: 64, height: 48 } });
    const image = new Uint8Array(64 * 48 * 4);
    // Rows 10-19, columns 5-24: 200 pixels, painted the way Label Studio's brush paints them.
    for (let y = 10; y < 20; y++) for (let x = 5; x < 25; x++) image.set([255, 0, 0, 179], (y * 64 + x) * 4);
    const value = resultsToValue(item, results({
      original_width: 64, original_height: 48, image_rotation: 0,
      value: { format: 'rle', rle: encodeBrushRle(image), brushlabels: ['dog'] },
      id: 'tZ5lq3ZRB0', from_name: 'label', to_name: 'image', type: 'brushlabels', origin: 'manual',
    })) as Array<{ label: string; mask: Value }>;
    expect(value).toHaveLength(1);
    expect(value[0].label).toBe('dog');
    const rle = maskRle(value[0].mask);
    expect(rle.size).toEqual([48, 64]);
    expect(maskArea(rle)).toBe(200);
    expect(maskBounds(rle)).toEqual({ x1: 5, y1: 10, x2: 25, y2: 20 });
  });

  it('`choices` yes/no to a boolean', () => {
    const item = gateItem('yes_no');
    const choice = (answer: string) => results({ value: { choices: [answer] }, id: 'xYz1', from_name: 'answer', to_name: 'video', type: 'choices', origin: 'manual' });
    expect(resultsToValue(item, choice('yes'))).toBe(true);
    expect(resultsToValue(item, choice('no'))).toBe(false);
    expect(errorOf(() => resultsToValue(item, choice('maybe'))).message).toBe('result 1: choices ["maybe"] are not one of "yes" or "no"');
    expect(errorOf(() => resultsToValue(item, [])).message).toMatch(/no yes\/no answer/);
  });

  it('an annotation without results is an empty answer (nothing to mark)', () => {
    expect(resultsToValue(gateItem('image_boxes'), [])).toEqual([]);
  });
});

describe('results that do not fit the gate', () => {
  const box = (value: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    original_width: 800, original_height: 600, image_rotation: 0, id: 'b1', from_name: 'label', to_name: 'image', type: 'rectanglelabels',
    value: { x: 10, y: 10, width: 10, height: 10, rotation: 0, rectanglelabels: ['dog'], ...value }, ...extra,
  });

  it('a label the gate does not offer, named with the gate\'s labels', () => {
    const error = errorOf(() => resultsToValue(gateItem('image_boxes'), results(box({}), box({ rectanglelabels: ['cat'] }))));
    expect(error.message).toBe('result 2: rectanglelabels label "cat" is not one of the gate\'s labels (dog, person)');
    expect(error.result).toBe(2);
    expect(error.hint).toMatch(/config\.xml/);
  });

  it('a result type of another task', () => {
    const error = errorOf(() => resultsToValue(gateItem('audio_regions'), results(box({}))));
    expect(error.message).toBe('result 1: a `rectanglelabels` result does not fit gate `label.audio_regions`, whose audio_regions task expects `labels` results');
  });

  it('an image of another size than the stored one', () => {
    const error = errorOf(() => resultsToValue(gateItem('image_boxes'), results(box({}, { original_width: 1024, original_height: 768 }))));
    expect(error.message).toBe('result 1: Label Studio saw the image as 1024x768, but item `rec-1` is 800x600');
  });

  it('a rotated box', () => {
    expect(errorOf(() => resultsToValue(gateItem('image_boxes'), results(box({ rotation: 15 })))).message)
      .toBe('result 1: the box is rotated by 15 degrees; gate `label.image_boxes` takes axis-aligned boxes');
  });

  it('a value missing a field, named by its path', () => {
    expect(errorOf(() => resultsToValue(gateItem('image_boxes'), results(box({ x: undefined })))).message)
      .toMatch(/^result 1: rectanglelabels `value\.x`: .*number/);
  });

  it('frames of a clip without a frame rate, and frame ranges that are not frames', () => {
    const timeline = (start: number, end: number) => results({ type: 'timelinelabels', from_name: 'label', to_name: 'video', value: { ranges: [{ start, end }], timelinelabels: ['dog'] } });
    expect(errorOf(() => resultsToValue(gateItem('video_segments', { media: { fps: null } }), timeline(1, 5))).message).toMatch(/has no frame rate/);
    expect(errorOf(() => resultsToValue(gateItem('video_segments'), timeline(0, 5))).message).toMatch(/frame range 0-5/);
    expect(errorOf(() => resultsToValue(gateItem('video_segments'), timeline(9, 5))).message).toMatch(/frame range 9-5/);
  });

  it('a brush in another format, or of another size', () => {
    const item = gateItem('image_masks', { media: { width: 4, height: 2 } });
    const brush = (value: Record<string, unknown>) => results({ original_width: 4, original_height: 2, type: 'brushlabels', from_name: 'label', to_name: 'image', value: { brushlabels: ['dog'], ...value } });
    expect(errorOf(() => resultsToValue(item, brush({ format: 'bitmask', rle: [] }))).message).toMatch(/brush format `bitmask`/);
    expect(errorOf(() => resultsToValue(item, brush({ format: 'rle', rle: encodeBrushRle(new Uint8Array(4 * 9)) }))).message)
      .toBe('result 1: brush RLE holds 36 values, but a 4x2 RGBA image has 32');
  });
});

describe('rlr answers into Label Studio results and back', () => {
  it('boxes and points go to percent and come back to the same pixels', () => {
    const boxes = gateItem('image_boxes', { media: { width: 640, height: 427 } });
    const value: Value = [{ label: 'dog', box: { x1: 100.5, y1: 33.25, x2: 639, y2: 426.75 } }, { label: 'person', box: { x1: 0, y1: 0, x2: 1, y2: 1 } }];
    const out = valueToResults(boxes, value);
    expect(out[0]).toMatchObject({ from_name: 'label', to_name: 'image', type: 'rectanglelabels', original_width: 640, original_height: 427 });
    expect((out[0].value as { x: number }).x).toBeCloseTo(15.703125, 12);
    expect((out[0].value as { height: number }).height).toBeCloseTo((393.5 / 427) * 100, 12);
    expect(resultsToValue(boxes, asResults(out))).toEqual(value);

    const points = gateItem('image_points', { media: { width: 300, height: 7 } });
    const pointValue: Value = [{ label: 'person', point: { x: 100, y: 3.5 } }];
    const pointResults = valueToResults(points, pointValue);
    expect((pointResults[0].value as { x: number }).x).toBeCloseTo(33.333333333, 8);
    expect(resultsToValue(points, asResults(pointResults))).toEqual(pointValue);
  });

  it('seconds become 1-based inclusive frames and come back', () => {
    const item = gateItem('video_segments', { media: { fps: 30 } });
    const value: Value = [{ label: 'dog', span: { start: 1, end: 2.5 } }];
    const out = valueToResults(item, value);
    expect(out[0]).toMatchObject({ type: 'timelinelabels', value: { ranges: [{ start: 31, end: 75 }], timelinelabels: ['dog'] } });
    expect(resultsToValue(item, asResults(out))).toEqual(value);
  });

  it('audio regions and yes/no answers', () => {
    const audio = gateItem('audio_regions');
    const value: Value = [{ label: 'dog', span: { start: 0.25, end: 1.125 } }];
    expect(resultsToValue(audio, asResults(valueToResults(audio, value)))).toEqual(value);
    const yesNo = gateItem('yes_no');
    expect(valueToResults(yesNo, false)).toEqual([{ id: 'rlr-1', from_name: 'answer', to_name: 'video', type: 'choices', value: { choices: ['no'] } }]);
    expect(resultsToValue(yesNo, asResults(valueToResults(yesNo, true)))).toBe(true);
  });

  it('masks go to brush RLE and come back with the same pixels', () => {
    const item = gateItem('image_masks', { media: { width: 5, height: 3 } });
    // Column-major counts of a 3x5 mask: the middle column and one corner pixel.
    const mask = { size: [3, 5], counts: [6, 3, 5, 1] };
    const out = valueToResults(item, [{ label: 'person', mask }]);
    expect(out[0]).toMatchObject({ type: 'brushlabels', original_width: 5, original_height: 3, value: { format: 'rle', brushlabels: ['person'] } });
    expect(resultsToValue(item, asResults(out))).toEqual([{ label: 'person', mask }]);
  });

  it('refuses predictions that do not fit the item', () => {
    const item = gateItem('image_masks', { media: { width: 5, height: 3 } });
    expect(() => valueToResults(item, [{ label: 'person', mask: { size: [5, 3], counts: [15] } }])).toThrow(/does not match the 5x3 image/);
    expect(() => valueToResults(gateItem('image_boxes'), [{ label: 'cat', box: { x1: 0, y1: 0, x2: 1, y2: 1 } }])).toThrow(/label "cat" is not one of/);
    expect(() => valueToResults(gateItem('image_boxes'), [{ label: 'dog', box: { x1: 0, y1: 0 } }])).toThrow(/lacks a number for x2, y2/);
  });
});
