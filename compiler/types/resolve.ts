// Type expressions (written in recipes or in the registry) to types.
import type * as A from '../syntax/ast.ts';
import { t, type Type, type Space, type TimeBase } from './type.ts';
import { parseTypeString } from '../syntax/parse.ts';

/** Looks up a named type that is not built in: a `type` alias, possibly from an imported module. */
export type AliasLookup = (name: A.QualifiedName) => Type | undefined;

export interface TypeProblem {
  readonly span: A.Span;
  readonly name: string;
  readonly reason: 'unknown' | 'arguments';
  readonly expected?: string;
}

export function resolveTypeExpr(
  expr: A.TypeExpr,
  lookup: AliasLookup,
  problems: TypeProblem[] = [],
  typeVars: readonly string[] = [],
): Type {
  const go = (e: A.TypeExpr): Type => resolveTypeExpr(e, lookup, problems, typeVars);
  switch (expr.kind) {
    case 'OptionalType':
      return t.optional(go(expr.inner));
    case 'UnionType':
      return t.union(expr.members.map(go));
    case 'EnumType':
      return t.enum(expr.members.map((m) => m.value));
    case 'RecordType':
      return t.record(expr.fields.map((f) => ({ name: f.name.name, optional: f.optional, type: f.type ? go(f.type) : t.error })));
    case 'NamedType':
      return named(expr, lookup, problems, typeVars, go);
  }
}

const spaces: Record<string, Space> = { px: 'px', norm: 'norm' };
const timeBases: Record<string, TimeBase> = { s: 's', frames: 'frames' };

function argName(arg: A.TypeExpr | undefined): string | undefined {
  return arg?.kind === 'NamedType' && !arg.name.module && arg.args.length === 0 ? arg.name.name.name : undefined;
}

function named(
  expr: A.NamedType,
  lookup: AliasLookup,
  problems: TypeProblem[],
  typeVars: readonly string[],
  go: (e: A.TypeExpr) => Type,
): Type {
  const name = expr.name.module ? undefined : expr.name.name.name;
  const bad = (expected: string): Type => {
    problems.push({ span: expr.span, name: name ?? expr.name.name.name, reason: 'arguments', expected });
    return t.error;
  };
  const noArgs = (type: Type): Type => (expr.args.length ? bad(name!) : type);
  switch (name) {
    case 'string': case 'int': case 'float': case 'bool': case 'seconds': case 'frames': case 'pixels':
    case 'percent': case 'image': case 'audio': case 'video': case 'mask': case 'any':
      return noArgs(t[name]);
    case 'point':
    case 'box': {
      const space = spaces[argName(expr.args[0]) ?? ''];
      return expr.args.length === 1 && space ? (name === 'point' ? t.point(space) : t.box(space)) : bad(`${name}<px> or ${name}<norm>`);
    }
    case 'segment': {
      const time = timeBases[argName(expr.args[0]) ?? ''];
      return expr.args.length === 1 && time ? t.segment(time) : bad('segment<s> or segment<frames>');
    }
    case 'list':
      return expr.args.length === 1 ? t.list(go(expr.args[0])) : bad('list<T>');
    default:
      break;
  }
  if (name && typeVars.includes(name)) return { kind: 'typevar', name };
  const alias = lookup(expr.name);
  if (alias) return expr.args.length ? bad(expr.name.name.name) : alias;
  problems.push({ span: expr.name.span, name: expr.name.name.name, reason: 'unknown' });
  return t.error;
}

const registryTypes = new Map<string, Type>();

/** Parses a registry signature such as `list<{label: string, box: box<px>}>`, once. */
export function registryType(text: string, typeVars: readonly string[] = []): Type {
  const key = `${typeVars.join(',')}|${text}`;
  let type = registryTypes.get(key);
  if (!type) {
    const problems: TypeProblem[] = [];
    type = resolveTypeExpr(parseTypeString(text), () => undefined, problems, typeVars);
    if (problems.length) throw new Error(`registry type \`${text}\`: unknown type \`${problems[0].name}\``);
    registryTypes.set(key, type);
  }
  return type;
}
