// Crash-safe resume: a run killed with SIGKILL at several moments, then run
// again, ends with shards and a manifest byte-identical to an uninterrupted run.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeFixture } from './fixture.ts';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/rlr.js');

function digests(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const kind of ['rl', 'cot']) {
    if (!existsSync(path.join(dir, kind))) continue;
    for (const name of readdirSync(path.join(dir, kind)).sort()) {
      result[`${kind}/${name}`] = createHash('sha256').update(readFileSync(path.join(dir, kind, name))).digest('hex');
    }
  }
  for (const name of ['manifest.json', 'rejects.jsonl', 'README.md']) {
    result[name] = createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex');
  }
  return result;
}

function runToEnd(recipe: string, out: string): void {
  const result = spawnSync(process.execPath, [bin, 'run', recipe, '--out', out, '--log', 'json'], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
}

/** Starts a run and kills it with SIGKILL after `ms` milliseconds (or lets it finish if it is faster). */
function killAfter(recipe: string, out: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'run', recipe, '--out', out, '--log', 'json'], { stdio: 'ignore' });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(killed);
    });
  });
}

/** A deterministic sequence of kill times, so a failure can be reproduced. */
function killTimes(seed: number, count: number, min: number, max: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return Math.round(min + (state / 2 ** 31) * (max - min));
  });
}

describe('resume after SIGKILL', () => {
  it('finishes byte-identical to an uninterrupted run, whenever the kills land', async () => {
    const fixture = writeFixture(6000);
    const reference = path.join(fixture.dir, 'reference');
    runToEnd(fixture.recipe, reference);
    const expected = digests(reference);
    expect(Object.keys(expected).filter((f) => f.endsWith('.parquet')).length).toBeGreaterThan(10);

    const out = path.join(fixture.dir, 'interrupted');
    let kills = 0;
    // The first run pays for bundling the CLI, so the kill times start after it.
    for (const ms of killTimes(20261121, 5, 400, 4000)) {
      if (await killAfter(fixture.recipe, out, ms)) kills++;
    }
    expect(kills).toBeGreaterThan(0);
    runToEnd(fixture.recipe, out);
    expect(digests(out)).toEqual(expected);
  }, 180_000);
});
