// What every onnx task runner is given: the model's declared identity, read
// once from the DAG, and its session, loaded on first use.
import type { InferenceSession } from 'onnxruntime-node';
import type { DagModel } from '../../../compiler/lower/dag-schema.ts';
import type { Value } from '../../values.ts';

export const PREPROCESS = ['none', 'image_rgb_norm', 'image_bgr_imagenet', 'audio_16k'] as const;
export const POSTPROCESS = ['none', 'softmax', 'sigmoid', 'boxes_xyxy', 'mask_threshold'] as const;
export const TASKS = ['voice_activity', 'text_detection', 'box_segmentation', 'object_detection', 'image_classification', 'generic'] as const;

export type Preprocess = (typeof PREPROCESS)[number];
export type Postprocess = (typeof POSTPROCESS)[number];
export type OnnxTask = (typeof TASKS)[number];

export interface OnnxIdentity {
  readonly path: string;
  readonly task: OnnxTask;
  readonly inputs: readonly string[] | null;
  readonly outputs: readonly string[] | null;
  readonly preprocess: Preprocess | null;
  readonly postprocess: Postprocess | null;
  /** `[height, width]`, the order of the last two axes of an NCHW tensor. */
  readonly inputSize: readonly [number, number] | null;
  readonly threshold: number;
}

/** A loaded session with the tensor names the model declared, or its own. */
export interface LoadedModel {
  readonly session: InferenceSession;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

export interface TaskContext {
  /** The model's name in the recipe, for messages. */
  readonly name: string;
  readonly identity: OnnxIdentity;
  /** The recipe's folder: relative media paths resolve against it. */
  readonly directory: string;
  load(): Promise<LoadedModel>;
}

export type TaskRunner = (args: Readonly<Record<string, Value>>, signal: AbortSignal) => Promise<Value>;

/** The identity of an onnx model declaration; a malformed one is an error in the DAG, thrown at once. */
export function parseIdentity(model: DagModel): OnnxIdentity {
  const fail = (what: string): never => {
    throw new Error(`onnx model \`${model.name}\`: ${what}`);
  };
  const { identity } = model;
  const task = identity.task ?? model.task;
  if (typeof identity.path !== 'string' || identity.path === '') fail('`path` must name an .onnx file');
  if (!isOneOf(TASKS, task)) fail(`unknown task ${JSON.stringify(task)}; expected one of ${TASKS.join(', ')}`);
  const names = (field: string): readonly string[] | null => {
    const value = identity[field];
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) return fail(`\`${field}\` must be a list of tensor names`);
    return value as string[];
  };
  const option = <T extends string>(field: string, members: readonly T[]): T | null => {
    const value = identity[field];
    if (value === undefined || value === null) return null;
    return isOneOf(members, value) ? value : fail(`\`${field}\` must be one of ${members.join(', ')}, not ${JSON.stringify(value)}`);
  };
  const size = identity.input_size;
  let inputSize: readonly [number, number] | null = null;
  if (size !== undefined && size !== null) {
    const [height, width] = Array.isArray(size) && size.length === 2 ? size : [];
    if (!isSide(height) || !isSide(width)) return fail('`input_size` must be [height, width] in whole pixels');
    inputSize = [height, width];
  }
  const threshold = identity.threshold ?? 0.5;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) fail('`threshold` must be a number');
  return {
    path: identity.path as string,
    task: task as OnnxTask,
    inputs: names('inputs'),
    outputs: names('outputs'),
    preprocess: option('preprocess', PREPROCESS),
    postprocess: option('postprocess', POSTPROCESS),
    inputSize,
    threshold: threshold as number,
  };
}

function isSide(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0;
}

function isOneOf<T extends string>(members: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (members as readonly string[]).includes(value);
}

/** The declared shape of a model input (numbers for fixed axes, names or -1 for free ones); null when unknown. */
export function inputShape(model: LoadedModel, name: string): readonly (number | string)[] | null {
  const metadata = model.session.inputMetadata.find((entry) => entry.name === name);
  return metadata && metadata.isTensor ? metadata.shape : null;
}

/** The element type of a model input, e.g. `float32`, `int64`; null when unknown. */
export function inputType(model: LoadedModel, name: string): string | null {
  const metadata = model.session.inputMetadata.find((entry) => entry.name === name);
  return metadata && metadata.isTensor ? metadata.type : null;
}

export function isFixed(dimension: number | string | undefined): dimension is number {
  return typeof dimension === 'number' && dimension > 0;
}
