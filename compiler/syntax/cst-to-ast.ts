// Builds the AST from Chevrotain's CST. A token the parser inserted while
// recovering is treated as missing, so the AST says `null` instead of guessing.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import { isTerminatedString } from '../../grammar/tokens.ts';
import type * as A from './ast.ts';

// Chevrotain groups a node's children by name, and a name is either a token
// type's (capitalised) or a rule's, so each list holds only tokens or only
// nodes: the helpers below index the lists without filtering or copying them.
type Children = Record<string, CstElement[] | undefined>;

const noNodes: readonly CstNode[] = [];
const noTokens: readonly IToken[] = [];

function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

function realToken(token: IToken | undefined): IToken | undefined {
  if (!token || token.isInsertedInRecovery || Number.isNaN(token.startOffset)) return undefined;
  return token;
}

function tokens(node: CstNode, name: string): IToken[] {
  const list = (node.children as Children)[name];
  const real: IToken[] = [];
  if (list) for (const element of list) if (isToken(element) && realToken(element)) real.push(element);
  return real;
}

function token(node: CstNode, name: string, index = 0): IToken | undefined {
  const element = (node.children as Children)[name]?.[index];
  return element && isToken(element) ? realToken(element) : undefined;
}

function nodes(node: CstNode, name: string): readonly CstNode[] {
  return ((node.children as Children)[name] as CstNode[] | undefined) ?? noNodes;
}

function child(node: CstNode, name: string, index = 0): CstNode | undefined {
  return nodes(node, name)[index];
}

function tokenSpan(t: IToken): A.Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

/**
 * The span of a CST node. Chevrotain's full location tracking skips the NaN
 * offsets of inserted tokens, so its location is the span of the real tokens;
 * a node made only of inserted tokens gets an empty span.
 */
function nodeSpan(node: CstNode): A.Span {
  const start = nodeStart(node);
  const location = node.location;
  const end = location && Number.isFinite(location.endOffset) ? location.endOffset! + 1 : start;
  return { start, end: Math.max(start, end) };
}

function nodeStart(node: CstNode): number {
  const location = node.location;
  return location && Number.isFinite(location.startOffset) ? location.startOffset : 0;
}

/** The span of an entry (property, field, share) without the optional comma that ends it. */
function withoutSeparator(node: CstNode): A.Span {
  const span = nodeSpan(node);
  const comma = token(node, 'Comma');
  if (!comma || comma.startOffset + 1 !== span.end) return span;
  let end = span.start;
  for (const element of Object.values(node.children as Children).flat()) {
    if (!element || element === comma) continue;
    end = Math.max(end, isToken(element) ? (realToken(element) ? tokenSpan(element).end : end) : nodeSpan(element).end);
  }
  return { start: span.start, end };
}

function join(a: A.Span, b: A.Span): A.Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

function identifier(t: IToken | undefined): A.Identifier | null {
  return t ? { kind: 'Identifier', name: t.image, span: tokenSpan(t) } : null;
}

/** The child nodes of a CST node in source order (Chevrotain groups children by rule name). */
function childNodesInOrder(node: CstNode): CstNode[] {
  const children: CstNode[] = [];
  for (const list of Object.values(node.children as Children)) {
    if (list) for (const element of list) if (!isToken(element)) children.push(element);
  }
  return children.sort((a, b) => nodeStart(a) - nodeStart(b));
}

/** The module's AST; `before` are the declarations already built from CST taken out of it while parsing. */
export function buildModule(cst: CstNode, before: readonly A.Declaration[] = []): A.Module {
  const declarations = [...before];
  for (const node of childNodesInOrder(cst)) {
    const built = declaration(node);
    if (built) declarations.push(built);
  }
  return { kind: 'Module', declarations, span: nodeSpan(cst) };
}

/** The AST of one top-level declaration. */
export function buildDeclaration(node: CstNode): A.Declaration | null {
  return declaration(node);
}

