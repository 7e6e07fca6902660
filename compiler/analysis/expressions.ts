// Types every expression, resolving names against the fields in scope, the
// file's declarations, imports and the standard library registry.
import type * as A from '../syntax/ast.ts';
import {
  t, type Type, isAssignable, isNumeric, isUnitScalar, isLenient, stripOptional, builtinMembers, recordField,
  bindTypeVars, substitute, commonType,
} from '../types/type.ts';
import { registryType } from '../types/resolve.ts';
import { registry, type ParamSpec } from '../../stdlib/registry/index.ts';
import type { Analyzer } from './analyzer.ts';
import type { CalleeKind, DeclSymbol, ParamMatch, VerifierInfo } from './facts.ts';

/** Where an expression is typed: the file, and the record whose fields are in scope (inside a stage). */
export interface ExprContext {
  readonly file: string;
  readonly fields: Type | null;
  /** The `let` whose whole value is being typed, so model calls can see their declared output type. */
  readonly binding?: A.LetStep;
  /** When typing a verifier position, calls resolve to verifiers first. */
  readonly verifierPosition?: boolean;
}

/** The value a reference to an import alias has: only usable before a `.`. */
const moduleMarker: Type = { kind: 'any' };

function enumMembers(type: Type | undefined): readonly string[] {
  if (!type) return [];
  const base = stripOptional(type);
  if (base.kind === 'enum') return base.members;
  if (base.kind === 'union') return base.members.flatMap((m) => enumMembers(m));
  return [];
}

export function typeExpression(an: Analyzer, expr: A.Expression, ctx: ExprContext, expected?: Type): Type {
  const type = computeType(an, expr, ctx, expected);
  an.types.set(expr, type);
  return type;
}

function computeType(an: Analyzer, expr: A.Expression, ctx: ExprContext, expected?: Type): Type {
  switch (expr.kind) {
    case 'StringLiteral':
      if (enumMembers(expected).includes(expr.value)) return t.enum([expr.value]);
      return t.string;
    case 'NumberLiteral':
      return expr.integer ? t.int : t.float;
    case 'QuantityLiteral':
      return expr.unit === 'px' ? t.pixels : expr.unit === '%' ? t.percent : t.seconds;
    case 'BooleanLiteral':
      return t.bool;
    case 'NullLiteral':
      return t.null;
    case 'ListLiteral':
      return typeList(an, expr, ctx, expected);
    case 'MapLiteral': {
      const expectedRecord = expected && stripOptional(expected).kind === 'record' ? stripOptional(expected) : undefined;
      return t.record(expr.entries.map((entry) => ({
        name: entry.key.name,
        optional: false,
        type: entry.value ? typeExpression(an, entry.value, ctx, expectedRecord ? recordField(expectedRecord, entry.key.name)?.type : undefined) : t.error,
      })));
    }
    case 'Reference':
      return typeReference(an, expr, ctx, expected);
    case 'MemberAccess':
      return typeMember(an, expr, ctx);
    case 'IndexAccess': {
      const object = stripOptional(typeExpression(an, expr.object, ctx));
      if (expr.index) {
        const index = typeExpression(an, expr.index, ctx);
        if (!isAssignable(index, t.int)) an.expectations.push({ file: ctx.file, node: expr.index, what: 'a list index', expected: t.int, found: index });
      }
      if (object.kind === 'list') return object.element;
      if (!isLenient(object)) an.expectations.push({ file: ctx.file, node: expr.object, what: 'indexing', expected: t.list(t.any), found: object });
      return t.error;
    }
    case 'Call':
      return typeCall(an, expr, ctx, expected);
    case 'UnaryExpr': {
      const operand = expr.operand ? typeExpression(an, expr.operand, ctx) : t.error;
      an.binaries.push({ file: ctx.file, node: expr, left: operand, right: null });
      if (expr.operator === 'not') return t.bool;
      return isNumeric(operand) || isUnitScalar(operand) ? operand : t.error;
    }
    case 'BinaryExpr':
      return typeBinary(an, expr, ctx);
    case 'Conditional': {
      if (expr.condition) {
        const condition = typeExpression(an, expr.condition, ctx, t.bool);
        if (!isAssignable(condition, t.bool)) an.expectations.push({ file: ctx.file, node: expr.condition, what: 'the condition of `if`', expected: t.bool, found: condition });
      }
      const then = expr.then ? typeExpression(an, expr.then, ctx, expected) : t.error;
      const otherwise = expr.otherwise ? typeExpression(an, expr.otherwise, ctx, expected ?? then) : t.error;
      if (isAssignable(otherwise, then)) return then;
      if (isAssignable(then, otherwise)) return otherwise;
      return t.union([then, otherwise]);
    }
  }
}

