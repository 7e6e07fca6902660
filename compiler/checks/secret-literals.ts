// Invariant: a secret (token, key, password) is only ever a reference to an environment variable, never written into the recipe.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { at, type Check } from './context.ts';

export const secretLiterals: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const { file, property } of analysis.secrets) {
    const value = property.value;
    if (!value || value.kind === 'NullLiteral') continue;
    const isEnvCall = value.kind === 'Call' && analysis.envCalls.has(value);
    if (isEnvCall) continue;
    // A parameter or any other expression may carry a literal too; only `env(...)` is safe.
    out.push(diagnostic('secret-literal', at(file, value.span), { property: property.key.name }));
  }
  return out;
};
