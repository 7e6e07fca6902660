// Invariant: every declaration is used; a stage is used when it emits or feeds one that does, a source when a stage reads it.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { DeclSymbol } from '../analysis/facts.ts';
import { suggest } from '../diagnostics/suggest.ts';
import { at, type Check } from './context.ts';

const words: Record<string, string> = {
  param: 'parameter', type: 'type', source: 'source', model: 'model', verifier: 'verifier', stage: 'stage', import: 'import',
};

export const unusedDeclarations: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  const mainScope = analysis.scope(analysis.program.main);
  const isRecipe = analysis.program.files.get(analysis.program.main)!.module.declarations.some((d) => d.kind === 'RecipeDecl');
  if (!isRecipe) return out; // a library's declarations are for its importers
  const misspelt = misspeltNames(analysis);
  for (const symbol of mainScope.all) {
    if (symbol.kind === 'curriculum' || symbol.kind === 'mixture') continue;
    if (mainScope.symbols.get(symbol.name) !== symbol) continue; // duplicates have their own report
    if (misspelt.has(symbol.name)) continue; // a misspelt use is reported with this name as its suggestion
    if (isUsed(analysis, symbol)) continue;
    out.push(diagnostic('unused-declaration', at(symbol.file, symbol.nameSpan), { name: symbol.name, what: words[symbol.kind] ?? symbol.kind }));
  }
  return out;
};

function isUsed(analysis: Parameters<typeof unusedDeclarations>[0]['analysis'], symbol: DeclSymbol): boolean {
  if (symbol.kind === 'stage' && symbol.decl.kind === 'StageDecl') {
    if (analysis.stages.get(symbol.decl)?.emit) return true;
  }
  // Uses from inside the symbol's own declaration do not count (a stage reading itself is a cycle, not a use).
  return (analysis.uses.get(symbol) ?? []).some((use) => use.file !== symbol.file || !within(use.node.span, symbol.decl.span));
}

function within(inner: { start: number; end: number }, outer: { start: number; end: number }): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** Names of the main file offered as "did you mean" for an unresolved name in it. */
function misspeltNames(analysis: Parameters<typeof unusedDeclarations>[0]['analysis']): Set<string> {
  const main = analysis.program.main;
  const names = new Set<string>();
  for (const u of analysis.unresolved) {
    if (u.file === main && u.role !== 'member') for (const s of suggest(u.node.name, u.candidates)) names.add(s);
  }
  const types = analysis.scope(main).all.filter((s) => s.kind === 'type').map((s) => s.name);
  for (const { file, problem } of analysis.typeProblems) {
    if (file === main && problem.reason === 'unknown') for (const s of suggest(problem.name, types)) names.add(s);
  }
  return names;
}
