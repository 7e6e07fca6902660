// The manifest's `gates` section: for every human gate of the recipe, how many
// of this run's records wait at it, where its tasks were exported, and the
// answers recorded so far with their agreement (per gate and per annotator).
import type { Dag } from '../../compiler/lower/dag-schema.ts';
import type { Accounting } from '../execute/accounting.ts';
import { gateReport, type GateReport } from '../human/report.ts';
import type { Store } from '../store/store.ts';

export interface GateSummary {
  readonly node: string;
  readonly stage: string | null;
  readonly task: string;
  readonly mode: string;
  /** Records of this run held at the gate. */
  readonly waiting: number;
  /** Records of this run that went through it (answered yes, or annotated). */
  readonly passed: number;
  /** Where its tasks are, relative to the dataset folder. */
  readonly tasks: string;
  /** Every item recorded at the gate and every answer given, across runs. */
  readonly answers: GateReport;
}

export type GatesSection = Record<string, GateSummary>;

export function gatesSection(dag: Dag, names: ReadonlyMap<string, string>, accounting: Accounting, store: Store): GatesSection {
  const section: Record<string, GateSummary> = {};
  for (const [id, name] of [...names].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const node = dag.nodes.find((n) => n.id === id)!;
    const counts = accounting.node(id);
    section[name] = {
      node: id, stage: node.stage, task: node.op, mode: String(node.params.mode),
      waiting: counts.waiting, passed: counts.passed,
      tasks: `annotations/${name}/`,
      answers: gateReport(store.pending.entries(name)),
    };
  }
  return section;
}
