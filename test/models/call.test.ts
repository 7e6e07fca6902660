// The call layer with the real hf provider over HTTP to the local server:
// retries and Retry-After, timeouts, structured output and its one repair,
// concurrency and rate limits, the cache, and a run under injected faults.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DagModel, DagNode } from '../../compiler/lower/dag-schema.ts';
import { RecordRejected } from '../../runtime/evaluate/reject.ts';
import { ModelCalls, type ModelCallsOptions } from '../../runtime/models/call.ts';
import { hfProvider, MissingSecretError } from '../../runtime/models/hf/index.ts';
import type { ProviderContext } from '../../runtime/models/types.ts';
import { openStore, type Store } from '../../runtime/store/store.ts';
import type { MediaValue, Value } from '../../runtime/values.ts';
import { callNode, hfModel, startHfServer, type HfTestServer, type TestModel } from './hf-server.ts';

const QUESTION = '{question: string, correct: string, distractors: list<string>}';

let server: HfTestServer;
let folder: string;
let context: ProviderContext;
const open: ModelCalls[] = [];
const stores: Store[] = [];

beforeAll(async () => {
  server = await startHfServer();
  folder = mkdtempSync(join(tmpdir(), 'rlr-calls-'));
  context = { directory: folder, env: (name) => (name === 'TGI_TOKEN' ? 'tgi-secret' : undefined) };
});

afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

beforeEach(() => server.reset());

afterEach(async () => {
  for (const calls of open.splice(0)) await calls.close();
  for (const store of stores.splice(0)) await store.close();
  server.latencyMs = 0;
});

function writer(fields: Partial<TestModel> = {}): DagModel {
  return hfModel('writer', { task: 'chat_completion', endpoint: `${server.url}/v1`, tokenEnv: 'TGI_TOKEN', ...fields });
}

function modelCalls(models: DagModel[], options: Partial<ModelCallsOptions> = {}): ModelCalls {
  const calls = new ModelCalls({
    dag: { models, recipe: { seed: 7 } },
    providers: { hf: hfProvider },
    context,
    retry: { baseDelayMs: 5, maxDelayMs: 40 },
    ...options,
  });
  open.push(calls);
  return calls;
}

const chat = (prompt: string): Record<string, Value> => ({ prompt, system: 'Reply with JSON only.', media: null });

type Outcome = { value: Value } | { rejected: string };

async function outcome(promise: Promise<Value>): Promise<Outcome> {
  try {
    return { value: await promise };
  } catch (error) {
    if (error instanceof RecordRejected) return { rejected: error.reason };
    throw error;
  }
}

async function rejection(promise: Promise<Value>): Promise<string> {
  const result = await outcome(promise);
  if ('value' in result) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return result.rejected;
}

function questionJson(id: string): string {
  return JSON.stringify({ question: id, correct: 'a', distractors: ['b', 'c', 'd'] });
}

describe('retries', () => {
  it('waits at least the Retry-After the server sent before trying again', async () => {
    const model = writer();
    const calls = modelCalls([model]);
    server.script({ kind: 'status', status: 429, retryAfter: '1' });
    expect(await calls.call(callNode(model, 'reply'), chat('hello'))).toBe('echo: hello');
    const [first, second] = server.requests;
    expect(server.count).toBe(2);
    expect(second.arrivedAt - first.arrivedAt).toBeGreaterThanOrEqual(1000);
    expect(calls.stats()[0]).toMatchObject({ calls: 2, retries: 1, failures: 0 });
  });

  it('retries a 500 and a dropped connection', async () => {
    const model = writer();
    const calls = modelCalls([model]);
    server.script({ kind: 'status', status: 500 }, { kind: 'reset' });
    expect(await calls.call(callNode(model, 'reply'), chat('again'))).toBe('echo: again');
    expect(server.count).toBe(3);
  });

  it('rejects the record at once on a 400', async () => {
    const model = writer();
    const calls = modelCalls([model]);
    server.script({ kind: 'status', status: 400 });
    expect(await rejection(calls.call(callNode(model, 'reply'), chat('bad')))).toBe('model `writer`: HTTP 400: injected failure 400');
    expect(server.count).toBe(1);
    expect(calls.stats()[0]).toMatchObject({ calls: 1, retries: 0, failures: 1 });
  });

  it('rejects the record with the last error once the retries are spent', async () => {
    const model = writer({ retries: 2 });
    const calls = modelCalls([model]);
    server.script(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 502 })));
    expect(await rejection(calls.call(callNode(model, 'reply'), chat('down')))).toBe('model `writer`: HTTP 502: injected failure 502 (after 3 attempts)');
    expect(server.count).toBe(3);
  });
});

