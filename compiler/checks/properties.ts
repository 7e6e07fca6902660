// Invariant: every block sets only the properties its kind accepts, each at most once, and every required one.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import { at, type Check } from './context.ts';

export const blockProperties: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const block of analysis.propertyBlocks) {
    const allowed = block.schema.map((p) => p.name);
    const seen = new Map<string, number>();
    // A misspelt property is reported once, with its suggestion, not again as a missing one.
    const suggested = new Set<string>();
    for (const property of block.properties) {
      const name = property.key.name;
      seen.set(name, (seen.get(name) ?? 0) + 1);
      if (seen.get(name) === 2) {
        const all = block.properties.filter((p) => p.key.name === name);
        for (const p of all) out.push(diagnostic('duplicate-property', at(block.file, p.key.span), { name }));
      }
      if (!allowed.includes(name)) {
        const suggestions = suggest(name, allowed);
        suggestions.forEach((s) => suggested.add(s));
        out.push(diagnostic('unknown-property', at(block.file, property.key.span), {
          name, owner: block.owner, suggestions, allowed,
        }));
      }
    }
    for (const param of block.schema) {
      if (param.default !== undefined || seen.has(param.name) || suggested.has(param.name)) continue;
      out.push(diagnostic('missing-property', at(block.file, block.ownerSpan.start === block.ownerSpan.end ? block.ownerSpan : { start: block.ownerSpan.start, end: block.ownerSpan.start + 1 }), {
        name: param.name, owner: block.owner, type: param.type,
      }));
    }
  }
  return out;
};
