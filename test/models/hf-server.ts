// A local server that speaks the protocols @huggingface/inference uses: the
// OpenAI-style `/v1/chat/completions` and `/v1/completions` that TGI and vLLM
// serve, the HF Inference API task routes an endpoint URL is called on (the
// task is the path's first segment here, e.g. `/object-detection`), and the
// Hub's provider mapping with a provider's chat route, for a client whose
// hosts are routed here. Replies are computed from the request, so they are
// deterministic; every request is recorded; faults can be scripted or drawn
// at random from a seed. Run on its own (`node --import tsx
// test/models/hf-server.ts [latencyMs]`), it prints its URL.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { imageSize } from 'image-size';
import sharp from 'sharp';
import type { DagModel, DagNode } from '../../compiler/lower/dag-schema.ts';

export type Fault =
  /** An HTTP error, e.g. 429 with `Retry-After: 1`, or 500. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  /** Answer only after `ms` (past a client's timeout). */
  | { readonly kind: 'delay'; readonly ms: number }
  /** A chat reply whose JSON is cut off halfway. */
  | { readonly kind: 'truncated' }
  /** A chat reply whose JSON does not fit its type: lists become strings. */
  | { readonly kind: 'invalid' }
  /** The connection is dropped with no reply. */
  | { readonly kind: 'reset' }
  /** The connection is dropped halfway through the reply's body. */
  | { readonly kind: 'cut' };

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  readonly json: unknown;
  /** `performance.now()` when the request arrived. */
  readonly arrivedAt: number;
  readonly fault: Fault | null;
}

export interface RandomFaults {
  /** The share of requests that get a fault. */
  readonly rate: number;
  readonly seed: number;
  /** Drawn from uniformly. */
  readonly faults: readonly Fault[];
}

/**
 * A test's own answer to a request: `task` is `chat` for chat completions, else the task route
 * (`image-to-text`, `zero-shot-object-detection`, …). Return the chat reply's text, or a task's JSON
 * body; `undefined` leaves the request to the default reply.
 */
export type Responder = (task: string, request: { readonly json: unknown; readonly body: Buffer }) => unknown;

export interface HfServerOptions {
  /** Added before every reply, in ms. */
  readonly latencyMs?: number;
  /** Answers requests before the default replies do. */
  readonly respond?: Responder;
  /** Keep each request's headers and body (default true; a long benchmark may turn it off). */
  readonly record?: boolean;
}

/** The task routes an endpoint URL can point at: `${server.url}/${task}`. */
export const TASK_ROUTES = [
  'image-to-text', 'object-detection', 'zero-shot-object-detection', 'image-segmentation', 'automatic-speech-recognition', 'audio-classification',
] as const;

