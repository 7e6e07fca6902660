// Invariant: stages read from sources or from stages upstream of them; no stage depends on itself.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { DeclSymbol } from '../analysis/facts.ts';
import { at, type Check } from './context.ts';

export const stageCycles: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  const reported = new Set<DeclSymbol>();
  for (const start of analysis.stageInputs.keys()) {
    const path: DeclSymbol[] = [];
    let current: DeclSymbol | undefined = start;
    while (current && !path.includes(current)) {
      path.push(current);
      current = analysis.stageInputs.get(current);
    }
    if (!current || current !== start || reported.has(start)) continue;
    const cycle = path;
    cycle.forEach((s) => reported.add(s));
    const names = [...cycle.map((s) => s.name), start.name];
    for (const symbol of cycle) {
      const decl = symbol.decl.kind === 'StageDecl' ? symbol.decl : null;
      out.push(diagnostic('stage-cycle', at(symbol.file, decl?.input?.span ?? symbol.nameSpan), { cycle: names }));
    }
  }
  return out;
};
