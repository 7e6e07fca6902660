// Helpers for the parser tests: parse marked text, find declarations, and
// print expressions and types compactly so a test states the tree it expects.
import { expect } from 'vitest';
import { parseFile, type ParsedFile } from '../../compiler/syntax/parse.ts';
import type * as A from '../../compiler/syntax/ast.ts';

export interface MarkedParse extends ParsedFile {
  /** Spans marked `<|like this|>` in the source, in order. */
  readonly spans: ReadonlyArray<A.Span>;
}

/**
 * Strips `<|` and `|>` markers and returns the spans they enclose, in order of
 * their opening marker. Unlike `marked` in test/helpers.ts, markers nest, so a
 * declaration and its name can both be marked.
 */
export function markedNested(source: string): { text: string; spans: A.Span[] } {
  const spans: A.Span[] = [];
  const open: number[] = [];
  let text = '';
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('<|', i)) {
      open.push(spans.length);
      spans.push({ start: text.length, end: -1 });
      i++;
    } else if (source.startsWith('|>', i) && open.length > 0) {
      const index = open.pop()!;
      spans[index] = { start: spans[index].start, end: text.length };
      i++;
    } else text += source[i];
  }
  return { text, spans };
}

/** Parses `source` with its `<|…|>` markers removed. */
export function parseMarked(source: string): MarkedParse {
  const { text, spans } = markedNested(source);
  return { ...parseFile('/r/main.rlr', text), spans };
}

/** Parses text that must be free of syntax errors. */
export function parseClean(source: string): MarkedParse {
  const parsed = parseMarked(source);
  expect(parsed.diagnostics.map((d) => `${d.code} at ${d.span.start}: ${d.message}`)).toEqual([]);
  return parsed;
}

export function only<K extends A.Declaration['kind']>(module: A.Module, kind: K): Extract<A.Declaration, { kind: K }> {
  const found = module.declarations.filter((d) => d.kind === kind);
  expect(found, `one ${kind}`).toHaveLength(1);
  return found[0] as Extract<A.Declaration, { kind: K }>;
}

export function all<K extends A.Declaration['kind']>(module: A.Module, kind: K): Array<Extract<A.Declaration, { kind: K }>> {
  return module.declarations.filter((d) => d.kind === kind) as Array<Extract<A.Declaration, { kind: K }>>;
}

/** The span of a node, without its other fields, to compare with a marked span. */
export function spanOf(node: { readonly span: A.Span } | null | undefined): A.Span | undefined {
  return node ? { start: node.span.start, end: node.span.end } : undefined;
}

export function property(properties: readonly A.Property[], key: string): A.Property {
  const found = properties.find((p) => p.key.name === key);
  expect(found, `property \`${key}\``).toBeDefined();
  return found!;
}

/** An expression as a compact S-expression: `(+ a (* b c))`, `(call f x: 1)`, `[1 2]`. */
export function show(expression: A.Expression | A.AnnotateExpr | null): string {
  if (!expression) return '∅';
  switch (expression.kind) {
    case 'StringLiteral':
      return JSON.stringify(expression.value);
    case 'NumberLiteral':
      return expression.text;
    case 'QuantityLiteral':
      return `${expression.value}${expression.unit}`;
    case 'BooleanLiteral':
      return String(expression.value);
    case 'NullLiteral':
      return 'null';
    case 'ListLiteral':
      return `[${expression.items.map(show).join(' ')}]`;
    case 'MapLiteral':
      return `{${expression.entries.map((e) => `${e.key.name}: ${show(e.value)}`).join(', ')}}`;
    case 'Reference':
      return expression.name.name;
    case 'MemberAccess':
      return `${show(expression.object)}.${expression.member?.name ?? '∅'}`;
    case 'IndexAccess':
      return `${show(expression.object)}[${show(expression.index)}]`;
    case 'Call':
      return `(call ${[show(expression.callee), ...expression.args.map(showArgument)].join(' ')})`;
    case 'UnaryExpr':
      return `(${expression.operator} ${show(expression.operand)})`;
    case 'BinaryExpr':
      return `(${expression.operator} ${show(expression.left)} ${show(expression.right)})`;
    case 'Conditional':
      return `(if ${show(expression.condition)} ${show(expression.then)} ${show(expression.otherwise)})`;
    case 'AnnotateExpr':
      return `(annotate ${[expression.gate?.name ?? '∅', ...expression.args.map(showArgument)].join(' ')})`;
  }
}

export function showArgument(argument: A.Argument): string {
  return argument.name ? `${argument.name.name}: ${show(argument.value)}` : show(argument.value);
}

/** A type as written, normalised: `list<Region>?`, `{a: string, b?: int}`, `enum("x", "y")`. */
export function showType(type: A.TypeExpr | null): string {
  if (!type) return '∅';
  switch (type.kind) {
    case 'NamedType': {
      const name = type.name.module ? `${type.name.module.name}.${type.name.name.name}` : type.name.name.name;
      return type.args.length ? `${name}<${type.args.map(showType).join(', ')}>` : name;
    }
    case 'RecordType':
      return `{${type.fields.map((f) => `${f.name.name}${f.optional ? '?' : ''}: ${showType(f.type)}`).join(', ')}}`;
    case 'EnumType':
      return `enum(${type.members.map((m) => JSON.stringify(m.value)).join(', ')})`;
    case 'OptionalType':
      return `${showType(type.inner)}?`;
    case 'UnionType':
      return type.members.map(showType).join(' | ');
  }
}

/** Parses one expression, written as the value of a verifier declaration. */
export function parseExpression(source: string): { expression: A.Expression | null; spans: ReadonlyArray<A.Span>; parsed: MarkedParse } {
  const parsed = parseClean(`verifier v = ${source}\n`);
  return { expression: only(parsed.module, 'VerifierDecl').value, spans: parsed.spans, parsed };
}
