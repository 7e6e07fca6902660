// Golden files: whole recipes beside their rendered diagnostics and their DAG.
// Regenerate with `npm run golden` and review the diff.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { checkRecipe, compileRecipe } from '../compiler/compile.ts';
import { renderPretty } from '../compiler/diagnostics/render.ts';
import { nodeHost } from '../cli/node-host.ts';

const root = path.resolve(import.meta.dirname, '..');
const update = process.env.UPDATE_GOLDEN === '1';
const host = nodeHost(root);

function golden(file: string, actual: string): void {
  if (update || !existsSync(file)) {
    writeFileSync(file, actual);
    return;
  }
  expect(actual, `${path.relative(root, file)} differs; run \`npm run golden\` and review the diff`).toBe(readFileSync(file, 'utf8'));
}

function rendered(file: string): string {
  const result = checkRecipe(host, file);
  const texts = new Map([...result.program!.files].map(([name, parsed]) => [name, parsed.text]));
  return renderPretty(result.diagnostics, { text: (f) => texts.get(f), displayPath: (f) => path.relative(root, f) }) || 'no diagnostics\n';
}

describe('golden diagnostics', () => {
  const dir = path.join(root, 'test/golden');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.rlr'))) {
    it(name, () => golden(path.join(dir, name.replace(/\.rlr$/, '.diagnostics.txt')), rendered(path.join(dir, name))));
  }
});

describe('golden DAGs of the example recipes', () => {
  const dir = path.join(root, 'recipes');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.rlr'))) {
    it(name, () => {
      const file = path.join(dir, name);
      expect(rendered(file)).toBe('no diagnostics\n');
      const { dag } = compileRecipe(host, file);
      expect(dag).toBeDefined();
      golden(path.join(root, 'test/golden/dags', name.replace(/\.rlr$/, '.dag.json')), JSON.stringify(dag, null, 2) + '\n');
    });
  }
});