function typeList(an: Analyzer, expr: A.ListLiteral, ctx: ExprContext, expected?: Type): Type {
  const expectedBase = expected ? stripOptional(expected) : undefined;
  const elementExpected = expectedBase?.kind === 'list' ? expectedBase.element : undefined;
  const items = expr.items.map((item) => typeExpression(an, item, ctx, elementExpected));
  if (items.length === 0) return t.list(elementExpected ?? t.any);
  if (elementExpected && items.every((i) => isAssignable(i, elementExpected))) return t.list(elementExpected);
  let element = items[0];
  for (const item of items.slice(1)) {
    if (isAssignable(item, element)) continue;
    if (isAssignable(element, item)) element = item;
    else if (isNumeric(element) && isNumeric(item)) element = t.float;
    else if (element.kind === 'enum' && item.kind === 'enum') element = t.enum([...new Set([...element.members, ...item.members])]);
    else element = t.union([element, item]);
  }
  return t.list(element);
}

function typeReference(an: Analyzer, expr: A.Reference, ctx: ExprContext, expected?: Type): Type {
  const name = expr.name.name;
  const field = ctx.fields ? recordField(ctx.fields, name) : undefined;
  if (field) return field.optional ? t.optional(field.type) : field.type;
  if (enumMembers(expected).includes(name) && !an.scope(ctx.file).symbols.has(name)) {
    an.enumLiterals.add(expr);
    return t.enum([name]);
  }
  const scope = an.scope(ctx.file);
  if (scope.imports.has(name) && !scope.symbols.has(name)) {
    an.use(scope.symbols.get(name) ?? scope.all.find((s) => s.kind === 'import' && s.name === name), expr.name, ctx.file);
    an.moduleRefs.set(expr, scope.imports.get(name));
    return moduleMarker;
  }
  const symbol = scope.symbols.get(name);
  if (symbol) {
    an.use(symbol, expr.name, ctx.file);
    if (symbol.kind === 'import') {
      an.moduleRefs.set(expr, scope.imports.get(name));
      return moduleMarker;
    }
    return an.symbolValueType(symbol);
  }
  // The fields are unknown when the stage's input is: its own diagnostic says why.
  if (ctx.fields && isLenient(ctx.fields)) return t.error;
  const fields = ctx.fields?.kind === 'record' ? ctx.fields.fields.map((f) => f.name) : [];
  const values = [...scope.symbols.values()].filter((s) => valueKinds.has(s.kind)).map((s) => s.name);
  an.unresolved.push({
    file: ctx.file, node: expr.name, role: ctx.fields ? 'field' : 'name',
    candidates: [...fields, ...values, ...enumMembers(expected)],
    fields,
  });
  return t.error;
}

/** Declarations that a bare name in an expression can sensibly mean, offered as suggestions. */
const valueKinds = new Set(['param', 'verifier', 'import']);

