// The pieces of the call layer that decide when a request may go: the
// sliding-window rate limiter, the backoff between retries, and the cache key.
import { describe, expect, it } from 'vitest';
import { backoffDelay, cacheKey, DEFAULT_RETRY_POLICY } from '../../runtime/models/call.ts';
import { SlidingWindow } from '../../runtime/models/rate-limit.ts';
import { randomFor } from '../../runtime/evaluate/random.ts';
import type { MediaValue } from '../../runtime/values.ts';

describe('SlidingWindow', () => {
  it('lets `limit` requests start at once, then one more each time the oldest leaves the window', async () => {
    const limiter = new SlidingWindow(3, 200);
    const started: number[] = [];
    const origin = performance.now();
    await Promise.all(Array.from({ length: 7 }, () => limiter.acquire().then(() => started.push(performance.now() - origin))));
    expect(started.slice(0, 3).every((t) => t < 50)).toBe(true);
    for (let i = 0; i + 3 < started.length; i++) expect(started[i + 3] - started[i]).toBeGreaterThanOrEqual(199);
  });

  it('serves waiters in order and drops one whose signal aborts', async () => {
    const limiter = new SlidingWindow(1, 100);
    await limiter.acquire();
    const controller = new AbortController();
    const order: string[] = [];
    const aborted = limiter.acquire(controller.signal).then(() => order.push('aborted'), () => order.push('gave up'));
    const next = limiter.acquire().then(() => order.push('next'));
    controller.abort(new Error('stop'));
    await Promise.all([aborted, next]);
    expect(order).toEqual(['gave up', 'next']);
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => new SlidingWindow(0, 1000)).toThrow(RangeError);
  });
});

describe('backoffDelay', () => {
  it('draws below a ceiling that doubles with each retry, up to the maximum', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    const random = randomFor(1, 'model', '', 'backoff');
    for (let retry = 1; retry <= 8; retry++) {
      const ceiling = Math.min(1000, 100 * 2 ** (retry - 1));
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(retry, null, policy, random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('never waits less than Retry-After, even past the maximum', () => {
    const random = () => 0.5;
    expect(backoffDelay(1, 1500, DEFAULT_RETRY_POLICY, random)).toBe(1500);
    expect(backoffDelay(1, 90_000, DEFAULT_RETRY_POLICY, random)).toBe(90_000);
    expect(backoffDelay(1, 0, DEFAULT_RETRY_POLICY, random)).toBe(250);
  });
});

describe('cacheKey', () => {
  const image = (bytes: number[], path: string): MediaValue => ({ $media: 'image', path, bytes: Uint8Array.from(bytes) });

  it('is the same for equal arguments in any key order, and media under any name', async () => {
    const a = await cacheKey('m', { task: 'chat_completion', args: { prompt: 'p', media: [image([1, 2], 'x.png')] }, outputType: null }, '/');
    const b = await cacheKey('m', { task: 'chat_completion', args: { media: [image([1, 2], 'y.png')], prompt: 'p' }, outputType: null }, '/');
    expect(a).toBe(b);
  });

  it('differs with the media content, the model, the task and the output type', async () => {
    const base = { task: 'chat_completion', args: { prompt: 'p', media: [image([1, 2], 'x.png')] }, outputType: null };
    const key = await cacheKey('m', base, '/');
    expect(await cacheKey('m', { ...base, args: { prompt: 'p', media: [image([1, 3], 'x.png')] } }, '/')).not.toBe(key);
    expect(await cacheKey('other', base, '/')).not.toBe(key);
    expect(await cacheKey('m', { ...base, task: 'text_generation' }, '/')).not.toBe(key);
    expect(await cacheKey('m', { ...base, outputType: '{a: int}' }, '/')).not.toBe(key);
  });

  it('rejects the record when a media file cannot be read', async () => {
    await expect(cacheKey('m', { task: 'image_to_text', args: { image: { $media: 'image', path: 'missing.png' } }, outputType: null }, '/nowhere'))
      .rejects.toThrow('cannot read image `missing.png`: ENOENT');
  });
});
