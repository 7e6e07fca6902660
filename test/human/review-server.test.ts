// `rlr review`'s server over HTTP and its page in headless Chromium (Debian's, through
// playwright-core): decisions by key press land in the dataset's store, two reviewers
// never look at the same item together, a QA item gets both, a restart resumes, media
// are served by item with byte ranges, and off loopback every request needs the token.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ReviewSetupError, startReviewServer, type RunningReviewServer } from '../../runtime/human/review/server.ts';
import type { GateItem, GateMedia, GateTask } from '../../runtime/human/types.ts';
import { openStore, type Store } from '../../runtime/store/store.ts';
import { toneWav } from '../preview/fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'a-long-enough-review-token-0123';
const IMAGE_SIZE = { width: 40, height: 30 } as const;

/** The yes/no items in the order the queue offers them: gate, then item key. */
const ORDER = ['answers.plausible/p1', 'clips.sense/01-image', 'clips.sense/02-image', 'clips.sense/03-audio', 'clips.sense/04-frames', 'clips.sense/05-qa'] as const;
const QA_ITEM = 'clips.sense/05-qa';

interface Dataset {
  readonly folder: string;
  store: Store;
  readonly file: (name: string) => string;
}

const split = (ref: string) => {
  const at = ref.indexOf('/');
  return { gate: ref.slice(0, at), itemKey: ref.slice(at + 1) };
};

async function png(path: string, colour: { r: number; g: number; b: number }): Promise<void> {
  await sharp({ create: { ...IMAGE_SIZE, channels: 3, background: colour } }).png().toFile(path);
}

function gateItem(ref: string, media: GateMedia, options: { qa?: boolean; task?: GateTask; instructions?: string } = {}): GateItem {
  const { gate, itemKey } = split(ref);
  const task = options.task ?? 'yes_no';
  return {
    gate, task, mode: task === 'yes_no' ? 'validate' : 'annotate', record: itemKey, media,
    question: task === 'yes_no' ? `Does ${itemKey} make sense for this clip?` : null,
    labels: task === 'yes_no' ? [] : ['thing'], predictions: null, qa: options.qa ?? false, instructions: options.instructions ?? null,
  };
}

const imageMedia = (file: string): GateMedia => ({ kind: 'image', file, name: file.split('/').pop()!, ...IMAGE_SIZE, duration: null, fps: null, frame_count: null, frames: null });

/** A dataset folder with a store holding six yes/no items over two gates (one QA) and one box-drawing item. */
async function writeDataset(): Promise<Dataset> {
  const folder = mkdtempSync(join(tmpdir(), 'rlr-review-'));
  const media = join(folder, 'annotations', 'media');
  mkdirSync(media, { recursive: true });
  const file = (name: string) => join(media, name);
  await png(file('p1.png'), { r: 200, g: 40, b: 40 });
  await png(file('01.png'), { r: 40, g: 200, b: 40 });
  await png(file('02.png'), { r: 40, g: 40, b: 200 });
  await png(file('05.png'), { r: 200, g: 200, b: 40 });
  await png(file('boxes.png'), { r: 0, g: 0, b: 0 });
  for (let i = 0; i < 3; i++) await png(file(`frame-${i}.png`), { r: 80 * i, g: 100, b: 160 });
  writeFileSync(file('tone.wav'), toneWav(0.5));
  const frames = [0, 1, 2].map((i) => file(`frame-${i}.png`));
  const store = await openStore(join(folder, '.rlr', 'store'));
  const items: Array<[string, GateItem]> = [
    ['clips.sense/02-image', gateItem('clips.sense/02-image', imageMedia(file('02.png')))],
    ['answers.plausible/p1', gateItem('answers.plausible/p1', imageMedia(file('p1.png')), { instructions: 'Say no when the answer is not in the picture.' })],
    ['clips.sense/01-image', gateItem('clips.sense/01-image', imageMedia(file('01.png')))],
    ['clips.sense/03-audio', gateItem('clips.sense/03-audio', { kind: 'audio', file: file('tone.wav'), name: 'tone.wav', width: null, height: null, duration: 0.5, fps: null, frame_count: null, frames: null })],
    ['clips.sense/04-frames', gateItem('clips.sense/04-frames', { kind: 'video', file: frames[0], name: 'clips/0001', width: 40, height: 30, duration: 0.75, fps: 4, frame_count: 3, frames })],
    [QA_ITEM, gateItem(QA_ITEM, imageMedia(file('05.png')), { qa: true })],
    ['scenes.boxes/z', gateItem('scenes.boxes/z', imageMedia(file('boxes.png')), { task: 'image_boxes' })],
  ];
  for (const [ref, item] of items) await store.pending.add(split(ref).itemKey, item);
  return { folder, store, file };
}

