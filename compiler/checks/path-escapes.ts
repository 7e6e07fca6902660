// Invariant: every file path or glob a recipe names stays inside the recipe's folder.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { normalizePath } from '../host.ts';
import { at, type Check } from './context.ts';

export function escapesFolder(path: string): boolean {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('~')) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return false; // URLs are not paths
  const normalized = normalizePath(path.replace(/\\/g, '/'));
  return normalized === '..' || normalized.startsWith('../');
}

export const pathEscapes: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const { file, node } of analysis.paths) {
    if (escapesFolder(node.value)) out.push(diagnostic('path-escapes-recipe', at(file, node.span), { path: node.value }));
  }
  for (const edge of analysis.program.imports) {
    if (edge.decl.path && escapesFolder(edge.decl.path.value)) {
      out.push(diagnostic('path-escapes-recipe', at(edge.file, edge.decl.path.span), { path: edge.decl.path.value }));
    }
  }
  return out;
};
