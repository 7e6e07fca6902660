// The `fetch` the hf provider gives @huggingface/inference: node:http(s) with
// keep-alive agents, and a reply held as bytes. Thousands of short calls in
// flight make the client's CPU per call what limits throughput
// (bench/models.ts), and most of the global fetch's cost is in streams: the
// request's and the reply's bodies as web streams, read back chunk by chunk.
// Model replies are small JSON or media, so each is buffered, and its
// `Response` reads the buffer directly (`json()` is one `JSON.parse`); a web
// stream is made only for a caller that asks for `body`. Redirects are
// followed; a failure is a TypeError with the socket's error as its cause, as
// the global fetch reports it.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

const MAX_REDIRECTS = 5;

export const keepAliveFetch: typeof fetch = async (input, init) => {
  const request = input instanceof Request ? input : null;
  let target = parseTarget(request ? request.url : input instanceof URL ? input.href : String(input));
  let method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  const headers = headerObject(init?.headers ?? request?.headers);
  const given = init?.body ?? null;
  // As the global fetch does: a Blob's type is the request's content type unless one is set.
  if (given instanceof Blob && given.type !== '' && headers['content-type'] === undefined) headers['content-type'] = given.type;
  // A JSON body, the usual case, needs no wait.
  let body = typeof given === 'string' ? Buffer.from(given) : await bodyBytes(given);
  const signal = init?.signal ?? request?.signal ?? undefined;
  for (let redirects = 0; ; redirects++) {
    const reply = await send(target, method, headers, body, signal);
    const location = reply.headers.location;
    if (reply.status >= 300 && reply.status < 400 && typeof location === 'string' && redirects < MAX_REDIRECTS) {
      target = parseTarget(new URL(location, target.href).href);
      if (reply.status === 303 || ((reply.status === 301 || reply.status === 302) && method === 'POST')) {
        method = 'GET';
        body = null;
      }
      continue;
    }
    const noBody = reply.status === 204 || reply.status === 304 || method === 'HEAD';
    return new BufferedResponse(noBody ? null : reply.body, reply.status, reply.statusText, reply.headers, target.href, redirects > 0);
  }
};

/** Where a request goes, as node:http takes it. */
interface Target {
  readonly href: string;
  readonly protocol: 'http:' | 'https:';
  readonly hostname: string;
  readonly port: string;
  readonly path: string;
  /** `user:password` from the URL, as node:http takes it from a URL. */
  readonly auth: string | undefined;
}

/** Parsed targets by URL: a client calls the same few URLs over and over. */
const targets = new Map<string, Target>();
const MAX_TARGETS = 256;

function parseTarget(href: string): Target {
  const known = targets.get(href);
  if (known) return known;
  const url = new URL(href);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`fetch failed: unsupported protocol ${url.protocol}`);
  // An IPv6 literal is bracketed in a URL, not in a host name.
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const auth = url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
  const target: Target = { href: url.href, protocol: url.protocol, hostname, port: url.port, path: url.pathname + url.search, auth };
  if (targets.size >= MAX_TARGETS) targets.clear();
  targets.set(href, target);
  return target;
}

interface Reply {
  readonly status: number;
  readonly statusText: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

function send(target: Target, method: string, headers: Record<string, string>, body: Buffer | null, signal: AbortSignal | undefined): Promise<Reply> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    if (body) headers['content-length'] = String(body.length);
    else delete headers['content-length'];
    const options: http.RequestOptions = {
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      path: target.path,
      auth: target.auth,
      method,
      headers,
      agent: agents[target.protocol],
    };
    const pending = new PendingReply(resolve, reject, signal);
    pending.outgoing = (target.protocol === 'https:' ? https : http).request(options, (res) => pending.receive(res));
    pending.outgoing.on('error', (error: Error) => pending.fail(error));
    signal?.addEventListener('abort', pending, { once: true });
    pending.outgoing.end(body ?? undefined);
  });
}

/**
 * One request until its reply is read. Its methods are the event handlers
 * (and it is the abort listener itself, through `handleEvent`), so a request
 * makes no closures beyond the few node:http needs.
 */
class PendingReply {
  outgoing: http.ClientRequest | null = null;
  private readonly chunks: Buffer[] = [];

  constructor(
    private readonly resolve: (reply: Reply) => void,
    private readonly reject: (error: unknown) => void,
    private readonly signal: AbortSignal | undefined,
  ) {}