/** A yes/no question about text alone (a drafted reasoning trace, say): no media. */
function textOnlyItem(ref: string): GateItem {
  const { gate, itemKey } = split(ref);
  return { gate, task: 'yes_no', mode: 'validate', record: itemKey, media: null, question: 'Is this reasoning sound? 2 + 2 = 4', labels: [], predictions: null, qa: false, instructions: null };
}

/** Settles every item of the dataset (the QA item by two people who agree), so that only items added afterwards are offered. */
async function settleAll(store: Store): Promise<void> {
  for (const ref of ORDER) {
    const people = ref === QA_ITEM ? ['earlier', 'other'] : ['earlier'];
    for (const annotator of people) await store.pending.record(split(ref).gate, split(ref).itemKey, { annotator, value: true, origin: 'review', ref: `review:${annotator}:0` });
  }
}

function answersOf(store: Store, ref: string) {
  const { gate, itemKey } = split(ref);
  return store.pending.answers(gate, itemKey);
}

/** A plain HTTP request, with whatever Host and headers the test wants (fetch would not send a foreign Host). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

async function api(server: RunningReviewServer, path: string, body?: unknown, token?: string): Promise<{ status: number; data: ReviewState }> {
  const response = await fetch(new URL(path, server.url), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-rlr-token': token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, data: await response.json() as ReviewState };
}

interface ReviewState {
  offer: { gate: string; itemKey: string; need: string } | null;
  progress: { done: number; remaining: number };
  notice: string | null;
  error?: string;
}

const refOf = (state: ReviewState) => state.offer && `${state.offer.gate}/${state.offer.itemKey}`;

describe('the review server over HTTP', () => {
  let dataset: Dataset;
  let server: RunningReviewServer | null = null;

  beforeEach(async () => {
    dataset = await writeDataset();
  });

  afterEach(async () => {
    await server?.close();
    server = null;
    await dataset.store.close();
    rmSync(dataset.folder, { recursive: true, force: true });
  });

  const mediaUrl = (ref: string, extra = '') => {
    const { gate, itemKey } = split(ref);
    return new URL(`/media?gate=${encodeURIComponent(gate)}&item=${encodeURIComponent(itemKey)}${extra}`, server!.url).href;
  };

  it('serves an item\'s image with its content type, and only the media of yes/no items in the store', async () => {
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store });
    const image = await raw(mediaUrl('clips.sense/01-image'));
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.body.equals(readFileSync(dataset.file('01.png')))).toBe(true);
    const frame = await raw(mediaUrl('clips.sense/04-frames', '&frame=2'));
    expect(frame.status).toBe(200);
    expect(frame.body.equals(readFileSync(dataset.file('frame-2.png')))).toBe(true);
    expect((await raw(mediaUrl('clips.sense/04-frames', '&frame=3'))).status).toBe(404);
    expect((await raw(mediaUrl('clips.sense/01-image', '&frame=0'))).status).toBe(404);
    // A box-drawing item is in the store but not reviewed here; paths are never taken from the request.
    expect((await raw(mediaUrl('scenes.boxes/z'))).status).toBe(404);
    expect((await raw(mediaUrl('clips.sense/../../annotations/media/01.png'))).status).toBe(404);
    expect((await raw(new URL(`/media?file=${encodeURIComponent(dataset.file('01.png'))}`, server.url).href)).status).toBe(404);
    expect((await raw(new URL('/annotations/media/01.png', server.url).href)).status).toBe(404);
  });

  it('offers a text-only yes/no item with its question and no media, and serves no media for it', async () => {
    await settleAll(dataset.store);
    await dataset.store.pending.add('d1', textOnlyItem('drafts.sound/d1'));
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store });
    const next = await api(server, '/api/next?reviewer=ana');
    expect(next.data.offer).toMatchObject({ gate: 'drafts.sound', itemKey: 'd1', question: 'Is this reasoning sound? 2 + 2 = 4', media: null });
    expect((await raw(mediaUrl('drafts.sound/d1'))).status).toBe(404);
    expect((await api(server, '/api/decide', { reviewer: 'ana', gate: 'drafts.sound', itemKey: 'd1', value: true })).status).toBe(200);
    expect(answersOf(dataset.store, 'drafts.sound/d1').annotations).toMatchObject([{ annotator: 'ana', value: true, origin: 'review' }]);
  });

  it('answers byte ranges of audio: a slice, a suffix, HEAD, and 416 past the end', async () => {
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store });
    const wav = readFileSync(dataset.file('tone.wav'));
    const url = mediaUrl('clips.sense/03-audio');
    const whole = await raw(url);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.body.equals(wav)).toBe(true);
    const slice = await raw(url, { headers: { range: 'bytes=100-199' } });
    expect(slice.status).toBe(206);
    expect(slice.headers['content-range']).toBe(`bytes 100-199/${wav.length}`);
    expect(slice.body.equals(wav.subarray(100, 200))).toBe(true);
    const open = await raw(url, { headers: { range: `bytes=${wav.length - 5}-` } });
    expect(open.status).toBe(206);
    expect(open.body.equals(wav.subarray(wav.length - 5))).toBe(true);
    const suffix = await raw(url, { headers: { range: 'bytes=-10' } });
    expect(suffix.status).toBe(206);
    expect(suffix.headers['content-range']).toBe(`bytes ${wav.length - 10}-${wav.length - 1}/${wav.length}`);
    expect(suffix.body.equals(wav.subarray(wav.length - 10))).toBe(true);
    const head = await raw(url, { method: 'HEAD', headers: { range: 'bytes=0-9' } });
    expect(head.status).toBe(206);
    expect(head.headers['content-length']).toBe('10');
    expect(head.body.length).toBe(0);
    const past = await raw(url, { headers: { range: `bytes=${wav.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${wav.length}`);
  });

  it('records an answer and an adjudication in the store: a disputed QA item goes to a third reviewer', async () => {
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store });
    const { gate, itemKey } = split(QA_ITEM);
    // Everyone else's items are settled first, so the QA item is the one left.
    for (const ref of ORDER.filter((r) => r !== QA_ITEM)) {
      await dataset.store.pending.record(split(ref).gate, split(ref).itemKey, { annotator: 'earlier', value: true, origin: 'review', ref: 'review:earlier:0' });
    }
    await server.close();
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store });
    expect(refOf((await api(server, '/api/next?reviewer=ana')).data)).toBe(QA_ITEM);
    expect((await api(server, '/api/next?reviewer=ben')).data.offer).toBeNull();
    const afterAna = await api(server, '/api/decide', { reviewer: 'ana', gate, itemKey, value: true });
    expect(afterAna.status).toBe(200);
    expect(afterAna.data.offer).toBeNull();
    expect(refOf((await api(server, '/api/next?reviewer=ben')).data)).toBe(QA_ITEM);
    expect((await api(server, '/api/decide', { reviewer: 'ben', gate, itemKey, value: false })).status).toBe(200);
    expect((await api(server, '/api/next?reviewer=ana')).data.offer).toBeNull();
    const cleo = (await api(server, '/api/next?reviewer=cleo')).data;
    expect(refOf(cleo)).toBe(QA_ITEM);
    expect(cleo.offer!.need).toBe('adjudication');
    expect((await api(server, '/api/decide', { reviewer: 'cleo', gate, itemKey, value: false })).status).toBe(200);
    const answers = answersOf(dataset.store, QA_ITEM);
    expect(answers.annotations.map((a) => [a.annotator, a.value, a.origin])).toEqual([['ana', true, 'review'], ['ben', false, 'review']]);
    expect(answers.adjudication).toMatchObject({ annotator: 'cleo', value: false, origin: 'review' });
    expect(answers.adjudication!.ref).toMatch(/^review:cleo:/);
    expect(new Set([...answers.annotations.map((a) => a.ref), answers.adjudication!.ref]).size).toBe(3);
  });

  it('refuses a decision on an item another reviewer holds, and one that is not a boolean', async () => {
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store });
    const ana = (await api(server, '/api/next?reviewer=ana')).data;
    const { gate, itemKey } = ana.offer!;
    const refused = await api(server, '/api/decide', { reviewer: 'ben', gate, itemKey, value: true });
    expect(refused.status).toBe(409);
    expect(refused.data.notice).toMatch(/not recorded/);
    expect((await api(server, '/api/decide', { reviewer: 'ana', gate, itemKey, value: 'yes' })).status).toBe(400);
    expect((await api(server, '/api/decide', { reviewer: ' ', gate, itemKey, value: true })).status).toBe(400);
    expect(answersOf(dataset.store, `${gate}/${itemKey}`).annotations).toEqual([]);
  });

  it('on loopback without a token, refuses a foreign Host, a cross-origin POST and a body that is not JSON', async () => {
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store });
    const { port } = new URL(server.url);
    expect((await raw(server.url)).status).toBe(200);
    expect((await raw(server.url, { headers: { host: `localhost:${port}` } })).status).toBe(200);
    expect((await raw(server.url, { headers: { host: `rebound.example:${port}` } })).status).toBe(403);
    const offer = (await api(server, '/api/next?reviewer=ana')).data.offer!;
    const body = JSON.stringify({ reviewer: 'ana', gate: offer.gate, itemKey: offer.itemKey, value: true });
    const decide = new URL('/api/decide', server.url).href;
    expect((await raw(decide, { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status).toBe(415);
    expect((await raw(decide, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://elsewhere.example' }, body })).status).toBe(403);
    expect(answersOf(dataset.store, `${offer.gate}/${offer.itemKey}`).annotations).toEqual([]);
    expect((await raw(decide, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url.replace(/\/$/, '') }, body })).status).toBe(200);
    expect(answersOf(dataset.store, `${offer.gate}/${offer.itemKey}`).annotations).toHaveLength(1);
  });

  it('refuses to listen off loopback without a token, or with a short one', async () => {
    await expect(startReviewServer({ dataset: dataset.folder, store: dataset.store, host: '0.0.0.0' })).rejects.toThrow(ReviewSetupError);
    await expect(startReviewServer({ dataset: dataset.folder, store: dataset.store, host: '0.0.0.0' })).rejects.toThrow(/needs a token: add --token/);
    await expect(startReviewServer({ dataset: dataset.folder, store: dataset.store, host: '0.0.0.0', token: 'short' })).rejects.toThrow(/at least 16/);
    // The store is still usable: nothing was left half-started.
    expect(dataset.store.pending.gates()).toEqual(['answers.plausible', 'clips.sense', 'scenes.boxes']);
  });

  it('with a token, answers 401 to the page, the API and the media without it, and serves them with it', async () => {
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store, host: '0.0.0.0', token: TOKEN });
    const port = new URL(server.url).port;
    const at = (path: string) => `http://127.0.0.1:${port}${path}`;
    const media = `/media?gate=clips.sense&item=01-image`;
    for (const path of ['/', '/api/next?reviewer=ana', media]) {
      expect((await raw(at(path))).status, `${path} without the token`).toBe(401);
      expect((await raw(at(path), { headers: { 'x-rlr-token': `${TOKEN}x` } })).status, `${path} with a wrong token`).toBe(401);
    }
    expect((await raw(at(`/?token=${TOKEN}`))).status).toBe(200);
    expect((await raw(at('/api/next?reviewer=ana'), { headers: { 'x-rlr-token': TOKEN } })).status).toBe(200);
    const image = await raw(at(`${media}&token=${TOKEN}`));
    expect(image.status).toBe(200);
    expect(image.body.equals(readFileSync(dataset.file('01.png')))).toBe(true);
    expect(server.pageUrl('ana')).toBe(`${server.url}?token=${TOKEN}&reviewer=ana`);
  });

  it('says the folder is not a dataset when it has no store, and creates none', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rlr-review-empty-'));
    try {
      await expect(startReviewServer({ dataset: empty })).rejects.toThrow(/has no store/);
      expect(existsSync(join(empty, '.rlr'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

// The parts of the DOM the page functions read (the project compiles without the DOM library).
interface Element {
  readonly dataset: Record<string, string | undefined>;
  readonly textContent: string | null;
}
interface MediaElement extends Element { readonly readyState: number; readonly duration: number; readonly controls: boolean; readonly tagName: string }
interface ImageElement extends Element { readonly complete: boolean; readonly naturalWidth: number }
interface BrowserDocument { readonly body: Element; getElementById(id: string): Element | null; querySelector(selector: string): Element | null }
/** The page's document, inside functions that run in the browser (they cannot reach this file's closures). */
interface BrowserWindow { readonly document: BrowserDocument }

