// The declared pre- and post-processing options and the image tasks built on
// them, checked numerically through tiny ONNX graphs written by hand
// (fixtures/onnx-graph.ts): Identity, a Constant of known boxes, ReduceMean.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../compiler/lower/dag-schema.ts';
import { RecordRejected } from '../../runtime/evaluate/reject.ts';
import { createBatcher } from '../../runtime/models/onnx/batch.ts';
import type { ModelProvider } from '../../runtime/models/types.ts';
import type { Value } from '../../runtime/values.ts';
import { maskBitmap } from '../../stdlib/functions/mask-bitmap.ts';
import { onnxModel as graph } from './fixtures/onnx-graph.ts';
import { call, onnxModel } from './fixtures/provider.ts';
import { writeWav } from './fixtures/wav.ts';

let folder: string;
const open: ModelProvider[] = [];

/** A provider for a model file in the test folder, closed after the tests. */
function model(identity: Record<string, Json>) {
  const provider = onnxModel(identity, folder);
  open.push(provider);
  return provider;
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'rlr-onnx-'));
  const save = (name: string, bytes: Uint8Array) => writeFileSync(join(folder, name), bytes);
  save('identity.onnx', graph({
    nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
    inputs: [{ name: 'x', shape: ['batch', 'n'] }],
    outputs: [{ name: 'y', shape: ['batch', 'n'] }],
  }));
  save('map.onnx', graph({
    nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
    inputs: [{ name: 'x', shape: [1, 1, 'h', 'w'] }],
    outputs: [{ name: 'y', shape: [1, 1, 'h', 'w'] }],
  }));
  // Boxes in the 32 x 32 input's pixels: [x1, y1, x2, y2, score, class].
  save('detector.onnx', graph({
    nodes: [{
      op: 'Constant', inputs: [], outputs: ['boxes'],
      attributes: [{ name: 'value', tensor: { dims: [1, 3, 6], floats: [4, 8, 12, 16, 0.9, 2, 0, 0, 32, 32, 0.7, 0, 1, 1, 2, 2, 0.2, 1] } }],
    }],
    inputs: [{ name: 'images', shape: [1, 3, 32, 32] }],
    outputs: [{ name: 'boxes', shape: [1, 3, 6] }],
  }));
  // The mean of R, G and B: white pixels are 1, black ones 0. The box is fed but not used.
  save('segmenter.onnx', graph({
    nodes: [{ op: 'ReduceMean', inputs: ['image'], outputs: ['mask'], attributes: [{ name: 'axes', ints: [1] }, { name: 'keepdims', int: 1 }] }],
    inputs: [{ name: 'image', shape: [1, 3, 16, 16] }, { name: 'box', shape: [1, 4] }],
    outputs: [{ name: 'mask', shape: [1, 1, 16, 16] }],
  }));
  // Per image, the mean of each channel: a pure red image scores [1, 0, 0].
  save('classifier.onnx', graph({
    nodes: [{ op: 'ReduceMean', inputs: ['image'], outputs: ['logits'], attributes: [{ name: 'axes', ints: [2, 3] }, { name: 'keepdims', int: 0 }] }],
    inputs: [{ name: 'image', shape: ['batch', 3, 8, 8] }],
    outputs: [{ name: 'logits', shape: ['batch', 3] }],
  }));
});
afterAll(() => Promise.all(open.map((provider) => provider.close())));

const png = async (width: number, height: number, paint: (x: number, y: number) => [number, number, number]): Promise<Value> => {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set(paint(x, y), (y * width + x) * 3);
  const bytes = await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
  return { $media: 'image', path: 'made.png', bytes: new Uint8Array(bytes), width, height };
};

const rejection = (promise: Promise<unknown>) => promise.then(
  () => { throw new Error('expected the record to be rejected'); },
  (error: unknown) => {
    expect(error).toBeInstanceOf(RecordRejected);
    return (error as RecordRejected).reason;
  },
);

