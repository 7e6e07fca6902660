// Invariant: every value fits the type its position expects (properties, bindings, conditions, defaults, indexes).
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { typeToString, isUnitScalar, isNumeric, stripOptional } from '../types/type.ts';
import { conversionHint } from '../analysis/expressions.ts';
import { at, type Check } from './context.ts';

export const typeExpectations: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const e of analysis.expectations) {
    const expected = stripOptional(e.expected);
    const found = stripOptional(e.found);
    const unitHint = (isUnitScalar(expected) && (isNumeric(found) || isUnitScalar(found))) || (isUnitScalar(found) && isNumeric(expected))
      ? `convert explicitly with ${conversionHint(found, expected)}` : undefined;
    out.push(diagnostic('type-mismatch', at(e.file, e.node.span), {
      what: e.what, expected: typeToString(e.expected), found: typeToString(e.found), hint: unitHint,
    }));
  }
  for (const { file, problem } of analysis.typeProblems) {
    if (problem.reason !== 'arguments') continue;
    out.push(diagnostic('invalid-value', at(file, problem.span), {
      what: `type \`${problem.name}\``, reason: 'wrong type arguments', hint: problem.expected ? `write ${problem.expected.split(' or ').map((e) => `\`${e}\``).join(' or ')}` : undefined,
    }));
  }
  return out;
};
