// Profiles one `check` of a generated 2,000-stage recipe: npx tsx --cpu-prof bench/profile-check.ts
import { checkRecipe } from '../compiler/compile.ts';
import { memoryHost } from '../compiler/host.ts';
import { parseFile } from '../compiler/syntax/parse.ts';

const stages = Number(process.argv[2] ?? 2000);
const lines = ['recipe bench { version: "0.1.0" seed: 1 }', 'source problems = math_problems { count: 10 }'];
for (let i = 0; i < stages; i++) {
  lines.push(`stage s${i} from problems {`, `  where difficulty > 0.1 else "r"`, `  let p = template("S {question}")`,
    '  emit { prompt: p truth: answer verifier: math() difficulty: difficulty domain: "math" trace: trace }', '}');
}
const text = lines.join('\n');
let t = performance.now();
parseFile('/b/main.rlr', text);
console.log('parse', Math.round(performance.now() - t));
t = performance.now();
checkRecipe(memoryHost({ '/b/main.rlr': text }), '/b/main.rlr');
console.log('check', Math.round(performance.now() - t));
