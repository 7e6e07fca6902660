// A small recipe over JSON Lines and CSV files, with malformed rows, an
// explode (so groups hold several examples) and traces, written to a temp folder.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compileRecipe } from '../../compiler/compile.ts';
import { nodeHost } from '../../cli/node-host.ts';
import type { Dag } from '../../compiler/lower/dag-schema.ts';

export const RECIPE = `
recipe fixture { version: "0.1.0" seed: 9 }

param threshold: float = 0.3

source problems: {id: string, a: int, b: int, tags: list<string>} = file { path: "data/problems.jsonl" format: jsonl key: "id" }
source capitals: {country: string, capital: string, difficulty: float} = file { path: "data/capitals.csv" format: csv key: "country" }

stage sums from problems {
  explode tags as tag
  let total = a + b
  let hardness = float(total) / 200.0
  where hardness >= threshold else "too easy"
  emit {
    prompt: template("[{tag}] What is {a} + {b}? Put the answer in \\\\boxed{{}}.")
    truth: str(total)
    verifier: math()
    difficulty: if hardness > 1.0 then 1.0 else hardness
    domain: "math"
    trace: template("{a} + {b} = {total}.")
  }
}

stage geography from capitals {
  where difficulty <= 0.9 else "too obscure"
  emit {
    prompt: template("What is the capital of {country}?")
    truth: capital
    verifier: normalized()
    difficulty: difficulty
    domain: "geography"
  }
}

output { dir: "out" shard_rows: 40 splits: { train: 80%, validation: 10%, test: 10% } }
`;

export interface Fixture {
  readonly dir: string;
  readonly recipe: string;
}

export function writeFixture(rows = 300, recipe = RECIPE): Fixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'rlr-run-'));
  mkdirSync(path.join(dir, 'data'));
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    if (i === 7) lines.push('{"id": "bad-json", "a": ');
    if (i === 11) lines.push(JSON.stringify({ id: 'no-b', a: 3, tags: ['x'] }));
    if (i === 13) lines.push(JSON.stringify({ id: 'bad-type', a: 'three', b: 4, tags: ['x'] }));
    lines.push(JSON.stringify({ id: `p${i}`, a: (i * 37) % 100, b: (i * 53) % 100, tags: i % 4 === 0 ? ['sum', 'add', 'plus'] : ['sum'] }));
  }
  writeFileSync(path.join(dir, 'data/problems.jsonl'), lines.join('\n') + '\n');
  const csv = ['country,capital,difficulty'];
  for (let i = 0; i < 60; i++) csv.push(`Country ${i},City ${i},${((i * 7) % 100) / 100}`);
  csv.push('Nowhere,,not-a-number');
  writeFileSync(path.join(dir, 'data/capitals.csv'), csv.join('\n') + '\n');
  writeFileSync(path.join(dir, 'recipe.rlr'), recipe);
  return { dir, recipe: path.join(dir, 'recipe.rlr') };
}

export function compileFixture(file: string, params: Record<string, string> = {}): Dag {
  const result = compileRecipe(nodeHost(), file, { params });
  if (!result.dag) throw new Error(result.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  return result.dag;
}