describe('timeouts', () => {
  it('abandons an attempt that outlives the timeout and tries again', async () => {
    const model = writer({ timeout: 0.2, retries: 1 });
    const calls = modelCalls([model]);
    server.script({ kind: 'delay', ms: 2000 });
    const started = performance.now();
    expect(await calls.call(callNode(model, 'reply'), chat('slow'))).toBe('echo: slow');
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(1500);
    expect(server.count).toBe(2);
  });

  it('rejects the record when no attempt answers in time', async () => {
    const model = writer({ timeout: 0.2, retries: 0 });
    const calls = modelCalls([model]);
    server.script({ kind: 'delay', ms: 2000 });
    expect(await rejection(calls.call(callNode(model, 'reply'), chat('slow')))).toBe('model `writer`: no reply within 0.2 s');
  });

  it('times out an attempt made after answered ones, and answers the next (an answered attempt’s signal is used again)', async () => {
    const model = writer({ timeout: 0.2, retries: 0 });
    const calls = modelCalls([model]);
    const node = callNode(model, 'reply');
    for (const prompt of ['a', 'b', 'c']) expect(await calls.call(node, chat(prompt))).toBe(`echo: ${prompt}`);
    server.script({ kind: 'delay', ms: 2000 });
    expect(await rejection(calls.call(node, chat('slow')))).toBe('model `writer`: no reply within 0.2 s');
    expect(await calls.call(node, chat('d'))).toBe('echo: d');
  });
});

describe('structured output', () => {
  it('parses the JSON of the declared type out of prose and a fence', async () => {
    const model = writer();
    const calls = modelCalls([model]);
    const reply = `REPLY: Sure! Here it is:\n\`\`\`json\n${questionJson('What next?')}\n\`\`\`\nAnything else?`;
    expect(await calls.call(callNode(model, 'q', QUESTION), chat(reply))).toEqual({ question: 'What next?', correct: 'a', distractors: ['b', 'c', 'd'] });
  });

  it('sends an invalid reply back once, with the problem, and takes the corrected reply', async () => {
    const model = writer();
    const calls = modelCalls([model]);
    server.script({ kind: 'invalid' });
    const value = await calls.call(callNode(model, 'q', QUESTION), chat(`REPLY: ${questionJson('Q1')}`));
    expect(value).toEqual({ question: 'Q1', correct: 'a', distractors: ['b', 'c', 'd'] });
    expect(server.count).toBe(2);
    const { messages } = server.requests[1].json as { messages: { role: string; content: string }[] };
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[2].content).toBe('{"question":"Q1","correct":"a","distractors":"b, c, d"}');
    expect(messages[3].content).toContain('distractors: expected list<string>, found string "b, c, d"');
    expect(messages[3].content).toContain(QUESTION);
    expect(calls.stats()[0]).toMatchObject({ calls: 2, retries: 1, failures: 0 });
  });

  it('repairs a reply whose JSON is cut off', async () => {
    const model = writer();
    const calls = modelCalls([model]);
    server.script({ kind: 'truncated' });
    expect(await calls.call(callNode(model, 'q', QUESTION), chat(`REPLY: ${questionJson('Q2')}`))).toMatchObject({ question: 'Q2' });
    const { messages } = server.requests[1].json as { messages: { role: string; content: string }[] };
    expect(messages[3].content).toContain('the JSON in the reply is cut off before its end');
  });

  it('rejects the record when the corrected reply is still invalid', async () => {
    const model = writer();
    const calls = modelCalls([model]);
    server.script({ kind: 'invalid' }, { kind: 'invalid' });
    expect(await rejection(calls.call(callNode(model, 'q', QUESTION), chat(`REPLY: ${questionJson('Q3')}`)))).toBe(
      `model \`writer\`: reply is not a valid \`${QUESTION}\`: distractors: expected list<string>, found string "b, c, d" (also after it was asked to correct it)`,
    );
    expect(server.count).toBe(2);
    expect(calls.stats()[0]).toMatchObject({ calls: 2, retries: 1, failures: 1 });
  });
});

