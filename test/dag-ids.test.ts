// Node ids are content hashes: an edit changes the edited node's id and its
// descendants' ids, and nothing else.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compile } from './helpers.ts';
import { Dag, type DagNode } from '../compiler/lower/dag-schema.ts';

const recipes = path.resolve(import.meta.dirname, '../recipes');
const library = { '/r/lib/verifiers.rlr': readFileSync(path.join(recipes, 'lib/verifiers.rlr'), 'utf8') };
const read = (name: string) => readFileSync(path.join(recipes, name), 'utf8');

function dagOf(text: string, params: Record<string, string> = {}): Dag {
  const result = compile(text, library, params);
  expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return Dag.parse(result.dag);
}

/** The node and everything downstream of it. */
function descendants(dag: Dag, ids: Iterable<string>): Set<string> {
  const result = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of dag.nodes) {
      if (!result.has(node.id) && node.inputs.some((i) => result.has(i))) {
        result.add(node.id);
        grew = true;
      }
    }
  }
  return result;
}

const ids = (dag: Dag) => new Set(dag.nodes.map((n) => n.id));
const find = (dag: Dag, predicate: (n: DagNode) => boolean) => {
  const found = dag.nodes.filter(predicate);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('content-hashed node ids', () => {
  it('are identical for identical recipes, whatever the whitespace and comments', () => {
    const text = read('curriculum.rlr');
    const a = dagOf(text);
    const b = dagOf(text.replace(/\n/g, '\n\n').replace(/^# .*$/gm, '# another comment'));
    expect([...ids(b)]).toEqual([...ids(a)]);
  });

  it('change for one operator\'s parameter and its descendants only', () => {
    const text = read('curriculum.rlr');
    const before = dagOf(text);
    const after = dagOf(text.replace('where difficulty <= 0.95', 'where difficulty <= 0.85'));
    const filter = find(before, (n) => n.stage === 'math_cot' && n.op === 'filter');
    const expectedChanged = descendants(before, [filter.id]);
    const changed = new Set([...ids(before)].filter((id) => !ids(after).has(id)));
    expect(changed).toEqual(expectedChanged);
    // The other stages, their sources and the untouched math source keep their ids.
    expect(after.nodes.filter((n) => n.stage === 'chart_qa').map((n) => n.id)).toEqual(before.nodes.filter((n) => n.stage === 'chart_qa').map((n) => n.id));
    expect(changed.size).toBeGreaterThanOrEqual(5); // filter, emit, curriculum, two mixtures, sink
    expect(changed.size).toBeLessThan(before.nodes.length);
  });

  it('change for a parameter override exactly where the parameter is used', () => {
    const text = read('curriculum.rlr');
    const before = dagOf(text);
    const after = dagOf(text, { hard_cutoff: '0.5' });
    const let_ = find(before, (n) => n.stage === 'scene_points' && n.op === 'let');
    const changed = new Set([...ids(before)].filter((id) => !ids(after).has(id)));
    expect(changed).toEqual(descendants(before, [let_.id]));
  });

  it('do not change when only how a model is called changes (concurrency, rate, retries)', () => {
    const text = read('video-prediction.rlr');
    const before = dagOf(text);
    const after = dagOf(text.replace('concurrency: 8', 'concurrency: 2').replace('retries: 4', 'retries: 9'));
    expect([...ids(after)]).toEqual([...ids(before)]);
    expect(after.models.find((m) => m.name === 'describer')!.runtime.concurrency).toBe(2);
  });

  it('change for the calls of a model whose identity changes, and their descendants', () => {
    const text = read('video-prediction.rlr');
    const before = dagOf(text);
    const after = dagOf(text.replace('"Qwen/Qwen2.5-VL-7B-Instruct"', '"Qwen/Qwen2.5-VL-72B-Instruct"'));
    const call = find(before, (n) => n.kind === 'model_call' && (n.params as { name: string }).name === 'description');
    const changed = new Set([...ids(before)].filter((id) => !ids(after).has(id)));
    expect(changed).toEqual(descendants(before, [call.id]));
  });

  it('never include secrets, only the environment variable names', () => {
    const dag = dagOf(read('video-prediction.rlr'));
    expect(dag.models.find((m) => m.name === 'describer')!.secrets).toEqual({ token: { env: 'HF_TOKEN' } });
    expect(JSON.stringify(dag)).not.toMatch(/"token":\s*"/);
  });
});
