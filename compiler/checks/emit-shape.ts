// Invariant: `emit` is the last step of its stage, and a difficulty written as a number lies between 0 and 1.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { literalNumber } from './mixture-weights.ts';
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
    const difficulty = info.emit?.step.properties.find((p) => p.key.name === 'difficulty')?.value ?? null;
    const value = literalNumber(difficulty);
    if (difficulty && value !== null && (value < 0 || value > 1)) {
      out.push(diagnostic('invalid-value', at(info.file, difficulty.span), {
        what: '`difficulty`', reason: `${value} is not between 0 and 1`, hint: 'difficulty runs from 0 (easiest) to 1 (hardest)',
      }));
    }
  }
  return out;
};
