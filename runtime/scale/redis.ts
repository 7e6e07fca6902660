// Connections to the Redis server behind a queue, from a `redis://` URL.
import { Redis } from 'ioredis';

/** The connection options both ioredis and BullMQ take. */
export interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  readonly db?: number;
  readonly tls?: Record<string, never>;
  readonly maxRetriesPerRequest: null;
}

/** ioredis options for a `redis://[:password@]host[:port][/db]` URL; BullMQ needs `maxRetriesPerRequest: null`. */
export function redisOptions(url: string): ConnectionSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`\`${url}\` is not a Redis URL (expected redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`\`${url}\` is not a Redis URL (expected redis://host:port)`);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

export function connect(url: string): Redis {
  return new Redis({ ...redisOptions(url) });
}

/** The queue every run's partitions go to; jobs carry their run's id. */
export const QUEUE_NAME = 'rlr-partitions';
