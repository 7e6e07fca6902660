// The review server: one page for fast yes/no decisions on the items of a
// dataset's validate gates, a small JSON API behind it, and the items' media.
// Decisions go straight into the dataset's store as `review` answers, so a
// review stopped and started again carries on where it was.
//
// Safety. It listens on loopback unless told otherwise, and any other address
// needs a token that every request carries (`?token=` or `x-rlr-token`). Without
// a token the Host header must name loopback (a page elsewhere cannot reach it
// by rebinding a name), and decisions are JSON POSTs from the same origin (a
// page elsewhere cannot send one without a CORS preflight, which is refused).
// Media are looked up by gate and item key, never by a path from the request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, resolve } from 'node:path';
import { mediaType } from '../../preview/media.ts';
import type { GateEntry, HumanGates } from '../../store/pending.ts';
import { openStore, type Store } from '../../store/store.ts';
import type { GateMedia } from '../types.ts';
import { reviewPage } from './page.ts';
import { isReviewable, ReviewQueue, type Offer } from './queue.ts';

export interface ReviewServerOptions {
  /** The dataset folder (the output folder of `rlr run`). */
  readonly dataset: string;
  /** Default 127.0.0.1; any other address needs `token`. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  readonly token?: string | null;
  /** The dataset's store, already open (the server then leaves it open); by default the server opens `<dataset>/.rlr/store` and closes it. */
  readonly store?: Store;
  /** How long an offered item stays with its reviewer (default 10 minutes). */
  readonly leaseMs?: number;
}

export interface RunningReviewServer {
  /** The server's root, without the token. */
  readonly url: string;
  readonly queue: ReviewQueue;
  /** The page to open: the root with the token and, when given, the reviewer's name. */
  pageUrl(reviewer?: string): string;
  /** Stops listening, then closes the store if the server opened it. */
  close(): Promise<void>;
}

/** The server was asked to start in a way it refuses (no token off loopback, no store in the folder). */
export class ReviewSetupError extends Error {
  override readonly name = 'ReviewSetupError';
}

export const MIN_TOKEN_LENGTH = 16;
const MAX_BODY_BYTES = 16 * 1024;
const MAX_REVIEWER_LENGTH = 64;

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Refuses a missing or weak token when the server is reachable from other machines. */
function checkAccess(host: string, token: string | null): void {
  if (token !== null && token.length < MIN_TOKEN_LENGTH) {
    throw new ReviewSetupError(`the token is ${token.length} characters long; use at least ${MIN_TOKEN_LENGTH} (for example the output of \`openssl rand -hex 16\`)`);
  }
  if (token === null && !isLoopback(host)) {
    throw new ReviewSetupError(`listening on ${host} lets other machines reach the review, so it needs a token: add --token <secret> (at least ${MIN_TOKEN_LENGTH} characters, e.g. from \`openssl rand -hex 16\`) and share the printed URL, or leave --host at 127.0.0.1`);
  }
}

/** Every reviewable item of every gate, as the store holds them now. */
function* reviewableEntries(gates: HumanGates): Generator<GateEntry, void, undefined> {
  for (const gate of gates.gates()) {
    for (const entry of gates.entries(gate)) if (isReviewable(entry.item)) yield entry;
  }
}

/** Content types by extension, for files whose first bytes say nothing `mediaType` knows. */
const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.bmp': 'image/bmp', '.avif': 'image/avif', '.svg': 'image/svg+xml',
  '.wav': 'audio/wav', '.flac': 'audio/flac', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.oga': 'audio/ogg', '.opus': 'audio/ogg', '.m4a': 'audio/mp4', '.aac': 'audio/aac',
  '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.webm': 'video/webm', '.ogv': 'video/ogg', '.mov': 'video/quicktime',
};

async function contentType(file: string, kind: GateMedia['kind']): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const head = new Uint8Array(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return mediaType(kind, head.subarray(0, bytesRead)) ?? TYPES_BY_EXTENSION[extname(file).toLowerCase()] ?? 'application/octet-stream';
  } finally {
    await handle.close();
  }
}

