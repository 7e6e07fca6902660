// Invariant: within one file, every top-level name is declared once; each occurrence of a duplicate is reported.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { at, type Check } from './context.ts';

export const duplicateDeclarations: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const scope of analysis.scopes.values()) {
    const byName = new Map<string, typeof scope.all[number][]>();
    for (const symbol of scope.all) byName.set(symbol.name, [...(byName.get(symbol.name) ?? []), symbol]);
    for (const [name, symbols] of byName) {
      if (symbols.length < 2) continue;
      for (const symbol of symbols) {
        const others = symbols.filter((s) => s !== symbol).map((s) => ({ message: `\`${name}\` is also declared here`, span: at(s.file, s.nameSpan) }));
        out.push(diagnostic('duplicate-declaration', at(symbol.file, symbol.nameSpan), { name, what: symbol.kind }, others));
      }
    }
  }
  return out;
};
