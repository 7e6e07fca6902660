// The `fetch` the hf provider gives @huggingface/inference: node:http(s) with
// keep-alive agents, about half the CPU per request of the global fetch here
// (bench/models.ts), which matters when thousands of short calls are in
// flight. It buffers each reply (model replies are small JSON or media) and
// follows redirects; a failure is a TypeError with the socket's error as its
// cause, as the global fetch reports it.
import http from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

const MAX_REDIRECTS = 5;

export const keepAliveFetch: typeof fetch = async (input, init) => {
  const request = input instanceof Request ? input : null;
  let url = new URL(request ? request.url : String(input));
  let method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  const headers = headerObject(init?.headers ?? request?.headers);
  const given = init?.body ?? null;
  // As the global fetch does: a Blob's type is the request's content type unless one is set.
  if (given instanceof Blob && given.type !== '' && headers['content-type'] === undefined) headers['content-type'] = given.type;
  let body = await bodyBytes(given);
  const signal = init?.signal ?? request?.signal ?? undefined;
  for (let redirects = 0; ; redirects++) {
    const reply = await send(url, method, headers, body, signal);
    const location = reply.headers.location;
    if (reply.status >= 300 && reply.status < 400 && typeof location === 'string' && redirects < MAX_REDIRECTS) {
      url = new URL(location, url);
      if (reply.status === 303 || ((reply.status === 301 || reply.status === 302) && method === 'POST')) {
        method = 'GET';
        body = null;
      }
      continue;
    }
    const noBody = reply.status === 204 || reply.status === 304 || method === 'HEAD';
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(reply.headers)) {
      if (value === undefined || name === 'content-encoding' || name === 'content-length') continue;
      for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, item);
    }
    return new Response(noBody ? null : reply.body, { status: reply.status, statusText: reply.statusText, headers: responseHeaders });
  }
};

interface Reply {
  readonly status: number;
  readonly statusText: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

function send(url: URL, method: string, headers: Record<string, string>, body: Buffer | null, signal: AbortSignal | undefined): Promise<Reply> {
  const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
  if (url.protocol !== protocol) return Promise.reject(new TypeError(`fetch failed: unsupported protocol ${url.protocol}`));
  const client = protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const outgoing = client.request(url, { method, headers: body ? { ...headers, 'content-length': String(body.length) } : headers, agent: agents[protocol] }, (res) => {
      const chunks: Buffer[] = [];
      const stream = decoded(res);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (!res.complete) fail(new Error('the connection closed before the reply ended'));
        else resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) });
      });
      stream.on('error', fail);
      res.on('aborted', () => fail(new Error('the connection closed before the reply ended')));
    });
    const onAbort = () => outgoing.destroy(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    function fail(error: Error): void {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason);
      else reject(new TypeError('fetch failed', { cause: error }));
    }
    outgoing.on('error', fail);
    outgoing.on('close', () => signal?.removeEventListener('abort', onAbort));
    outgoing.end(body ?? undefined);
  });
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

function headerObject(headers: ConstructorParameters<typeof Headers>[0] | undefined): Record<string, string> {
  if (!headers) return {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Array.isArray(headers) ? headers : Object.entries(headers);
  return Object.fromEntries(entries.map(([name, value]) => [name.toLowerCase(), String(value)]));
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
