// The image tasks, as the declared options put together. Their usual options
// (used when the model declares none):
//
//   object_detection      image_rgb_norm -> boxes_xyxy       {label, score, box}, labels are class indices
//   image_classification  image_rgb_norm -> softmax          {label, score} from `threshold`, highest first
//                         (sigmoid for multi-label models; none when the model outputs probabilities)
//   box_segmentation      image_rgb_norm + box -> mask_threshold
//                         a single graph taking the image and the box ([1, 4] or [1, 1, 4], x1 y1 x2 y2
//                         in input pixels) and giving a mask map, e.g. SAM exported with its encoder
//
// Only image_classification batches concurrent calls (when the model's batch
// axis is free). Detection exports disagree on how they lay out a batch of
// results, and box prompts are usually fixed at batch 1, so those run per call.
import { Tensor } from 'onnxruntime-node';
import { RecordRejected } from '../../evaluate/reject.ts';
import type { Value } from '../../values.ts';
import { createBatcher, type Batcher } from './batch.ts';
import {
  boxesFromRows, imageArgument, imageDims, imageInput, maskFromMap, numbers, sigmoid, softmax, type ImageInput, type ImagePreprocess,
} from './generic.ts';
import { inputShape, type LoadedModel, type Postprocess, type TaskContext, type TaskRunner } from './task.ts';

const MAX_BATCH = 16;

type ImageTask = 'object_detection' | 'image_classification' | 'box_segmentation';

const USUAL: Record<ImageTask, { postprocess: Postprocess; allowed: readonly Postprocess[] }> = {
  object_detection: { postprocess: 'boxes_xyxy', allowed: ['boxes_xyxy'] },
  image_classification: { postprocess: 'softmax', allowed: ['softmax', 'sigmoid', 'none'] },
  box_segmentation: { postprocess: 'mask_threshold', allowed: ['mask_threshold'] },
};

/** The preprocess and postprocess a model uses for an image task; a combination that cannot work is an error at once. */
export function imageOptions(context: Pick<TaskContext, 'name' | 'identity'>, task: ImageTask): { preprocess: ImagePreprocess; postprocess: Postprocess } {
  const { preprocess = null, postprocess = null } = context.identity;
  if (preprocess !== null && preprocess !== 'image_rgb_norm' && preprocess !== 'image_bgr_imagenet') {
    throw new Error(`onnx model \`${context.name}\`: ${task} takes images; preprocess ${preprocess} does not make an image tensor`);
  }
  const usual = USUAL[task];
  if (postprocess !== null && !usual.allowed.includes(postprocess)) {
    throw new Error(`onnx model \`${context.name}\`: ${task} gives ${usual.allowed.join(' or ')} results, not ${postprocess}`);
  }
  return { preprocess: preprocess ?? 'image_rgb_norm', postprocess: postprocess ?? usual.postprocess };
}

export function objectDetection(context: TaskContext): TaskRunner {
  const { preprocess } = imageOptions(context, 'object_detection');
  return async (args, signal) => {
    if (args.threshold !== undefined && args.threshold !== null && typeof args.threshold !== 'number') throw new RecordRejected('`threshold` must be a number');
    const threshold = typeof args.threshold === 'number' ? args.threshold : context.identity.threshold;
    const model = await context.load();
    const input = imageInput(context, model, model.inputs[0]);
    const image = await imageArgument(context, args, 'image', input, preprocess);
    signal.throwIfAborted();
    const result = await model.session.run({ [input.name]: new Tensor('float32', image.data, imageDims(input)) });
    const output = result[model.outputs[0]];
    return boxesFromRows(numbers(output), output.dims, {
      scaleX: image.width / input.width,
      scaleY: image.height / input.height,
      width: image.width,
      height: image.height,
      threshold,
    });
  };
}

export function imageClassification(context: TaskContext): TaskRunner {
  const { preprocess, postprocess } = imageOptions(context, 'image_classification');
  // One batcher per loaded session: after close() the next call loads a new one.
  let current: { model: LoadedModel; input: ImageInput; batcher: Batcher<Float32Array, number[]> } | null = null;
  return async (args, signal) => {
    const model = await context.load();
    if (current?.model !== model) current = { model, ...batching(context, model) };
    const { input, batcher } = current;
    const image = await imageArgument(context, args, 'image', input, preprocess);
    signal.throwIfAborted();
    const raw = await batcher.submit(image.data);
    const scores = postprocess === 'softmax' ? softmax(raw) : postprocess === 'sigmoid' ? sigmoid(raw) : raw;
    return scores
      .map((score, index) => ({ label: String(index), score: Math.round(score * 1e4) / 1e4 }))
      .filter((entry) => entry.score >= context.identity.threshold)
      .sort((a, b) => b.score - a.score);
  };
}

/** Runs images through the model in batches when its batch axis is free, else one at a time. */
function batching(context: TaskContext, model: LoadedModel): { input: ImageInput; batcher: Batcher<Float32Array, number[]> } {
  const input = imageInput(context, model, model.inputs[0]);
  const batcher = createBatcher(async (images: readonly Float32Array[]) => {
    const data = new Float32Array(images.length * images[0].length);
    images.forEach((image, i) => data.set(image, i * image.length));
    const result = await model.session.run({ [input.name]: new Tensor('float32', data, imageDims(input, images.length)) });
    const output = numbers(result[model.outputs[0]]);
    const classes = output.length / images.length;
    return images.map((_, i) => output.slice(i * classes, (i + 1) * classes));
  }, input.batchable ? MAX_BATCH : 1);
  return { input, batcher };
}

export function boxSegmentation(context: TaskContext): TaskRunner {
  const { preprocess } = imageOptions(context, 'box_segmentation');
  return async (args, signal) => {
    const box = args.box;
    if (!isBox(box)) throw new RecordRejected('`box` must be a box {x1, y1, x2, y2} in pixels');
    const model = await context.load();
    if (model.inputs.length < 2) {
      throw new Error(`onnx model \`${context.name}\`: box_segmentation needs two inputs (image, box); the model has ${model.inputs.join(', ')}`);
    }
    const input = imageInput(context, model, model.inputs[0]);
    const image = await imageArgument(context, args, 'image', input, preprocess);
    const scaleX = input.width / image.width;
    const scaleY = input.height / image.height;
    const corners = Float32Array.of(box.x1 * scaleX, box.y1 * scaleY, box.x2 * scaleX, box.y2 * scaleY);
    const boxRank = inputShape(model, model.inputs[1])?.length ?? 2;
    const boxDims = [...Array<number>(Math.max(0, boxRank - 1)).fill(1), 4];
    signal.throwIfAborted();
    const result = await model.session.run({
      [input.name]: new Tensor('float32', image.data, imageDims(input)),
      [model.inputs[1]]: new Tensor('float32', corners, boxDims),
    });
    const output = result[model.outputs[0]];
    return maskFromMap(numbers(output), output.dims, context.identity.threshold, { width: image.width, height: image.height });
  };
}

function isBox(value: Value | undefined): value is { x1: number; y1: number; x2: number; y2: number } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const box = value as Record<string, Value>;
  return ['x1', 'y1', 'x2', 'y2'].every((key) => typeof box[key] === 'number' && Number.isFinite(box[key]));
}
