// `rlr check` throughput on generated recipes of 100, 1,000 and 5,000 stages,
// against parsing a YAML document with the same content (the `yaml` package):
// typed checking should cost no more than untyped YAML parsing, and grow linearly.
// Run: npm run bench:check (both sides share the process and its V8 flags: a 64 MiB young generation, as the CLI uses)
import { parse as parseYaml } from 'yaml';
import { checkRecipe } from '../compiler/compile.ts';
import { memoryHost } from '../compiler/host.ts';
import { recipeText } from './recipe-text.ts';

/** The same content as a YAML document, as a YAML-configured pipeline tool would read it. */
function yamlText(stages: number): string {
  const lines = [
    'recipe: { name: bench, version: "0.1.0", seed: 1 }',
    'params: { size: { type: int, default: 1000 } }',
    'verifiers: { boxed: { all: [ { format: {} }, { math: {} } ] } }',
    'sources:',
    '  problems: { generator: math_problems, count: "${size}", kinds: [arithmetic, linear] }',
    '  charts: { generator: chart_questions, count: "${size}" }',
    'stages:',
  ];
  for (let i = 0; i < stages; i++) {
    const fromCharts = i % 2 === 1;
    lines.push(
      `  s${i}:`,
      `    from: ${fromCharts ? 'charts' : 'problems'}`,
      '    steps:',
      `      - where: "difficulty > ${(i % 10) / 20}"`,
      `        else: "too easy for stage ${i}"`,
      '      - let: { hint: "if difficulty > 0.5 then \'hard\' else \'easy\'" }',
      `      - let: { prompt: "template(\\"Stage ${i} ({hint}): {question}\\")" }`,
      '    emit:',
      '      prompt: prompt',
      ...(fromCharts ? ['      media: [image]', '      truth: letter', '      verifier: { choice: { letters: ABCD } }'] : ['      truth: answer', '      verifier: boxed']),
      '      difficulty: difficulty',
      `      domain: ${fromCharts ? 'charts' : 'math'}`,
      '      trace: trace',
    );
  }
  lines.push('output: { dir: out/bench, shard_rows: 10000, splits: { train: 0.9, validation: 0.05, test: 0.05 } }');
  return lines.join('\n') + '\n';
}

function timeBest(run: () => void, repeats: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

// Warm up both paths, on equal content, so that neither pays for JIT or first-use costs.
// One round is not enough for the compiler: V8 was still optimising parts of it (dozens
// of TurboFan jobs, on a thread competing for the same cores) during the first 100-stage runs.
const warmHost = memoryHost({ '/b/main.rlr': recipeText(1000) });
const warmYaml = yamlText(1000);
for (let round = 0; round < 3; round++) {
  checkRecipe(warmHost, '/b/main.rlr');
  parseYaml(warmYaml);
}

const results: Array<{ stages: number; lines: number; check: number; yaml: number }> = [];
for (const stages of [100, 1000, 5000]) {
  const text = recipeText(stages);
  const yaml = yamlText(stages);
  const host = memoryHost({ '/b/main.rlr': text });
  let errors = 0;
  const check = timeBest(() => {
    const result = checkRecipe(host, '/b/main.rlr');
    errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  }, stages >= 5000 ? 3 : 5);
  if (errors) throw new Error(`the generated recipe has ${errors} errors`);
  const yamlTime = timeBest(() => parseYaml(yaml), stages >= 5000 ? 3 : 5);
  const lines = text.split('\n').length;
  results.push({ stages, lines, check, yaml: yamlTime });
  console.log(
    `${String(stages).padStart(5)} stages  ${String(lines).padStart(6)} lines  check ${check.toFixed(0).padStart(6)} ms ` +
      `(${Math.round(lines / (check / 1000)).toLocaleString('en-US')} lines/s)  yaml ${yamlTime.toFixed(0).padStart(6)} ms  check/yaml ${(check / yamlTime).toFixed(2)}`,
  );
}
const [, thousand, fiveThousand] = results;
console.log(`time(5000)/time(1000) = ${(fiveThousand.check / thousand.check).toFixed(2)} (goal <= 5.5); check/yaml at 5000 = ${(fiveThousand.check / fiveThousand.yaml).toFixed(2)} (goal <= 1.0)`);