describe('limits', () => {
  it('never has more requests in flight than the model allows', async () => {
    const model = writer({ concurrency: 4 });
    const calls = modelCalls([model]);
    server.latencyMs = 30;
    await Promise.all(Array.from({ length: 40 }, (_, i) => calls.call(callNode(model, 'reply'), chat(`p${i}`))));
    expect(server.count).toBe(40);
    expect(server.maxInFlight).toBe(4);
  });

  it('starts no more than `rpm` requests in any window', async () => {
    const model = writer({ concurrency: 20, rpm: 5 });
    const calls = modelCalls([model], { rateWindowMs: 400 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 15 }, (_, i) => calls.call(callNode(model, 'reply'), chat(`r${i}`))));
    expect(performance.now() - started).toBeGreaterThanOrEqual(800);
    const arrivals = server.requests.map((r) => r.arrivedAt).sort((a, b) => a - b);
    // Unlimited, all 15 would arrive within a few ms; limited, the sixth after any
    // request arrives a window later (less what a busy event loop may add).
    for (let i = 0; i + 5 < arrivals.length; i++) expect(arrivals[i + 5] - arrivals[i]).toBeGreaterThanOrEqual(340);
  });
});

describe('under injected faults', () => {
  it('ends every one of 300 calls with its own value or a rejection with a reason', async () => {
    const model = writer({ concurrency: 16, retries: 3, timeout: 0.15 });
    const calls = modelCalls([model]);
    server.randomFaults({
      rate: 0.3,
      seed: 2024,
      faults: [
        { kind: 'status', status: 429, retryAfter: '0' },
        { kind: 'status', status: 429, retryAfter: '1' },
        { kind: 'status', status: 500 },
        { kind: 'status', status: 503 },
        { kind: 'delay', ms: 400 },
        { kind: 'reset' },
        { kind: 'cut' },
        { kind: 'truncated' },
        { kind: 'invalid' },
      ],
    });
    const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) =>
      outcome(calls.call(callNode(model, 'q', QUESTION), chat(`REPLY: ${questionJson(`q${i}`)}`)))));
    expect(outcomes).toHaveLength(300);
    let values = 0;
    outcomes.forEach((result, i) => {
      if ('value' in result) {
        values++;
        expect(result.value).toEqual({ question: `q${i}`, correct: 'a', distractors: ['b', 'c', 'd'] });
      } else {
        expect(result.rejected).toMatch(/^model `writer`: .{10,}/);
      }
    });
    const stats = calls.stats()[0];
    expect(values).toBeGreaterThan(270);
    expect(stats.failures).toBe(300 - values);
    expect(stats.calls).toBe(server.count);
    expect(stats.retries).toBe(server.count - 300);
  });
});

