// The `hf` provider: a remote model through @huggingface/inference, either on
// Inference Providers (`provider: "together"`, or chosen by the Hub when
// absent) or on an endpoint URL (a TGI, vLLM or other OpenAI-compatible
// server, or an Inference Endpoint). The token comes only from the variable
// the recipe names (`token: env("HF_TOKEN")`), never from ambient settings.
import { InferenceClient, type InferenceProviderOrPolicy } from '@huggingface/inference';
import type { DagModel } from '../../../compiler/lower/dag-schema.ts';
import { RecordRejected } from '../../evaluate/reject.ts';
import type { Value } from '../../values.ts';
import type { ModelCall, ModelProvider, ProviderContext, ProviderFactory } from '../types.ts';
import { Exchange } from './exchange.ts';
import { keepAliveFetch } from './http-fetch.ts';
import { hfTasks, type TaskCall } from './tasks.ts';

export interface HfProviderOptions {
  /** The `fetch` every request goes through (default: keep-alive node:http, see http-fetch.ts); a test may route hosts elsewhere. */
  readonly fetch?: typeof fetch;
}

export class MissingSecretError extends Error {
  override readonly name = 'MissingSecretError';
}

export function createHfProvider(options: HfProviderOptions = {}): ProviderFactory {
  return (model, context) => new HfModel(model, context, options.fetch ?? keepAliveFetch);
}

export const hfProvider: ProviderFactory = createHfProvider();

class HfModel implements ModelProvider {
  private readonly client: InferenceClient;
  private readonly token: string | undefined;
  private readonly endpoint: string | undefined;
  private readonly target: TaskCall['target'];

  constructor(private readonly model: DagModel, private readonly context: ProviderContext, private readonly baseFetch: typeof fetch) {
    const endpoint = optionalString(model.identity.endpoint);
    const provider = optionalString(model.identity.provider);
    if (endpoint && provider) {
      throw new Error(`model \`${model.name}\`: give either \`endpoint\` or \`provider\`, not both (an endpoint URL is called directly)`);
    }
    if (model.task === 'zero_shot_object_detection' && !endpoint && provider && provider !== 'hf-inference') {
      throw new Error(`model \`${model.name}\`: zero-shot object detection is served by \`hf-inference\` or an endpoint URL, not by \`${provider}\``);
    }
    this.token = resolveToken(model, context);
    this.endpoint = endpoint;
    this.client = new InferenceClient(this.token, endpoint ? { endpointUrl: endpoint } : {});
    // Naming `auto` keeps the client from logging that it defaulted to it on every call.
    this.target = endpoint
      ? { model: String(model.identity.id) }
      : { model: String(model.identity.id), provider: (model.task === 'zero_shot_object_detection' ? 'hf-inference' : provider ?? 'auto') as InferenceProviderOrPolicy };
  }

  async call(call: ModelCall, signal: AbortSignal): Promise<Value> {
    const task = hfTasks[call.task];
    if (!task) throw new RecordRejected(`the hf provider has no task \`${call.task}\``);
    const exchange = new Exchange(this.baseFetch);
    const taskCall: TaskCall = {
      client: this.client,
      target: this.target,
      accessToken: this.token,
      endpointUrl: this.endpoint,
      // The client would retry a 503 at once and forever; the call layer retries with backoff instead.
      options: { signal, fetch: exchange.fetch, retry_on_error: false },
      directory: this.context.directory,
      temperature: numberOr(this.model.identity.temperature, 0),
      maxTokens: numberOr(this.model.identity.max_tokens, 1024),
    };
    try {
      return await task(taskCall, call.args);
    } catch (error) {
      throw exchange.failure(error, signal);
    }
  }

  async close(): Promise<void> {
    // Connections belong to the shared keep-alive agents; nothing is held per model.
  }
}

/** The token from the environment variable the recipe names; none when it names none. */
function resolveToken(model: DagModel, context: ProviderContext): string | undefined {
  const secret = model.secrets.token;
  if (!secret) return undefined;
  const token = context.env(secret.env);
  if (token === undefined || token === '') {
    throw new MissingSecretError(`model \`${model.name}\` reads its token from the environment variable \`${secret.env}\`, which is not set`);
  }
  return token;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
