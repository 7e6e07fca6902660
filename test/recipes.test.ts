// The example recipes that need no model and no person run end to end on small inputs.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compileRecipe } from '../compiler/compile.ts';
import { nodeHost } from '../cli/node-host.ts';
import { runDag } from '../runtime/run/run.ts';

const recipes = path.resolve(import.meta.dirname, '../recipes');

describe.each(['quickstart.rlr', 'curriculum.rlr'])('%s', (name) => {
  it('runs on a few records per source, every record accounted for and nothing rejected', async () => {
    const file = path.join(recipes, name);
    const { dag, diagnostics } = compileRecipe(nodeHost(), file);
    expect(diagnostics).toEqual([]);
    const out = mkdtempSync(path.join(tmpdir(), `rlr-recipe-${name}-`));
    const result = await runDag({ dag: dag!, directory: recipes, out, limit: 8 });
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      accounting: Record<string, { balanced: boolean; rejected: Record<string, number> }>;
      splits: Record<string, Record<string, number>>;
    };
    for (const node of Object.values(manifest.accounting)) {
      expect(node.balanced).toBe(true);
      expect(node.rejected).toEqual({});
    }
    const rows = Object.values(manifest.splits.rl).reduce((a, b) => a + b, 0);
    expect(rows).toBeGreaterThan(0);
    expect(result.assembled.shards.length).toBeGreaterThan(0);
  }, 120_000);
});
