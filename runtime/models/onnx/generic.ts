// The declared pre- and post-processing options, and the `generic` task that
// feeds one value to a model and returns its first output through them.
//
// preprocess:   image_rgb_norm      RGB scaled to [0, 1] (the YOLO/ultralytics convention)
//               image_bgr_imagenet  BGR /255, then ImageNet mean and std taken in PaddleOCR's order
//                                   (its models were trained with the RGB means applied to B, G, R)
//               audio_16k           mono float samples at 16 kHz
//               none                numbers (nested lists give the shape) as the input's element type
// Images are stretched to `input_size` ([height, width]) or the model's fixed size; NCHW unless
// the model's input is [N, H, W, 3].
//
// postprocess:  none            the output as a flat list of numbers
//               softmax/sigmoid the same through softmax (over all values) or sigmoid
//               boxes_xyxy      rows [x1, y1, x2, y2, score, (class)] in input pixels, NMS already done
//                               (YOLOv10, RT-DETR and most "end-to-end" exports), scaled to the image's
//                               pixels and kept from `threshold`: `{label, score, box}`, highest first
//               mask_threshold  the first [H, W] plane of the output, resized (bilinear) to the image
//                               and kept from `threshold`, as a COCO RLE mask; a map with values
//                               outside [0, 1] is read as logits
import { Tensor, type TypedTensor } from 'onnxruntime-node';
import { maskFromPixels } from '../../../stdlib/functions/mask-bitmap.ts';
import { RecordRejected } from '../../evaluate/reject.ts';
import { isMedia, type Value } from '../../values.ts';
import { decodeAudio } from './audio.ts';
import { decodeImage, loadMedia, type RgbImage } from './media.ts';
import { inputShape, inputType, isFixed, type LoadedModel, type TaskContext, type TaskRunner } from './task.ts';

export type ImagePreprocess = 'image_rgb_norm' | 'image_bgr_imagenet';

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

/** Pixels as a float tensor's data, planar (NCHW) or interleaved (NHWC). */
export function imageTensor(pixels: RgbImage, preprocess: ImagePreprocess, layout: 'nchw' | 'nhwc' = 'nchw'): Float32Array {
  const { data, width, height } = pixels;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  const bgr = preprocess === 'image_bgr_imagenet';
  for (let channel = 0; channel < 3; channel++) {
    const source = bgr ? 2 - channel : channel;
    const scale = bgr ? 1 / (255 * IMAGENET_STD[channel]) : 1 / 255;
    const shift = bgr ? IMAGENET_MEAN[channel] / IMAGENET_STD[channel] : 0;
    for (let i = 0; i < plane; i++) {
      const value = data[i * 3 + source] * scale - shift;
      out[layout === 'nchw' ? channel * plane + i : i * 3 + channel] = value;
    }
  }
  return out;
}

/** How an image input of a model wants its pixels. */
export interface ImageInput {
  readonly name: string;
  readonly height: number;
  readonly width: number;
  readonly layout: 'nchw' | 'nhwc';
  /** Whether the batch axis is free, so calls can share a run. */
  readonly batchable: boolean;
}

export function imageInput(context: TaskContext, model: LoadedModel, name: string): ImageInput {
  const shape = inputShape(model, name);
  const layout = shape?.length === 4 && shape[3] === 3 && shape[1] !== 3 ? 'nhwc' : 'nchw';
  const [modelHeight, modelWidth] = layout === 'nchw' ? [shape?.[2], shape?.[3]] : [shape?.[1], shape?.[2]];
  const [height, width] = context.identity.inputSize ?? (isFixed(modelHeight) && isFixed(modelWidth) ? [modelHeight, modelWidth] : [null, null]);
  if (height === null || width === null) {
    throw new Error(`onnx model \`${context.name}\`: input \`${name}\` has no fixed size ([${shape?.join(', ') ?? '?'}]); declare \`input_size: [height, width]\``);
  }
  return { name, height, width, layout, batchable: shape !== null && !isFixed(shape[0]) };
}

/** An image argument decoded and resized for `input`, with its own size for scaling results back. */
export async function imageArgument(context: TaskContext, args: Readonly<Record<string, Value>>, name: string, input: ImageInput, preprocess: ImagePreprocess) {
  const loaded = await loadMedia(args, name, 'image', context.directory);
  const image = await decodeImage(loaded, () => ({ width: input.width, height: input.height }));
  return { data: imageTensor(image.pixels, preprocess, input.layout), width: image.width, height: image.height };
}

export function imageDims(input: ImageInput, batch = 1): number[] {
  return input.layout === 'nchw' ? [batch, 3, input.height, input.width] : [batch, input.height, input.width, 3];
}

// ---- postprocess ----

/** A tensor's values as plain numbers (int64 included). */
export function numbers(tensor: Tensor): number[] {
  return Array.from(tensor.data as ArrayLike<number | bigint>, Number);
}

