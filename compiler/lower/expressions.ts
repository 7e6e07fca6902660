// AST expressions to DAG expressions. Parameters are constants: their values
// are substituted, so a parameter change changes exactly the nodes that use it.
import type * as A from '../syntax/ast.ts';
import type { Analyzer } from '../analysis/analyzer.ts';
import type { DeclSymbol } from '../analysis/facts.ts';
import type { DagExpr, Json } from './dag-schema.ts';

export interface LowerContext {
  readonly analysis: Analyzer;
  readonly file: string;
  /** Parameter values by declaring symbol. */
  readonly paramValues: ReadonlyMap<DeclSymbol, Json>;
  /** Whether bare names are fields of the record (inside a stage). */
  readonly inStage: boolean;
}

const quantityFactor: Record<A.QuantityUnit, number> = { ms: 0.001, s: 1, min: 60, h: 3600, px: 1, '%': 0.01 };

function symbolFor(ctx: LowerContext, node: A.Identifier): DeclSymbol | undefined {
  return ctx.analysis.resolutionOf.get(node)?.symbol;
}

/** The constant value of an expression, when it has one (literals, parameters, lists and maps of them). */
export function constantValue(ctx: LowerContext, expr: A.Expression): Json | undefined {
  const lowered = lowerExpression(ctx, expr);
  return isConstant(lowered) ? constantOf(lowered) : undefined;
}

function isConstant(e: DagExpr): boolean {
  if ('lit' in e) return true;
  if ('list' in e) return e.list.every(isConstant);
  if ('record' in e) return Object.values(e.record).every(isConstant);
  return false;
}

function constantOf(e: DagExpr): Json {
  if ('lit' in e) return e.lit;
  if ('list' in e) return e.list.map(constantOf);
  if ('record' in e) return Object.fromEntries(Object.entries(e.record).map(([k, v]) => [k, constantOf(v)]));
  return null;
}

export function lowerExpression(ctx: LowerContext, expr: A.Expression): DagExpr {
  switch (expr.kind) {
    case 'StringLiteral':
      return { lit: expr.value };
    case 'NumberLiteral':
      return { lit: expr.value };
    case 'QuantityLiteral':
      return { lit: Number((expr.value * quantityFactor[expr.unit]).toPrecision(12)) };
    case 'BooleanLiteral':
      return { lit: expr.value };
    case 'NullLiteral':
      return { lit: null };
    case 'ListLiteral':
      return { list: expr.items.map((i) => lowerExpression(ctx, i)) };
    case 'MapLiteral':
      return { record: Object.fromEntries(expr.entries.map((e) => [e.key.name, e.value ? lowerExpression(ctx, e.value) : { lit: null }])) };
    case 'Reference':
      return lowerName(ctx, expr);
    case 'MemberAccess': {
      if (expr.member) {
        const symbol = symbolFor(ctx, expr.member);
        if (symbol) return lowerSymbol(ctx, symbol, expr.member.name);
      }
      return { member: [lowerExpression(ctx, expr.object), expr.member?.name ?? ''] };
    }
    case 'IndexAccess':
      return { index: [lowerExpression(ctx, expr.object), expr.index ? lowerExpression(ctx, expr.index) : { lit: null }] };
    case 'Call':
      return lowerCall(ctx, expr);
    case 'UnaryExpr':
      return { op: expr.operator === '-' ? 'neg' : 'not', args: [expr.operand ? lowerExpression(ctx, expr.operand) : { lit: null }] };
    case 'BinaryExpr':
      return { op: expr.operator, args: [lowerExpression(ctx, expr.left), expr.right ? lowerExpression(ctx, expr.right) : { lit: null }] };
    case 'Conditional':
      return {
        if: [
          expr.condition ? lowerExpression(ctx, expr.condition) : { lit: null },
          expr.then ? lowerExpression(ctx, expr.then) : { lit: null },
          expr.otherwise ? lowerExpression(ctx, expr.otherwise) : { lit: null },
        ],
      };
  }
}

function lowerName(ctx: LowerContext, expr: A.Reference): DagExpr {
  const symbol = symbolFor(ctx, expr.name);
  if (symbol) return lowerSymbol(ctx, symbol, expr.name.name);
  if (ctx.analysis.enumLiterals.has(expr)) return { lit: expr.name.name };
  return ctx.inStage ? { field: expr.name.name } : { lit: expr.name.name };
}

function lowerSymbol(ctx: LowerContext, symbol: DeclSymbol, name: string): DagExpr {
  if (symbol.kind === 'param') return { lit: ctx.paramValues.get(symbol) ?? null };
  if (symbol.kind === 'verifier' || symbol.kind === 'model' || symbol.kind === 'stage' || symbol.kind === 'source') {
    return { lit: name };
  }
  return { lit: name };
}

function lowerCall(ctx: LowerContext, expr: A.Call): DagExpr {
  const callee = expr.callee.kind === 'Reference' ? expr.callee.name.name : expr.callee.kind === 'MemberAccess' ? expr.callee.member?.name ?? '' : '';
  const call = ctx.analysis.callOf.get(expr);
  const args: Record<string, DagExpr> = {};
  if (call) {
    for (const match of call.matches) {
      if (match.arg?.value) args[match.param.name] = lowerExpression(ctx, match.arg.value);
      else if (match.param.default !== undefined) args[match.param.name] = { lit: defaultValue(match.param.type, match.param.default as Json) };
    }
  } else {
    expr.args.forEach((arg, i) => {
      if (arg.value) args[arg.name?.name ?? String(i)] = lowerExpression(ctx, arg.value);
    });
  }
  if (callee === 'template' && args.text && 'lit' in args.text && typeof args.text.lit === 'string') return { template: args.text.lit };
  if (callee === 'env' && args.name && 'lit' in args.name && typeof args.name.lit === 'string') return { env: args.name.lit };
  return { call: callee, args };
}

/** Registry defaults are written in the type's own unit; percentages become fractions like literals do. */
export function defaultValue(type: string, value: Json): Json {
  if (typeof value === 'number' && /^percent\??$/.test(type.trim())) return Number((value / 100).toPrecision(12));
  if (value && typeof value === 'object' && !Array.isArray(value) && type.includes('percent')) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'number' ? Number((v / 100).toPrecision(12)) : v]));
  }
  return value;
}
