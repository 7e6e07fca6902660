// Invariant: operators combine values of compatible types; seconds and frames, pixels and plain numbers never mix implicitly.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { isLenient, isNumeric, isUnitScalar, stripOptional, typeToString, isAssignable, type Type } from '../types/type.ts';
import { binaryResult, conversionHint } from '../analysis/expressions.ts';
import { at, type Check } from './context.ts';

const comparisons = new Set(['<', '<=', '>', '>=']);

function involvesUnits(l: Type, r: Type): boolean {
  return (isUnitScalar(l) || isUnitScalar(r)) && (isUnitScalar(l) || isNumeric(l)) && (isUnitScalar(r) || isNumeric(r));
}

export const mixedUnits: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const fact of analysis.binaries) {
    const node = fact.node;
    const l = stripOptional(fact.left);
    if (node.kind === 'UnaryExpr') {
      if (isLenient(l)) continue;
      const ok = node.operator === 'not' ? isAssignable(l, { kind: 'bool' }) : isNumeric(l) || isUnitScalar(l);
      if (!ok) out.push(diagnostic('invalid-operator', at(fact.file, node.span), { operator: node.operator, left: typeToString(l), right: '' }));
      continue;
    }
    if (!fact.right) continue;
    const r = stripOptional(fact.right);
    if (isLenient(l) || isLenient(r)) continue;
    const op = node.operator;
    const span = at(fact.file, node.operatorSpan);
    if (op === 'and' || op === 'or') {
      if (!isAssignable(l, { kind: 'bool' }) || !isAssignable(r, { kind: 'bool' })) {
        out.push(diagnostic('invalid-operator', span, { operator: op, left: typeToString(l), right: typeToString(r), hint: 'both sides must be `bool`' }));
      }
      continue;
    }
    const sameUnit = isUnitScalar(l) && l.kind === r.kind;
    const unitMix = involvesUnits(l, r) && !sameUnit;
    const scaling = (op === '*' && (isNumeric(l) || isNumeric(r))) || (op === '/' && isNumeric(r));
    if (unitMix && !scaling) {
      out.push(diagnostic('mixed-units', span, { operator: op, left: typeToString(l), right: typeToString(r), conversion: isNumeric(r) ? conversionHint(r, l) : conversionHint(l, r) }));
      continue;
    }
    if (comparisons.has(op)) {
      const ordered = (isNumeric(l) && isNumeric(r)) || sameUnit || (l.kind === 'string' && r.kind === 'string');
      if (!ordered) out.push(diagnostic('invalid-operator', span, { operator: op, left: typeToString(l), right: typeToString(r) }));
      continue;
    }
    if (op === '==' || op === '!=') {
      // The declared types decide whether `null` can be equal: `draft != null` asks whether an optional value is there.
      const mayBeEqual = isAssignable(l, r) || isAssignable(r, l) || isAssignable(fact.left, fact.right) || isAssignable(fact.right, fact.left);
      if (!mayBeEqual && !(isNumeric(l) && isNumeric(r))) {
        out.push(diagnostic('invalid-operator', span, { operator: op, left: typeToString(l), right: typeToString(r), hint: 'the two sides can never be equal' }));
      }
      continue;
    }
    if (binaryResult(op, l, r).kind === 'error') {
      out.push(diagnostic('invalid-operator', span, { operator: op, left: typeToString(l), right: typeToString(r) }));
    }
  }
  return out;
};
