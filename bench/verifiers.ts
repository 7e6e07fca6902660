// Throughput of the `math` and `choice` verifiers as trainers reach them:
// through `rlr score` (a child process reading JSON Lines) and through the
// reward server (HTTP batches of 256). Each path is also timed with a trivial
// `exact` scorer, so the ratios separate verifier cost from transport cost.
// Run: npx tsx bench/verifiers.ts [pairs]   (default 100000)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const repoRoot = join(import.meta.dirname, '..');
const pairs = Number(process.argv[2] ?? 100_000);
const rollouts = 8;

interface Item { verifier: string; params?: Record<string, unknown>; response: string; truth: unknown }

/** A deterministic stream of numbers, so that every run scores the same pairs. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const reasoning = 'Let me work through this carefully. First we set up the equation, then simplify both sides, '
  + 'collect like terms and check the result against the constraints of the problem. ';

/** GRPO-like: each problem answered `rollouts` times, about half right, in the notations models use. */
function mathItems(count: number): Item[] {
  const next = random(1);
  const items: Item[] = [];
  for (let problem = 0; items.length < count; problem++) {
    const p = 1 + Math.floor(next() * 50);
    const q = 2 + Math.floor(next() * 30);
    const kind = problem % 4;
    const truth = kind === 0 ? String(p * 7) : kind === 1 ? `\\frac{${p}}{${q}}` : kind === 2 ? `${p}\\sqrt{2}` : `${p}x+${q}`;
    for (let r = 0; r < rollouts && items.length < count; r++) {
      const right = next() < 0.5;
      const answers: Record<number, [string, string]> = {
        0: [`${(p * 7).toLocaleString('en-US')}`, String(p * 7 + 1)],
        1: [`${p}/${q}`, `\\frac{${p + 1}}{${q}}`],
        2: [`\\sqrt{${2 * p * p}}`, `${p}\\sqrt{3}`],
        3: [`${q} + ${p}x`, `${p}(x+${q})`],
      };
      const answer = answers[kind][right ? 0 : 1];
      const style = r % 3;
      const response = style === 0 ? `${reasoning}So the answer is \\boxed{${answer}}.`
        : style === 1 ? `<think>${reasoning}</think>\n<answer>\\boxed{${answer}}</answer>`
          : `${reasoning}\nFinal Answer: The final answer is $${answer}$. I hope it is correct.`;
      items.push({ verifier: 'math', response, truth });
    }
  }
  return items;
}

function choiceItems(count: number): Item[] {
  const next = random(2);
  const letters = 'ABCD';
  return Array.from({ length: count }, (_, i) => {
    const truth = letters[Math.floor(next() * 4)];
    const said = next() < 0.5 ? truth : letters[Math.floor(next() * 4)];
    const style = i % 4;
    const response = style === 0 ? `${reasoning}The answer is (${said}).`
      : style === 1 ? `<think>${reasoning} Maybe (A)?</think><answer>${said}</answer>`
        : style === 2 ? `${reasoning}\nAnswer: ${said}`
          : `${reasoning} Option (B) is tempting, but \\boxed{${said}}`;
    return { verifier: 'choice', response, truth };
  });
}

/** The baseline: the same responses through the same path, compared whole with a short string (no parsing). */
function baseline(items: Item[]): Item[] {
  return items.map((item) => ({ verifier: 'exact', params: { extract: false }, response: item.response, truth: 'baseline' }));
}

async function throughCli(items: Item[], dir: string): Promise<number> {
  const file = join(dir, 'items.jsonl');
  writeFileSync(file, `${items.map((item) => JSON.stringify(item)).join('\n')}\n`);
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/rlr.js', 'score', file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let lines = 0;
  for await (const _line of createInterface({ input: child.stdout })) lines++;
  await new Promise((resolve) => child.once('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (lines !== items.length) throw new Error(`rlr score wrote ${lines} lines for ${items.length} items`);
  return items.length / seconds;
}

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['bin/rlr.js', 'serve-rewards', '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout })) {
    const url = /on (http:\/\/\S+)/.exec(line)?.[1];
    if (url) return { url, stop: () => child.kill('SIGTERM') };
  }
  throw new Error('the reward server did not start');
}

async function throughServer(items: Item[], url: string): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < items.length; start += 256) {
    const response = await fetch(`${url}/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: items.slice(start, start + 256) }),
    });
    if (!response.ok) throw new Error(`server answered ${response.status}: ${await response.text()}`);
    await response.json();
  }
  return items.length / ((performance.now() - started) / 1000);
}

const ROUNDS = 2;

/**
 * Baseline and candidate measured alternately, keeping each one's best rate:
 * on a shared 2-core machine, a single run mostly measures the neighbours.
 */
async function bestOf(base: () => Promise<number>, candidate: () => Promise<number>): Promise<[number, number]> {
  let bestBase = 0;
  let bestCandidate = 0;
  for (let round = 0; round < ROUNDS; round++) {
    bestBase = Math.max(bestBase, await base());
    bestCandidate = Math.max(bestCandidate, await candidate());
  }
  return [bestBase, bestCandidate];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rlr-bench-'));
  const workloads = { math: mathItems(pairs), choice: choiceItems(pairs) };
  const results: string[] = [];
  const report = (path: string, name: string, rate: number, base: number): void => {
    const line = `${path.padEnd(14)} ${name.padEnd(7)} ${Math.round(rate).toLocaleString('en-US').padStart(9)} scores/s   ${(rate / base).toFixed(2)}x of exact baseline (${Math.round(base).toLocaleString('en-US')}/s)`;
    results.push(line);
    console.log(line);
  };
  console.log(`${pairs.toLocaleString('en-US')} pairs per workload, best of ${ROUNDS} interleaved rounds\n`);
  for (const [name, items] of Object.entries(workloads)) {
    const [base, rate] = await bestOf(() => throughCli(baseline(items), dir), () => throughCli(items, dir));
    report('rlr score', name, rate, base);
  }
  const server = await startServer();
  try {
    for (const [name, items] of Object.entries(workloads)) {
      await throughServer(items.slice(0, 2048), server.url); // warm-up: JIT and caches
      const [base, rate] = await bestOf(() => throughServer(baseline(items), server.url), () => throughServer(items, server.url));
      report('server (256)', name, rate, base);
    }
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
