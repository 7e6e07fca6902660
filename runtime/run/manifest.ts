// manifest.json: everything about a dataset that does not depend on timing,
// so that an interrupted and resumed run writes the same bytes. Durations,
// cache hits and model calls go to .rlr/last-run.json instead.
import type { Dag } from '../../compiler/lower/dag-schema.ts';
import { canonicalJson, sha256 } from '../../compiler/lower/hash.ts';
import type { Json } from '../../compiler/lower/dag-schema.ts';
import { schemaFor } from '../rows/schema.ts';
import type { Accounting } from '../execute/accounting.ts';
import { balanced } from '../execute/accounting.ts';
import type { AssembleResult } from './assemble.ts';
import type { GatesSection } from './gates.ts';

export const MANIFEST_VERSION = 1;

function proportions(counts: Record<string, number>): Record<string, number> {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, total ? Number((v / total).toFixed(6)) : 0]));
}

const sorted = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

export function buildManifest(dag: Dag, accounting: Accounting, result: AssembleResult, gates: GatesSection): Record<string, unknown> {
  const warnings: string[] = [];
  for (const report of Object.values(result.bias)) if (report.warning) warnings.push(report.warning);
  for (const mixture of Object.values(result.mixtures)) warnings.push(...mixture.plan.shortfalls.map((s) => `mixture \`${mixture.spec.name}\` short: ${s}`));
  const nodes = Object.fromEntries(dag.nodes
    .filter((n) => accounting.counts.has(n.id))
    .map((n) => {
      const counts = accounting.node(n.id);
      return [n.id, {
        stage: n.stage, kind: n.kind, op: n.op,
        in: counts.in, passed: counts.passed, out: counts.out, waiting: counts.waiting,
        filtered: sorted(counts.filtered), rejected: sorted(counts.rejected),
        balanced: balanced(counts),
      }];
    }));
  const unbalanced = Object.entries(nodes).filter(([, n]) => !n.balanced).map(([id]) => id);
  if (unbalanced.length) warnings.push(`accounting does not balance for nodes ${unbalanced.join(', ')}`);
  return {
    format: 'rlr-manifest',
    version: MANIFEST_VERSION,
    recipe: dag.recipe,
    dag: { version: dag.version, hash: sha256(canonicalJson(dag as unknown as Json)), sink: dag.sink },
    params: dag.params,
    splits: result.counts,
    levels: result.byLevel,
    domains: result.byDomain,
    stages: result.byStage,
    curriculum: result.curriculum
      ? {
          name: result.curriculum.name,
          order: result.curriculum.order,
          levels: result.curriculum.levels.map((l) => ({ level: l.level, name: l.name, stages: l.stages })),
          schedule: result.curriculum.phases,
        }
      : null,
    mixtures: sorted(Object.fromEntries(Object.entries(result.mixtures).map(([name, m]) => [name, {
      split: m.spec.split, by: m.spec.by, size: m.spec.size, on_short: m.spec.onShort, upsample_cap: m.spec.upsampleCap,
      requested: m.plan.requested, realised: proportions(m.realised), counts: sorted(m.realised),
      available: sorted(m.plan.available), repeats: sorted(m.plan.repeats),
    }]))),
    verifiers: sorted(result.verifiers),
    schema: {
      rl: schemaFor('rl').fields.map((f) => ({ name: f.name, type: String(f.type) })),
      cot: schemaFor('cot').fields.map((f) => ({ name: f.name, type: String(f.type) })),
    },
    shards: result.shards,
    answer_bias: result.bias,
    gates,
    accounting: nodes,
    warnings,
  };
}
