// Invariant: imports form no cycle and every imported file can be read.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { at, type Check } from './context.ts';

export const importCycles: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  const program = analysis.program;
  for (const cycle of program.cycles) {
    const span = cycle.edge.decl.path?.span ?? cycle.edge.decl.span;
    out.push(diagnostic('import-cycle', at(cycle.edge.file, span), { cycle: cycle.files.map((f) => program.host.displayPath(f)) }));
  }
  for (const edge of program.imports) {
    if (edge.target !== undefined) continue;
    out.push(diagnostic('import-not-found', at(edge.file, edge.decl.path?.span ?? edge.decl.span), { path: edge.decl.path?.value ?? '' }));
  }
  return out;
};
