// Invariant: every curriculum level can select at least one example: it names stages that emit, and its difficulty predicate is satisfiable by what they emit.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { CurriculumDecl, Expression, StageDecl } from '../syntax/ast.ts';
import type { Analyzer } from '../analysis/analyzer.ts';
import { literalNumber } from './mixture-weights.ts';
import { at, type Check } from './context.ts';

/** A closed-or-open interval of difficulty; the predicate's feasible set is a union of these. */
interface Interval { lo: number; hi: number; loOpen: boolean; hiOpen: boolean }
const full = (): Interval => ({ lo: 0, hi: 1, loOpen: false, hiOpen: false });

function intersect(a: Interval, b: Interval): Interval | null {
  const lo = Math.max(a.lo, b.lo);
  const hi = Math.min(a.hi, b.hi);
  const loOpen = a.lo === b.lo ? a.loOpen || b.loOpen : a.lo > b.lo ? a.loOpen : b.loOpen;
  const hiOpen = a.hi === b.hi ? a.hiOpen || b.hiOpen : a.hi < b.hi ? a.hiOpen : b.hiOpen;
  if (lo > hi || (lo === hi && (loOpen || hiOpen))) return null;
  return { lo, hi, loOpen, hiOpen };
}

/** The difficulties a predicate accepts, or null when it says something this analysis does not follow. */
export function feasibleDifficulties(expr: Expression): Interval[] | null {
  if (expr.kind === 'BooleanLiteral') return expr.value ? [full()] : [];
  if (expr.kind !== 'BinaryExpr' || !expr.right) return null;
  if (expr.operator === 'and' || expr.operator === 'or') {
    const left = feasibleDifficulties(expr.left);
    const right = feasibleDifficulties(expr.right);
    if (expr.operator === 'or') return left && right ? [...left, ...right] : null;
    if (left === null) return right;
    if (right === null) return left;
    return left.flatMap((a) => right.map((b) => intersect(a, b)).filter((i): i is Interval => i !== null));
  }
  let op = expr.operator;
  let value = literalNumber(expr.right);
  let isDifficulty = expr.left.kind === 'Reference' && expr.left.name.name === 'difficulty';
  if (!isDifficulty && expr.right.kind === 'Reference' && expr.right.name.name === 'difficulty') {
    value = literalNumber(expr.left);
    isDifficulty = true;
    const flip: Record<string, typeof op> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
    op = flip[op] ?? op;
  }
  if (!isDifficulty || value === null) return null;
  const bound = (i: Partial<Interval>) => intersect(full(), { ...full(), ...i });
  const result = (() => {
    switch (op) {
      case '<': return bound({ hi: value, hiOpen: true });
      case '<=': return bound({ hi: value });
      case '>': return bound({ lo: value, loOpen: true });
      case '>=': return bound({ lo: value });
      case '==': return bound({ lo: value, hi: value });
      default: return undefined;
    }
  })();
  if (result === undefined) return null;
  return result ? [result] : [];
}

function contains(interval: Interval, x: number): boolean {
  return (interval.loOpen ? x > interval.lo : x >= interval.lo) && (interval.hiOpen ? x < interval.hi : x <= interval.hi);
}

export const curriculumLevels: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const [file, parsed] of analysis.program.files) {
    for (const decl of parsed.module.declarations) {
      if (decl.kind === 'CurriculumDecl') out.push(...checkCurriculum(analysis, file, decl));
    }
  }
  return out;
};

function checkCurriculum(analysis: Analyzer, file: string, decl: CurriculumDecl): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const level of decl.levels) {
    const label = level.name?.name ?? String(level.number?.value ?? '?');
    const span = at(file, level.name?.span ?? level.span);
    const stagesProperty = level.properties.find((p) => p.key.name === 'stages');
    if (!stagesProperty?.value) continue; // missing-property reports it
    const stageSymbols = analysis.levelStages.get(level) ?? [];
    const listed = stagesProperty.value.kind === 'ListLiteral' ? stagesProperty.value.items.length : 1;
    if (listed === 0) {
      out.push(diagnostic('curriculum-empty-level', span, { level: label, reason: 'its `stages` list is empty' }));
      continue;
    }
    if (stageSymbols.length < listed) continue; // unknown stages are reported by name resolution
    const emitting = stageSymbols
      .map((s) => analysis.stages.get(s.decl as StageDecl))
      .filter((info) => info?.emit);
    if (emitting.length === 0) {
      out.push(diagnostic('curriculum-empty-level', span, { level: label, reason: 'none of its stages ends in `emit`' }));
      continue;
    }
    const where = level.properties.find((p) => p.key.name === 'where')?.value;
    if (!where) continue;
    const feasible = feasibleDifficulties(where);
    if (feasible === null) continue;
    if (feasible.length === 0) {
      out.push(diagnostic('curriculum-empty-level', at(file, where.span), { level: label, reason: 'no difficulty between 0 and 1 satisfies its `where`' }));
      continue;
    }
    const constants = emitting.map((info) => info!.emit!.difficulty);
    if (constants.every((d): d is number => d !== null) && !constants.some((d) => feasible.some((i) => contains(i, d)))) {
      out.push(diagnostic('curriculum-empty-level', at(file, where.span), {
        level: label, reason: `its stages emit difficulty ${[...new Set(constants)].join(', ')}, which its \`where\` excludes`,
      }));
    }
  }
  return out;
}