export function softmax(values: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]);
  const exps = Array.from(values, (value) => Math.exp(value - max));
  const sum = exps.reduce((total, value) => total + value, 0);
  return exps.map((value) => value / sum);
}

export function sigmoid(values: ArrayLike<number>): number[] {
  return Array.from(values, (value) => 1 / (1 + Math.exp(-value)));
}

export type Detection = {
  readonly label: string;
  readonly score: number;
  readonly box: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
};

/**
 * Detections from rows of [x1, y1, x2, y2, score, (class)] in input pixels,
 * scaled by `scaleX`/`scaleY` and clipped to `width` x `height`; rows below
 * `threshold` and empty boxes are dropped; highest score first.
 */
export function boxesFromRows(
  data: ArrayLike<number>,
  dims: readonly number[],
  frame: { scaleX: number; scaleY: number; width: number; height: number; threshold: number },
): Detection[] {
  const columns = dims[dims.length - 1];
  if (dims.length < 2 || dims.slice(0, -2).some((dim) => dim !== 1) || columns < 5) {
    throw new Error(`boxes_xyxy expects rows of [x1, y1, x2, y2, score, (class)], shape [1, N, 5+]; the output has shape [${dims.join(', ')}]`);
  }
  const round = (value: number) => Math.round(value * 100) / 100;
  const clip = (value: number, limit: number) => round(Math.min(limit, Math.max(0, value)));
  const detections: Detection[] = [];
  for (let row = 0; row + columns <= data.length; row += columns) {
    const score = data[row + 4];
    if (!(score >= frame.threshold)) continue;
    const box = {
      x1: clip(data[row] * frame.scaleX, frame.width),
      y1: clip(data[row + 1] * frame.scaleY, frame.height),
      x2: clip(data[row + 2] * frame.scaleX, frame.width),
      y2: clip(data[row + 3] * frame.scaleY, frame.height),
    };
    if (box.x2 <= box.x1 || box.y2 <= box.y1) continue;
    const label = columns > 5 ? String(Math.round(data[row + 5])) : 'object';
    detections.push({ label, score: Math.round(score * 1e4) / 1e4, box });
  }
  return detections.sort((a, b) => b.score - a.score);
}

/**
 * A COCO RLE mask from the first [H, W] plane of `data`, resized bilinearly
 * to `width` x `height` (the map's own size when absent); pixels at or above
 * `threshold` are set. A map with values outside [0, 1] holds logits.
 */