function declaration(node: CstNode): A.Declaration | null {
  const span = nodeSpan(node);
  const name = identifier(token(node, 'Identifier'));
  switch (node.name) {
    case 'recipeDecl':
      return { kind: 'RecipeDecl', name: identifier(token(node, 'Name')), properties: block(child(node, 'block')), span };
    case 'importDecl': {
      const path = token(node, 'StringLiteral');
      return { kind: 'ImportDecl', path: path ? stringToken(path) : null, alias: name, span };
    }
    case 'paramDecl': {
      const type = child(node, 'typeExpr');
      const value = child(node, 'expression');
      return { kind: 'ParamDecl', name, type: type ? typeExpr(type) : null, defaultValue: value ? expression(value) : null, span };
    }
    case 'typeDecl': {
      const type = child(node, 'typeExpr');
      return { kind: 'TypeDecl', name, type: type ? typeExpr(type) : null, span };
    }
    case 'sourceDecl': {
      const schema = child(node, 'typeExpr');
      return {
        kind: 'SourceDecl', name, schema: schema ? typeExpr(schema) : null,
        sourceKind: identifier(token(node, 'kind')), properties: block(child(node, 'block')), span,
      };
    }
    case 'modelDecl':
      return { kind: 'ModelDecl', name, provider: identifier(token(node, 'provider')), properties: block(child(node, 'block')), span };
    case 'verifierDecl': {
      const value = child(node, 'expression');
      return { kind: 'VerifierDecl', name, value: value ? expression(value) : null, span };
    }
    case 'stageDecl': {
      const input = child(node, 'qualifiedName');
      const steps = childNodesInOrder(node).map(step).filter((s): s is A.Step => s !== null);
      return { kind: 'StageDecl', name, input: input ? qualifiedName(input) : null, steps, span };
    }
    case 'curriculumDecl':
      return {
        kind: 'CurriculumDecl', name, span,
        levels: nodes(node, 'levelDecl').map(levelDecl),
        phases: nodes(node, 'phaseDecl').map(phaseDecl),
        properties: nodes(node, 'curriculumProperty').map(property).filter((p): p is A.Property => p !== null),
      };
    case 'mixtureDecl':
      return { kind: 'MixtureDecl', name, split: identifier(token(node, 'split')), properties: block(child(node, 'block')), span };
    case 'outputDecl':
      return { kind: 'OutputDecl', properties: block(child(node, 'block')), span };
    default:
      return null;
  }
}

function levelDecl(node: CstNode): A.LevelDecl {
  const number = token(node, 'NumberLiteral');
  return {
    kind: 'LevelDecl', span: nodeSpan(node),
    number: number ? numberToken(number) : null,
    name: identifier(token(node, 'Identifier')),
    properties: block(child(node, 'block')),
  };
}

function phaseDecl(node: CstNode): A.PhaseDecl {
  const shares: A.PhaseShare[] = [];
  for (const share of nodes(node, 'phaseShare')) {
    const number = token(share, 'NumberLiteral');
    const name = token(share, 'Identifier');
    const level = number ? numberToken(number) : identifier(name);
    if (!level) continue;
    const value = child(share, 'expression');
    shares.push({ kind: 'PhaseShare', level, share: value ? expression(value) : null, span: withoutSeparator(share) });
  }
  return { kind: 'PhaseDecl', name: identifier(token(node, 'Identifier')), shares, span: nodeSpan(node) };
}

function block(node: CstNode | undefined): A.Property[] {
  if (!node) return [];
  return nodes(node, 'property').map(property).filter((p): p is A.Property => p !== null);
}

function property(node: CstNode): A.Property | null {
  const key = identifier(token(node, 'Name') ?? token(node, 'Identifier'));
  if (!key) return null;
  const value = child(node, 'expression');
  return { kind: 'Property', key, value: value ? expression(value) : null, span: withoutSeparator(node) };
}

function qualifiedName(node: CstNode): A.QualifiedName | null {
  const first = identifier(token(node, 'Identifier', 0));
  const second = identifier(token(node, 'Identifier', 1));
  if (!first) return null;
  if (second) return { kind: 'QualifiedName', module: first, name: second, span: join(first.span, second.span) };
  return { kind: 'QualifiedName', module: null, name: first, span: first.span };
}

// Steps ---------------------------------------------------------------------

