// The call layer around every model provider, the same for all of them: the
// content-addressed cache, per-model concurrency and requests per minute, a
// timeout per attempt, retries with full-jitter exponential backoff that
// honour Retry-After, and structured output checked against the declared type
// (an invalid reply is sent back once with the problem; then the record is
// rejected). Every call ends with a value or a `RecordRejected` with a reason.
// Timing never changes a value: jitter only spaces retries out.
import { createHash, hash as oneShotHash } from 'node:crypto';
import { getEventListeners, setMaxListeners } from 'node:events';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import type { DagModel, DagNode } from '../../compiler/lower/dag-schema.ts';
import { registry } from '../../stdlib/registry/index.ts';
import { canonicalJson } from '../evaluate/equality.ts';
import { randomFor, type RandomStream } from '../evaluate/random.ts';
import { RecordRejected } from '../evaluate/reject.ts';
import type { OperatorCache } from '../store/cache.ts';
import { isMedia, type MediaValue, type Value } from '../values.ts';
import { ModelCallError } from './errors.ts';
import { resolveModelPath } from './onnx/model-path.ts';
import { sleep, slidingWindowLimiter, type RateLimiter, type RateLimiterFactory } from './rate-limit.ts';
import { FOLLOW_UP_ARG, outputChecker, repairMessage } from './structured.ts';
import type { ModelCall, ModelProvider, ProviderContext, ProviderFactory } from './types.ts';

/** Provider factories by the name a `model` declaration uses (`hf`, `onnx`). */
export type ProviderTable = Readonly<Record<string, ProviderFactory | undefined>>;

export interface RetryPolicy {
  /** The backoff ceiling before the first retry, in ms; it doubles with each retry. */
  readonly baseDelayMs: number;
  /** The largest backoff ceiling, in ms (a longer Retry-After is still honoured). */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 500, maxDelayMs: 30_000 };

export interface ModelCallsOptions {
  readonly dag: { readonly models: readonly DagModel[]; readonly recipe?: { readonly seed: number } };
  readonly providers: ProviderTable;
  readonly context: ProviderContext;
  /** The store's cache; without one, every call goes to its model. */
  readonly cache?: OperatorCache | null;
  readonly retry?: Partial<RetryPolicy>;
  /** Makes each model's rate limiter; the default counts in this process only. */
  readonly rateLimiter?: RateLimiterFactory;
  /** The window a model's `rpm` counts in, in ms (one minute unless a test shortens it). */
  readonly rateWindowMs?: number;
}

export interface ModelCallStats {
  readonly model: string;
  readonly id: string;
  /** Requests sent to the model: every attempt, repairs included. */
  readonly calls: number;
  /** Calls answered from the cache (or by an identical call already in flight). */
  readonly cacheHits: number;
  /** Attempts after the first: after a failure, or to repair an invalid reply. */
  readonly retries: number;
  /** Calls that ended by rejecting their record. */
  readonly failures: number;
}

class ClosedError extends Error {
  override readonly name = 'ClosedError';
}

/** One declared model: its provider (made at its first call), limits and counters. */
class ModelState {
  provider: ModelProvider | null = null;
  readonly limit: LimitFunction;
  readonly limiter: RateLimiter | null;
  readonly timeoutMs: number | null;
  readonly retries: number;
  readonly cached: boolean;
  readonly random: RandomStream;
  readonly label: string;
  /** The cache's scope for this model's calls. */
  readonly scope: string;
  calls = 0;
  cacheHits = 0;
  retried = 0;
  failures = 0;
  /** The fingerprint, once known: most calls need it without waiting. */
  fingerprintText: string | null = null;
  private fingerprintPromise: Promise<string> | null = null;

  constructor(readonly model: DagModel, seed: number, limiterFactory: RateLimiterFactory, windowMs: number, private readonly directory: string) {
    const runtime = model.runtime;
    this.limit = pLimit(positiveInt(runtime.concurrency) ?? 1);
    const rpm = positiveInt(runtime.rpm);
    this.limiter = rpm === null ? null : limiterFactory(model, rpm, windowMs);
    this.timeoutMs = typeof runtime.timeout === 'number' && runtime.timeout > 0 ? runtime.timeout * 1000 : null;
    this.retries = typeof runtime.retries === 'number' && runtime.retries > 0 ? Math.floor(runtime.retries) : 0;
    this.cached = runtime.cache !== false;
    this.random = randomFor(seed, model.id, '', 'backoff');
    this.label = `model \`${model.name}\``;
    this.scope = `model:${model.id}`;
  }

