// A model's `rpm` across every worker: a sliding window kept in Redis (a
// sorted set of request starts per model, trimmed and checked in one Lua
// script on the server's clock), so that however many processes call a
// model, at most `perWindow` requests start in any window of `windowMs`.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DagModel } from '../../compiler/lower/dag-schema.ts';
import { sleep, type RateLimiter, type RateLimiterFactory } from '../models/rate-limit.ts';

/** Returns 0 when a start was recorded, else the ms until the oldest start leaves the window. */
const TAKE = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, window)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

export function redisRateLimiter(redis: Redis, prefix = 'rlr:rate'): RateLimiterFactory {
  return (model: DagModel, perWindow: number, windowMs: number) => new RedisSlidingWindow(redis, `${prefix}:${model.id}:${windowMs}`, perWindow, windowMs);
}

class RedisSlidingWindow implements RateLimiter {
  private sequence = 0;
  private readonly owner = randomBytes(6).toString('hex');

  constructor(private readonly redis: Redis, private readonly key: string, private readonly limit: number, private readonly windowMs: number) {
    if (!(Number.isInteger(limit) && limit > 0)) throw new RangeError(`a rate limit must be a positive whole number of requests, not ${limit}`);
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    const member = `${this.owner}:${this.sequence++}`;
    for (;;) {
      signal?.throwIfAborted();
      const wait = Number(await this.redis.eval(TAKE, 1, this.key, this.limit, this.windowMs, member));
      if (wait === 0) return;
      // A little jitter so that waiting workers do not all ask again at the same instant.
      await sleep(wait + Math.random() * 5, signal);
    }
  }
}
