// End to end: a recipe over `math_problems` compiles, runs offline into a
// dataset folder, and every generated problem becomes an example: no rejects.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nodeHost } from '../../cli/node-host.ts';
import { compileRecipe } from '../../compiler/compile.ts';
import { runDag } from '../../runtime/run/run.ts';

const RECIPE = `
recipe tiny_math { version: "0.1.0" seed: 5 }

source m = math_problems { count: 50 }

stage math_cot from m {
  emit {
    prompt: template("{question}\\nPut the final answer in \\\\boxed{{}}.")
    truth: answer
    verifier: math()
    difficulty: difficulty
    domain: "math"
    trace: trace
  }
}

output { dir: "out" splits: { train: 80%, validation: 10%, test: 10% } }
`;

interface Manifest {
  splits: Record<string, Record<string, number>>;
  stages: Record<string, Record<string, number>>;
  accounting: Record<string, { rejected: Record<string, number>; filtered: Record<string, number> }>;
}

describe('a recipe over math_problems', () => {
  it('compiles, runs and writes all 50 problems with 0 rejects', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlr-math-'));
    writeFileSync(path.join(dir, 'recipe.rlr'), RECIPE);
    const compiled = compileRecipe(nodeHost(), path.join(dir, 'recipe.rlr'), { params: {} });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const out = path.join(dir, 'out');
    await runDag({ dag: compiled.dag!, directory: dir, out });
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(readFileSync(path.join(out, 'rejects.jsonl'), 'utf8').trim()).toBe('');
    for (const node of Object.values(manifest.accounting)) {
      expect(node.rejected).toEqual({});
      expect(node.filtered).toEqual({});
    }
    expect(manifest.stages.rl.math_cot).toBe(50);
    expect(Object.values(manifest.splits.rl).reduce((a, b) => a + b, 0)).toBe(50);
    expect(Object.values(manifest.splits.cot).reduce((a, b) => a + b, 0)).toBe(50);
  });
});
