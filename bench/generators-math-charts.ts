// Throughput of the `math_problems` and `chart_questions` generators, where a
// chart's time goes (building the question, drawing the SVG, rasterising it,
// encoding the PNG), and how a whole run splits between generating and the
// rest (verifier self-check, row building, shard writing).
// Run: npx tsx bench/generators-math-charts.ts [math problems] [charts]   (default 20000 400)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nodeHost } from '../cli/node-host.ts';
import { compileRecipe } from '../compiler/compile.ts';
import type { Json } from '../compiler/lower/dag-schema.ts';
import { runDag } from '../runtime/run/run.ts';
import type { SourceContext, SourceItem } from '../runtime/sources/source-item.ts';
import { chartItem, chartQuestions, CHART_KINDS } from '../stdlib/generators/charts/index.ts';
import { chartSvg } from '../stdlib/generators/charts/draw.ts';
import { MATH_KINDS, mathProblems } from '../stdlib/generators/math/index.ts';
import { difficultySchedule } from '../stdlib/generators/sampling.ts';
import { encodePng, rasterise } from '../stdlib/generators/render/png.ts';

const problems = Number(process.argv[2] ?? 20_000);
const charts = Number(process.argv[3] ?? 400);
const context: SourceContext = { directory: '.', seed: 1, nodeId: 'bench' };

async function drain(items: AsyncIterable<SourceItem>): Promise<number> {
  let n = 0;
  for await (const item of items) if (!('rejected' in item)) n++;
  return n;
}

async function rate(label: string, make: () => AsyncIterable<SourceItem>): Promise<number> {
  const start = performance.now();
  const n = await drain(make());
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label.padEnd(34)} ${String(n).padStart(6)} in ${seconds.toFixed(2).padStart(6)} s  ${(n / seconds).toFixed(0).padStart(7)} examples/s`);
  return seconds;
}

async function chartBreakdown(count: number, width: number, height: number): Promise<void> {
  const phases = { question: 0, svg: 0, rasterise: 0, encode: 0 };
  const limits = { maxSeries: 3, maxCategories: 8 };
  const difficultyAt = difficultySchedule({ min: 0, max: 1 }, context);
  for (let index = 0; index < count; index++) {
    let t = performance.now();
    const difficulty = difficultyAt(index);
    const item = chartItem(context, `chart-${index}`, index, CHART_KINDS[index % 4], difficulty, limits);
    phases.question += performance.now() - t;
    t = performance.now();
    const svg = chartSvg(item.question.spec, { width, height });
    phases.svg += performance.now() - t;
    t = performance.now();
    const { pixels } = rasterise(svg);
    phases.rasterise += performance.now() - t;
    t = performance.now();
    await encodePng(pixels, width, height);
    phases.encode += performance.now() - t;
  }
  const total = Object.values(phases).reduce((a, b) => a + b, 0);
  const share = (ms: number) => `${(ms / count).toFixed(2).padStart(6)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)} %`;
  console.log(`\nchart phases, one at a time, ${width}x${height} (${count} charts):`);
  console.log(`  question, options, trace       ${share(phases.question)}`);
  console.log(`  SVG (glyph outlines for text)  ${share(phases.svg)}`);
  console.log(`  rasterise (resvg)              ${share(phases.rasterise)}`);
  console.log(`  PNG encode (sharp)             ${share(phases.encode)}`);
  console.log(`  rendering (SVG + raster + PNG) ${((100 * (phases.svg + phases.rasterise + phases.encode)) / total).toFixed(1)} % of a chart's time`);
}

async function wholeRun(mathCount: number, chartCount: number, generatorSeconds: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rlr-bench-gen-'));
  writeFileSync(path.join(dir, 'recipe.rlr'), `
recipe bench { version: "0.1.0" seed: 1 }
source m = math_problems { count: ${mathCount} }
source c = chart_questions { count: ${chartCount} }
stage math_cot from m {
  emit { prompt: template("{question}") truth: answer verifier: math() difficulty: difficulty domain: "math" trace: trace }
}
stage chart_qa from c {
  let listed = options_text(options)
  emit { prompt: template("{question}\\n{listed}") media: [image] truth: letter verifier: choice() difficulty: difficulty domain: "charts" trace: trace }
}
output { dir: "out" splits: { train: 90%, validation: 5%, test: 5% } }
`);
  const compiled = compileRecipe(nodeHost(), path.join(dir, 'recipe.rlr'), { params: {} });
  if (!compiled.dag) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  const start = performance.now();
  await runDag({ dag: compiled.dag, directory: dir, out: path.join(dir, 'out'), noCache: true });
  const seconds = (performance.now() - start) / 1000;
  rmSync(dir, { recursive: true, force: true });
  console.log(`\nwhole run: ${mathCount} problems + ${chartCount} charts (640x640) -> Parquet, ${seconds.toFixed(2)} s`);
  console.log(`  generating (measured alone above)   ${generatorSeconds.toFixed(2)} s  ${((100 * generatorSeconds) / seconds).toFixed(1)} %`);
  console.log(`  the rest: self-check, rows, shards  ${(seconds - generatorSeconds).toFixed(2)} s  ${((100 * (seconds - generatorSeconds)) / seconds).toFixed(1)} %`);
}

const params = (extra: Record<string, Json>): Record<string, Json> => ({ min_difficulty: 0, max_difficulty: 1, ...extra });

console.log(`node ${process.version}, ${problems} problems, ${charts} charts\n`);
// Warm up: the font is parsed and sharp loads on first use.
await drain(chartQuestions(params({ count: 4 }), context));
const mathSeconds = await rate('math_problems (all kinds)', () => mathProblems(params({ count: problems }), context));
for (const kind of MATH_KINDS) await rate(`  ${kind}`, () => mathProblems(params({ count: Math.ceil(problems / 6), kinds: [kind] }), context));
const chartSeconds = await rate('chart_questions 640x640 (all kinds)', () => chartQuestions(params({ count: charts }), context));
for (const kind of CHART_KINDS) await rate(`  ${kind}`, () => chartQuestions(params({ count: Math.ceil(charts / 4), kinds: [kind] }), context));
await rate('chart_questions 320x320', () => chartQuestions(params({ count: charts, width: 320, height: 320 }), context));
await chartBreakdown(Math.min(charts, 200), 640, 640);
await wholeRun(problems, charts, mathSeconds + chartSeconds);
