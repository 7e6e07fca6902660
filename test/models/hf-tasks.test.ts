// The hf provider against a local server speaking the real protocols: what
// each task sends (path, headers, body) and what its reply becomes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DagModel } from '../../compiler/lower/dag-schema.ts';
import { ModelCallError } from '../../runtime/models/errors.ts';
import { parseRetryAfter } from '../../runtime/models/hf/exchange.ts';
import { createHfProvider, hfProvider, MissingSecretError } from '../../runtime/models/hf/index.ts';
import type { ProviderContext } from '../../runtime/models/types.ts';
import { maskBitmap } from '../../stdlib/functions/mask-bitmap.ts';
import type { MediaValue, Value } from '../../runtime/values.ts';
import { hfModel, startHfServer, type HfTestServer, type TestModel } from './hf-server.ts';

let server: HfTestServer;
let folder: string;
const env: Record<string, string> = { TGI_TOKEN: 'tgi-secret-123' };
let context: ProviderContext;

const image: MediaValue = { $media: 'image', path: 'images/cat.png', width: 40, height: 20 };
const audio: MediaValue = { $media: 'audio', path: 'clip.wav', duration: 0.01 };

beforeAll(async () => {
  server = await startHfServer();
  folder = mkdtempSync(join(tmpdir(), 'rlr-hf-'));
  context = { directory: folder, env: (name) => env[name] };
  execFileSync('mkdir', ['-p', join(folder, 'images')]);
  await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toFile(join(folder, 'images/cat.png'));
  writeFileSync(join(folder, 'clip.wav'), wav(160));
});

afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

beforeEach(() => server.reset());

function model(name: string, fields: Omit<TestModel, 'endpoint'> & { endpoint?: string }): DagModel {
  return hfModel(name, { tokenEnv: 'TGI_TOKEN', ...fields });
}

async function call(m: DagModel, args: Record<string, Value>, outputType: string | null = null): Promise<Value> {
  const provider = hfProvider(m, context);
  try {
    return await provider.call({ task: m.task, args, outputType }, new AbortController().signal);
  } finally {
    await provider.close();
  }
}

function failure(promise: Promise<unknown>): Promise<ModelCallError> {
  return promise.then(
    () => { throw new Error('expected the call to fail'); },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ModelCallError);
      return error as ModelCallError;
    },
  );
}

describe('chat_completion', () => {
  it('posts OpenAI-style messages to the endpoint, with the model, sampling settings and the token from env', async () => {
    const writer = model('writer', { task: 'chat_completion', id: 'meta-llama/Llama-3.3-70B-Instruct', endpoint: `${server.url}/v1`, temperature: 0, max_tokens: 512 });
    const reply = await call(writer, { system: 'You write exam questions.', prompt: 'Say hi', media: null });
    expect(reply).toBe('echo: Say hi');
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer tgi-secret-123');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toMatchObject({
      model: 'meta-llama/Llama-3.3-70B-Instruct',
      max_tokens: 512,
      temperature: 0,
      messages: [{ role: 'system', content: 'You write exam questions.' }, { role: 'user', content: 'Say hi' }],
    });
    expect((request.json as { stream?: unknown }).stream).toBeUndefined();
  });

  it('attaches images as data URLs in image_url content parts, before the prompt', async () => {
    const describer = model('describer', { task: 'chat_completion', endpoint: `${server.url}/v1` });
    await call(describer, { prompt: 'Describe it.', media: [image] });
    const { messages } = server.requests[0].json as { messages: { role: string; content: unknown }[] };
    expect(messages).toHaveLength(1);
    const png = readFileSync(join(folder, 'images/cat.png')).toString('base64');
    expect(messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
        { type: 'text', text: 'Describe it.' },
      ],
    });
  });

  it('shows a video held as frames by the frames inside its clip only', async () => {
    const frames = await Promise.all([0, 1, 2, 3, 4, 5].map((i) =>
      sharp({ create: { width: 4, height: 4, channels: 3, background: { r: i * 40, g: 0, b: 0 } } }).png().toBuffer()));
    const video: MediaValue = { $media: 'video', path: 'motion.mp4', fps: 2, frame_count: 6, duration: 3, frames, clip: { start: 0, end: 2 } };
    const describer = model('describer', { task: 'chat_completion', endpoint: `${server.url}/v1` });
    await call(describer, { prompt: 'What moves?', media: [video] });
    const { messages } = server.requests[0].json as { messages: { content: { type: string; image_url?: { url: string } }[] }[] };
    const images = messages[0].content.filter((part) => part.type === 'image_url').map((part) => part.image_url!.url);
    // Frames 0..3 are in the first 2 s at 2 fps; frames 4 and 5 are the evidence.
    expect(images).toEqual(frames.slice(0, 4).map((frame) => `data:image/png;base64,${frame.toString('base64')}`));
  });

  it.runIf(hasFfmpeg())('sends a video file cut to its clip as a video_url part', async () => {
    const path = join(folder, 'clip.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=10:duration=4', '-pix_fmt', 'yuv420p', path]);
    const video: MediaValue = { $media: 'video', path: 'clip.mp4', fps: 10, duration: 4, clip: { start: 0, end: 1 } };
    const describer = model('describer', { task: 'chat_completion', endpoint: `${server.url}/v1` });
    await call(describer, { prompt: 'What happens?', media: [video] });
    const { messages } = server.requests[0].json as { messages: { content: { type: string; video_url?: { url: string } }[] }[] };
    const url = messages[0].content[0].video_url!.url;
    expect(url.startsWith('data:video/mp4;base64,')).toBe(true);
    const sent = join(folder, 'sent.mp4');
    writeFileSync(sent, Buffer.from(url.slice('data:video/mp4;base64,'.length), 'base64'));
    const duration = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', sent], { encoding: 'utf8' }));
    expect(duration).toBeGreaterThan(0.8);
    expect(duration).toBeLessThan(1.3);
  });

  it('routes to an Inference Provider through the Hub mapping when no endpoint is given', async () => {
    // The client's hosts, routed to the test server; the client itself is unchanged.
    const routed: typeof fetch = (input, init) => {
      const url = String(input).replace(/^https:\/\/(router\.)?huggingface\.co/, server.url);
      return fetch(url, init);
    };
    env.HF_TOKEN = 'hf_test_token';
    const describer = hfModel('describer', { task: 'chat_completion', id: 'Qwen/Qwen2.5-VL-7B-Instruct', provider: 'together', tokenEnv: 'HF_TOKEN' });
    const provider = createHfProvider({ fetch: routed })(describer, context);
    expect(await provider.call({ task: 'chat_completion', args: { prompt: 'Hello', system: null, media: null }, outputType: null }, new AbortController().signal)).toBe('echo: Hello');
    const [lookup, chat] = server.requests;
    expect(lookup.method).toBe('GET');
    expect(lookup.path).toBe('/api/models/Qwen/Qwen2.5-VL-7B-Instruct?expand[]=inferenceProviderMapping');
    expect(chat.path).toBe('/together/v1/chat/completions');
    expect(chat.headers.authorization).toBe('Bearer hf_test_token');
    expect(chat.json).toMatchObject({ model: 'Qwen/Qwen2.5-VL-7B-Instruct-Turbo' });
  });
});