  /**
   * What makes this model's replies what they are: its identity, and the
   * content of any file it is loaded from (an `onnx` model's `path`), so a
   * replaced model file misses the cache even under the same name.
   */
  fingerprint(): Promise<string> {
    this.fingerprintPromise ??= (async () => {
      const files: Record<string, string> = {};
      for (const key of registry.providers.get(this.model.provider)?.paths ?? []) {
        const path = this.model.identity[key];
        if (typeof path !== 'string') continue;
        let file: string;
        try {
          file = resolveModelPath(path, this.directory);
        } catch (error) {
          throw new RecordRejected((error as Error).message);
        }
        files[key] = await fileDigest(file, `model file \`${path}\``);
      }
      this.fingerprintText = canonicalJson({ provider: this.model.provider, identity: this.model.identity as Value, files });
      return this.fingerprintText;
    })();
    this.fingerprintPromise.catch(() => {
      this.fingerprintPromise = null;
    });
    return this.fingerprintPromise;
  }

  stats(): ModelCallStats {
    return { model: this.model.name, id: this.model.id, calls: this.calls, cacheHits: this.cacheHits, retries: this.retried, failures: this.failures };
  }
}

export class ModelCalls {
  private readonly models = new Map<string, ModelState>();
  private readonly providers: ProviderTable;
  private readonly context: ProviderContext;
  private readonly cache: OperatorCache | null;
  private readonly retry: RetryPolicy;
  /** Identical calls in flight, by cache key: the second waits for the first. */
  private readonly inFlight = new Map<string, Promise<Value>>();
  private readonly closing = new AbortController();
  /** The attempts in flight, for close() to abort. */
  private readonly attempts = new Set<Attempt>();
  private readonly controllers = new AbortControllers();
  private closed = false;

  constructor(options: ModelCallsOptions) {
    this.providers = options.providers;
    this.context = options.context;
    this.cache = options.cache ?? null;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    // Every backoff and rate-limit wait in flight listens for close().
    setMaxListeners(0, this.closing.signal);
    const seed = options.dag.recipe?.seed ?? 0;
    for (const model of options.dag.models) {
      this.models.set(model.id, new ModelState(model, seed, options.rateLimiter ?? slidingWindowLimiter, options.rateWindowMs ?? 60_000, options.context.directory));
    }
  }

  /**
   * Runs a `model_call` node on one record's evaluated arguments. Resolves to
   * the value, or rejects with `RecordRejected` (with the reason); any other
   * error is the run's, not the record's (a missing token, say).
   */
  async call(node: DagNode, args: Readonly<Record<string, Value>>): Promise<Value> {
    if (this.closed) throw new ClosedError('model calls are closed');
    const params = node.params as { model?: unknown; output_type?: unknown };
    const state = this.models.get(String(params.model));
    if (!state) throw new Error(`node ${node.id} calls model \`${String(params.model)}\`, which the DAG does not declare`);
    const request: ModelCall = { task: node.op, args, outputType: typeof params.output_type === 'string' ? params.output_type : null };
    if (!this.cache || !state.cached) return this.resolve(state, request);

    let key: string;
    try {
      const fingerprint = state.fingerprintText ?? await state.fingerprint();
      key = hasMedia(args) ? await cacheKey(fingerprint, request, this.context.directory) : keyOf(fingerprint, request, args);
    } catch (error) {
      if (!(error instanceof RecordRejected)) throw error;
      state.failures++;
      throw new RecordRejected(`${state.label}: ${error.reason}`);
    }
    const stored = this.cache.get<Value>(state.scope, key);
    if (stored !== undefined) {
      state.cacheHits++;
      return stored;
    }
    const flightKey = `${state.scope}\u0000${key}`;
    const shared = this.inFlight.get(flightKey);
    if (shared) {
      state.cacheHits++;
      return shared;
    }
    const result = this.resolve(state, request);
    this.inFlight.set(flightKey, result);
    try {
      const value = await result;
      // Readable at once; committed with the other replies of the next few ms (see OperatorCache.putLater).
      this.cache.putLater<Value>(state.scope, key, value);
      return value;
    } finally {
      this.inFlight.delete(flightKey);
    }
  }

  /** Counters per model, in the DAG's order. */
  stats(): ModelCallStats[] {
    return [...this.models.values()].map((state) => state.stats());
  }