function typeMember(an: Analyzer, expr: A.MemberAccess, ctx: ExprContext): Type {
  const objectType = typeExpression(an, expr.object, ctx);
  if (!expr.member) return t.error;
  const member = expr.member.name;
  if (an.moduleRefs.has(expr.object)) {
    const target = an.moduleRefs.get(expr.object);
    if (target === undefined) return t.error; // the unreadable import is reported once, at the import
    const symbol = an.scope(target).symbols.get(member);
    if (!symbol || symbol.kind === 'import') {
      an.unresolved.push({ file: ctx.file, node: expr.member, role: 'name', candidates: [...an.scope(target).symbols.keys()] });
      return t.error;
    }
    an.use(symbol, expr.member, ctx.file);
    return an.symbolValueType(symbol);
  }
  if (isLenient(objectType)) return t.error;
  const base = stripOptional(objectType);
  const optional = base !== objectType;
  const fields = base.kind === 'record' ? base.fields : builtinMembers(base);
  const found = fields?.find((f) => f.name === member);
  if (found) return optional || found.optional ? t.optional(found.type) : found.type;
  an.unresolved.push({
    file: ctx.file, node: expr.member, role: 'member', owner: base,
    candidates: fields?.map((f) => f.name) ?? [],
  });
  return t.error;
}

const betweenTimeBases = '`to_seconds(frames, fps)` or `to_frames(seconds, fps)`';

/** How a plain number gets a unit: only literals and functions that exist in the standard library. */
const numberToUnit: Record<string, string> = {
  seconds: 'a literal with a unit, such as `30s`, or `seconds(x)`',
  pixels: 'a literal with a unit, such as `12px`, or `pixels(x)`',
  percent: 'a literal with a unit, such as `20%`',
  frames: '`to_frames(seconds, fps)`',
};

/** How a value with a unit becomes a plain number. */
const unitToNumber: Record<string, string> = {
  seconds: 'a division by the unit, such as `x / 1s`',
  pixels: 'a division by the unit, such as `x / 1px`',
  percent: '`percent_of(x)`, which gives a number between 0 and 1',
  frames: '`to_seconds(frames, fps)`',
};

/**
 * How to convert between the two types, for the hints of `mixed-units` and of
 * the type mismatches. `from` is the value found, `to` the type expected; an
 * operator passes its two sides, and the usual fix there is to give the plain
 * number a unit.
 */
export function conversionHint(from: Type, to: Type): string {
  if (from.kind !== to.kind && [from.kind, to.kind].every((k) => k === 'seconds' || k === 'frames')) return betweenTimeBases;
  if (isNumeric(from) && isUnitScalar(to)) return numberToUnit[to.kind];
  if (isUnitScalar(from) && isNumeric(to)) return unitToNumber[from.kind];
  return 'one of the conversion functions (`to_seconds`, `to_frames`, `percent_of`, `point_to_px`, `box_to_norm`, …)';
}

function typeBinary(an: Analyzer, expr: A.BinaryExpr, ctx: ExprContext): Type {
  const left = typeExpression(an, expr.left, ctx);
  const right = expr.right ? typeExpression(an, expr.right, ctx, left) : t.error;
  an.binaries.push({ file: ctx.file, node: expr, left, right });
  return binaryResult(expr.operator, left, right);
}

/** The result type of a binary operator; `error` when the operands do not fit (the checks say why). */
export function binaryResult(operator: A.BinaryOperator, left: Type, right: Type): Type {
  const l = stripOptional(left);
  const r = stripOptional(right);
  switch (operator) {
    case 'and':
    case 'or':
      return t.bool;
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return t.bool;
    case '+':
    case '-':
      if (operator === '+' && l.kind === 'string' && r.kind === 'string') return t.string;
      if (operator === '+' && l.kind === 'list' && r.kind === 'list') return l;
      if (isLenient(l) || isLenient(r)) return isLenient(l) ? r : l;
      if (isNumeric(l) && isNumeric(r)) return l.kind === 'int' && r.kind === 'int' ? t.int : t.float;
      if (isUnitScalar(l) && l.kind === r.kind) return l;
      return t.error;
    case '*':
      if (isLenient(l) || isLenient(r)) return isLenient(l) ? r : l;
      if (isNumeric(l) && isNumeric(r)) return l.kind === 'int' && r.kind === 'int' ? t.int : t.float;
      if (isUnitScalar(l) && isNumeric(r)) return l;
      if (isNumeric(l) && isUnitScalar(r)) return r;
      return t.error;
    case '/':
      if (isLenient(l) || isLenient(r)) return isLenient(l) ? r : l;
      if (isNumeric(l) && isNumeric(r)) return t.float;
      if (isUnitScalar(l) && isNumeric(r)) return l;
      if (isUnitScalar(l) && l.kind === r.kind) return t.float;
      return t.error;
  }
}