describe('other tasks', () => {
  it('text_generation posts an OpenAI-style completion to the endpoint', async () => {
    const generator = model('generator', { task: 'text_generation', id: 'gpt2', endpoint: `${server.url}/v1`, max_tokens: 64, temperature: 0.5 });
    expect(await call(generator, { prompt: 'Question: 2 + 2?\nAnswer:' })).toBe(' echo: Question: 2 + 2?\nAnswer:');
    expect(server.requests[0].path).toBe('/v1/completions');
    expect(server.requests[0].json).toEqual({ model: 'gpt2', prompt: 'Question: 2 + 2?\nAnswer:', max_tokens: 64, temperature: 0.5 });
  });

  it('image_to_text posts the image bytes with their type', async () => {
    const captioner = model('captioner', { task: 'image_to_text', endpoint: `${server.url}/image-to-text` });
    expect(await call(captioner, { image })).toBe('an image of 40x20 pixels');
    const [request] = server.requests;
    expect(request.path).toBe('/image-to-text');
    expect(request.headers['content-type']).toBe('image/png');
    expect(request.body.equals(readFileSync(join(folder, 'images/cat.png')))).toBe(true);
  });

  it('object_detection returns pixel boxes, without those below the threshold', async () => {
    const detector = model('detector', { task: 'object_detection', endpoint: `${server.url}/object-detection` });
    expect(await call(detector, { image, threshold: 0.5 })).toEqual([{ label: 'thing', score: 0.9, box: { x1: 10, y1: 5, x2: 30, y2: 15 } }]);
    expect(await call(detector, { image, threshold: null })).toHaveLength(2);
    expect(server.requests[0].headers['content-type']).toBe('image/png');
  });

  it('zero_shot_object_detection posts the HF Inference API body: a base64 image and the candidate labels', async () => {
    const grounder = model('grounder', { task: 'zero_shot_object_detection', endpoint: `${server.url}/zero-shot-object-detection` });
    const boxes = await call(grounder, { image, labels: ['a red square', 'a dog'], threshold: 0.7 });
    expect(boxes).toEqual([{ label: 'a red square', score: 0.9, box: { x1: 0, y1: 0, x2: 39, y2: 19 } }]);
    const [request] = server.requests;
    expect(request.headers.authorization).toBe('Bearer tgi-secret-123');
    expect(request.json).toEqual({
      inputs: readFileSync(join(folder, 'images/cat.png')).toString('base64'),
      parameters: { candidate_labels: ['a red square', 'a dog'] },
    });
  });

  it('image_segmentation turns PNG masks into COCO RLE of the image size', async () => {
    const segmenter = model('segmenter', { task: 'image_segmentation', endpoint: `${server.url}/image-segmentation` });
    const segments = await call(segmenter, { image, threshold: 0.5 }) as { label: string; score: number; mask: Value }[];
    expect(server.requests[0].json).toMatchObject({ parameters: { threshold: 0.5 } });
    expect(segments.map((s) => [s.label, s.score])).toEqual([['thing', 0.95]]);
    const bitmap = maskBitmap(segments[0].mask);
    expect([bitmap.width, bitmap.height]).toEqual([40, 20]);
    const set: [number, number][] = [];
    for (let y = 0; y < 20; y++) for (let x = 0; x < 40; x++) if (bitmap.pixels[y * 40 + x]) set.push([x, y]);
    expect(set).toHaveLength(20 * 10);
    expect(set.every(([x, y]) => x >= 10 && x < 30 && y >= 5 && y < 15)).toBe(true);
  });

  it('speech_recognition posts the audio bytes as audio/wav and returns the text', async () => {
    const asr = model('asr', { task: 'speech_recognition', endpoint: `${server.url}/automatic-speech-recognition` });
    expect(await call(asr, { audio })).toBe('heard 364 bytes of audio/wav');
  });

  it('audio_classification returns labels highest score first', async () => {
    const tagger = model('tagger', { task: 'audio_classification', endpoint: `${server.url}/audio-classification` });
    expect(await call(tagger, { audio })).toEqual([{ label: 'music', score: 0.7 }, { label: 'speech', score: 0.25 }, { label: 'silence', score: 0.05 }]);
  });
});

