// Invariant: mixture weights name domains (or stages) that some stage emits, are not negative, and sum to 1 (else a warning: they are normalised; to 0, an error).
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import type { Expression, MixtureDecl } from '../syntax/ast.ts';
import { mixtureSplits } from '../analysis/declaration-schemas.ts';
import { at, type Check } from './context.ts';

/** A number written in the recipe (a literal, a negated literal or a percentage), or null when computed. */
export function literalNumber(expr: Expression | null): number | null {
  if (!expr) return null;
  if (expr.kind === 'NumberLiteral') return expr.value;
  if (expr.kind === 'QuantityLiteral' && expr.unit === '%') return expr.value / 100;
  if (expr.kind === 'UnaryExpr' && expr.operator === '-') {
    const inner = literalNumber(expr.operand);
    return inner === null ? null : -inner;
  }
  return null;
}

export const mixtureWeights: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  const stages = [...analysis.stages.values()].filter((s) => s.emit);
  const domains = new Set<string>();
  let domainsComplete = true;
  for (const stage of stages) {
    if (stage.emit!.domain !== null) domains.add(stage.emit!.domain);
    else domainsComplete = false;
  }
  const stageNames = new Set(stages.map((s) => s.decl.name?.name).filter((n): n is string => !!n));
  for (const [file, parsed] of analysis.program.files) {
    for (const decl of parsed.module.declarations) {
      if (decl.kind !== 'MixtureDecl') continue;
      out.push(...checkMixture(file, decl, domains, domainsComplete, stageNames));
    }
  }
  return out;
};

function checkMixture(file: string, decl: MixtureDecl, domains: Set<string>, domainsComplete: boolean, stageNames: Set<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (decl.split && !(mixtureSplits as readonly string[]).includes(decl.split.name)) {
    out.push(diagnostic('invalid-value', at(file, decl.split.span), {
      what: `split \`${decl.split.name}\``, reason: 'a mixture is for the `rl` or the `cot` split', hint: 'write `mixture name for rl { ... }`',
    }));
  }
  const byValue = decl.properties.find((p) => p.key.name === 'by')?.value;
  const by = byValue?.kind === 'Reference' ? byValue.name.name : byValue?.kind === 'StringLiteral' ? byValue.value : 'domain';
  const known = by === 'stage' ? stageNames : domains;
  const complete = by === 'stage' ? true : domainsComplete;
  const weights = decl.properties.find((p) => p.key.name === 'weights')?.value;
  if (!weights || weights.kind !== 'MapLiteral') return out;
  let sum = 0;
  let allLiteral = true;
  for (const entry of weights.entries) {
    const name = entry.key.name;
    if (complete && !known.has(name)) {
      out.push(diagnostic('mixture-unknown-domain', at(file, entry.key.span), {
        name, by, suggestions: suggest(name, known), known: [...known].sort(),
      }));
    }
    const value = literalNumber(entry.value);
    if (value === null) {
      allLiteral = false;
      continue;
    }
    if (value < 0) out.push(diagnostic('mixture-negative-weight', at(file, entry.value!.span), { name, value }));
    sum += value;
  }
  if (allLiteral && sum <= 0) {
    // Nothing to normalise: the mixture would select no example at all.
    out.push(diagnostic('invalid-value', at(file, weights.span), {
      what: `mixture \`${decl.name?.name ?? ''}\``, reason: weights.entries.length ? 'its weights sum to 0' : 'it has no weights',
      hint: `give at least one ${by} a positive weight`,
    }));
  } else if (allLiteral && Math.abs(sum - 1) > 1e-9) {
    out.push(diagnostic('mixture-weights-sum', at(file, weights.span), { sum }));
  }
  return out;
}
