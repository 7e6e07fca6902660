// Invariant: `emit` is the last step of its stage, and the stage has at most one.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { at, type Check } from './context.ts';

export const emitShape: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const info of analysis.stages.values()) {
    const steps = info.decl.steps;
    steps.forEach((step, index) => {
      if (step.kind === 'EmitStep' && index < steps.length - 1) {
        out.push(diagnostic('emit-not-last', at(info.file, { start: step.span.start, end: step.span.start + 4 }), { stage: info.decl.name?.name ?? '' }));
      }
    });
  }
  return out;
};
