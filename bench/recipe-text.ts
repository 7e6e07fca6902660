// The generated recipe the check and language-server benchmarks share: `stages`
// stages alternating between a math and a chart source, about 13.5 lines each.

export function recipeText(stages: number): string {
  const lines = [
    'recipe bench { version: "0.1.0" seed: 1 }',
    'param size: int = 1000',
    'verifier boxed = all(format(), math())',
    'source problems = math_problems { count: size kinds: ["arithmetic", "linear"] }',
    'source charts = chart_questions { count: size }',
  ];
  for (let i = 0; i < stages; i++) {
    const fromCharts = i % 2 === 1;
    lines.push(
      `stage s${i} from ${fromCharts ? 'charts' : 'problems'} {`,
      `  where difficulty > ${(i % 10) / 20} else "too easy for stage ${i}"`,
      `  let hint = if difficulty > 0.5 then "hard" else "easy"`,
      `  let prompt = template("Stage ${i} ({hint}): {question}")`,
      '  emit {',
      '    prompt: prompt',
      ...(fromCharts ? ['    media: [image]', '    truth: letter', '    verifier: choice(letters: "ABCD")'] : ['    truth: answer', '    verifier: boxed']),
      '    difficulty: difficulty',
      `    domain: "${fromCharts ? 'charts' : 'math'}"`,
      '    trace: trace',
      '  }',
      '}',
    );
  }
  lines.push('output { dir: "out/bench" shard_rows: 10000 splits: { train: 90%, validation: 5%, test: 5% } }');
  return lines.join('\n') + '\n';
}
