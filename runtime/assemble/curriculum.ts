// Curriculum levels: each example gets the first level that selects it (by
// stage and difficulty predicate); the schedule of phases goes to the manifest.
import type { DagExpr, Json } from '../../compiler/lower/dag-schema.ts';
import { evaluate } from '../evaluate/evaluate.ts';
import type { EmittedExample } from '../execute/emit.ts';

export interface Level {
  readonly level: number;
  readonly name: string;
  readonly stages: readonly string[];
  readonly where: DagExpr;
}

export interface Curriculum {
  readonly name: string;
  readonly order: 'by_level' | 'by_phase' | 'mixed';
  readonly levels: readonly Level[];
  readonly phases: ReadonlyArray<{ name: string; shares: Record<string, Json> }>;
}

export function curriculumFrom(params: Record<string, Json>): Curriculum {
  return {
    name: String(params.name ?? ''),
    order: (params.order as Curriculum['order']) ?? 'by_level',
    levels: (params.levels as unknown as Level[]) ?? [],
    phases: (params.phases as unknown as Curriculum['phases']) ?? [],
  };
}

/** The example's level, or null when no level selects it. Without a curriculum every example is level 0. */
export function levelOf(curriculum: Curriculum | null, example: EmittedExample): number | null {
  if (!curriculum) return 0;
  for (const level of curriculum.levels) {
    if (!level.stages.includes(example.stage)) continue;
    const record = { key: example.key, group: example.group, fields: { difficulty: example.difficulty, domain: example.domain, stage: example.stage } };
    const selected = evaluate(level.where, record, { random: () => () => 0, env: () => undefined });
    if (selected === true) return level.level;
  }
  return null;
}
