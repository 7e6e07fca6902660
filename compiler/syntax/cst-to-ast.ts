// Builds the AST from Chevrotain's CST. A token the parser inserted while
// recovering is treated as missing, so the AST says `null` instead of guessing.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.ts';

type Children = Record<string, CstElement[] | undefined>;

function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

function realToken(token: IToken | undefined): IToken | undefined {
  if (!token || token.isInsertedInRecovery || Number.isNaN(token.startOffset)) return undefined;
  return token;
}

function tokens(node: CstNode, name: string): IToken[] {
  return (node.children as Children)[name]?.filter(isToken).filter((t) => realToken(t)) ?? [];
}

function token(node: CstNode, name: string, index = 0): IToken | undefined {
  return realToken((node.children as Children)[name]?.filter(isToken)[index]);
}

function nodes(node: CstNode, name: string): CstNode[] {
  return ((node.children as Children)[name] ?? []).filter((e): e is CstNode => !isToken(e));
}

function child(node: CstNode, name: string, index = 0): CstNode | undefined {
  return nodes(node, name)[index];
}

function tokenSpan(t: IToken): A.Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

/** The span of a CST node, computed from its real tokens (recovery can leave locations undefined). */
function nodeSpan(node: CstNode): A.Span {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const visit = (n: CstNode) => {
    for (const list of Object.values(n.children as Children)) {
      for (const element of list ?? []) {
        if (isToken(element)) {
          if (!realToken(element)) continue;
          start = Math.min(start, element.startOffset);
          end = Math.max(end, element.startOffset + element.image.length);
        } else {
          visit(element);
        }
      }
    }
  };
  visit(node);
  if (start === Number.POSITIVE_INFINITY) {
    const offset = Number.isFinite(node.location?.startOffset) ? node.location!.startOffset : 0;
    return { start: offset, end: offset };
  }
  return { start, end };
}

function join(a: A.Span, b: A.Span): A.Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

function identifier(t: IToken | undefined): A.Identifier | null {
  return t ? { kind: 'Identifier', name: t.image, span: tokenSpan(t) } : null;
}

export function buildModule(cst: CstNode): A.Module {
  const declarations: A.Declaration[] = [];
  for (const decl of nodes(cst, 'declaration')) {
    const inner = Object.values(decl.children as Children).flat()[0];
    if (!inner || isToken(inner)) continue;
    const built = declaration(inner);
    if (built) declarations.push(built);
  }
  return { kind: 'Module', declarations, span: nodeSpan(cst) };
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
      const steps = nodes(node, 'step').map(step).filter((s): s is A.Step => s !== null);
      return { kind: 'StageDecl', name, input: input ? qualifiedName(input) : null, steps, span };
    }
    case 'curriculumDecl':
      return {
        kind: 'CurriculumDecl', name, span,
        levels: nodes(node, 'levelDecl').map(levelDecl),
        phases: nodes(node, 'phaseDecl').map(phaseDecl),
        properties: nodes(node, 'property').map(property).filter((p): p is A.Property => p !== null),
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
    shares.push({ kind: 'PhaseShare', level, share: value ? expression(value) : null, span: nodeSpan(share) });
  }
  return { kind: 'PhaseDecl', name: identifier(token(node, 'Identifier')), shares, span: nodeSpan(node) };
}

function block(node: CstNode | undefined): A.Property[] {
  if (!node) return [];
  return nodes(node, 'property').map(property).filter((p): p is A.Property => p !== null);
}

function property(node: CstNode): A.Property | null {
  const key = identifier(token(node, 'Name'));
  if (!key) return null;
  const value = child(node, 'expression');
  return { kind: 'Property', key, value: value ? expression(value) : null, span: nodeSpan(node) };
}

function qualifiedName(node: CstNode): A.QualifiedName | null {
  const first = identifier(token(node, 'Identifier', 0));
  const second = identifier(token(node, 'Identifier', 1));
  if (!first) return null;
  if (second) return { kind: 'QualifiedName', module: first, name: second, span: join(first.span, second.span) };
  return { kind: 'QualifiedName', module: null, name: first, span: first.span };
}

// Steps ---------------------------------------------------------------------

function step(node: CstNode): A.Step | null {
  const inner = Object.values(node.children as Children).flat()[0];
  if (!inner || isToken(inner)) return null;
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
      return [{ kind: 'FieldType', name, optional: token(field, 'Question') !== undefined, type: type ? typeExpr(type) : null, span: nodeSpan(field) }];
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
      const inner = child(node, 'conditional') ?? child(node, 'orExpr');
      return inner ? expression(inner) : null;
    }
    case 'conditional': {
      const [condition, then, otherwise] = nodes(node, 'expression').map(expression);
      return { kind: 'Conditional', condition: condition ?? null, then: then ?? null, otherwise: otherwise ?? null, span: nodeSpan(node) };
    }
    case 'orExpr':
      return binaryChain(node, 'andExpr', ['Or']);
    case 'andExpr':
      return binaryChain(node, 'notExpr', ['And']);
    case 'notExpr': {
      const comparison = child(node, 'comparison');
      if (comparison) return expression(comparison);
      const operand = child(node, 'notExpr');
      return { kind: 'UnaryExpr', operator: 'not', operand: operand ? expression(operand) : null, span: nodeSpan(node) };
    }
    case 'comparison':
      return binaryChain(node, 'additive', ['EqEq', 'NotEq', 'LessEq', 'GreaterEq', 'Less', 'Greater']);
    case 'additive':
      return binaryChain(node, 'multiplicative', ['Plus', 'Minus']);
    case 'multiplicative':
      return binaryChain(node, 'unary', ['Star', 'Slash']);
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

