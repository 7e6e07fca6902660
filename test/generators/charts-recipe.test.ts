// End to end: a recipe over `chart_questions` compiles, runs offline, and
// writes every chart as an example whose image reads back from the shards.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { imageSize } from 'image-size';
import { nodeHost } from '../../cli/node-host.ts';
import { compileRecipe } from '../../compiler/compile.ts';
import { runDag } from '../../runtime/run/run.ts';

const RECIPE = `
recipe tiny_charts { version: "0.1.0" seed: 5 }

source c = chart_questions { count: 24 width: 240px height: 200px }

stage chart_qa from c {
  let listed = options_text(options)
  emit {
    prompt: template("{question}\\n{listed}\\nAnswer with the letter.")
    media: [image]
    truth: letter
    verifier: choice()
    difficulty: difficulty
    domain: "charts"
    trace: trace
  }
}

output { dir: "out" splits: { train: 80%, validation: 10%, test: 10% } }
`;

describe('a recipe over chart_questions', () => {
  it('compiles, runs with 0 rejects, and writes images that decode at the declared size', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlr-charts-'));
    writeFileSync(path.join(dir, 'recipe.rlr'), RECIPE);
    const compiled = compileRecipe(nodeHost(), path.join(dir, 'recipe.rlr'), { params: {} });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const out = path.join(dir, 'out');
    await runDag({ dag: compiled.dag!, directory: dir, out });
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      stages: Record<string, Record<string, number>>;
      answer_bias: Record<string, { letters: Record<string, number> }>;
    };
    expect(readFileSync(path.join(out, 'rejects.jsonl'), 'utf8').trim()).toBe('');
    expect(manifest.stages.rl.chart_qa).toBe(24);
    expect(manifest.answer_bias.chart_qa.letters).toEqual({ A: 6, B: 6, C: 6, D: 6 });
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const reader = await connection.runAndReadAll(`SELECT images[1].bytes AS png, images[1].path AS name FROM '${out}/rl/*.parquet'`);
    const rows = reader.getRowObjects() as { png: { bytes: Uint8Array }; name: string }[];
    expect(rows).toHaveLength(24);
    for (const row of rows) {
      expect(row.name).toMatch(/^chart_questions\/chart-\d{9}\.png$/);
      expect(imageSize(row.png.bytes)).toMatchObject({ type: 'png', width: 240, height: 200 });
    }
  });
});