describe('tokens', () => {
  it('names the variable when the token the recipe asks for is not set', () => {
    const writer = hfModel('writer', { task: 'chat_completion', endpoint: `${server.url}/v1`, tokenEnv: 'MISSING_TOKEN' });
    expect(() => hfProvider(writer, context)).toThrow(MissingSecretError);
    expect(() => hfProvider(writer, context)).toThrow(/model `writer` reads its token from the environment variable `MISSING_TOKEN`, which is not set/);
  });

  it('sends no token when the model names none, whatever the process environment holds', async () => {
    process.env.HF_TOKEN = 'hf_should_not_leak';
    try {
      const local = hfModel('local', { task: 'chat_completion', endpoint: `${server.url}/v1` });
      await call(local, { prompt: 'hi' });
      expect(server.requests[0].headers.authorization).toBeUndefined();
    } finally {
      delete process.env.HF_TOKEN;
    }
  });

  it('refuses a model with both an endpoint and a provider', () => {
    const both = hfModel('both', { task: 'chat_completion', endpoint: `${server.url}/v1`, provider: 'together' });
    expect(() => hfProvider(both, context)).toThrow(/give either `endpoint` or `provider`, not both/);
  });
});

describe('failures', () => {
  const writer = () => model('writer', { task: 'chat_completion', endpoint: `${server.url}/v1` });

  it('a 429 is retryable and carries Retry-After in ms', async () => {
    server.script({ kind: 'status', status: 429, retryAfter: '7' });
    const error = await failure(call(writer(), { prompt: 'x' }));
    expect([error.retryable, error.retryAfterMs, error.status]).toEqual([true, 7000, 429]);
    expect(error.message).toMatch(/HTTP 429: rate limit reached/);
  });

  it('a 503 is returned to the call layer, not retried at once by the client', async () => {
    server.script({ kind: 'status', status: 503 });
    const error = await failure(call(writer(), { prompt: 'x' }));
    expect([error.retryable, error.status]).toEqual([true, 503]);
    expect(server.count).toBe(1);
  });

  it('a 4xx other than 408 and 429 is final', async () => {
    server.script({ kind: 'status', status: 400 });
    const error = await failure(call(writer(), { prompt: 'x' }));
    expect([error.retryable, error.status]).toEqual([false, 400]);
  });

  it('a dropped connection is a retryable network error', async () => {
    server.script({ kind: 'reset' });
    const error = await failure(call(writer(), { prompt: 'x' }));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^network error/);
  });

  it('a reply cut off mid-body is a retryable network error', async () => {
    server.script({ kind: 'cut' });
    const error = await failure(call(writer(), { prompt: 'x' }));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^network error.*(while reading the reply|closed before the reply ended)/);
  });

  it('a refused connection is a retryable network error', async () => {
    const closed = await startHfServer();
    const url = closed.url;
    await closed.close();
    const error = await failure(call(model('gone', { task: 'chat_completion', endpoint: `${url}/v1` }), { prompt: 'x' }));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

function hasFfmpeg(): boolean {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A mono 16-bit WAV of `samples` silent samples. */
function wav(samples: number): Buffer {
  const data = samples * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(32_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data, 40);
  return Buffer.concat([header, Buffer.alloc(data)]);
}