/** One byte range of a file of `size` bytes, inclusive; null to send the whole file, 'unsatisfiable' for a 416. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges or another unit: the whole file is a valid answer.
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(new HttpError(415, 'send the body as application/json'));
  }
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) { fail(new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`)); return; }
      try {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
        done(body as Record<string, unknown>);
      } catch {
        fail(new HttpError(400, 'the body is not a JSON object'));
      }
    });
    req.on('error', fail);
  });
}

function reviewerName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  // eslint-disable-next-line no-control-regex
  if (name === '' || name.length > MAX_REVIEWER_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new HttpError(400, `the reviewer's name must be 1 to ${MAX_REVIEWER_LENGTH} printable characters`);
  }
  return name;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `expected ${what} as a string`);
  return value;
}

/** What the page shows of an offer: no file paths, only what the media route needs. */
function offerView(offer: Offer) {
  const { item } = offer;
  return {
    gate: offer.gate,
    itemKey: offer.itemKey,
    need: offer.need,
    question: item.question,
    instructions: item.instructions,
    qa: item.qa,
    expiresAt: offer.expiresAt,
    // A text-only yes/no item shows its question alone.
    media: item.media && {
      kind: item.media.kind,
      name: item.media.name,
      width: item.media.width,
      height: item.media.height,
      duration: item.media.duration,
      fps: item.media.fps,
      frames: item.media.frames?.length ?? null,
    },
  };
}

interface Decision { readonly gate: string; readonly itemKey: string }