  /** Aborts calls in flight, closes the providers and writes the replies still waiting; later calls throw. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      const reason = new ClosedError('model calls were closed');
      this.closing.abort(reason);
      for (const attempt of this.attempts) attempt.abort(reason, reason);
    }
    await Promise.all([...this.models.values()].map(async (state) => {
      const provider = state.provider;
      state.provider = null;
      await provider?.close();
    }));
    // Every reply is committed once close() resolves.
    await this.cache?.flush();
  }

  /** The call's value: a reply, checked against the declared type, with one repair turn for a chat model. */
  private async resolve(state: ModelState, request: ModelCall): Promise<Value> {
    const checker = request.outputType === null ? null : outputChecker(request.outputType);
    let call = request;
    try {
      for (let repaired = false; ; repaired = true) {
        const reply = await this.withRetries(state, call);
        if (!checker) return reply;
        const checked = checker.check(reply);
        if (checked.ok) return checked.value;
        const reason = `${state.label}: reply is not a valid \`${checker.typeText}\`: ${checked.problem}`;
        // Only a chat model can be told what was wrong; a local model would answer the same again.
        if (repaired) throw new RecordRejected(`${reason} (also after it was asked to correct it)`);
        if (request.task !== 'chat_completion' || typeof reply !== 'string') throw new RecordRejected(reason);
        state.retried++;
        const followUp: Value = [
          { role: 'assistant', content: reply },
          { role: 'user', content: repairMessage(checked.problem, checker.typeText) },
        ];
        call = { ...request, args: { ...request.args, [FOLLOW_UP_ARG]: followUp } };
      }
    } catch (error) {
      if (error instanceof RecordRejected) state.failures++;
      throw error;
    }
  }

  private async withRetries(state: ModelState, call: ModelCall): Promise<Value> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(state, call);
      } catch (error) {
        if (error instanceof RecordRejected) throw new RecordRejected(`${state.label}: ${error.reason}`);
        if (!(error instanceof ModelCallError)) throw error;
        if (!error.retryable || attempt >= state.retries) {
          const attempts = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
          throw new RecordRejected(`${state.label}: ${error.message}${attempts}`, error.retryable);
        }
        state.retried++;
        await sleep(backoffDelay(attempt + 1, error.retryAfterMs, this.retry, state.random), this.closing.signal);
      }
    }
  }

  /** One request: a concurrency slot, then a rate-limit slot, then the provider, within the timeout. */
  private attempt(state: ModelState, call: ModelCall): Promise<Value> {
    return state.limit(async () => {
      const closing = this.closing.signal;
      if (this.closed) throw closing.reason;
      if (state.limiter) await state.limiter.acquire(closing);
      return this.request(state, this.providerOf(state), call);
    });
  }

  /** The provider's answer, within the timeout and until close(). */
  private request(state: ModelState, provider: ModelProvider, call: ModelCall): Promise<Value> {
    state.calls++;
    return new Promise<Value>((resolvePromise, reject) => {
      const attempt = new Attempt(resolvePromise, reject, this.attempts, this.controllers);
      attempt.start(provider, call, state.timeoutMs);
    });
  }

  private providerOf(state: ModelState): ModelProvider {
    if (!state.provider) {
      const factory = this.providers[state.model.provider];
      if (!factory) throw new Error(`${state.label}: no provider \`${state.model.provider}\` is available`);
      state.provider = factory(state.model, this.context);
    }
    return state.provider;
  }
}

/**
 * One request to a provider: it settles with the provider's answer, or at
 * the timeout or close(), whichever comes first; those abort the provider's
 * request and settle at once, whatever the provider does after. (close()
 * reaches attempts through a set rather than a listener each on its signal,
 * and the handlers are methods rather than closures: this runs once per
 * request.)
 */
class Attempt {
  private readonly controller: AbortController;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly resolve: (value: Value) => void,
    private readonly reject: (error: unknown) => void,
    private readonly inFlight: Set<Attempt>,
    private readonly controllers: AbortControllers,
  ) {
    this.controller = controllers.take();
  }

  start(provider: ModelProvider, call: ModelCall, timeoutMs: number | null): void {
    if (timeoutMs !== null) {
      this.timer = setTimeout(() => this.abort(new ModelCallError('timed out', true), new ModelCallError(`no reply within ${(timeoutMs / 1000).toString()} s`, true)), timeoutMs);
    }
    this.inFlight.add(this);
    let reply: Promise<Value>;
    try {
      reply = provider.call(call, this.controller.signal);
    } catch (error) {
      this.settle();
      this.reject(error);
      return;
    }
    reply.then(
      (value) => {
        this.settle();
        this.controllers.giveBack(this.controller);
        this.resolve(value);
      },
      (error: unknown) => {
        this.settle();
        this.reject(error);
      },
    );
  }

  /** Aborts the provider's request with `reason`, and fails the attempt with `error`. */
  abort(reason: unknown, error: unknown): void {
    this.settle();
    this.controller.abort(reason);
    this.reject(error);
  }

  private settle(): void {
    if (this.timer) clearTimeout(this.timer);
    this.inFlight.delete(this);
  }
}

