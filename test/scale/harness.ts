// What the scale-out tests share: a redis-server of their own on a free port
// (installed first by scripts/install-redis.sh), `rlr worker` processes
// spawned from bin/rlr.js, and the digests of everything a run writes.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, 'bin', 'rlr.js');

/** Installs redis-server if missing; a test that cannot have one fails with the reason. */
export function ensureRedisInstalled(): void {
  try {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'install-redis.sh')], { stdio: 'pipe', timeout: 300_000 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`the scale-out tests need redis-server, and scripts/install-redis.sh could not install it: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `redis-server` on a free port, without persistence, and waits until it answers PING. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if (client.status !== 'ready') await client.connect();
      if ((await client.ping()) === 'PONG') break;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  client.disconnect();
  return {
    url,
    stop: () => stopProcess(child),
  };
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Builds the CLI bundle once, so that workers started together do not each build it. */
export function buildCli(): void {
  execFileSync(process.execPath, [CLI, '--version'], { stdio: 'pipe' });
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly log: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns `rlr worker` and resolves once it is connected to the queue. */
export async function spawnWorker(url: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [CLI, 'worker', '--queue', url, '--lock-duration', '2000', '--stalled-interval', '500', ...args], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('worker ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`rlr worker exited with ${code} before it was ready:\n${log}`)));
  });
  return { child, log: () => log, stop: (signal) => stopProcess(child, signal) };
}

export async function spawnWorkers(count: number, url: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess[]> {
  return Promise.all(Array.from({ length: count }, () => spawnWorker(url, args, env)));
}

/** The sha256 of every file a dataset is made of: shards, manifest, card, rejects. */
export function datasetDigests(out: string): Record<string, string> {
  const files: string[] = ['manifest.json', 'README.md', 'rejects.jsonl'];
  for (const kind of ['rl', 'cot']) {
    if (existsSync(path.join(out, kind))) files.push(...readdirSync(path.join(out, kind)).sort().map((name) => `${kind}/${name}`));
  }
  return Object.fromEntries(files.map((file) => [file, createHash('sha256').update(readFileSync(path.join(out, file))).digest('hex')]));
}