export class HfTestServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests received, recorded or not. */
  count = 0;
  inFlight = 0;
  maxInFlight = 0;
  latencyMs: number;
  private readonly scripted: Fault[] = [];
  private random: { draw: () => number; plan: RandomFaults } | null = null;

  private readonly respond: Responder | undefined;

  constructor(private readonly server: Server, readonly url: string, options: HfServerOptions) {
    this.latencyMs = options.latencyMs ?? 0;
    this.respond = options.respond;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void this.handle(req, res, options.record !== false).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, { error: `test server: ${(error as Error).message}` });
      });
    });
  }

  /** The next requests get these faults, in order. */
  script(...faults: Fault[]): void {
    this.scripted.push(...faults);
  }

  /** From now on, each request gets a fault with probability `rate` (scripted faults go first). */
  randomFaults(plan: RandomFaults | null): void {
    this.random = plan ? { draw: mulberry32(plan.seed), plan } : null;
  }

  /** Requests whose path contains `fragment`. */
  requestsTo(fragment: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path.includes(fragment));
  }

  reset(): void {
    this.requests.length = 0;
    this.scripted.length = 0;
    this.random = null;
    this.count = 0;
    this.maxInFlight = this.inFlight;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextFault(): Fault | null {
    const scripted = this.scripted.shift();
    if (scripted) return scripted;
    if (!this.random) return null;
    const { draw, plan } = this.random;
    if (draw() >= plan.rate) return null;
    return plan.faults[Math.floor(draw() * plan.faults.length)];
  }

  private async handle(req: IncomingMessage, res: ServerResponse, record: boolean): Promise<void> {
    const arrivedAt = performance.now();
    this.count++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    const fault = this.nextFault();
    const body = await readBody(req);
    const json = parseJson(body, req.headers['content-type']);
    if (record) this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json, arrivedAt, fault });

    if (this.latencyMs > 0) await wait(this.latencyMs);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await wait(fault.ms);
    if (res.destroyed) return;
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter };
      return send(res, fault.status, { error: fault.status === 429 ? 'rate limit reached, slow down' : `injected failure ${fault.status}`, error_type: 'injected' }, headers);
    }
    const reply = await this.reply(req, body, json, fault);
    if (res.destroyed) return;
    if (fault?.kind === 'cut') {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.write(text.slice(0, Math.floor(text.length / 2)), () => req.socket.destroy());
      return;
    }
    send(res, reply.status, reply.body);
  }

  private async reply(req: IncomingMessage, body: Buffer, json: unknown, fault: Fault | null): Promise<{ status: number; body: unknown }> {
    const path = pathOf(req.url ?? '/');
    if (req.method === 'GET' && path.startsWith('/api/models/')) return providerMapping(path.slice('/api/models/'.length));
    // The server's own counters and CPU time (µs), for a client in another process (the benchmark).
    if (req.method === 'GET' && path === '/__counters') {
      const cpu = process.cpuUsage();
      return { status: 200, body: { count: this.count, maxInFlight: this.maxInFlight, cpuMicros: cpu.user + cpu.system } };
    }
    if (req.method !== 'POST') return { status: 405, body: { error: `${req.method} is not served here` } };
    const task = path.endsWith('/v1/chat/completions') ? 'chat' : path.split('/')[1];
    const custom = this.respond ? await this.respond(task, { json, body }) : undefined;
    if (custom !== undefined) return task === 'chat' ? chatCompletion(json, fault, String(custom)) : { status: 200, body: custom };
    if (path.endsWith('/v1/chat/completions')) return chatCompletion(json, fault);
    if (path.endsWith('/v1/completions')) return completion(json);
    switch (task) {
      case 'image-to-text':
        return { status: 200, body: { generated_text: `an image of ${describeImage(body)}` } };
      case 'object-detection':
        return { status: 200, body: objectDetection(body) };
      case 'zero-shot-object-detection':
        return zeroShotObjectDetection(json);
      case 'image-segmentation':
        return imageSegmentation(json);
      case 'automatic-speech-recognition':
        return { status: 200, body: { text: `heard ${body.length} bytes of ${req.headers['content-type'] ?? 'unknown type'}` } };
      case 'audio-classification':
        // Not sorted: the client sorts.
        return { status: 200, body: [{ label: 'speech', score: 0.25 }, { label: 'music', score: 0.7 }, { label: 'silence', score: 0.05 }] };
      default:
        return { status: 404, body: { error: `no route ${path}` } };
    }
  }
}

