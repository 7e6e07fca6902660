// Invariant: `rollout()` is the whole verifier of an emit in a stage that reads, directly or through other stages, a `rollouts` source.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Analyzer } from '../analysis/analyzer.ts';
import type { DeclSymbol } from '../analysis/facts.ts';
import { at, type Check } from './context.ts';

const ROLLOUT = 'rollout';

/** The kind of the source a stage's records come from, following stage inputs upstream (null when unknown or in a cycle). */
function rootSourceKind(analysis: Analyzer, stage: DeclSymbol | null): string | null {
  const seen = new Set<DeclSymbol>();
  let current = stage;
  while (current && !seen.has(current)) {
    seen.add(current);
    if (current.decl.kind === 'SourceDecl') return analysis.sources.get(current.decl)?.entry?.name ?? null;
    current = analysis.stageInputs.get(current) ?? null;
  }
  return null;
}

export const rolloutVerifier: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const info of analysis.stages.values()) {
    const verifier = info.emit?.verifier;
    if (!verifier || verifier.info.name !== ROLLOUT || info.input === null) continue;
    if (rootSourceKind(analysis, info.input) === 'rollouts') continue;
    out.push(diagnostic('rollout-verifier-misplaced', at(info.emit!.file, verifier.node.span), { stage: info.decl.name?.name ?? null, combinator: null }));
  }
  for (const fact of analysis.calls) {
    if (fact.calleeKind !== 'verifier' || fact.node.kind !== 'Call') continue;
    const combinator = analysis.verifierInfos.get(fact.node)?.entry;
    if (!combinator?.combinator) continue;
    for (const arg of fact.node.args) {
      const type = arg.value && !arg.name ? analysis.types.get(arg.value) : undefined;
      if (type?.kind === 'verifier' && type.name === ROLLOUT) {
        out.push(diagnostic('rollout-verifier-misplaced', at(fact.file, arg.value!.span), { stage: null, combinator: combinator.name }));
      }
    }
  }
  return out;
};