describe('the review page in headless Chromium', () => {
  let browser: Browser;
  let dataset: Dataset;
  let server: RunningReviewServer | null = null;
  const contexts: BrowserContext[] = [];
  const requested: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing at ${CHROMIUM}: run scripts/install-chromium.sh (it installs Debian's chromium package) before this test`);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    dataset = await writeDataset();
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store });
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await server?.close();
    server = null;
    await dataset.store.close();
    rmSync(dataset.folder, { recursive: true, force: true });
    requested.length = 0;
  });

  async function open(url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 850 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  /** The item the page shows (gate/key), or null when it says nothing is left; waits for the page to settle. */
  async function shown(page: Page): Promise<string | null> {
    await page.waitForFunction(() => {
      const body = (globalThis as unknown as BrowserWindow).document.body;
      return (body.dataset.state === 'item' || body.dataset.state === 'empty') && body.dataset.busy === undefined;
    });
    return page.evaluate(() => {
      const item = (globalThis as unknown as BrowserWindow).document.getElementById('item')!;
      return (globalThis as unknown as BrowserWindow).document.body.dataset.state === 'item' ? `${item.dataset.gate}/${item.dataset.item}` : null;
    });
  }

  /** Presses a key and waits until the page shows another item (or none). */
  async function press(page: Page, key: string): Promise<string | null> {
    const before = await shown(page);
    await page.keyboard.press(key);
    await page.waitForFunction((previous) => {
      const body = (globalThis as unknown as BrowserWindow).document.body;
      if (body.dataset.busy !== undefined) return false;
      const item = (globalThis as unknown as BrowserWindow).document.getElementById('item')!;
      const now = body.dataset.state === 'item' ? `${item.dataset.gate}/${item.dataset.item}` : null;
      return body.dataset.state !== 'loading' && now !== previous;
    }, before);
    return shown(page);
  }

  const text = (page: Page, id: string) => page.locator(`#${id}`).textContent();

  it('records Y and N in the store, undoes with U, skips with S, and shows every kind of media', async () => {
    const page = await open(server!.pageUrl('ana'));
    expect(await shown(page)).toBe(ORDER[0]);
    expect(await text(page, 'question')).toBe('Does p1 make sense for this clip?');
    expect(await text(page, 'instructions')).toBe('Say no when the answer is not in the picture.');
    expect(await text(page, 'gate')).toContain('answers.plausible');
    expect(await text(page, 'progress')).toBe('0 done by you · 6 remaining');
    await page.waitForFunction(() => ((globalThis as unknown as BrowserWindow).document.querySelector('#stage img') as ImageElement | null)?.complete === true);
    expect(await page.locator('#stage img').evaluate((img) => (img as unknown as ImageElement).naturalWidth)).toBe(IMAGE_SIZE.width);

    expect(await press(page, 'y')).toBe(ORDER[1]);
    expect(answersOf(dataset.store, ORDER[0]).annotations).toMatchObject([{ annotator: 'ana', value: true, origin: 'review' }]);
    expect(answersOf(dataset.store, ORDER[0]).annotations[0].ref).toMatch(/^review:ana:/);
    expect(await press(page, 'n')).toBe(ORDER[2]);
    expect(answersOf(dataset.store, ORDER[1]).annotations).toMatchObject([{ annotator: 'ana', value: false }]);
    expect(await text(page, 'progress')).toBe('2 done by you · 4 remaining');

    // U withdraws the last decision and shows that item again.
    expect(await press(page, 'u')).toBe(ORDER[1]);
    expect(answersOf(dataset.store, ORDER[1])).toEqual({ annotations: [], adjudication: null });
    expect(answersOf(dataset.store, ORDER[0]).annotations).toHaveLength(1);
    expect(await text(page, 'progress')).toBe('1 done by you · 5 remaining');
    expect(await press(page, 'y')).toBe(ORDER[2]);
    expect(answersOf(dataset.store, ORDER[1]).annotations).toMatchObject([{ annotator: 'ana', value: true }]);

    // S skips: nothing is recorded, and the item does not come back to ana.
    expect(await press(page, 's')).toBe(ORDER[3]);
    expect(answersOf(dataset.store, ORDER[2]).annotations).toEqual([]);
    expect(await text(page, 'progress')).toBe('2 done by you · 3 remaining');

    // The audio item: a player with controls that loaded the WAV (through byte ranges).
    const audio = page.locator('#stage audio');
    expect(await audio.evaluate((a) => (a as unknown as MediaElement).controls)).toBe(true);
    await page.waitForFunction(() => (((globalThis as unknown as BrowserWindow).document.querySelector('#stage audio') as MediaElement | null)?.readyState ?? 0) >= 1);
    expect(await audio.evaluate((a) => (a as unknown as MediaElement).duration)).toBeCloseTo(0.5, 1);

    // The video held as frames: a flip-book that moves on by itself.
    expect(await press(page, 'y')).toBe(ORDER[4]);
    const frame = page.locator('#stage .flipbook img');
    const first = await frame.getAttribute('data-frame');
    await page.waitForFunction((start) => ((globalThis as unknown as BrowserWindow).document.querySelector('#stage .flipbook img') as Element).dataset.frame !== start, first);
    await page.waitForFunction(() => ((globalThis as unknown as BrowserWindow).document.querySelector('#stage .flipbook img') as ImageElement).complete);
    expect(await frame.evaluate((img) => (img as unknown as ImageElement).naturalWidth)).toBe(40);

    expect(await press(page, 'y')).toBe(QA_ITEM);
    expect(await text(page, 'note')).toMatch(/second reviewer/);
    expect(await press(page, 'n')).toBeNull();
    expect(answersOf(dataset.store, QA_ITEM).annotations).toMatchObject([{ annotator: 'ana', value: false }]);
    expect(await text(page, 'progress')).toBe('5 done by you · 0 remaining');

    // A reload in the same session still leaves the skipped item out.
    await page.reload({ waitUntil: 'load' });
    expect(await shown(page)).toBeNull();
    // Everything the page loaded came from the review server itself.
    const origin = new URL(server!.url).origin;
    expect(requested.length).toBeGreaterThan(5);
    for (const url of requested) expect(new URL(url).origin).toBe(origin);
  });

  it('shows a text-only item as its question alone, and records the key press', async () => {
    await server!.close();
    await settleAll(dataset.store);
    await dataset.store.pending.add('d1', textOnlyItem('drafts.sound/d1'));
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store });
    const page = await open(server.pageUrl('ana'));
    expect(await shown(page)).toBe('drafts.sound/d1');
    expect(await text(page, 'question')).toBe('Is this reasoning sound? 2 + 2 = 4');
    expect(await page.locator('#stage').isHidden()).toBe(true);
    expect(await page.locator('#stage img, #stage audio, #stage video').count()).toBe(0);
    expect(await press(page, 'y')).toBeNull();
    expect(answersOf(dataset.store, 'drafts.sound/d1').annotations).toMatchObject([{ annotator: 'ana', value: true }]);
    expect(requested.some((url) => url.includes('/media'))).toBe(false);
  });

  it('never shows two reviewers the same item at once, and gives the QA item to both', async () => {
    const ana = await open(server!.pageUrl('ana'));
    const ben = await open(server!.pageUrl('ben'));
    let onAna = await shown(ana);
    let onBen = await shown(ben);
    const decided = { ana: [] as string[], ben: [] as string[] };
    for (let round = 0; round < 10 && (onAna !== null || onBen !== null); round++) {
      if (onAna !== null && onBen !== null) expect(onAna, `round ${round}`).not.toBe(onBen);
      // Both press Y at the same moment.
      const [nextAna, nextBen] = await Promise.all([onAna === null ? null : press(ana, 'y'), onBen === null ? null : press(ben, 'y')]);
      if (onAna !== null) decided.ana.push(onAna);
      if (onBen !== null) decided.ben.push(onBen);
      // One left with nothing asks again: the item the other just answered may be a QA item that now waits for them.
      onAna = nextAna ?? await reloadShown(ana);
      onBen = nextBen ?? await reloadShown(ben);
    }
    expect(onAna).toBeNull();
    expect(onBen).toBeNull();
    expect(decided.ana).toContain(QA_ITEM);
    expect(decided.ben).toContain(QA_ITEM);
    expect([...decided.ana, ...decided.ben].sort()).toEqual([...ORDER, QA_ITEM].sort());
    expect(answersOf(dataset.store, QA_ITEM).annotations.map((a) => a.annotator)).toEqual(['ana', 'ben']);
    for (const ref of ORDER.filter((r) => r !== QA_ITEM)) expect(answersOf(dataset.store, ref).annotations, ref).toHaveLength(1);
  });

  async function reloadShown(page: Page): Promise<string | null> {
    await page.reload({ waitUntil: 'load' });
    return shown(page);
  }

  it('after a restart shows no decided item again, and keeps the decisions', async () => {
    const page = await open(server!.pageUrl('ana'));
    expect(await press(page, 'y')).toBe(ORDER[1]);
    expect(await press(page, 'n')).toBe(ORDER[2]);
    expect(await press(page, 's')).toBe(ORDER[3]);
    await server!.close();
    await dataset.store.close();
    dataset.store = await openStore(join(dataset.folder, '.rlr', 'store'));
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store });
    // Skips last one session: ana gets the item she skipped; the decided ones are gone.
    const again = await open(server.pageUrl('ana'));
    expect(await shown(again)).toBe(ORDER[2]);
    expect(await text(again, 'progress')).toBe('2 done by you · 4 remaining');
    const ben = await open(server.pageUrl('ben'));
    expect(await shown(ben)).toBe(ORDER[3]);
    expect(answersOf(dataset.store, ORDER[0]).annotations).toMatchObject([{ annotator: 'ana', value: true }]);
    expect(answersOf(dataset.store, ORDER[1]).annotations).toMatchObject([{ annotator: 'ana', value: false }]);
    // Nothing from the earlier session to undo.
    await again.keyboard.press('u');
    await again.waitForFunction(() => /nothing to undo/.test((globalThis as unknown as BrowserWindow).document.getElementById('status')!.textContent ?? ''));
    expect(answersOf(dataset.store, ORDER[1]).annotations).toHaveLength(1);
  });

  it('asks for the name when the URL has none, and goes on with it', async () => {
    const page = await open(server!.url);
    await page.waitForFunction(() => (globalThis as unknown as BrowserWindow).document.body.dataset.state === 'name');
    // Keys do nothing before there is a name.
    await page.keyboard.press('y');
    expect(await page.evaluate(() => (globalThis as unknown as BrowserWindow).document.body.dataset.state)).toBe('name');
    expect(dataset.store.pending.counts()['answers.plausible'].answered).toBe(0);
    await page.locator('#name').fill('cleo');
    await page.keyboard.press('Enter');
    expect(await shown(page)).toBe(ORDER[0]);
    expect(new URL(page.url()).searchParams.get('reviewer')).toBe('cleo');
    expect(await text(page, 'who')).toBe('reviewing as cleo');
    expect(await press(page, 'y')).toBe(ORDER[1]);
    expect(answersOf(dataset.store, ORDER[0]).annotations).toMatchObject([{ annotator: 'cleo', value: true }]);
    expect(dataset.store.pending.counts()['answers.plausible'].answered).toBe(1);
  });

  it('with a token, works from the printed URL, and refuses the page without it', async () => {
    await server!.close();
    server = await startReviewServer({ dataset: dataset.folder, store: dataset.store, token: TOKEN });
    const denied = await open('about:blank');
    const response = await denied.goto(server.pageUrl('ana').replace(`token=${TOKEN}&`, ''));
    expect(response?.status()).toBe(401);
    expect(await denied.evaluate(() => (globalThis as unknown as BrowserWindow).document.body.textContent)).toMatch(/needs its token/);
    const page = await open(server.pageUrl('ana'));
    expect(await shown(page)).toBe(ORDER[0]);
    await page.waitForFunction(() => ((globalThis as unknown as BrowserWindow).document.querySelector('#stage img') as ImageElement | null)?.complete === true);
    expect(await page.locator('#stage img').evaluate((img) => (img as unknown as ImageElement).naturalWidth)).toBe(IMAGE_SIZE.width);
    expect(await press(page, 'y')).toBe(ORDER[1]);
    expect(answersOf(dataset.store, ORDER[0]).annotations).toMatchObject([{ annotator: 'ana', value: true }]);
  });
});
