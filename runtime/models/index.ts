// Model calls for the runtime: the call layer, and the providers it ships with.
// The onnx provider (onnxruntime-node, a native module) is loaded at the first
// call of an onnx model, so a recipe with none never loads it.
import type { DagModel } from '../../compiler/lower/dag-schema.ts';
import type { ProviderTable } from './call.ts';
import { hfProvider } from './hf/index.ts';
import type { ModelCall, ModelProvider, ProviderContext, ProviderFactory } from './types.ts';

export { ModelCalls, DEFAULT_RETRY_POLICY, backoffDelay, cacheKey } from './call.ts';
export type { ModelCallStats, ModelCallsOptions, ProviderTable, RetryPolicy } from './call.ts';
export { ModelCallError } from './errors.ts';
export { createHfProvider, hfProvider, MissingSecretError } from './hf/index.ts';
export type { HfProviderOptions } from './hf/index.ts';
export { SlidingWindow, slidingWindowLimiter } from './rate-limit.ts';
export type { RateLimiter, RateLimiterFactory } from './rate-limit.ts';
export { FOLLOW_UP_ARG, extractJson, outputChecker } from './structured.ts';
export type { ModelCall, ModelProvider, ProviderContext, ProviderFactory } from './types.ts';

/** The providers a recipe can name: `hf` and `onnx`. */
export function defaultProviders(): ProviderTable {
  return { hf: hfProvider, onnx: lazyProvider(async () => (await import('./onnx/index.ts')).onnxProvider) };
}

/** A factory whose module is imported when its first model is first called. */
function lazyProvider(load: () => Promise<ProviderFactory>): ProviderFactory {
  let factory: Promise<ProviderFactory> | null = null;
  return (model: DagModel, context: ProviderContext): ModelProvider => {
    let provider: Promise<ModelProvider> | null = null;
    const ready = () => {
      factory ??= load();
      provider ??= factory.then((make) => make(model, context));
      return provider;
    };
    return {
      call: async (call: ModelCall, signal: AbortSignal) => (await ready()).call(call, signal),
      close: async () => {
        if (provider) await (await provider).close();
      },
    };
  };
}
