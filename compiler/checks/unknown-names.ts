// Invariant: every name resolves: fields to something produced upstream, members to the value's type, the rest to a declaration or the standard library.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import { typeToString } from '../types/type.ts';
import { at, type Check } from './context.ts';

const roleWords: Record<string, string> = {
  name: 'name', function: 'function', type: 'type', source: 'source or stage', 'source-kind': 'source kind', stage: 'stage', provider: 'model provider',
  gate: 'gate', step: 'step', verifier: 'verifier', module: 'import alias',
};

export const unknownNames: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const u of analysis.unresolved) {
    const name = u.node.name;
    const suggestions = suggest(name, u.candidates);
    const span = at(u.file, u.node.span);
    if (u.role === 'field') {
      out.push(diagnostic('unknown-field', span, { field: name, available: u.fields ?? [], suggestions }));
    } else if (u.role === 'member') {
      out.push(diagnostic('unknown-member', span, { member: name, type: u.owner ? typeToString(u.owner) : 'unknown', available: u.candidates, suggestions }));
    } else {
      out.push(diagnostic('unknown-name', span, { name, what: roleWords[u.role] ?? u.role, suggestions }));
    }
  }
  for (const { file, problem } of analysis.typeProblems) {
    if (problem.reason !== 'unknown') continue;
    const candidates = [
      'string', 'int', 'float', 'bool', 'seconds', 'frames', 'pixels', 'percent', 'image', 'audio', 'video', 'mask', 'point', 'box', 'segment', 'list', 'any',
      ...[...analysis.scope(file).symbols.values()].filter((s) => s.kind === 'type').map((s) => s.name),
    ];
    out.push(diagnostic('unknown-name', at(file, problem.span), { name: problem.name, what: 'type', suggestions: suggest(problem.name, candidates) }));
  }
  return out;
};