export async function startHfServer(options: HfServerOptions = {}): Promise<HfTestServer> {
  const server = createServer({ keepAliveTimeout: 30_000 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new HfTestServer(server, `http://127.0.0.1:${port}`, options);
}

/** Text of the first user message (the recipe's prompt): a string, or the text parts of a list. */
export function firstUserText(messages: readonly { role: string; content: unknown }[]): string {
  const user = messages.find((message) => message.role === 'user');
  if (!user) return '';
  if (typeof user.content === 'string') return user.content;
  if (Array.isArray(user.content)) {
    return user.content.filter((part: { type?: string }) => part.type === 'text').map((part: { text?: string }) => part.text ?? '').join('');
  }
  return '';
}

/**
 * The reply to a chat: the text after `REPLY:` in the first user message
 * (so a test writes the model's answer into its prompt), else an echo.
 */
export function chatReplyText(messages: readonly { role: string; content: unknown }[]): string {
  const prompt = firstUserText(messages);
  const marker = prompt.indexOf('REPLY:');
  return marker >= 0 ? prompt.slice(marker + 'REPLY:'.length).replace(/^ /, '') : `echo: ${prompt}`;
}

function chatCompletion(json: unknown, fault: Fault | null, reply?: string): { status: number; body: unknown } {
  const request = json as { model?: unknown; messages?: { role: string; content: unknown }[] } | undefined;
  if (!request || !Array.isArray(request.messages)) return { status: 422, body: { error: 'messages: field required', error_type: 'validation' } };
  let content = reply ?? chatReplyText(request.messages);
  if (fault?.kind === 'truncated') content = content.slice(0, Math.floor(content.length / 2));
  if (fault?.kind === 'invalid') content = breakJson(content);
  return {
    status: 200,
    body: {
      id: `chatcmpl-${Math.abs(hashText(content))}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model ?? 'unknown',
      system_fingerprint: 'rlr-test-server',
      choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: fault?.kind === 'truncated' ? 'length' : 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: content.length, total_tokens: content.length + 1 },
    },
  };
}

function completion(json: unknown): { status: number; body: unknown } {
  const request = json as { model?: unknown; prompt?: unknown } | undefined;
  if (typeof request?.prompt !== 'string') return { status: 422, body: { error: 'prompt: field required' } };
  const text = ` echo: ${request.prompt}`;
  return {
    status: 200,
    body: {
      id: `cmpl-${Math.abs(hashText(text))}`,
      object: 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model ?? 'unknown',
      choices: [{ index: 0, text, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: text.length, total_tokens: text.length + 1 },
    },
  };
}

/** As the Hub answers `GET /api/models/{id}?expand[]=inferenceProviderMapping`. */
function providerMapping(modelId: string): { status: number; body: unknown } {
  return {
    status: 200,
    body: {
      _id: 'test',
      id: decodeURIComponent(modelId),
      inferenceProviderMapping: { together: { status: 'live', providerId: `${decodeURIComponent(modelId)}-Turbo`, task: 'conversational' } },
    },
  };
}

/** The image's size, for replies that depend on the image. */
function describeImage(bytes: Buffer): string {
  const { width, height } = imageSize(bytes);
  return `${width}x${height} pixels`;
}

/** A box over the middle of the image, and a faint one in its corner. */
function objectDetection(bytes: Buffer): unknown {
  const { width, height } = imageSize(bytes);
  return [
    { label: 'thing', score: 0.9, box: { xmin: Math.floor(width / 4), ymin: Math.floor(height / 4), xmax: Math.floor((3 * width) / 4), ymax: Math.floor((3 * height) / 4) } },
    { label: 'speck', score: 0.2, box: { xmin: 0, ymin: 0, xmax: 1, ymax: 1 } },
  ];
}

function zeroShotObjectDetection(json: unknown): { status: number; body: unknown } {
  const request = json as { inputs?: unknown; parameters?: { candidate_labels?: unknown } } | undefined;
  const labels = request?.parameters?.candidate_labels;
  if (typeof request?.inputs !== 'string' || !Array.isArray(labels)) {
    return { status: 422, body: { error: 'expected {inputs: base64 image, parameters: {candidate_labels}}' } };
  }
  const { width, height } = imageSize(Buffer.from(request.inputs, 'base64'));
  const body = labels.map((label: string, i: number) => ({
    label,
    score: Math.round((0.9 - 0.3 * i) * 100) / 100,
    box: { xmin: i, ymin: i, xmax: width - 1 - i, ymax: height - 1 - i },
  }));
  return { status: 200, body };
}

/** The middle quarter of the image as `thing`, and the rest as a low-scored `background`. */
async function imageSegmentation(json: unknown): Promise<{ status: number; body: unknown }> {
  const request = json as { inputs?: unknown; parameters?: { threshold?: unknown } } | undefined;
  if (typeof request?.inputs !== 'string') return { status: 422, body: { error: 'expected {inputs: base64 image}' } };
  const { width, height } = imageSize(Buffer.from(request.inputs, 'base64'));
  const thing = Buffer.alloc(width * height);
  for (let y = Math.floor(height / 4); y < Math.floor((3 * height) / 4); y++) {
    for (let x = Math.floor(width / 4); x < Math.floor((3 * width) / 4); x++) thing[y * width + x] = 255;
  }
  const background = Buffer.from(thing.map((v) => 255 - v));
  const png = async (pixels: Buffer) => (await sharp(pixels, { raw: { width, height, channels: 1 } }).png().toBuffer()).toString('base64');
  const threshold = typeof request.parameters?.threshold === 'number' ? request.parameters.threshold : 0;
  const segments = [
    { label: 'thing', score: 0.95, mask: await png(thing) },
    { label: 'background', score: 0.3, mask: await png(background) },
  ].filter((segment) => segment.score >= threshold);
  return { status: 200, body: segments };
}

/** Schema-invalid JSON: every list in the reply's object becomes a string (or the object's first field a list). */
export function breakJson(content: string): string {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end < start) return '{}';
  try {
    const value = JSON.parse(content.slice(start, end + 1)) as Record<string, unknown>;
    let changed = false;
    for (const [key, field] of Object.entries(value)) {
      if (Array.isArray(field)) {
        value[key] = field.join(', ');
        changed = true;
      }
    }
    const first = Object.keys(value)[0];
    if (!changed && first !== undefined) value[first] = [value[first]];
    return content.slice(0, start) + JSON.stringify(value) + content.slice(end + 1);
  } catch {
    return '{}';
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

// Events rather than `for await`: the benchmark's thousands of requests each pay for an async iterator otherwise, which costs more than the reading.
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The path of a request target (`/v1/chat/completions?x=1` -> `/v1/chat/completions`), as sent. */
function pathOf(target: string): string {
  const query = target.indexOf('?');
  return query < 0 ? target : target.slice(0, query);
}

function parseJson(body: Buffer, contentType: string | undefined): unknown {
  if (!contentType?.startsWith('application/json')) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function hashText(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

/** A small seeded PRNG, for drawing faults reproducibly. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// DAG pieces, as the compiler lowers `model` declarations and calls.

export interface TestModel {
  readonly task: string;
  readonly id?: string;
  readonly endpoint?: string | null;
  readonly provider?: string | null;
  readonly temperature?: number;
  readonly max_tokens?: number;
  readonly concurrency?: number;
  readonly rpm?: number | null;
  /** Seconds. */
  readonly timeout?: number;
  readonly retries?: number;
  readonly cache?: boolean;
  /** The variable `token: env(…)` names; none when absent. */
  readonly tokenEnv?: string;
}

export function hfModel(name: string, model: TestModel): DagModel {
  const identity = {
    id: model.id ?? `test/${name}`,
    task: model.task,
    provider: model.provider ?? null,
    endpoint: model.endpoint ?? null,
    temperature: model.temperature ?? 0,
    max_tokens: model.max_tokens ?? 256,
  };
  return {
    id: createHash('sha256').update(JSON.stringify({ provider: 'hf', identity })).digest('hex').slice(0, 16),
    name,
    provider: 'hf',
    task: model.task,
    identity,
    runtime: {
      concurrency: model.concurrency ?? 4,
      rpm: model.rpm ?? null,
      timeout: model.timeout ?? 10,
      retries: model.retries ?? 3,
      cache: model.cache ?? true,
    },
    secrets: model.tokenEnv ? { token: { env: model.tokenEnv } } : {},
  };
}

/** A `model_call` node: `let <binding>[: outputType] = <model>(…)`. */
export function callNode(model: DagModel, binding: string, outputType: string | null = null): DagNode {
  const id = createHash('sha256').update(JSON.stringify([model.id, binding, outputType])).digest('hex').slice(0, 16);
  return {
    id,
    kind: 'model_call',
    op: model.task,
    stage: 'test',
    params: { name: binding, model: model.id, args: {}, output_type: outputType },
    inputs: [],
    output: '{}',
    location: null,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startHfServer({ latencyMs: Number(process.argv[2] ?? 0), record: false });
  console.log(server.url);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