describe('generic: numbers in, postprocessed numbers out', () => {
  it('none returns the output as a flat list', async () => {
    expect(await call(model({ path: 'identity.onnx', task: 'generic' }), { input: [[1.5, -2, 3]] })).toEqual([1.5, -2, 3]);
  });

  it('adds the batch axis a flat list lacks', async () => {
    expect(await call(model({ path: 'identity.onnx', task: 'generic' }), { input: [4, 5] })).toEqual([4, 5]);
  });

  it('softmax', async () => {
    const out = (await call(model({ path: 'identity.onnx', task: 'generic', postprocess: 'softmax' }), { input: [1, 2, 3] })) as number[];
    const total = Math.exp(1) + Math.exp(2) + Math.exp(3);
    [1, 2, 3].forEach((value, i) => expect(out[i]).toBeCloseTo(Math.exp(value) / total, 6));
  });

  it('sigmoid', async () => {
    const out = (await call(model({ path: 'identity.onnx', task: 'generic', postprocess: 'sigmoid' }), { input: [0, 2, -1] })) as number[];
    [0, 2, -1].forEach((value, i) => expect(out[i]).toBeCloseTo(1 / (1 + Math.exp(-value)), 6));
  });

  it('mask_threshold reads a map outside [0, 1] as logits', async () => {
    const mask = await call(model({ path: 'map.onnx', task: 'generic', postprocess: 'mask_threshold', threshold: 0.5 }), { input: [[[[-2, 3], [0.5, -0.1]]]] });
    expect(Array.from(maskBitmap(mask).pixels)).toEqual([0, 1, 1, 0]);
  });

  it('mask_threshold keeps probabilities from the threshold', async () => {
    const mask = await call(model({ path: 'map.onnx', task: 'generic', postprocess: 'mask_threshold', threshold: 0.6 }), { input: [[[[0.2, 0.7], [0.6, 0.59]]]] });
    expect(Array.from(maskBitmap(mask).pixels)).toEqual([0, 1, 1, 0]);
  });

  it('audio_16k feeds mono samples at 16 kHz', async () => {
    const tone = Float32Array.from({ length: 22050 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 22050));
    const out = (await call(model({ path: 'identity.onnx', task: 'generic' }), { input: { $media: 'audio', path: 'tone.wav', bytes: writeWav([tone], 22050, 'float32') } })) as number[];
    expect(out).toHaveLength(16000);
    for (let i = 1000; i < 15000; i += 97) expect(out[i]).toBeCloseTo(0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000), 2);
  });

  it('rejects lists that are ragged or hold other things than numbers', async () => {
    const identity = model({ path: 'identity.onnx', task: 'generic' });
    expect(await rejection(call(identity, { input: [[1, 2], [3]] }))).toBe('input `x` is a ragged list; every row must have the same length');
    expect(await rejection(call(identity, { input: ['a'] }))).toBe('input `x` takes numbers or lists of numbers, got string');
  });
});

describe('object_detection: image_rgb_norm, then boxes_xyxy', () => {
  it('scales boxes from the input size to the image and drops those under the threshold', async () => {
    const detector = model({ path: 'detector.onnx', task: 'object_detection', threshold: 0.5 });
    const image = await png(256, 128, () => [0, 0, 0]);
    expect(await call(detector, { image })).toEqual([
      { label: '2', score: 0.9, box: { x1: 32, y1: 32, x2: 96, y2: 64 } },
      { label: '0', score: 0.7, box: { x1: 0, y1: 0, x2: 256, y2: 128 } },
    ]);
    expect(await call(detector, { image, threshold: 0.8 })).toHaveLength(1);
    expect(await call(detector, { image, threshold: 0.1 })).toHaveLength(3);
  });

  it('generic with boxes_xyxy scales the same way when fed an image', async () => {
    const detector = model({ path: 'detector.onnx', task: 'generic', preprocess: 'image_rgb_norm', postprocess: 'boxes_xyxy', threshold: 0.8 });
    expect(await call(detector, { input: await png(64, 320, () => [0, 0, 0]) })).toEqual([
      { label: '2', score: 0.9, box: { x1: 8, y1: 80, x2: 24, y2: 160 } },
    ]);
  });
});

describe('box_segmentation: image and box in, mask_threshold out', () => {
  it('gives a mask at the image size', async () => {
    const segmenter = model({ path: 'segmenter.onnx', task: 'box_segmentation' });
    // White on the left 20 columns of 40: the mask is that half.
    const mask = await call(segmenter, { image: await png(40, 20, (x) => (x < 20 ? [255, 255, 255] : [0, 0, 0])), box: { x1: 0, y1: 0, x2: 20, y2: 20 } });
    const bitmap = maskBitmap(mask);
    expect([bitmap.width, bitmap.height]).toEqual([40, 20]);
    let wrong = 0;
    for (let y = 0; y < 20; y++) for (let x = 0; x < 40; x++) if (bitmap.pixels[y * 40 + x] !== (x < 20 ? 1 : 0)) wrong++;
    expect(wrong).toBe(0);
  });

  it('rejects a call without a box', async () => {
    const segmenter = model({ path: 'segmenter.onnx', task: 'box_segmentation' });
    expect(await rejection(call(segmenter, { image: await png(8, 8, () => [0, 0, 0]), box: null }))).toBe('`box` must be a box {x1, y1, x2, y2} in pixels');
  });
});