export function maskFromMap(data: ArrayLike<number>, dims: readonly number[], threshold: number, size?: { width: number; height: number }) {
  if (dims.length < 2) throw new Error(`mask_threshold expects a [1, 1, H, W] map; the output has shape [${dims.join(', ')}]`);
  const [mapHeight, mapWidth] = dims.slice(-2);
  let logits = false;
  for (let i = 0; i < mapHeight * mapWidth && !logits; i++) logits = data[i] < 0 || data[i] > 1;
  // Comparing logits with the threshold's logit spares a sigmoid per pixel.
  const cut = logits ? Math.log(threshold / (1 - threshold)) : threshold;
  const width = size?.width ?? mapWidth;
  const height = size?.height ?? mapHeight;
  const pixels = new Uint8Array(width * height);
  const scaleX = mapWidth / width;
  const scaleY = mapHeight / height;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(mapHeight - 1, Math.max(0, (y + 0.5) * scaleY - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(mapHeight - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(mapWidth - 1, Math.max(0, (x + 0.5) * scaleX - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(mapWidth - 1, x0 + 1);
      const fx = sx - x0;
      const top = data[y0 * mapWidth + x0] * (1 - fx) + data[y0 * mapWidth + x1] * fx;
      const bottom = data[y1 * mapWidth + x0] * (1 - fx) + data[y1 * mapWidth + x1] * fx;
      pixels[y * width + x] = top * (1 - fy) + bottom * fy >= cut ? 1 : 0;
    }
  }
  return maskFromPixels(pixels, height, width);
}

// ---- the generic task ----

/** Feeds `input` (an image, an audio clip, numbers, or a record of numbers by input name) and returns the first output. */
export function genericTask(context: TaskContext): TaskRunner {
  const postprocess = context.identity.postprocess ?? 'none';
  return async (args, signal) => {
    const model = await context.load();
    const { feeds, image } = await genericFeeds(context, model, args.input ?? null);
    signal.throwIfAborted();
    const result = await model.session.run(feeds);
    const output = result[model.outputs[0]];
    const values = numbers(output);
    switch (postprocess) {
      case 'none': return values;
      case 'softmax': return softmax(values);
      case 'sigmoid': return sigmoid(values);
      case 'boxes_xyxy': {
        const frame = image
          ? { scaleX: image.width / image.input.width, scaleY: image.height / image.input.height, width: image.width, height: image.height }
          : { scaleX: 1, scaleY: 1, width: Infinity, height: Infinity };
        return boxesFromRows(values, output.dims, { ...frame, threshold: context.identity.threshold });
      }
      case 'mask_threshold':
        return maskFromMap(values, output.dims, context.identity.threshold, image ?? undefined);
    }
  };
}

async function genericFeeds(context: TaskContext, model: LoadedModel, input: Value) {
  const name = model.inputs[0];
  const preprocess = context.identity.preprocess;
  if (isMedia(input)) {
    if (input.$media === 'image') {
      if (preprocess !== null && preprocess !== 'image_rgb_norm' && preprocess !== 'image_bgr_imagenet') {
        throw new RecordRejected(`\`input\` is an image, but \`${context.name}\` preprocesses with ${preprocess}`);
      }
      const geometry = imageInput(context, model, name);
      const image = await imageArgument(context, { input }, 'input', geometry, preprocess ?? 'image_rgb_norm');
      return { feeds: { [name]: new Tensor('float32', image.data, imageDims(geometry)) }, image: { ...image, input: geometry } };
    }
    if (input.$media === 'audio') {
      if (preprocess !== null && preprocess !== 'audio_16k') throw new RecordRejected(`\`input\` is audio, but \`${context.name}\` preprocesses with ${preprocess}`);
      const loaded = await loadMedia({ input }, 'input', 'audio', context.directory);
      const samples = await decodeAudio(loaded.bytes, 16000);
      const rank = inputShape(model, name)?.length ?? 2;
      const dims = [...Array<number>(Math.max(0, rank - 1)).fill(1), samples.length];
      return { feeds: { [name]: new Tensor('float32', samples, dims) }, image: null };
    }
    throw new RecordRejected(`\`input\` is a ${input.$media}; generic models take images, audio or numbers`);
  }
  if (preprocess !== null && preprocess !== 'none') throw new RecordRejected(`\`input\` is not media, but \`${context.name}\` preprocesses with ${preprocess}`);
  // A record feeds several inputs by name; anything else feeds the first.
  const byName = typeof input === 'object' && input !== null && !Array.isArray(input)
    ? Object.entries(input as Record<string, Value>)
    : [[name, input] as const];
  const feeds: Record<string, Tensor> = {};
  for (const [inputName, value] of byName) {
    if (!model.inputs.includes(inputName)) throw new RecordRejected(`\`${context.name}\` has no input \`${inputName}\`; its inputs are ${model.inputs.join(', ')}`);
    feeds[inputName] = numericTensor(value, inputType(model, inputName), inputShape(model, inputName), inputName);
  }
  return { feeds, image: null };
}

/**
 * Numbers as a tensor of the input's element type. The shape is the model's
 * when it is fixed and holds as many values, else the nesting of the lists,
 * with a leading batch axis of 1 when the model has one more axis.
 */
export function numericTensor(value: Value, type: string | null, modelShape: readonly (number | string)[] | null, name: string): Tensor {
  const flat: number[] = [];
  const shape = nestedShape(value, flat, name);
  let dims = shape;
  const fixed = modelShape?.every(isFixed) ? (modelShape as number[]) : null;
  if (fixed && fixed.reduce((product, dim) => product * dim, 1) === flat.length) dims = fixed;
  else if (modelShape && modelShape.length === shape.length + 1) dims = [1, ...shape];
  switch (type ?? 'float32') {
    case 'float32': return new Tensor('float32', Float32Array.from(flat), dims);
    case 'float64': return new Tensor('float64', Float64Array.from(flat), dims);
    case 'int32': return new Tensor('int32', Int32Array.from(flat, integer(name)), dims);
    case 'int64': return new Tensor('int64', BigInt64Array.from(flat, (n) => BigInt(integer(name)(n))), dims) as TypedTensor<'int64'>;
    default: throw new Error(`input \`${name}\` has element type ${type}; numbers feed float32, float64, int32 and int64 inputs`);
  }
}

function integer(name: string) {
  return (value: number) => {
    if (!Number.isInteger(value)) throw new RecordRejected(`input \`${name}\` takes whole numbers, got ${value}`);
    return value;
  };
}

function nestedShape(value: Value, flat: number[], name: string): number[] {
  if (typeof value === 'number') {
    flat.push(value);
    return [];
  }
  if (!Array.isArray(value)) throw new RecordRejected(`input \`${name}\` takes numbers or lists of numbers, got ${value === null ? 'null' : typeof value}`);
  const list = value as readonly Value[];
  if (list.length === 0) return [0];
  const inner = list.map((item) => nestedShape(item, flat, name));
  if (inner.some((shape) => shape.join() !== inner[0].join())) throw new RecordRejected(`input \`${name}\` is a ragged list; every row must have the same length`);
  return [list.length, ...inner[0]];
}