// Calls -----------------------------------------------------------------------

function calleeName(an: Analyzer, callee: A.Expression): { name: A.Identifier; module?: string | undefined; qualified: boolean } | null {
  if (callee.kind === 'Reference') return { name: callee.name, qualified: false };
  if (callee.kind === 'MemberAccess' && callee.member && an.moduleRefs.has(callee.object)) {
    return { name: callee.member, module: an.moduleRefs.get(callee.object), qualified: true };
  }
  return null;
}

function typeCall(an: Analyzer, expr: A.Call, ctx: ExprContext, expected?: Type): Type {
  if (expr.callee.kind === 'MemberAccess') typeExpression(an, expr.callee.object, ctx);
  const callee = calleeName(an, expr.callee);
  if (!callee) {
    const type = typeExpression(an, expr.callee, ctx);
    if (!isLenient(type)) an.notCallable.push({ file: ctx.file, node: expr.callee, what: 'value' });
    typeArgsLoosely(an, expr.args, ctx);
    return t.error;
  }
  const name = callee.name.name;
  if (callee.qualified) {
    if (callee.module === undefined) {
      typeArgsLoosely(an, expr.args, ctx);
      return t.error;
    }
    const symbol = an.scope(callee.module).symbols.get(name);
    if (!symbol) {
      an.unresolved.push({ file: ctx.file, node: callee.name, role: 'name', candidates: [...an.scope(callee.module).symbols.keys()] });
      typeArgsLoosely(an, expr.args, ctx);
      return t.error;
    }
    return callSymbol(an, expr, symbol, callee.name, ctx);
  }
  const scope = an.scope(ctx.file);
  const symbol = scope.symbols.get(name);
  const verifier = registry.verifiers.get(name);
  const fn = registry.functions.get(name);
  // Only models and verifiers are called by name; a stage or source that shares a standard-library name does not hide it.
  const callable = symbol && (symbol.kind === 'model' || symbol.kind === 'verifier');
  if (symbol && symbol.kind !== 'import' && (callable || (!verifier && !fn))) return callSymbol(an, expr, symbol, callee.name, ctx);
  if (verifier && (ctx.verifierPosition || !fn)) return callVerifier(an, expr, name, ctx).type;
  if (fn) return callFunction(an, expr, fn, ctx, expected);
  if (ctx.fields && recordField(ctx.fields, name)) {
    an.notCallable.push({ file: ctx.file, node: expr.callee, what: 'field' });
    typeArgsLoosely(an, expr.args, ctx);
    return t.error;
  }
  const declared = [...scope.symbols.values()].filter((s) => s.kind === 'verifier' || (!ctx.verifierPosition && s.kind === 'model'));
  an.unresolved.push({
    file: ctx.file, node: callee.name, role: ctx.verifierPosition ? 'verifier' : 'function',
    candidates: [
      ...(ctx.verifierPosition ? [] : registry.functions.keys()), ...registry.verifiers.keys(), ...declared.map((s) => s.name),
    ],
  });
  typeArgsLoosely(an, expr.args, ctx);
  return t.error;
}

