// Requests per minute, per model, in this process: a sliding window (at most
// `limit` request starts in any window of `windowMs`), so a burst never
// exceeds what the provider allows, which a token bucket refilled at the
// average rate cannot promise. Several processes sharing one quota need a
// shared limiter (Redis, say): `RateLimiterFactory` is the place to plug it in.
import type { DagModel } from '../../compiler/lower/dag-schema.ts';

export interface RateLimiter {
  /** Resolves when one more request may start; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/** Makes the limiter of one model, whose runtime allows `perWindow` requests per `windowMs`. */
export type RateLimiterFactory = (model: DagModel, perWindow: number, windowMs: number) => RateLimiter;

export const slidingWindowLimiter: RateLimiterFactory = (_model, perWindow, windowMs) => new SlidingWindow(perWindow, windowMs);

export class SlidingWindow implements RateLimiter {
  /** Start times of the last `limit` requests, oldest first (a ring). */
  private readonly starts: number[];
  private next = 0;
  private count = 0;
  /** Waiters are served in order: each one waits for the previous to get its slot. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(Number.isInteger(limit) && limit > 0)) throw new RangeError(`a rate limit must be a positive whole number of requests, not ${limit}`);
    this.starts = new Array<number>(limit).fill(0);
  }

  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    // A waiter that was aborted must not stall the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      if (this.count < this.limit) {
        this.record(now);
        return;
      }
      // The oldest of the last `limit` starts: once it leaves the window, a slot is free.
      const oldest = this.starts[this.next];
      const wait = oldest + this.windowMs - now;
      if (wait <= 0) {
        this.record(now);
        return;
      }
      await sleep(wait, signal);
    }
  }

  private record(now: number): void {
    this.starts[this.next] = now;
    this.next = (this.next + 1) % this.limit;
    this.count = Math.min(this.count + 1, this.limit);
  }
}

/** Waits `ms`, or rejects with the signal's reason if it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