describe('cache', () => {
  async function cacheStore(): Promise<Store> {
    const store = await openStore(mkdtempSync(join(folder, 'store-')));
    stores.push(store);
    return store;
  }

  it('answers a rerun from the cache with no request', async () => {
    const store = await cacheStore();
    const model = writer();
    const node = callNode(model, 'q', QUESTION);
    const prompts = Array.from({ length: 20 }, (_, i) => chat(`REPLY: ${questionJson(`c${i}`)}`));
    const cold = modelCalls([model], { cache: store.cache });
    const first = await Promise.all(prompts.map((args) => cold.call(node, args)));
    expect(server.count).toBe(20);

    const warm = modelCalls([model], { cache: store.cache });
    const second = await Promise.all(prompts.map((args) => warm.call(node, args)));
    expect(second).toEqual(first);
    expect(server.count).toBe(20);
    expect(warm.stats()[0]).toMatchObject({ calls: 0, cacheHits: 20 });
  });

  it('commits every reply by close(), though a call does not wait for its write', async () => {
    const store = await cacheStore();
    const model = writer();
    const node = callNode(model, 'reply');
    const prompts = Array.from({ length: 30 }, (_, i) => chat(`p${i}`));
    const cold = modelCalls([model], { cache: store.cache });
    const first = await Promise.all(prompts.map((args) => cold.call(node, args)));
    await cold.close();
    await store.close();
    const reopened = await openStore(store.path);
    stores.push(reopened);
    const warm = modelCalls([model], { cache: reopened.cache });
    expect(await Promise.all(prompts.map((args) => warm.call(node, args)))).toEqual(first);
    expect(server.count).toBe(30);
  });

  it('keys media by content: a copy hits, an edited file misses', async () => {
    const store = await cacheStore();
    const captioner = hfModel('captioner', { task: 'image_to_text', endpoint: `${server.url}/image-to-text` });
    const node = callNode(captioner, 'caption');
    await sharp({ create: { width: 8, height: 6, channels: 3, background: '#123456' } }).png().toFile(join(folder, 'a.png'));
    copyFileSync(join(folder, 'a.png'), join(folder, 'b.png'));
    const image = (path: string): MediaValue => ({ $media: 'image', path });
    const calls = modelCalls([captioner], { cache: store.cache });
    expect(await calls.call(node, { image: image('a.png') })).toBe('an image of 8x6 pixels');
    expect(await calls.call(node, { image: image('b.png') })).toBe('an image of 8x6 pixels');
    expect(server.count).toBe(1);
    writeFileSync(join(folder, 'b.png'), await sharp({ create: { width: 5, height: 5, channels: 3, background: '#000' } }).png().toBuffer());
    expect(await calls.call(node, { image: image('b.png') })).toBe('an image of 5x5 pixels');
    expect(server.count).toBe(2);
  });

  it('sends identical calls in flight at the same time once', async () => {
    const store = await cacheStore();
    const model = writer();
    const calls = modelCalls([model], { cache: store.cache });
    server.latencyMs = 50;
    const node = callNode(model, 'reply');
    const [a, b] = await Promise.all([calls.call(node, chat('same')), calls.call(node, chat('same'))]);
    expect([a, b]).toEqual(['echo: same', 'echo: same']);
    expect(server.count).toBe(1);
    expect(calls.stats()[0]).toMatchObject({ calls: 1, cacheHits: 1 });
  });

  it('is skipped for a model whose runtime says `cache: false`', async () => {
    const store = await cacheStore();
    const model = writer({ cache: false });
    const calls = modelCalls([model], { cache: store.cache });
    const node = callNode(model, 'reply');
    await calls.call(node, chat('fresh'));
    await calls.call(node, chat('fresh'));
    expect(server.count).toBe(2);
    expect(calls.stats()[0].cacheHits).toBe(0);
  });
});

describe('run errors', () => {
  it('a missing token fails the run, naming the variable, rather than rejecting records', async () => {
    const model = writer({ tokenEnv: 'NOT_SET_ANYWHERE' });
    const calls = modelCalls([model]);
    await expect(calls.call(callNode(model, 'reply'), chat('x'))).rejects.toThrow(MissingSecretError);
    expect(server.count).toBe(0);
  });

  it('close() aborts calls in flight and refuses new ones', async () => {
    const model = writer();
    const calls = modelCalls([model]);
    server.script({ kind: 'delay', ms: 2000 });
    const pending = calls.call(callNode(model, 'reply'), chat('late'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await calls.close();
    await expect(pending).rejects.toThrow(/model calls were closed/);
    await expect(calls.call(callNode(model, 'reply'), chat('later'))).rejects.toThrow(/model calls are closed/);
  });

  it('rejects a node whose model the DAG does not declare', async () => {
    const calls = modelCalls([writer()]);
    const stray = callNode(hfModel('stray', { task: 'chat_completion' }), 'x');
    await expect(calls.call(stray as DagNode, chat('x'))).rejects.toThrow(/which the DAG does not declare/);
  });
});