function callSymbol(an: Analyzer, expr: A.Call, symbol: DeclSymbol, node: A.Identifier, ctx: ExprContext): Type {
  an.use(symbol, node, ctx.file);
  if (symbol.kind === 'model') return callModel(an, expr, symbol, ctx);
  if (symbol.kind === 'verifier' && expr.args.length === 0) return an.symbolValueType(symbol);
  an.notCallable.push({ file: ctx.file, node: expr.callee, what: symbol.kind === 'param' ? 'parameter' : symbol.kind });
  typeArgsLoosely(an, expr.args, ctx);
  return t.error;
}

function typeArgsLoosely(an: Analyzer, args: readonly A.Argument[], ctx: ExprContext): void {
  for (const arg of args) if (arg.value) typeExpression(an, arg.value, ctx);
}

export interface SignatureParam {
  readonly spec: ParamSpec;
  readonly type: Type;
}

export function signature(params: readonly ParamSpec[], typeVars: readonly string[] = []): SignatureParam[] {
  return params.map((spec) => ({ spec, type: registryType(spec.type, typeVars) }));
}

/** Matches arguments to parameters (positional first, then by name), types each, and records the call. */
export function matchArguments(
  an: Analyzer,
  node: A.Call | A.AnnotateExpr | A.ValidateStep | A.CallStep,
  calleeName: string,
  calleeKind: CalleeKind,
  params: readonly SignatureParam[],
  args: readonly A.Argument[],
  ctx: ExprContext,
  bindings?: Map<string, Type>,
): Map<string, { arg: A.Argument; type: Type }> {
  const byName = new Map<string, { arg: A.Argument; type: Type }>();
  const unknownArgs: A.Argument[] = [];
  const extraPositional: A.Argument[] = [];
  const repeated: Array<{ arg: A.Argument; param: string }> = [];
  let position = 0;
  for (const arg of args) {
    let param: SignatureParam | undefined;
    if (arg.name) {
      param = params.find((p) => p.spec.name === arg.name!.name);
      if (!param) unknownArgs.push(arg);
    } else {
      param = params[position++];
      if (!param) extraPositional.push(arg);
    }
    const expected = param ? (bindings ? substitute(param.type, bindings) : param.type) : undefined;
    const type = arg.value ? typeExpression(an, arg.value, ctx, expected) : t.error;
    if (param && bindings) bindTypeVars(param.type, type, bindings);
    if (param && byName.has(param.spec.name)) repeated.push({ arg, param: param.spec.name });
    else if (param) byName.set(param.spec.name, { arg, type });
  }
  const matches: ParamMatch[] = params.map((p) => {
    const given = byName.get(p.spec.name);
    return {
      param: p.spec,
      expected: bindings ? substitute(p.type, bindings) : p.type,
      arg: given?.arg ?? null,
      found: given?.type ?? null,
    };
  });
  const fact = { file: ctx.file, node, calleeName, calleeKind, matches, unknownArgs, extraPositional, repeated, maxPositional: params.length };
  an.calls.push(fact);
  an.callOf.set(node, fact);
  return byName;
}

function callFunction(an: Analyzer, expr: A.Call, fn: NonNullable<ReturnType<typeof registry.functions.get>>, ctx: ExprContext, _expected?: Type): Type {
  const generics = fn.generics ?? [];
  const bindings = new Map<string, Type>();
  const args = matchArguments(an, expr, fn.name, 'function', signature(fn.params, generics), expr.args, ctx, bindings);
  if (fn.name === 'template') {
    const text = args.get('text');
    if (text?.arg.value?.kind === 'StringLiteral') an.templates.push({ file: ctx.file, literal: text.arg.value, fields: ctx.fields });
  }
  if (fn.name === 'env') an.envCalls.add(expr);
  return substitute(registryType(fn.returns, generics), bindings);
}