  receive(res: http.IncomingMessage): void {
    const stream = decoded(res);
    stream.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    stream.on('end', () => {
      if (!res.complete) this.fail(new Error('the connection closed before the reply ended'));
      else {
        this.signal?.removeEventListener('abort', this);
        const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
        this.resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body });
      }
    });
    stream.on('error', (error: Error) => this.fail(error));
    res.on('aborted', () => this.fail(new Error('the connection closed before the reply ended')));
  }

  fail(error: Error): void {
    this.signal?.removeEventListener('abort', this);
    if (this.signal?.aborted) this.reject(this.signal.reason);
    else this.reject(new TypeError('fetch failed', { cause: error }));
  }

  /** The signal aborted. */
  handleEvent(): void {
    const reason: unknown = this.signal?.reason;
    this.outgoing?.destroy(reason instanceof Error ? reason : new Error('aborted'));
  }
}

function decoded(res: http.IncomingMessage): Readable {
  switch (res.headers['content-encoding']) {
    case 'gzip':
      return res.pipe(createGunzip());
    case 'deflate':
      return res.pipe(createInflate());
    case 'br':
      return res.pipe(createBrotliDecompress());
    default:
      return res;
  }
}

/**
 * A reply whose body is already in memory. It reads as a `Response` does
 * (each body read once, `clone()` before a second), but from the bytes: no
 * web stream unless `body` is asked for, and the `Headers` are made at their
 * first use. The body is decoded, so the headers that describe the bytes on
 * the wire (`content-encoding`, `content-length`) are left out.
 */
class BufferedResponse implements Response {
  readonly type = 'basic';
  readonly ok: boolean;
  private headerList: Headers | null = null;
  private used = false;
  /** The same body as a `Response`, once a caller asked for it as a stream: reads go to it from then on. */
  private streamed: Response | null = null;

  constructor(
    private readonly content: Buffer | null,
    readonly status: number,
    readonly statusText: string,
    private readonly rawHeaders: http.IncomingHttpHeaders,
    readonly url: string,
    readonly redirected: boolean,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  get headers(): Headers {
    if (!this.headerList) {
      const headers = new Headers();
      for (const name in this.rawHeaders) {
        const value = this.rawHeaders[name];
        if (value === undefined || name === 'content-encoding' || name === 'content-length') continue;
        if (typeof value === 'string') headers.append(name, value);
        else for (const item of value) headers.append(name, item);
      }
      this.headerList = headers;
    }
    return this.headerList;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.content === null) return null;
    this.streamed ??= new Response(this.used ? null : this.content);
    return this.streamed.body;
  }

  get bodyUsed(): boolean {
    return this.used || (this.streamed?.bodyUsed ?? false);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.streamed) return this.streamed.arrayBuffer();
    const bytes = this.take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async blob(): Promise<Blob> {
    if (this.streamed) return this.streamed.blob();
    return new Blob([this.take()], { type: this.headers.get('content-type') ?? '' });
  }

  async text(): Promise<string> {
    if (this.streamed) return this.streamed.text();
    return this.take().toString('utf8');
  }

  async json(): Promise<unknown> {
    if (this.streamed) return this.streamed.json();
    return JSON.parse(this.take().toString('utf8'));
  }

  async formData(): Promise<FormData> {
    return new Response(this.streamed ? await this.streamed.arrayBuffer() : this.take(), { headers: this.headers }).formData();
  }

  clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.content, this.status, this.statusText, this.rawHeaders, this.url, this.redirected);
  }

  /** The body's bytes, once: a second read fails, as a `Response`'s does. */
  private take(): Buffer {
    if (this.used) throw new TypeError('Body is unusable: Body has already been read');
    this.used = true;
    return this.content ?? Buffer.alloc(0);
  }
}

function headerObject(headers: ConstructorParameters<typeof Headers>[0] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  if (headers instanceof Headers) headers.forEach((value, name) => (result[name] = value));
  else if (Array.isArray(headers)) for (const [name, value] of headers) result[name.toLowerCase()] = String(value);
  else for (const name in headers) result[name.toLowerCase()] = String((headers as Record<string, string>)[name]);
  return result;
}

async function bodyBytes(body: NonNullable<RequestInit['body']> | null): Promise<Buffer | null> {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer());
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  return Buffer.from(await new Response(body).arrayBuffer());
}
