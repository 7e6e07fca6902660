// Invariant: every call to a function, model, gate, step or verifier gives each required parameter, none twice, no unknown ones, each of the right type.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import { isAssignable, typeToString, isUnitScalar, isNumeric, stripOptional } from '../types/type.ts';
import { conversionHint } from '../analysis/expressions.ts';
import { at, type Check } from './context.ts';

export const callArguments: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const call of analysis.calls) {
    const names = call.matches.map((m) => m.param.name);
    const calleeSpan = 'callee' in call.node ? call.node.callee.span : call.node.kind === 'CallStep' ? call.node.operator.span : (call.node.gate?.span ?? call.node.span);
    // A misspelt argument is reported once, with its suggestion, not again as a missing one.
    const suggested = new Set<string>();
    for (const arg of call.unknownArgs) {
      const suggestions = suggest(arg.name!.name, names);
      suggestions.forEach((n) => suggested.add(n));
      out.push(diagnostic('unknown-argument', at(call.file, arg.name!.span), {
        name: arg.name!.name, callee: call.calleeName, suggestions, allowed: names,
      }));
    }
    for (const arg of call.extraPositional) {
      out.push(diagnostic('too-many-arguments', at(call.file, arg.span), { callee: call.calleeName, max: call.maxPositional }));
    }
    for (const { arg, param } of call.repeated) {
      out.push(diagnostic('duplicate-argument', at(call.file, arg.name?.span ?? arg.span), { name: param, callee: call.calleeName }));
    }
    for (const match of call.matches) {
      if (!match.arg) {
        if (match.param.default === undefined && !suggested.has(match.param.name)) {
          out.push(diagnostic('missing-argument', at(call.file, calleeSpan), { name: match.param.name, callee: call.calleeName, type: match.param.type }));
        }
        continue;
      }
      if (!match.found || !match.arg.value || isAssignable(match.found, match.expected)) continue;
      const expected = stripOptional(match.expected);
      const found = stripOptional(match.found);
      const unitHint = (isUnitScalar(expected) && (isNumeric(found) || isUnitScalar(found))) || (isUnitScalar(found) && isNumeric(expected))
        ? `convert explicitly with ${conversionHint(found, expected)}` : undefined;
      out.push(diagnostic('argument-type-mismatch', at(call.file, match.arg.value.span), {
        name: match.param.name, callee: call.calleeName,
        expected: typeToString(match.expected), found: typeToString(match.found), hint: unitHint,
      }));
    }
  }
  return out;
};
