// The hf provider's `fetch`: a buffered reply that reads as a `Response`
// does, redirects, compressed bodies, and aborts reported as the global fetch
// reports them.
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveFetch } from '../../runtime/models/hf/http-fetch.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      switch (req.url) {
        case '/json':
          res.writeHead(200, { 'Content-Type': 'application/json', 'X-Twice': ['a', 'b'] });
          res.end(JSON.stringify({ ok: true, method: req.method }));
          return;
        case '/echo':
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ contentType: req.headers['content-type'] ?? null, length: req.headers['content-length'] ?? null, body: body.toString('utf8') }));
          return;
        case '/moved':
          res.writeHead(302, { Location: '/json' });
          res.end();
          return;
        case '/gzip':
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
          res.end(gzipSync(JSON.stringify({ packed: true })));
          return;
        case '/empty':
          res.writeHead(204);
          res.end();
          return;
        case '/never':
          return;
        default:
          res.writeHead(404);
          res.end('no such route');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('keepAliveFetch', () => {
  it('reads a reply as a Response: status, headers, one read of the body', async () => {
    const response = await keepAliveFetch(`${base}/json`);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${base}/json`);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-twice')).toBe('a, b');
    expect(response.headers.has('content-length')).toBe(false);
    expect(response.bodyUsed).toBe(false);
    const copy = response.clone();
    expect(await response.json()).toEqual({ ok: true, method: 'GET' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(await copy.text()).toBe('{"ok":true,"method":"GET"}');
  });

  it('gives the body as a stream to a caller that asks for one', async () => {
    const response = await keepAliveFetch(`${base}/json`);
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body!) chunks.push(chunk);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toEqual({ ok: true, method: 'GET' });
    expect(response.bodyUsed).toBe(true);
  });

  it('sends a body with its length, and a Blob with its type', async () => {
    const text = await (await keepAliveFetch(`${base}/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' })).json();
    expect(text).toEqual({ contentType: 'application/json', length: '7', body: '{"a":1}' });
    const blob = await (await keepAliveFetch(`${base}/echo`, { method: 'POST', body: new Blob(['xyz'], { type: 'image/png' }) })).json();
    expect(blob).toEqual({ contentType: 'image/png', length: '3', body: 'xyz' });
  });

  it('follows a redirect, a POST becoming a GET without its body', async () => {
    const response = await keepAliveFetch(`${base}/moved`, { method: 'POST', body: 'dropped' });
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${base}/json`);
    expect(await response.json()).toEqual({ ok: true, method: 'GET' });
  });

  it('decodes a compressed body', async () => {
    const response = await keepAliveFetch(`${base}/gzip`);
    expect(response.headers.has('content-encoding')).toBe(false);
    expect(await response.json()).toEqual({ packed: true });
  });

  it('has no body for 204, and an error status is not ok', async () => {
    const empty = await keepAliveFetch(`${base}/empty`);
    expect(empty.body).toBeNull();
    expect(await empty.text()).toBe('');
    const missing = await keepAliveFetch(`${base}/nowhere`);
    expect(missing.ok).toBe(false);
    expect(await missing.text()).toBe('no such route');
  });

  it('rejects with the signal’s reason when aborted, and leaves no listener on the signal', async () => {
    const controller = new AbortController();
    const pending = keepAliveFetch(`${base}/never`, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
    const done = new AbortController();
    await (await keepAliveFetch(`${base}/json`, { signal: done.signal })).json();
    expect(getEventListeners(done.signal, 'abort')).toHaveLength(0);
  });

  it('fails as fetch does when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await keepAliveFetch(`http://127.0.0.1:${port}/`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });
});
