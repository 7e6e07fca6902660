// Invariant: the main file has one `recipe` header and at most one `output`; imported files declare neither; declarations sit where they belong.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { at, type Check } from './context.ts';

export const recipeStructure: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  const main = analysis.program.files.get(analysis.program.main)!;
  const headers = main.module.declarations.filter((d) => d.kind === 'RecipeDecl');
  if (headers.length === 0 && main.diagnostics.length === 0) {
    out.push(diagnostic('missing-recipe-header', { file: main.file, start: 0, end: 0 }, {}));
  }
  for (const kind of ['RecipeDecl', 'OutputDecl'] as const) {
    const decls = main.module.declarations.filter((d) => d.kind === kind);
    if (decls.length < 2) continue;
    for (const decl of decls) {
      out.push(diagnostic('duplicate-declaration', at(main.file, { start: decl.span.start, end: decl.span.start + (kind === 'RecipeDecl' ? 6 : 6) }), {
        name: kind === 'RecipeDecl' ? 'recipe' : 'output', what: kind === 'RecipeDecl' ? 'recipe header' : 'output',
      }));
    }
  }
  for (const m of analysis.misplaced) {
    out.push(diagnostic('misplaced-declaration', at(m.file, m.span), { what: m.what, reason: m.reason }));
  }
  return out;
};