describe('image_classification: image_rgb_norm, then softmax', () => {
  const colours: Record<string, [number, number, number]> = { red: [255, 0, 0], green: [0, 255, 0], blue: [0, 0, 255] };

  it('scores classes highest first and keeps those from the threshold', async () => {
    const classifier = model({ path: 'classifier.onnx', task: 'image_classification', threshold: 0.2 });
    const scores = await call(classifier, { image: await png(20, 10, () => colours.green) });
    const e = Math.E;
    expect(scores).toEqual([
      { label: '1', score: Math.round((e / (e + 2)) * 1e4) / 1e4 },
      { label: '0', score: Math.round((1 / (e + 2)) * 1e4) / 1e4 },
      { label: '2', score: Math.round((1 / (e + 2)) * 1e4) / 1e4 },
    ]);
  });

  it('gives each of many concurrent calls its own row of a batch', async () => {
    const classifier = model({ path: 'classifier.onnx', task: 'image_classification', threshold: 0.5 });
    const names = ['red', 'green', 'blue', 'blue', 'red', 'green', 'green', 'red', 'blue', 'red'];
    const images = await Promise.all(names.map((name) => png(12, 12, () => colours[name])));
    const results = (await Promise.all(images.map((image) => call(classifier, { image })))) as { label: string }[][];
    expect(results.map((scores) => scores.map((score) => score.label))).toEqual(names.map((name) => [String(Object.keys(colours).indexOf(name))]));
  });

  it('batches on the new session after close()', async () => {
    const classifier = model({ path: 'classifier.onnx', task: 'image_classification', threshold: 0.5 });
    const red = await png(8, 8, () => colours.red);
    expect(await call(classifier, { image: red })).toEqual([{ label: '0', score: 0.5761 }]);
    await classifier.close();
    expect(await call(classifier, { image: red })).toEqual([{ label: '0', score: 0.5761 }]);
  });
});

describe('batching', () => {
  it('runs what arrives in one turn of the event loop as one batch, up to the limit, in order', async () => {
    const sizes: number[] = [];
    const batcher = createBatcher(async (items: readonly number[]) => {
      sizes.push(items.length);
      return items.map((item) => item * 2);
    }, 16);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => batcher.submit(i)));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(sizes).toEqual([16, 4]);
    expect(batcher.batches).toBe(2);
  });

  it('fails every call of a batch that fails', async () => {
    const batcher = createBatcher(async () => { throw new Error('the run failed'); }, 4);
    const outcomes = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });
});

describe('declarations that cannot work', () => {
  it('are errors when the provider is made, naming the model', () => {
    expect(() => onnxModel({ path: 'x.onnx', task: 'object_detection', postprocess: 'softmax' })).toThrow(
      'onnx model `m`: object_detection gives boxes_xyxy results, not softmax',
    );
    expect(() => onnxModel({ path: 'x.onnx', task: 'voice_activity', preprocess: 'image_rgb_norm' })).toThrow(
      'onnx model `m`: voice_activity preprocesses with audio_16k, not image_rgb_norm; remove `preprocess`',
    );
    expect(() => onnxModel({ path: 'x.onnx', task: 'generic', input_size: [0, 3] })).toThrow('`input_size` must be [height, width] in whole pixels');
  });

  it('ask for input_size when the model has none', async () => {
    const classifier = model({ path: 'identity.onnx', task: 'image_classification' });
    await expect(call(classifier, { image: await png(4, 4, () => [0, 0, 0]) })).rejects.toThrow(
      'onnx model `m`: input `x` has no fixed size ([batch, n]); declare `input_size: [height, width]`',
    );
  });

  it('name tensors the model does not have', async () => {
    const wrong = model({ path: 'identity.onnx', task: 'generic', inputs: ['pixels'] });
    await expect(call(wrong, { input: [1] })).rejects.toThrow("onnx model `m`: no input named `pixels`; the model's are x");
  });
});