/** Folds `a + b - c` left to right; operands and operators are interleaved by offset. */
function binaryChain(node: CstNode, operandRule: string, operatorNames: string[]): A.Expression | null {
  const operands = nodes(node, operandRule);
  const operators = operatorNames.flatMap((name) => tokens(node, name)).sort((a, b) => a.startOffset - b.startOffset);
  let left = operands[0] ? expression(operands[0]) : null;
  if (!left) return null;
  for (let i = 0; i < operators.length; i++) {
    const right = operands[i + 1] ? expression(operands[i + 1]) : null;
    const op = operators[i];
    left = {
      kind: 'BinaryExpr', operator: operatorText[op.tokenType.name], operatorSpan: tokenSpan(op),
      left, right, span: right ? join(left.span, right.span) : join(left.span, tokenSpan(op)),
    };
  }
  return left;
}

function postfix(node: CstNode): A.Expression | null {
  const primaryNode = child(node, 'primary');
  let result = primaryNode ? primary(primaryNode) : null;
  if (!result) return null;
  type Op = { offset: number; apply: (object: A.Expression) => A.Expression };
  const ops: Op[] = [];
  const names = tokens(node, 'Name');
  for (const dot of tokens(node, 'Dot')) {
    const member = names.find((n) => n.startOffset > dot.startOffset);
    ops.push({
      offset: dot.startOffset,
      apply: (object) => ({
        kind: 'MemberAccess', object, member: identifier(member),
        span: join(object.span, member ? tokenSpan(member) : tokenSpan(dot)),
      }),
    });
  }
  for (const list of nodes(node, 'argumentList')) {
    const span = nodeSpan(list);
    ops.push({ offset: span.start, apply: (callee) => ({ kind: 'Call', callee, args: argumentList(list), span: join(callee.span, span) }) });
  }
  const brackets = tokens(node, 'LBracket');
  const closes = tokens(node, 'RBracket');
  const indexes = nodes(node, 'expression');
  brackets.forEach((bracket, i) => {
    const close = closes.find((c) => c.startOffset > bracket.startOffset);
    ops.push({
      offset: bracket.startOffset,
      apply: (object) => ({
        kind: 'IndexAccess', object, index: indexes[i] ? expression(indexes[i]) : null,
        span: join(object.span, close ? tokenSpan(close) : tokenSpan(bracket)),
      }),
    });
  });
  ops.sort((a, b) => a.offset - b.offset);
  for (const op of ops) result = op.apply(result);
  return result;
}

function primary(node: CstNode): A.Expression | null {
  const span = nodeSpan(node);
  const str = child(node, 'stringLiteral');
  if (str) return stringLiteral(str);
  const num = token(node, 'NumberLiteral');
  if (num) return numberToken(num);
  const quantity = token(node, 'Quantity');
  if (quantity) {
    const match = /^(\d+(?:\.\d+)?)(.*)$/.exec(quantity.image)!;
    return { kind: 'QuantityLiteral', value: Number(match[1]), unit: match[2] as A.QuantityUnit, text: quantity.image, span };
  }
  if (token(node, 'True')) return { kind: 'BooleanLiteral', value: true, span };
  if (token(node, 'False')) return { kind: 'BooleanLiteral', value: false, span };
  if (token(node, 'Null')) return { kind: 'NullLiteral', span };
  const ident = identifier(token(node, 'Identifier'));
  if (ident) return { kind: 'Reference', name: ident, span };
  const list = child(node, 'listLiteral');
  if (list) {
    const items = nodes(list, 'expression').map(expression).filter((e): e is A.Expression => e !== null);
    return { kind: 'ListLiteral', items, span };
  }
  const map = child(node, 'block');
  if (map) return { kind: 'MapLiteral', entries: block(map), span };
  const inner = child(node, 'expression');
  return inner ? expression(inner) : null;
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
  if (triple) {
    return { kind: 'StringLiteral', value: dedentTriple(t.image.slice(3, -3)), valueStart: t.startOffset + 3, triple, span: tokenSpan(t) };
  }
  return { kind: 'StringLiteral', value: unescape(t.image.slice(1, -1)), valueStart: t.startOffset + 1, triple, span: tokenSpan(t) };
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '0': '\0' };

function unescape(text: string): string {
  return text.replace(/\\(u\{[0-9a-fA-F]+\}|.)/g, (_, code: string) => {
    if (code.startsWith('u{')) return String.fromCodePoint(parseInt(code.slice(2, -1), 16));
    return escapes[code] ?? code;
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
