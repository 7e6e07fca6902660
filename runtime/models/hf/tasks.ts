// One function per model task: our arguments into the client's call, its reply
// into our values (pixel boxes `{x1, y1, x2, y2}`, masks as COCO RLE, labels
// with scores). Tasks the client has a method for use it; zero-shot object
// detection has none, so it goes through the client's own request builder
// (`makeRequestOptions`) and `fetch`, with the HF Inference API's body.
import {
  getProviderHelper,
  makeRequestOptions,
  type InferenceClient,
  type InferenceProviderOrPolicy,
  type Options,
} from '@huggingface/inference';
import type { ChatCompletionInputMessage } from '@huggingface/tasks';
import { RecordRejected } from '../../evaluate/reject.ts';
import { isMedia, type Value } from '../../values.ts';
import { ModelCallError } from '../errors.ts';
import { FOLLOW_UP_ARG } from '../structured.ts';
import { parseRetryAfter } from './exchange.ts';
import { maskFromPng } from './masks.ts';
import { base64, expectMedia, mediaBlob, mediaBytes, mediaParts, type ContentPart } from './media.ts';

/** What a task needs to make its call. */
export interface TaskCall {
  readonly client: InferenceClient;
  /** `model` and, when there is no endpoint URL, `provider`: spread into every client call. */
  readonly target: { readonly model: string; readonly provider?: InferenceProviderOrPolicy };
  /** For requests built by hand: the client's own defaults are not applied to those. */
  readonly accessToken: string | undefined;
  readonly endpointUrl: string | undefined;
  readonly options: Options & { signal: AbortSignal; fetch: typeof fetch };
  readonly directory: string;
  readonly temperature: number;
  readonly maxTokens: number;
}

export type Task = (call: TaskCall, args: Readonly<Record<string, Value>>) => Promise<Value>;

export const hfTasks: Readonly<Record<string, Task>> = {
  chat_completion: chatCompletion,
  text_generation: textGeneration,
  image_to_text: imageToText,
  object_detection: objectDetection,
  zero_shot_object_detection: zeroShotObjectDetection,
  image_segmentation: imageSegmentation,
  speech_recognition: speechRecognition,
  audio_classification: audioClassification,
};

async function chatCompletion(call: TaskCall, args: Readonly<Record<string, Value>>): Promise<Value> {
  const messages: ChatCompletionInputMessage[] = [];
  if (typeof args.system === 'string') messages.push({ role: 'system', content: args.system });
  const prompt = text(args.prompt, 'prompt');
  const media = args.media === null || args.media === undefined ? [] : Array.isArray(args.media) ? args.media : [args.media];
  if (media.length === 0) messages.push({ role: 'user', content: prompt });
  else {
    const parts: ContentPart[] = [];
    for (const item of media) {
      if (!isMedia(item)) throw new RecordRejected('argument `media` should hold images or videos');
      parts.push(...await mediaParts(item, call.directory, call.options.signal));
    }
    parts.push({ type: 'text', text: prompt });
    // `video_url` parts are vLLM's extension of the OpenAI format, which the client's types do not list.
    messages.push({ role: 'user', content: parts as ChatCompletionInputMessage['content'] });
  }
  for (const turn of followUp(args[FOLLOW_UP_ARG])) messages.push(turn);
  const reply = await call.client.chatCompletion(
    { ...call.target, messages, max_tokens: call.maxTokens, temperature: call.temperature, ...attemptSeed(args) },
    call.options,
  );
  const content = reply.choices?.[0]?.message?.content;
  if (typeof content !== 'string' || content === '') {
    throw new ModelCallError(`the model's reply has no text (finish reason: ${reply.choices?.[0]?.finish_reason ?? 'none'})`, false);
  }
  return content;
}

function followUp(value: Value | undefined): ChatCompletionInputMessage[] {
  if (!Array.isArray(value)) return [];
  return value.map((turn) => {
    const { role, content } = turn as { role: string; content: string };
    return { role, content };
  });
}

async function textGeneration(call: TaskCall, args: Readonly<Record<string, Value>>): Promise<Value> {
  const reply = await call.client.textGeneration(
    { ...call.target, inputs: text(args.prompt, 'prompt'), parameters: { max_new_tokens: call.maxTokens, temperature: call.temperature, ...attemptSeed(args) } },
    call.options,
  );
  return reply.generated_text;
}

async function imageToText(call: TaskCall, args: Readonly<Record<string, Value>>): Promise<Value> {
  const inputs = await mediaBlob(expectMedia(args.image, 'image', 'image'), call.directory);
  const reply = await call.client.imageToText({ ...call.target, inputs }, call.options);
  if (typeof reply.generated_text !== 'string') throw new ModelCallError('the server\'s reply has an unexpected shape: expected {generated_text: string}', false);
  return reply.generated_text;
}

interface HfDetection {
  readonly label: string;
  readonly score: number;
  readonly box: { readonly xmin: number; readonly ymin: number; readonly xmax: number; readonly ymax: number };
}