function step(inner: CstNode): A.Step | null {
  const span = nodeSpan(inner);
  const name = identifier(token(inner, 'Identifier'));
  switch (inner.name) {
    case 'letStep': {
      const type = child(inner, 'typeExpr');
      const annotate = child(inner, 'annotateExpr');
      const value = child(inner, 'expression');
      return {
        kind: 'LetStep', name, span, type: type ? typeExpr(type) : null,
        value: annotate ? annotateExpr(annotate) : value ? expression(value) : null,
      };
    }
    case 'whereStep': {
      const condition = child(inner, 'expression');
      const reason = child(inner, 'stringLiteral');
      return { kind: 'WhereStep', span, condition: condition ? expression(condition) : null, reason: reason ? stringLiteral(reason) : null };
    }
    case 'explodeStep': {
      const value = child(inner, 'expression');
      return { kind: 'ExplodeStep', span, value: value ? expression(value) : null, name };
    }
    case 'validateStep':
      return { kind: 'ValidateStep', span, gate: name, args: argumentList(child(inner, 'argumentList')) };
    case 'emitStep':
      return { kind: 'EmitStep', span, properties: block(child(inner, 'block')) };
    case 'callStep':
      if (!name) return null;
      return { kind: 'CallStep', span, operator: name, args: argumentList(child(inner, 'argumentList')) };
    default:
      return null;
  }
}

function annotateExpr(node: CstNode): A.AnnotateExpr {
  return {
    kind: 'AnnotateExpr', span: nodeSpan(node),
    gate: identifier(token(node, 'Identifier')),
    args: argumentList(child(node, 'argumentList')),
  };
}

function argumentList(node: CstNode | undefined): A.Argument[] {
  if (!node) return [];
  return nodes(node, 'argument').map((arg) => {
    const value = child(arg, 'expression');
    return {
      kind: 'Argument' as const, span: nodeSpan(arg),
      name: identifier(token(arg, 'Name')),
      value: value ? expression(value) : null,
    };
  });
}

// Types ---------------------------------------------------------------------

/** The AST of a type parsed alone (registry signatures). */
export function buildType(cst: CstNode): A.TypeExpr | null {
  return typeExpr(cst);
}

function typeExpr(node: CstNode): A.TypeExpr | null {
  const members = nodes(node, 'optionalType').map(optionalType).filter((t): t is A.TypeExpr => t !== null);
  if (members.length === 0) return null;
  if (members.length === 1) return members[0];
  return { kind: 'UnionType', members, span: nodeSpan(node) };
}

function optionalType(node: CstNode): A.TypeExpr | null {
  const primary = child(node, 'primaryType');
  const inner = primary ? primaryType(primary) : null;
  if (!inner) return null;
  return token(node, 'Question') ? { kind: 'OptionalType', inner, span: nodeSpan(node) } : inner;
}

function primaryType(node: CstNode): A.TypeExpr | null {
  const record = child(node, 'recordType');
  if (record) {
    const fields = nodes(record, 'fieldType').flatMap((field): A.FieldType[] => {
      const name = identifier(token(field, 'Name'));
      if (!name) return [];
      const type = child(field, 'typeExpr');
      return [{ kind: 'FieldType', name, optional: token(field, 'Question') !== undefined, type: type ? typeExpr(type) : null, span: withoutSeparator(field) }];
    });
    return { kind: 'RecordType', fields, span: nodeSpan(record) };
  }
  const enumNode = child(node, 'enumType');
  if (enumNode) {
    return { kind: 'EnumType', members: nodes(enumNode, 'stringLiteral').map(stringLiteral).filter((s): s is A.StringLiteral => s !== null), span: nodeSpan(enumNode) };
  }
  const named = child(node, 'namedType');
  if (!named) return null;
  const nameNode = child(named, 'qualifiedName');
  const name = nameNode ? qualifiedName(nameNode) : null;
  if (!name) return null;
  const args = nodes(named, 'typeExpr').map(typeExpr).filter((t): t is A.TypeExpr => t !== null);
  return { kind: 'NamedType', name, args, span: nodeSpan(named) };
}

// Expressions ---------------------------------------------------------------

export function expression(node: CstNode): A.Expression | null {
  switch (node.name) {
    case 'expression': {
      const inner = child(node, 'conditional') ?? child(node, 'binary');
      return inner ? expression(inner) : null;
    }
    case 'conditional': {
      const [condition, then, otherwise] = nodes(node, 'expression').map(expression);
      return { kind: 'Conditional', condition: condition ?? null, then: then ?? null, otherwise: otherwise ?? null, span: nodeSpan(node) };
    }
    case 'binary':
      return binary(node);
    case 'unary': {
      const postfixNode = child(node, 'postfix');
      if (postfixNode) return postfix(postfixNode);
      const operand = child(node, 'unary');
      return { kind: 'UnaryExpr', operator: '-', operand: operand ? expression(operand) : null, span: nodeSpan(node) };
    }
    default:
      return null;
  }
}