function callModel(an: Analyzer, expr: A.Call, symbol: DeclSymbol, ctx: ExprContext): Type {
  const task = an.modelTask(symbol);
  const entry = task ? registry.tasks.get(task) : undefined;
  const binding = ctx.binding && ctx.binding.value === expr ? ctx.binding : null;
  const fact = { file: ctx.file, node: expr, model: symbol.name, task: task ?? '', structured: entry?.structured ?? false, binding };
  an.modelCalls.push(fact);
  an.modelCallOf.set(expr, fact);
  if (!entry) {
    typeArgsLoosely(an, expr.args, ctx);
    return t.error;
  }
  const args = matchArguments(an, expr, symbol.name, 'model', signature(entry.params), expr.args, ctx);
  // A draft checked against a known answer may find no reply that passes: the call gives none.
  if (args.has('truth')) return registryType('string?');
  if (entry.structured && binding?.type) return an.resolveType(binding.type, ctx.file);
  return registryType(entry.returns);
}

/** Types a verifier expression: a declared verifier, or a registry verifier call (combinators take verifiers). */
export function callVerifier(an: Analyzer, expr: A.Call, name: string, ctx: ExprContext): { type: Type; info: VerifierInfo } {
  const entry = registry.verifiers.get(name)!;
  const vctx = { ...ctx, verifierPosition: true };
  if (entry.combinator) {
    const children: VerifierInfo[] = [];
    const childNodes: A.Expression[] = [];
    const named: A.Argument[] = [];
    for (const arg of expr.args) {
      if (arg.name) {
        named.push(arg);
        continue;
      }
      if (!arg.value) continue;
      const info = verifierInfoOf(an, arg.value, vctx);
      if (info) {
        children.push(info);
        childNodes.push(arg.value);
      }
    }
    matchArguments(an, expr, name, 'verifier', signature(entry.params), named, ctx);
    const main = children.find((c) => c.truth.kind !== 'any') ?? children[0];
    // Every verifier combined receives the same ground truth, so it must fit all of them.
    let truth: Type = t.any;
    let checkedBy: VerifierInfo | undefined;
    for (const [index, child] of children.entries()) {
      const common = commonType(truth, child.truth);
      if (common) {
        truth = common;
        if (!isLenient(child.truth) && !checkedBy) checkedBy = child;
        continue;
      }
      an.expectations.push({
        file: ctx.file, node: childNodes[index], what: `a verifier combined by \`${name}\` with \`${checkedBy?.name ?? ''}\``,
        expected: { kind: 'verifier', name: checkedBy?.name ?? name, truth, answer: t.any },
        found: { kind: 'verifier', name: child.name, truth: child.truth, answer: child.answer },
      });
      truth = t.error; // reported here; the stage that emits a truth for it is not checked again
      break;
    }
    const info: VerifierInfo = { name, entry, truth, answer: main?.answer ?? t.any };
    const type: Type = { kind: 'verifier', name, truth: info.truth, answer: info.answer };
    an.verifierInfos.set(expr, info);
    return { type, info };
  }
  matchArguments(an, expr, name, 'verifier', signature(entry.params), expr.args, ctx);
  const info: VerifierInfo = { name, entry, truth: registryType(entry.truth), answer: registryType(entry.answer) };
  an.verifierInfos.set(expr, info);
  return { type: { kind: 'verifier', name, truth: info.truth, answer: info.answer }, info };
}

/** The verifier an expression denotes (a reference to a declaration or a call), or null with a recorded expectation. */
export function verifierInfoOf(an: Analyzer, expr: A.Expression, ctx: ExprContext): VerifierInfo | null {
  const type = typeExpression(an, expr, { ...ctx, verifierPosition: true });
  if (type.kind === 'verifier') return { name: type.name, truth: type.truth, answer: type.answer, entry: registry.verifiers.get(type.name) ?? null };
  if (!isLenient(type)) an.expectations.push({ file: ctx.file, node: expr, what: 'a verifier position', expected: { kind: 'verifier', name: 'verifier', truth: t.any, answer: t.any }, found: type });
  return null;
}