export async function startReviewServer(options: ReviewServerOptions): Promise<RunningReviewServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? null;
  checkAccess(host, token);
  const dataset = resolve(options.dataset);
  let store = options.store;
  const ownsStore = store === undefined;
  if (!store) {
    const path = join(dataset, '.rlr', 'store');
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw new ReviewSetupError(`${options.dataset} has no store (${path}): point rlr review at the output folder of \`rlr run\``);
    }
    store = await openStore(path);
  }
  const pending = store.pending;
  const queue = new ReviewQueue(reviewableEntries(pending), { leaseMs: options.leaseMs });
  const tokenDigest = token === null ? null : createHash('sha256').update(token).digest();
  const session = Date.now().toString(36);
  let decisionCount = 0;
  /** Each reviewer's decisions in this session, last on top: what U undoes. */
  const history = new Map<string, Decision[]>();
  /** Each reviewer's requests run one after the other, so a held-down key decides once. */
  const lanes = new Map<string, Promise<unknown>>();

  const inLane = <T>(reviewer: string, work: () => Promise<T>): Promise<T> => {
    const run = (lanes.get(reviewer) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    lanes.set(reviewer, settled);
    void settled.then(() => { if (lanes.get(reviewer) === settled) lanes.delete(reviewer); });
    return run;
  };

  const state = (reviewer: string, offer: Offer | null, notice: string | null = null) => ({
    reviewer,
    offer: offer && offerView(offer),
    progress: queue.progress(reviewer),
    canUndo: (history.get(reviewer)?.length ?? 0) > 0,
    notice,
  });

  const authorised = (req: IncomingMessage, url: URL): boolean => {
    if (tokenDigest === null) return true;
    const given = url.searchParams.get('token') ?? req.headers['x-rlr-token'];
    if (typeof given !== 'string') return false;
    return timingSafeEqual(createHash('sha256').update(given).digest(), tokenDigest);
  };

  const hostAllowed = (req: IncomingMessage): boolean => {
    if (tokenDigest !== null) return true;
    const name = (req.headers.host ?? '').replace(/:\d+$/, '');
    return isLoopback(name) || name === host;
  };

  const decide = async (body: Record<string, unknown>) => {
    const reviewer = reviewerName(body.reviewer);
    const gate = text(body.gate, 'the gate');
    const itemKey = text(body.itemKey, 'the item key');
    if (typeof body.value !== 'boolean') throw new HttpError(400, 'expected the decision as value: true or false');
    const value = body.value;
    return inLane(reviewer, async () => {
      if (!queue.find(gate, itemKey)) throw new HttpError(404, `no yes/no item \`${itemKey}\` at gate \`${gate}\``);
      const need = queue.mayDecide(reviewer, gate, itemKey);
      if (need === null) {
        const why = queue.heldByOther(reviewer, gate, itemKey)
          ? 'that item went to another reviewer after your lease on it ran out; it was not recorded'
          : 'that item no longer waits for your answer; it was not recorded';
        return { status: 409, body: state(reviewer, queue.next(reviewer), why) };
      }
      decisionCount++;
      const annotation = { annotator: reviewer, value, origin: 'review' as const, ref: `review:${reviewer}:${session}-${decisionCount}` };
      if (need === 'adjudication') await pending.adjudicate(gate, itemKey, annotation);
      else await pending.record(gate, itemKey, annotation);
      queue.update(gate, itemKey, pending.answers(gate, itemKey));
      queue.release(reviewer);
      const decisions = history.get(reviewer) ?? [];
      decisions.push({ gate, itemKey });
      history.set(reviewer, decisions);
      return { status: 200, body: state(reviewer, queue.next(reviewer)) };
    });
  };

  const skip = (body: Record<string, unknown>) => {
    const reviewer = reviewerName(body.reviewer);
    const gate = text(body.gate, 'the gate');
    const itemKey = text(body.itemKey, 'the item key');
    return inLane(reviewer, async () => {
      queue.skip(reviewer, gate, itemKey);
      return { status: 200, body: state(reviewer, queue.next(reviewer)) };
    });
  };

  const undo = (body: Record<string, unknown>) => {
    const reviewer = reviewerName(body.reviewer);
    return inLane(reviewer, async () => {
      const last = history.get(reviewer)?.pop();
      if (!last) return { status: 409, body: state(reviewer, queue.next(reviewer), 'nothing to undo: you made no decision in this session') };
      await pending.withdraw(last.gate, last.itemKey, reviewer);
      queue.update(last.gate, last.itemKey, pending.answers(last.gate, last.itemKey));
      const again = queue.take(reviewer, last.gate, last.itemKey);
      if (again) return { status: 200, body: state(reviewer, again) };
      return { status: 200, body: state(reviewer, queue.next(reviewer), 'your decision was withdrawn; another reviewer has that item now') };
    });
  };

  const serveMedia = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const gate = url.searchParams.get('gate') ?? '';
    const itemKey = url.searchParams.get('item') ?? '';
    const found = queue.find(gate, itemKey);
    if (!found) throw new HttpError(404, `no yes/no item \`${itemKey}\` at gate \`${gate}\``);
    const { media } = found.item;
    if (!media) throw new HttpError(404, `item \`${itemKey}\` at gate \`${gate}\` has no media: its question is all there is`);
    const frameParam = url.searchParams.get('frame');
    let file = media.file;
    if (frameParam !== null) {
      const frame = Number(frameParam);
      if (!media.frames || !Number.isInteger(frame) || frame < 0 || frame >= media.frames.length) throw new HttpError(404, `the item has no frame ${frameParam}`);
      file = media.frames[frame];
    }
    if (!existsSync(file) || !statSync(file).isFile()) throw new HttpError(404, `the media file ${basename(file)} is not on this machine`);
    const size = statSync(file).size;
    const type = await contentType(file, frameParam === null ? media.kind : 'image');
    const headers: Record<string, string | number> = {
      'content-type': type,
      'accept-ranges': 'bytes',
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
      // A file opened on its own (an SVG, say) runs nothing on this origin.
      'content-security-policy': "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
    };
    const range = parseRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': 0 });
      res.end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    res.writeHead(range ? 206 : 200, {
      ...headers,
      'content-length': Math.max(0, end - start + 1),
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD' || size === 0) { res.end(); return; }
    const stream = createReadStream(file, { start, end });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://review.invalid');
    if (!hostAllowed(req)) throw new HttpError(403, 'this review server answers only to a loopback Host');
    if (!authorised(req, url)) throw new HttpError(401, 'this review needs its token: open the URL that `rlr review` printed');
    const origin = req.headers.origin;
    if (req.method === 'POST' && origin !== undefined && origin !== `http://${req.headers.host}`) throw new HttpError(403, 'requests from another origin are refused');
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /' || route === 'HEAD /') {
      const nonce = randomBytes(16).toString('base64');
      const html = reviewPage({ title: basename(dataset), nonce });
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(html),
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self'; media-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`,
      });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    if (route === 'GET /media' || route === 'HEAD /media') { await serveMedia(req, res, url); return; }
    if (route === 'GET /api/next') {
      const reviewer = reviewerName(url.searchParams.get('reviewer'));
      const body = await inLane(reviewer, async () => state(reviewer, queue.next(reviewer)));
      sendJson(res, 200, body);
      return;
    }
    const actions: Record<string, (body: Record<string, unknown>) => Promise<{ status: number; body: unknown }>> = {
      'POST /api/decide': decide,
      'POST /api/skip': skip,
      'POST /api/undo': undo,
    };
    const action = actions[route];
    if (!action) throw new HttpError(404, `no route ${route}`);
    const answer = await action(await readJson(req));
    sendJson(res, answer.status, answer.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) { res.destroy(); return; }
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, status, { error: status === 500 ? `internal error: ${message}` : message });
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n\r\n{"error":"malformed HTTP request"}');
  });

  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', fail);
        done();
      });
    });
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const root = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`;
  let closing: Promise<void> | null = null;
  const ownedStore = ownsStore ? store : null;
  return {
    url: root,
    queue,
    pageUrl(reviewer?: string) {
      const query = new URLSearchParams();
      if (token !== null) query.set('token', token);
      if (reviewer !== undefined) query.set('reviewer', reviewer);
      const search = query.toString();
      return search === '' ? root : `${root}?${search}`;
    },
    close() {
      closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        // Decisions in flight finish before the store closes.
        await Promise.all(lanes.values());
        await ownedStore?.close();
      })();
      return closing;
    },
  };
}
