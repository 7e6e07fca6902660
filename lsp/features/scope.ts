// The record of fields in scope at a place in a stage.
import type * as A from '../../compiler/syntax/ast.ts';
import type { StageInfo } from '../../compiler/analysis/facts.ts';
import type { Type } from '../../compiler/types/type.ts';
import type { DocumentAnalysis } from '../document.ts';

/** The record after a step: what the next step sees, or what the stage passes on. */
export function scopeAfter(info: StageInfo, step: A.Step): Type {
  const index = info.decl.steps.indexOf(step);
  const next = info.decl.steps[index + 1];
  return (next && info.scopeBefore.get(next)) || info.outputType;
}

/**
 * The fields in scope at an offset inside a stage: those before the step that holds it, or,
 * between steps, those after the last complete step before it. Undefined outside stages.
 */
export function fieldsAt(document: DocumentAnalysis, stage: A.StageDecl, offset: number): Type | undefined {
  const info = document.result.analysis?.stages.get(stage);
  if (!info) return undefined;
  const step = stage.steps.findLast((s) => s.span.start < offset);
  if (!step) return info.inputType;
  if (offset <= step.span.end || isIncomplete(step)) return info.scopeBefore.get(step);
  return scopeAfter(info, step);
}

/** A step that the parser read only in part: what follows it on the same line still belongs to it. */
function isIncomplete(step: A.Step): boolean {
  switch (step.kind) {
    case 'LetStep':
      return !step.name || !step.value;
    case 'WhereStep':
      return !step.condition;
    case 'ExplodeStep':
      return !step.value || !step.name;
    case 'ValidateStep':
      return !step.gate;
    default:
      return false;
  }
}
