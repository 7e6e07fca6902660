// Invariant: each stage emits a ground truth (and, if given, an answer) of the type its verifier checks.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { isAssignable, typeToString, isLenient } from '../types/type.ts';
import { at, type Check } from './context.ts';

export const verifierTypes: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const info of analysis.stages.values()) {
    const emit = info.emit;
    if (!emit?.verifier) continue;
    const verifier = emit.verifier.info;
    if (emit.truth && !isLenient(verifier.truth) && !isAssignable(emit.truth.type, verifier.truth)) {
      out.push(diagnostic('verifier-type-mismatch', at(emit.file, emit.truth.node.span), {
        verifier: verifier.name, role: 'ground truth', expected: typeToString(verifier.truth), found: typeToString(emit.truth.type),
      }, [{ message: `the verifier is chosen here`, span: at(emit.file, emit.verifier.node.span) }]));
    }
    if (emit.answer && !isLenient(verifier.answer) && !isAssignable(emit.answer.type, verifier.answer) && !isAssignable(emit.answer.type, { kind: 'string' })) {
      out.push(diagnostic('verifier-type-mismatch', at(emit.file, emit.answer.node.span), {
        verifier: verifier.name, role: 'final answer', expected: typeToString(verifier.answer), found: typeToString(emit.answer.type),
      }));
    }
  }
  return out;
};
