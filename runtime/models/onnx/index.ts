// The `onnx` provider: local model files run through onnxruntime-node. One
// session per declared model, created on the first call and shared by every
// call after it. Sessions use one intra-op thread by default: the runtime runs
// several calls (and other work) at once, and onnxruntime-node runs each
// inference synchronously on the main thread (only deferred to the next turn
// of the event loop), so calls in flight take turns and extra intra-op threads
// would compete with the rest of the run for the cores.
import { InferenceSession } from 'onnxruntime-node';
import type { DagModel } from '../../../compiler/lower/dag-schema.ts';
import type { ModelProvider, ProviderContext, ProviderFactory } from '../types.ts';
import { genericTask } from './generic.ts';
import { boxSegmentation, imageClassification, objectDetection } from './image-tasks.ts';
import { resolveModelPath } from './model-path.ts';
import { parseIdentity, type LoadedModel, type Preprocess, type TaskContext, type TaskRunner } from './task.ts';
import { detectText } from './text-detection.ts';
import { voiceActivity } from './vad.ts';

export { resolveModelPath } from './model-path.ts';

export interface OnnxProviderOptions {
  /** Threads each inference may use; 1 unless told. */
  readonly intraOpNumThreads?: number;
}

export function createOnnxProvider(options: OnnxProviderOptions = {}): ProviderFactory {
  const sessionOptions: InferenceSession.SessionOptions = {
    intraOpNumThreads: options.intraOpNumThreads ?? 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
  return (model: DagModel, context: ProviderContext): ModelProvider => {
    const identity = parseIdentity(model);
    let loading: Promise<LoadedModel> | null = null;

    const load = async (): Promise<LoadedModel> => {
      const file = resolveModelPath(identity.path, context.directory);
      let session: InferenceSession;
      try {
        session = await InferenceSession.create(file, sessionOptions);
      } catch (error) {
        throw new Error(`onnx model \`${model.name}\`: \`${identity.path}\` does not load: ${(error as Error).message}`, { cause: error });
      }
      const names = (declared: readonly string[] | null, own: readonly string[], what: string) => {
        const unknown = declared?.filter((name) => !own.includes(name)) ?? [];
        if (unknown.length > 0) {
          throw new Error(`onnx model \`${model.name}\`: no ${what} named ${unknown.map((name) => `\`${name}\``).join(', ')}; the model's are ${own.join(', ')}`);
        }
        return declared ?? own;
      };
      try {
        return { session, inputs: names(identity.inputs, session.inputNames, 'input'), outputs: names(identity.outputs, session.outputNames, 'output') };
      } catch (error) {
        await session.release();
        throw error;
      }
    };

    const taskContext: TaskContext = {
      name: model.name,
      identity,
      directory: context.directory,
      // A failed load is kept: the file will not appear between two calls, and every call reports the same error.
      load: () => (loading ??= load()),
    };
    const run = taskRunner(taskContext);

    return {
      async call(call, signal) {
        if (call.task !== identity.task) throw new Error(`onnx model \`${model.name}\` does ${identity.task}, not ${call.task}`);
        signal.throwIfAborted();
        return run(call.args, signal);
      },
      async close() {
        const pending = loading;
        loading = null;
        const loaded = await pending?.catch(() => null);
        await loaded?.session.release();
      },
    };
  };
}

export const onnxProvider: ProviderFactory = createOnnxProvider();

function taskRunner(context: TaskContext): TaskRunner {
  switch (context.identity.task) {
    case 'voice_activity':
      ownPipeline(context, 'audio_16k');
      return (args, signal) => voiceActivity(context, args, signal);
    case 'text_detection':
      ownPipeline(context, 'image_bgr_imagenet');
      return (args, signal) => detectText(context, args, signal);
    case 'object_detection':
      return objectDetection(context);
    case 'image_classification':
      return imageClassification(context);
    case 'box_segmentation':
      return boxSegmentation(context);
    case 'generic':
      return genericTask(context);
  }
}

/** voice_activity and text_detection bring their own processing; a declared option other than theirs is an error. */
function ownPipeline(context: TaskContext, preprocess: Preprocess): void {
  const { identity, name } = context;
  if (identity.preprocess !== null && identity.preprocess !== preprocess) {
    throw new Error(`onnx model \`${name}\`: ${identity.task} preprocesses with ${preprocess}, not ${identity.preprocess}; remove \`preprocess\``);
  }
  if (identity.postprocess !== null) throw new Error(`onnx model \`${name}\`: ${identity.task} does its own postprocessing; remove \`postprocess\``);
}
