// `rlr serve-rewards`: runs the reward server until interrupted, or writes its
// Python client with --write-python.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { startRewardServer } from '../runtime/reward-server.ts';
import { pythonClientSource } from '../runtime/reward-client-py.ts';
import { readRlRows } from '../runtime/rl-rows.ts';
import type { SpecResolver } from '../stdlib/verifiers/items.ts';
import type { VerifierSpec } from '../stdlib/verifiers/types.ts';

interface ServeOptions { port: string; host: string; dataset?: string; writePython?: string; maxBodyMb: string }

export function registerServeRewards(program: Command, exit: (code: number) => void): void {
  program
    .command('serve-rewards')
    .description('serve the verifiers over HTTP (POST /score, GET /health) for verl and TRL')
    .option('--port <n>', 'port to listen on', '8000')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--dataset <dir>', 'learn each data source\'s verifier from this dataset\'s RL split')
    .option('--max-body-mb <n>', 'largest request body accepted, in MiB', '64')
    .option('--write-python <file>', 'write the Python client (compute_score, reward_func) and exit')
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      const maxBodyMb = Number(options.maxBodyMb);
      if (!Number.isInteger(port) || port < 0 || port > 65535) { fail(`--port must be 0-65535, got ${options.port}`, exit); return; }
      if (!(maxBodyMb > 0)) { fail(`--max-body-mb must be positive, got ${options.maxBodyMb}`, exit); return; }
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      try {
        if (options.writePython !== undefined) {
          await writeFile(options.writePython, pythonClientSource(`http://${host}:${port}`));
          process.stdout.write(`wrote ${options.writePython}\n`);
          exit(0);
          return;
        }
        const dataset = options.dataset === undefined ? null : await loadResolver(options.dataset);
        const running = await startRewardServer({
          port, host: options.host, maxBodyBytes: Math.floor(maxBodyMb * 1024 * 1024),
          ...(dataset ? { resolve: dataset.resolve, info: { data_sources: dataset.sources } } : {}),
        });
        process.stdout.write(`rlr reward server on ${running.url} (POST /score, GET /health)\n`);
        await new Promise<void>((resolve) => {
          const stop = (): void => { void running.close().then(resolve); };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        exit(0);
      } catch (error) {
        fail((error as Error).message, exit);
      }
    });
}

function fail(message: string, exit: (code: number) => void): void {
  process.stderr.write(`rlr serve-rewards: ${message}\n`);
  exit(1);
}

/**
 * Maps data sources (and, where one source uses several specs, row ids) to
 * verifier specs, so that clients may send only what verl gives them.
 */
export async function loadResolver(datasetDir: string): Promise<{ resolve: SpecResolver; sources: number }> {
  const specsBySource = new Map<string, Map<string, VerifierSpec>>();
  const specKeyById = new Map<string, string>();
  const specsByKey = new Map<string, VerifierSpec>();
  for await (const row of readRlRows(datasetDir)) {
    const key = JSON.stringify(row.spec);
    specsByKey.set(key, row.spec);
    const specs = specsBySource.get(row.dataSource) ?? new Map<string, VerifierSpec>();
    specs.set(key, row.spec);
    specsBySource.set(row.dataSource, specs);
    specKeyById.set(row.id, key);
  }
  const unique = new Map<string, VerifierSpec>();
  for (const [source, specs] of specsBySource) {
    if (specs.size === 1) unique.set(source, [...specs.values()][0]);
  }
  const resolve: SpecResolver = (item) => {
    if (typeof item.id === 'string') {
      const key = specKeyById.get(item.id);
      if (key !== undefined) return specsByKey.get(key) ?? null;
    }
    return typeof item.data_source === 'string' ? unique.get(item.data_source) ?? null : null;
  };
  return { resolve, sources: specsBySource.size };
}
