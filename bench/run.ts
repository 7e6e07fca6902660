// The runtime end to end on a CPU-only recipe (a JSON Lines source, a template,
// the math verifier's self-check), against a baseline in the same run that
// builds the identical examples and writes them directly with the same row
// builder and Parquet writer. Also: peak RSS at two sizes, and a warm rerun.
// Run: npx tsx bench/run.ts [examples=200000] [large=1000000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildRlBatch } from '../runtime/rows/build.ts';
import { createShardWriter, shardName } from '../runtime/writers/index.ts';
import { schemaFor } from '../runtime/rows/schema.ts';
import { exampleId } from '../runtime/execute/emit.ts';
import { prepareCached } from '../stdlib/verifiers/index.ts';
import type { Example } from '../runtime/example.ts';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/rlr.js');
const examples = Number(process.argv[2] ?? 200_000);
const large = Number(process.argv[3] ?? 1_000_000);
const SHARD_ROWS = 50_000;

const RECIPE = `
recipe bench { version: "0.1.0" seed: 1 }
source problems: {id: string, a: int, b: int} = file { path: "problems.jsonl" format: jsonl key: "id" }
stage sums from problems {
  let total = a + b
  emit {
    prompt: template("What is {a} + {b}? Put the answer in \\\\boxed{{}}.")
    truth: str(total)
    verifier: math()
    difficulty: 0.5
    domain: "math"
  }
}
output { dir: "out" shard_rows: ${SHARD_ROWS} splits: { train: 100% } }
`;

async function writeInputs(dir: string, n: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'recipe.rlr'), RECIPE);
  const stream = createWriteStream(path.join(dir, 'problems.jsonl'));
  for (let i = 0; i < n; i++) {
    const line = `{"id":"p${i}","a":${(i * 37) % 1000},"b":${(i * 53) % 1000}}\n`;
    if (!stream.write(line)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => stream.end(() => resolve()));
}

interface Timed {
  readonly seconds: number;
  readonly rssMb: number;
  /** CPU seconds (user + system) of the whole process. */
  readonly cpu: number;
  /** Seconds: the stages (first start to last end), then up to the first shard closed (placement into splits and that shard), then the rest. */
  readonly phases: { readonly stages: number; readonly firstShard: number; readonly shards: number };
}

function timedRun(dir: string, extra: string[] = []): Timed {
  const start = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, bin, 'run', path.join(dir, 'recipe.rlr'), '--log', 'json', ...extra], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(result.stderr);
  const [rssKb, user, system] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  const events = result.stderr.split('\n').filter((line) => line.startsWith('{"time"')).map((line) => JSON.parse(line) as { time: string; type: string });
  const at = (type: string, last = false) => {
    const found = last ? events.findLast((e) => e.type === type) : events.find((e) => e.type === type);
    return found ? Date.parse(found.time) / 1000 : Number.NaN;
  };
  const begin = at('stage-start');
  const stagesDone = at('stage-done', true);
  const firstShard = at('shard');
  const end = at('done');
  return { seconds, rssMb: rssKb / 1024, cpu: user + system, phases: { stages: stagesDone - begin, firstShard: firstShard - stagesDone, shards: end - firstShard } };
}

const phases = (run: Timed) => `stages ${run.phases.stages.toFixed(1)} s, placement and first shard ${run.phases.firstShard.toFixed(1)} s, other shards ${run.phases.shards.toFixed(1)} s; ${run.cpu.toFixed(1)} CPU s`;

/** The same examples, built in a loop and written with the same builder and writer. */
async function baseline(dir: string, n: number): Promise<number> {
  const start = performance.now();
  const verifier = { name: 'math', version: '1.0.0', params: { rel_tol: 0.000001 } };
  const prepared = prepareCached(verifier);
  const writer = createShardWriter('parquet', schemaFor('rl'), { compression: 'zstd' });
  const shards = Math.ceil(n / SHARD_ROWS);
  mkdirSync(path.join(dir, 'baseline'), { recursive: true });
  let batch: Example[] = [];
  for (let shard = 0; shard < shards; shard++) {
    await writer.open(path.join(dir, 'baseline', shardName('train', shard, shards, 'parquet')));
    for (let i = shard * SHARD_ROWS; i < Math.min(n, (shard + 1) * SHARD_ROWS); i++) {
      const a = (i * 37) % 1000;
      const b = (i * 53) % 1000;
      const truth = String(a + b);
      const answer = prepared.renderTruth(truth);
      batch.push({
        id: exampleId('bench', 'sums', `p${i}`), recipe: 'bench', stage: 'sums', key: `p${i}`, group: `p${i}`,
        prompt: `What is ${a} + ${b}? Put the answer in \\boxed{}.`, system: null, media: [], truth, verifier,
        difficulty: 0.5, domain: 'math', trace: null, answer, level: 0, split: 'train', index: i,
      });
      if (batch.length === 1024) {
        await writer.write(buildRlBatch(batch));
        batch = [];
      }
    }
    if (batch.length) await writer.write(buildRlBatch(batch));
    batch = [];
    await writer.close();
  }
  return (performance.now() - start) / 1000;
}

const work = mkdtempSync(path.join(tmpdir(), 'rlr-bench-run-'));
try {
  const small = path.join(work, 'small');
  await writeInputs(small, examples);
  const cold = timedRun(small, ['--no-cache']);
  const warm = timedRun(small);
  const base = await baseline(small, examples);
  console.log(`(a) ${examples.toLocaleString('en-US')} examples: rlr run ${Math.round(examples / cold.seconds).toLocaleString('en-US')} rows/s (${cold.seconds.toFixed(1)} s, whole process), direct write ${Math.round(examples / base).toLocaleString('en-US')} rows/s (${base.toFixed(1)} s); ratio ${(cold.seconds / base).toFixed(2)} (goal <= 1.25)`);
  console.log(`    rlr run: ${phases(cold)}`);
  console.log(`(c) warm rerun ${warm.seconds.toFixed(1)} s vs cold ${cold.seconds.toFixed(1)} s: ratio ${(warm.seconds / cold.seconds).toFixed(2)}`);
  if (large > 0) {
    const big = path.join(work, 'large');
    await writeInputs(big, large);
    const bigRun = timedRun(big, ['--no-cache']);
    console.log(`(b) peak RSS ${cold.rssMb.toFixed(0)} MB at ${examples.toLocaleString('en-US')} examples, ${bigRun.rssMb.toFixed(0)} MB at ${large.toLocaleString('en-US')}; ratio ${(bigRun.rssMb / cold.rssMb).toFixed(2)} (goal <= 1.2)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
