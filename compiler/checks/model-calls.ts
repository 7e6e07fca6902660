// Invariant: each model call is the whole value of a `let` (its own cached step), declares an output type where the task needs one, and only models, functions and verifiers are called.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { registry } from '../../stdlib/registry/index.ts';
import { registryType } from '../types/resolve.ts';
import { at, type Check } from './context.ts';

export const modelCalls: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const call of analysis.modelCalls) {
    if (!call.binding) {
      out.push(diagnostic('model-call-position', at(call.file, call.node.span), { model: call.model }));
      continue;
    }
    const entry = registry.tasks.get(call.task);
    if (entry?.structured && registryType(entry.returns).kind === 'any' && !call.binding.type) {
      out.push(diagnostic('missing-output-type', at(call.file, call.node.span), { model: call.model, task: call.task }));
    }
  }
  for (const { file, node, what } of analysis.notCallable) {
    const name = node.kind === 'Reference' ? node.name.name : node.kind === 'MemberAccess' && node.member ? node.member.name : 'this';
    out.push(diagnostic('not-callable', at(file, node.span), { name, what }));
  }
  return out;
};