async function objectDetection(call: TaskCall, args: Readonly<Record<string, Value>>): Promise<Value> {
  const inputs = await mediaBlob(expectMedia(args.image, 'image', 'image'), call.directory);
  // The body is the image's bytes, with no room for parameters: the threshold is applied here.
  const reply = await call.client.objectDetection({ ...call.target, inputs }, call.options);
  return detections(reply, threshold(args));
}

async function zeroShotObjectDetection(call: TaskCall, args: Readonly<Record<string, Value>>): Promise<Value> {
  const image = await mediaBytes(expectMedia(args.image, 'image', 'image'), call.directory);
  const labels = args.labels;
  if (!Array.isArray(labels) || !labels.every((label) => typeof label === 'string')) throw new RecordRejected('argument `labels` should be a list of strings');
  if (labels.length === 0) return [];
  const { url, info } = await makeRequestOptions(
    {
      accessToken: call.accessToken,
      endpointUrl: call.endpointUrl,
      model: call.target.model,
      provider: 'hf-inference',
      inputs: base64(image),
      parameters: { candidate_labels: labels },
    },
    getProviderHelper('hf-inference', undefined),
    { ...call.options, task: 'zero-shot-object-detection' },
  );
  const response = await call.options.fetch(url, info);
  const body = await readJson(response);
  if (!Array.isArray(body) || !body.every(isDetection)) {
    throw new ModelCallError('the server\'s reply has an unexpected shape: expected a list of {label, score, box: {xmin, ymin, xmax, ymax}}', false, null, response.status);
  }
  return detections(body, threshold(args));
}

async function imageSegmentation(call: TaskCall, args: Readonly<Record<string, Value>>): Promise<Value> {
  const inputs = await mediaBlob(expectMedia(args.image, 'image', 'image'), call.directory);
  const minimum = threshold(args);
  const reply = await call.client.imageSegmentation(
    { ...call.target, inputs, ...(minimum === null ? {} : { parameters: { threshold: minimum } }) },
    call.options,
  );
  const segments: Value[] = [];
  for (const segment of reply) {
    // Semantic segmentation labels every pixel and gives no score: it is taken as certain.
    const score = segment.score ?? 1;
    if (minimum !== null && score < minimum) continue;
    segments.push({ label: segment.label, score, mask: await maskFromPng(segment.mask) });
  }
  return segments;
}

async function speechRecognition(call: TaskCall, args: Readonly<Record<string, Value>>): Promise<Value> {
  const inputs = await mediaBlob(expectMedia(args.audio, 'audio', 'audio'), call.directory);
  const reply = await call.client.automaticSpeechRecognition({ ...call.target, inputs }, call.options);
  if (typeof reply?.text !== 'string') throw new ModelCallError('the server\'s reply has an unexpected shape: expected {text: string}', false);
  return reply.text;
}

async function audioClassification(call: TaskCall, args: Readonly<Record<string, Value>>): Promise<Value> {
  const inputs = await mediaBlob(expectMedia(args.audio, 'audio', 'audio'), call.directory);
  const reply = await call.client.audioClassification({ ...call.target, inputs }, call.options);
  return [...reply].sort((a, b) => b.score - a.score).map(({ label, score }) => ({ label, score }));
}

function detections(reply: readonly HfDetection[], minimum: number | null): Value {
  return reply
    .filter((detection) => minimum === null || detection.score >= minimum)
    .map(({ label, score, box }) => ({ label, score, box: { x1: box.xmin, y1: box.ymin, x2: box.xmax, y2: box.ymax } }));
}

function isDetection(value: unknown): value is HfDetection {
  const d = value as HfDetection;
  return typeof d === 'object' && d !== null && typeof d.label === 'string' && typeof d.score === 'number'
    && typeof d.box === 'object' && d.box !== null && ['xmin', 'ymin', 'xmax', 'ymax'].every((k) => typeof (d.box as Record<string, unknown>)[k] === 'number');
}

/** The body of a response to a request made by hand, failing as the client fails for the others. */
async function readJson(response: Response): Promise<unknown> {
  const body = await response.text();
  if (!response.ok) {
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    const retryAfter = retryable ? response.headers.get('retry-after') : null;
    let detail = body.trim();
    try {
      const parsed = JSON.parse(body) as { error?: unknown };
      if (typeof parsed.error === 'string') detail = parsed.error;
    } catch {
      // a plain-text error body
    }
    throw new ModelCallError(
      `HTTP ${response.status}: ${(detail || response.statusText).slice(0, 200)}`,
      retryable,
      parseRetryAfter(retryAfter, Date.now()),
      response.status,
    );
  }
  return JSON.parse(body) as unknown;
}

function text(value: Value | undefined, argument: string): string {
  if (typeof value !== 'string') throw new RecordRejected(`argument \`${argument}\` should be a string`);
  return value;
}

function threshold(args: Readonly<Record<string, Value>>): number | null {
  return typeof args.threshold === 'number' ? args.threshold : null;
}

/** A draft's attempt number (see runtime/execute/model-step.ts) becomes the request's seed, so attempts differ and each is reproducible. */
function attemptSeed(args: Readonly<Record<string, Value>>): { seed?: number } {
  return typeof args.$attempt === 'number' ? { seed: args.$attempt } : {};
}