const operatorText: Record<string, A.BinaryOperator> = {
  Or: 'or', And: 'and', EqEq: '==', NotEq: '!=', LessEq: '<=', GreaterEq: '>=', Less: '<', Greater: '>',
  Plus: '+', Minus: '-', Star: '*', Slash: '/',
};

const precedence: Record<A.BinaryOperator, number> = {
  or: 1, and: 2, '==': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6,
};
/** `not` binds looser than comparisons and tighter than `and`, as in Python. */
const NOT_OPERAND_PRECEDENCE = 4;

interface Operand {
  readonly nots: IToken[];
  readonly value: A.Expression | null;
}

/** Where precedence climbing is in the flat `operand (op operand)*` sequence. */
interface Climb {
  readonly operands: readonly Operand[];
  readonly operators: readonly IToken[];
  /** Index of the next operand. */
  next: number;
  /** Index of the next operator. */
  op: number;
}

/** Precedence climbing over the flat `operand (op operand)*` sequence the parser reads. */
function binary(node: CstNode): A.Expression | null {
  const operandNodes = nodes(node, 'operand');
  const children = node.children as Children;
  // Most expressions are one operand without `not`: nothing to climb.
  if (operandNodes.length === 1 && !children.BinaryOperator && !(operandNodes[0].children as Children).Not) {
    const unaryNode = child(operandNodes[0], 'unary');
    return unaryNode ? expression(unaryNode) : null;
  }
  const operators = tokens(node, 'BinaryOperator');
  const operands = operandNodes.map((o): Operand => {
    const unaryNode = child(o, 'unary');
    return { nots: tokens(o, 'Not'), value: unaryNode ? expression(unaryNode) : null };
  });
  return climb({ operands, operators, next: 0, op: 0 }, 0);
}

function climb(state: Climb, minimum: number): A.Expression | null {
  let left = climbOperand(state);
  while (state.op < state.operators.length) {
    const token = state.operators[state.op];
    const operator = operatorText[token.tokenType.name];
    if (precedence[operator] < minimum) break;
    state.op++;
    const right = climb(state, precedence[operator] + 1);
    if (!left) {
      left = right;
      continue;
    }
    left = {
      kind: 'BinaryExpr', operator, operatorSpan: tokenSpan(token), left, right,
      span: right ? join(left.span, right.span) : join(left.span, tokenSpan(token)),
    };
  }
  return left;
}

function climbOperand(state: Climb): A.Expression | null {
  const current = state.operands[state.next];
  if (!current) return null;
  if (current.nots.length > 0) {
    const not = current.nots.shift()!;
    const inner = climb(state, NOT_OPERAND_PRECEDENCE);
    return { kind: 'UnaryExpr', operator: 'not', operand: inner, span: inner ? join(tokenSpan(not), inner.span) : tokenSpan(not) };
  }
  state.next++;
  return current.value;
}

/** A suffix of a postfix expression: the `index`-th member access, call or index access. */
interface Suffix {
  readonly offset: number;
  readonly kind: 'member' | 'call' | 'index';
  readonly index: number;
}

function postfix(node: CstNode): A.Expression | null {
  const primaryNode = child(node, 'primary');
  let result = primaryNode ? primary(primaryNode) : null;
  if (!result) return null;
  // Each repetition consumed one whole suffix (a token the parser inserted is
  // still in its list), so the i-th `.` goes with the i-th name, the i-th `[`
  // with the i-th index and `]`.
  const children = node.children as Children;
  const dots = (children.Dot ?? noTokens) as readonly IToken[];
  const calls = nodes(node, 'argumentList');
  const brackets = (children.LBracket ?? noTokens) as readonly IToken[];
  if (dots.length + calls.length + brackets.length === 0) return result;
  const suffixes: Suffix[] = [];
  dots.forEach((dot, index) => suffixes.push({ offset: dot.startOffset, kind: 'member', index }));
  calls.forEach((list, index) => suffixes.push({ offset: nodeStart(list), kind: 'call', index }));
  brackets.forEach((bracket, index) => suffixes.push({ offset: bracket.startOffset, kind: 'index', index }));
  suffixes.sort((a, b) => a.offset - b.offset);
  for (const suffix of suffixes) result = applySuffix(node, result, suffix);
  return result;
}

