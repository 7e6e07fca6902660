// Invariant: levels have unique numbers and names; each phase gives shares to levels that exist, and its shares sum to 100%.
import { diagnostic, type Diagnostic, type FileSpan } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import { literalNumber } from './mixture-weights.ts';
import { at, type Check } from './context.ts';

export const curriculumPhases: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const [file, parsed] of analysis.program.files) {
    for (const decl of parsed.module.declarations) {
      if (decl.kind !== 'CurriculumDecl') continue;
      const numbers = new Set(decl.levels.map((l) => l.number?.value).filter((n): n is number => n !== undefined));
      const names = decl.levels.map((l) => l.name?.name).filter((n): n is string => !!n);
      // A phase names its levels by number or by name, so each must be unique; every occurrence is reported.
      const occurrences = new Map<string, FileSpan[]>();
      for (const level of decl.levels) {
        const keys = [
          ...(level.number ? [[`level ${level.number.value}`, level.number.span] as const] : []),
          ...(level.name ? [[level.name.name, level.name.span] as const] : []),
        ];
        for (const [key, span] of keys) occurrences.set(key, [...(occurrences.get(key) ?? []), at(file, span)]);
      }
      for (const [name, spans] of occurrences) {
        if (spans.length < 2) continue;
        for (const span of spans) {
          const related = spans.filter((s) => s !== span).map((s) => ({ message: `\`${name}\` is also declared here`, span: s }));
          out.push(diagnostic('duplicate-declaration', span, { name, what: 'level' }, related));
        }
      }
      for (const phase of decl.phases) {
        let sum = 0;
        let allLiteral = true;
        for (const share of phase.shares) {
          const known = share.level.kind === 'NumberLiteral' ? numbers.has(share.level.value) : names.includes(share.level.name);
          if (!known) {
            const written = share.level.kind === 'NumberLiteral' ? share.level.text : share.level.name;
            out.push(diagnostic('unknown-name', at(file, share.level.span), {
              name: written, what: 'level', suggestions: share.level.kind === 'Identifier' ? suggest(written, names) : [],
            }));
          }
          const value = literalNumber(share.share);
          if (value === null) allLiteral = false;
          else sum += value;
        }
        if (allLiteral && phase.shares.length > 0 && Math.abs(sum - 1) > 1e-9) {
          out.push(diagnostic('invalid-value', at(file, phase.name?.span ?? phase.span), {
            what: `phase \`${phase.name?.name ?? ''}\``, reason: `its shares sum to ${Number((sum * 100).toFixed(4))}%, not 100%`,
            hint: 'make the level shares of each phase add up to 100%',
          }));
        }
      }
    }
  }
  return out;
};
