// Invariant: a file has at most one `recipe` header and one `output`; imported files declare neither; declarations sit where they belong.
// (A file without a header is a library: it checks alone, but only a recipe compiles.)
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { at, type Check } from './context.ts';

export const recipeStructure: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  const main = analysis.program.files.get(analysis.program.main)!;
  for (const kind of ['RecipeDecl', 'OutputDecl'] as const) {
    const decls = main.module.declarations.filter((d) => d.kind === kind);
    if (decls.length < 2) continue;
    const keyword = kind === 'RecipeDecl' ? 'recipe' : 'output';
    const spans = decls.map((decl) => at(main.file, { start: decl.span.start, end: decl.span.start + keyword.length }));
    for (const span of spans) {
      const related = spans.filter((s) => s !== span).map((s) => ({ message: `\`${keyword}\` is also declared here`, span: s }));
      out.push(diagnostic('duplicate-declaration', span, { name: keyword, what: kind === 'RecipeDecl' ? 'recipe header' : 'output' }, related));
    }
  }
  for (const m of analysis.misplaced) {
    out.push(diagnostic('misplaced-declaration', at(m.file, m.span), { what: m.what, reason: m.reason }));
  }
  return out;
};
