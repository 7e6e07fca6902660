// The reward server: verifiers over HTTP for trainers that live in Python (verl,
// TRL). POST /score {"items": [...]} -> {"results": [...]}, GET /health.
// Input never crashes it: bodies are bounded, every failure is a JSON error.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isErrorOutput, scoreJsonItem, type ScoreOutput, type SpecResolver } from '../stdlib/verifiers/items.ts';
import { verifierVersions } from '../stdlib/verifiers/index.ts';

export interface RewardServerOptions {
  port: number;
  host: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Most items in one request. */
  maxItems?: number;
  /** Finds the verifier of items that give only a data source or id. */
  resolve?: SpecResolver;
  /** Shown by /health, e.g. how many data sources a dataset provided. */
  info?: Record<string, unknown>;
}

export interface RunningRewardServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) { reject(new HttpError(413, `request body over ${limit} bytes`)); return; }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping the body but let the 413 reach the client; the connection closes after it.
        chunks.length = 0;
        reject(new HttpError(413, `request body over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Scores a request body; throws HttpError(400) naming the first bad item. */
export function scoreRequest(body: string, maxItems: number, resolve?: SpecResolver): ScoreOutput[] {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    throw new HttpError(400, 'the body is not valid JSON; expected {"items": [{"verifier", "params", "response", "truth"}, …]}');
  }
  const items = (request as { items?: unknown } | null)?.items;
  if (request === null || typeof request !== 'object' || !Array.isArray(items)) {
    throw new HttpError(400, 'expected {"items": [{"verifier", "params", "response", "truth"}, …]}');
  }
  if (items.length > maxItems) throw new HttpError(400, `${items.length} items in one request; at most ${maxItems}`);
  const results = items.map((item) => scoreJsonItem(item, resolve));
  const bad = results.findIndex(isErrorOutput);
  if (bad >= 0) {
    const count = results.filter(isErrorOutput).length;
    const first = results[bad] as { error: string };
    throw new HttpError(400, `item ${bad}: ${first.error}${count > 1 ? ` (and ${count - 1} more bad items)` : ''}`);
  }
  return results;
}

export function startRewardServer(options: RewardServerOptions): Promise<RunningRewardServer> {
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const maxItems = options.maxItems ?? 100_000;
  const versions = verifierVersions();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET /health');
      send(res, 200, { status: 'ok', verifiers: versions, ...options.info });
      return;
    }
    if (path === '/score') {
      if (req.method !== 'POST') throw new HttpError(405, 'use POST /score with {"items": [...]}');
      const body = await readBody(req, maxBody);
      send(res, 200, { results: scoreRequest(body, maxItems, options.resolve) });
      return;
    }
    throw new HttpError(404, `no route ${req.method} ${path}; use POST /score or GET /health`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) { res.destroy(); return; }
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 413) res.setHeader('connection', 'close');
      send(res, status, { error: status === 500 ? `internal error: ${message}` : message });
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n\r\n{"error":"malformed HTTP request"}');
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${host}:${address.port}`,
        server,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
