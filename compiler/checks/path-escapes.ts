// Invariant: every file path or glob a recipe names stays inside the recipe's folder.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { normalizePath } from '../host.ts';
import { at, type Check } from './context.ts';

/** An absolute or home-relative path: it leaves the recipe's folder wherever that is. */
const isAbsolute = (path: string) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('~');

export function escapesFolder(path: string): boolean {
  if (isAbsolute(path)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return false; // URLs are not paths
  const normalized = normalizePath(path.replace(/\\/g, '/'));
  return normalized === '..' || normalized.startsWith('../');
}

const slashes = (path: string) => path.replace(/\\/g, '/');

export const pathEscapes: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const { file, node } of analysis.paths) {
    if (escapesFolder(node.value)) out.push(diagnostic('path-escapes-recipe', at(file, node.span), { path: node.value }));
  }
  // An import is relative to the file that writes it, so `../x.rlr` in `lib/a.rlr` may well stay inside.
  const root = slashes(analysis.program.host.directoryOf(analysis.program.main)).replace(/\/+$/, '');
  for (const edge of analysis.program.imports) {
    if (!edge.decl.path) continue;
    const written = edge.decl.path.value;
    const resolved = slashes(edge.resolvedPath);
    const inside = resolved === root || resolved.startsWith(`${root}/`);
    if (isAbsolute(written) || !inside) {
      out.push(diagnostic('path-escapes-recipe', at(edge.file, edge.decl.path.span), { path: written }));
    }
  }
  return out;
};
