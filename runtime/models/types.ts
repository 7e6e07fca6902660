// The contract between the pipeline and model providers. A provider turns
// one call (a task and its evaluated arguments) into a value in our units;
// the call layer around it adds caching, concurrency, rate limits, retries,
// timeouts and structured-output validation, the same for every provider.
import type { DagModel } from '../../compiler/lower/dag-schema.ts';
import type { Value } from '../values.ts';

export interface ModelCall {
  /** The registry task, e.g. `chat_completion`, `voice_activity`. */
  readonly task: string;
  /** The call's arguments, evaluated (media as `MediaValue`s with `path` relative to `directory`, or `bytes`). */
  readonly args: Readonly<Record<string, Value>>;
  /** The output type the recipe declared (`let q: Question = …`), in rlr type syntax; null when none. */
  readonly outputType: string | null;
}

export interface ProviderContext {
  /** The recipe's folder: relative media and model paths resolve against it. */
  readonly directory: string;
  readonly env: (name: string) => string | undefined;
}

/** One declared model, ready to be called. */
export interface ModelProvider {
  /**
   * Runs one call. Throws `ModelCallError` (runtime/models/errors.ts) for a failure the call layer
   * may retry (`retryable`, with an optional `retryAfterMs`), or `RecordRejected` for one it must not.
   */
  call(call: ModelCall, signal: AbortSignal): Promise<Value>;
  close(): Promise<void>;
}

export type ProviderFactory = (model: DagModel, context: ProviderContext) => ModelProvider;