/**
 * AbortControllers for attempts, used again when their signal never aborted
 * and nothing listens to it any more: Node 20 makes each new signal
 * transferable, which costs more than the rest of an attempt's bookkeeping.
 * A provider's call is over once it has answered, so nothing it was given is
 * watched after.
 */
class AbortControllers {
  private readonly spare: AbortController[] = [];

  take(): AbortController {
    return this.spare.pop() ?? new AbortController();
  }

  giveBack(controller: AbortController): void {
    if (this.spare.length < 256 && !controller.signal.aborted && getEventListeners(controller.signal, 'abort').length === 0) this.spare.push(controller);
  }
}

/**
 * Full jitter (a uniform draw below an exponentially growing ceiling), so
 * clients that failed together do not retry together; never sooner than the
 * server's Retry-After.
 */
export function backoffDelay(retry: number, retryAfterMs: number | null, policy: RetryPolicy, random: RandomStream): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = random() * ceiling;
  return retryAfterMs === null ? jittered : Math.max(retryAfterMs, jittered);
}

/**
 * The cache key of a call: a hash of the model's fingerprint, the task, the
 * arguments in canonical JSON with each media value replaced by a hash of its
 * content (so a renamed file still hits and an edited one misses), and the
 * declared output type.
 */
export async function cacheKey(fingerprint: string, call: ModelCall, directory: string): Promise<string> {
  return keyOf(fingerprint, call, hasMedia(call.args) ? await contentOf(call.args as Value, directory) : call.args);
}

/** The key of a call whose arguments hold no media, or hold them as content. */
function keyOf(fingerprint: string, call: ModelCall, args: Value): string {
  return oneShotHash('sha256', canonicalJson({ model: fingerprint, task: call.task, args, output: call.outputType }), 'hex');
}

function hasMedia(value: Value): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (isMedia(value)) return true;
  if (Array.isArray(value)) return value.some(hasMedia);
  for (const key in value) {
    if (hasMedia((value as Record<string, Value>)[key])) return true;
  }
  return false;
}

async function contentOf(value: Value, directory: string): Promise<Value> {
  if (value === null || typeof value !== 'object') return value;
  if (isMedia(value)) return { $content: value.$media, sha256: await mediaDigest(value, directory), clip: value.clip ? { start: value.clip.start, end: value.clip.end } : null };
  if (Array.isArray(value)) return Promise.all(value.map((item) => contentOf(item, directory)));
  const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await contentOf(item as Value, directory)] as const));
  return Object.fromEntries(entries);
}

const bytesDigests = new WeakMap<object, string>();

async function mediaDigest(media: MediaValue, directory: string): Promise<string> {
  const held = media.bytes ?? (media.frames?.length ? media.frames : null);
  if (!held) return fileDigest(resolve(directory, media.path), `${media.$media} \`${media.path}\``);
  const known = bytesDigests.get(held);
  if (known) return known;
  const hash = createHash('sha256');
  if (held instanceof Uint8Array) hash.update(held);
  else for (const frame of held) hash.update(createHash('sha256').update(frame).digest());
  const digest = hash.digest('hex');
  bytesDigests.set(held, digest);
  return digest;
}

/** File digests, reused while the file's size and modification time stay the same. */
const fileDigests = new Map<string, { readonly size: number; readonly mtimeMs: number; readonly digest: Promise<string> }>();

async function fileDigest(path: string, what: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new RecordRejected(`cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const known = fileDigests.get(path);
  if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) return known.digest;
  const digest = new Promise<string>((resolveDigest, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolveDigest(hash.digest('hex')))
      .on('error', (error: NodeJS.ErrnoException) => reject(new RecordRejected(`cannot read ${what}: ${error.code ?? error.message}`)));
  });
  fileDigests.set(path, { size: info.size, mtimeMs: info.mtimeMs, digest });
  digest.catch(() => fileDigests.delete(path));
  return digest;
}

function positiveInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : null;
}