function applySuffix(node: CstNode, object: A.Expression, suffix: Suffix): A.Expression {
  const children = node.children as Children;
  const i = suffix.index;
  switch (suffix.kind) {
    case 'member': {
      const dot = children.Dot![i] as IToken;
      const member = realToken(children.Name?.[i] as IToken | undefined);
      return { kind: 'MemberAccess', object, member: identifier(member), span: join(object.span, member ? tokenSpan(member) : tokenSpan(dot)) };
    }
    case 'call': {
      const list = nodes(node, 'argumentList')[i];
      return { kind: 'Call', callee: object, args: argumentList(list), span: join(object.span, nodeSpan(list)) };
    }
    case 'index': {
      const bracket = children.LBracket![i] as IToken;
      const close = realToken(children.RBracket?.[i] as IToken | undefined);
      const index = nodes(node, 'expression')[i];
      return { kind: 'IndexAccess', object, index: index ? expression(index) : null, span: join(object.span, close ? tokenSpan(close) : tokenSpan(bracket)) };
    }
  }
}

function primary(node: CstNode): A.Expression | null {
  const str = child(node, 'stringLiteral');
  if (str) return stringLiteral(str);
  const num = token(node, 'NumberLiteral');
  if (num) return numberToken(num);
  // A reference is its name alone, so the two share one span.
  const ident = identifier(token(node, 'ValueName'));
  if (ident) return { kind: 'Reference', name: ident, span: ident.span };
  const span = nodeSpan(node);
  const quantity = token(node, 'Quantity');
  if (quantity) {
    const match = /^(\d+(?:\.\d+)?)(.*)$/.exec(quantity.image)!;
    return { kind: 'QuantityLiteral', value: Number(match[1]), unit: match[2] as A.QuantityUnit, text: quantity.image, span };
  }
  if (token(node, 'True')) return { kind: 'BooleanLiteral', value: true, span };
  if (token(node, 'False')) return { kind: 'BooleanLiteral', value: false, span };
  if (token(node, 'Null')) return { kind: 'NullLiteral', span };
  const list = child(node, 'listLiteral');
  if (list) {
    const items = nodes(list, 'expression').map(expression).filter((e): e is A.Expression => e !== null);
    return { kind: 'ListLiteral', items, span };
  }
  const map = child(node, 'block');
  if (map) return { kind: 'MapLiteral', entries: block(map), span };
  // A parenthesised expression has no node of its own; its span takes in the parentheses.
  const inner = child(node, 'expression');
  const value = inner ? expression(inner) : null;
  return value ? { ...value, span } : null;
}

function numberToken(t: IToken): A.NumberLiteral {
  return { kind: 'NumberLiteral', value: Number(t.image), integer: /^\d+$/.test(t.image), text: t.image, span: tokenSpan(t) };
}

function stringLiteral(node: CstNode): A.StringLiteral | null {
  const t = token(node, 'StringLiteral') ?? token(node, 'TripleString');
  return t ? stringToken(t) : null;
}

function stringToken(t: IToken): A.StringLiteral {
  const triple = t.tokenType.name === 'TripleString';
  const quote = triple ? 3 : 1;
  // An unterminated string (reported when parsing) runs to the end of its token.
  const closed = isTerminatedString(t.image);
  const body = t.image.slice(quote, closed ? -quote : undefined);
  return {
    kind: 'StringLiteral', value: triple ? dedentTriple(body) : unescape(body),
    valueStart: t.startOffset + quote, triple, span: tokenSpan(t),
  };
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '0': '\0' };

function unescape(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(u\{[0-9a-fA-F]+\}|.)/g, (whole, code: string) => {
    if (!code.startsWith('u{')) return escapes[code] ?? code;
    const point = parseInt(code.slice(2, -1), 16);
    // Not a code point: kept as written rather than guessed.
    return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
  });
}

/** `"""` strings drop a leading newline and the indentation common to their lines, like Pkl's and Python's dedent. */
function dedentTriple(text: string): string {
  const body = text.startsWith('\n') ? text.slice(1) : text.startsWith('\r\n') ? text.slice(2) : text;
  const lines = body.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join('\n').replace(/\n[ \t]*$/, '');
}
