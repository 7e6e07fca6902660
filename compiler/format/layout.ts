// The canonical layout of each grammar rule, as a document (doc.ts) built from
// the CST, so that every token is printed exactly as written and every comment
// (trivia.ts) is placed beside the token it belongs to. The rules themselves
// are listed in index.ts.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import * as D from './doc.ts';
import { childrenInOrder, firstToken, isToken, nodeNamed, nodesNamed, spansLines, tokenNamed } from './cst.ts';
import { isComma, type LeadingComment, type Trivia } from './trivia.ts';
import { declarationKeywords, Level, Phase, stepKeywords } from '../../grammar/tokens.ts';

type Doc = D.Doc;

/** One entry of a bracketed sequence: a property, a step, an argument, a list item, a field. */
interface Entry {
  readonly doc: Doc;
  readonly first: IToken;
  /** The comments on lines of their own before the entry. */
  readonly comments: readonly LeadingComment[];
  /** A lone string literal, which a call or list keeps hugged: `template("…")`. */
  readonly loneString: boolean;
  /** A value that starts with a keyword such as `stage`, which must not start a line. */
  readonly keywordFirst: boolean;
}

/** How a bracketed sequence is laid out. */
interface Shape {
  /**
   * When it breaks into one entry per line: `always`; `as-written`, when it
   * was not written on one line or does not fit; `to-fit`, when it does not fit.
   */
  readonly rule: 'always' | 'as-written' | 'to-fit';
  /** `{ a: 1 }` rather than `{a: 1}` on one line. */
  readonly padded: boolean;
  /** Entries on one line are separated by `, ` rather than a space. */
  readonly commas: boolean;
}

const shapes = {
  /** Stage and curriculum bodies. */
  body: { rule: 'always', padded: true, commas: false },
  /** `recipe`, `source`, `model`, `level`, `mixture`, `output` and `emit` blocks: `{ count: 10 kinds: ["a"] }`, as the recipes write them. */
  declarationBlock: { rule: 'as-written', padded: true, commas: false },
  phase: { rule: 'as-written', padded: true, commas: true },
  recordType: { rule: 'as-written', padded: false, commas: true },
  map: { rule: 'to-fit', padded: true, commas: true },
  list: { rule: 'to-fit', padded: false, commas: true },
} as const satisfies Record<string, Shape>;

/**
 * Tokens that would continue the entry before them if nothing separated them
 * (`[1, -2]` is not `[1 -2]`, nor `{ a: x, or: y }` `{ a: x or: y }`): an
 * entry followed by one that starts with one of these keeps its comma, in
 * every layout.
 */
const continuesPrevious = new Set(['Minus', 'LParen', 'LBracket', 'And', 'Or']);

/**
 * Keywords that open a construct where they start a line followed by more
 * (grammar/recovery.ts): as a value (`by: stage`) they must not start a line,
 * so a list or call with such an entry is never broken.
 */
const openingKeywords = new Set([...declarationKeywords, ...stepKeywords, Level, Phase].map((t) => t.name));

/** Children that follow the previous one without a space: `name: value`, `name?: type`, `call(args)`. */
const attached = new Set(['Colon', 'Question', 'argumentList']);

export class Layout {
  constructor(private readonly text: string, private readonly trivia: Trivia) {}

  /** A token as written (or as `printed`), with the comments the caller did not place itself. */
  token(token: IToken, printed: Doc = token.image): Doc {
    const leading = this.trivia.takeLeading(token);
    const trailing = this.trivia.takeTrailing(token);
    const parts: Doc[] = [];
    // A comment inside an expression: it keeps its line, and the code goes on, indented, below it.
    if (leading.length > 0) parts.push(D.indent([...leading.flatMap((c) => [D.hardline, c.text]), D.hardline]));
    parts.push(printed);
    if (trailing !== undefined) parts.push(D.lineSuffix(trailing));
    return parts;
  }

  /** A declaration, without the comments before it (the module places those). */
  declaration(node: CstNode): Doc {
    switch (node.name) {
      case 'stageDecl':
        return this.stage(node);
      case 'curriculumDecl':
        return this.curriculum(node);
      case 'phaseDecl':
        return this.phase(node);
      default:
        return this.words(node);
    }
  }

  /** A rule printed as its children separated by single spaces (commas, which are optional, are left out). */
  private words(node: CstNode): Doc {
    const parts: Doc[] = [];
    let first = true;
    for (const child of childrenInOrder(node)) {
      if (isToken(child) && isComma(child)) continue;
      const name = isToken(child) ? child.tokenType.name : child.name;
      if (!first && !attached.has(name)) parts.push(' ');
      first = false;
      parts.push(this.element(child));
    }
    return parts;
  }

  private element(element: CstElement): Doc {
    return isToken(element) ? this.token(element) : this.node(element);
  }

  private node(node: CstNode): Doc {
    switch (node.name) {
      case 'block':
        return this.block(node, shapes.declarationBlock);
      case 'argumentList':
        return this.sequence(node, 'LParen', nodesNamed(node, 'argument'), 'RParen', shapes.list);
      case 'qualifiedName':
        return childrenInOrder(node).map((child) => this.element(child));
      case 'typeExpr':
        return this.union(node);
      case 'expression':
      case 'unary':
      case 'stringLiteral':
        return childrenInOrder(node).map((child) => this.element(child));
      case 'binary':
        return this.binary(node);
      case 'operand':
        return this.words(node);
      case 'postfix':
        return this.postfix(node);
      case 'primary':
        return this.primary(node);
      case 'levelDecl':
      case 'phaseDecl':
        return this.declaration(node);
      default:
        // Declarations, steps, entries and the rest: words separated by spaces.
        return this.words(node);
    }
  }

  private block(node: CstNode, shape: Shape): Doc {
    return this.sequence(node, 'LBrace', nodesNamed(node, 'property'), 'RBrace', shape);
  }

  private stage(node: CstNode): Doc {
    const steps = childrenInOrder(node).filter((c): c is CstNode => !isToken(c) && c.name !== 'qualifiedName');
    const header = (['Stage', 'Identifier', 'From'] as const).flatMap((name) => [this.token(tokenNamed(node, name)!), ' ']);
    return [...header, this.node(nodeNamed(node, 'qualifiedName')!), ' ', this.sequence(node, 'LBrace', steps, 'RBrace', shapes.body)];
  }

  private curriculum(node: CstNode): Doc {
    const entries = childrenInOrder(node).filter((c): c is CstNode => !isToken(c));
    const header = (['Curriculum', 'Identifier'] as const).flatMap((name) => [this.token(tokenNamed(node, name)!), ' ']);
    return [...header, this.sequence(node, 'LBrace', entries, 'RBrace', shapes.body)];
  }

  private phase(node: CstNode): Doc {
    const header = (['Phase', 'Identifier'] as const).flatMap((name) => [this.token(tokenNamed(node, name)!), ' ']);
    return [...header, this.sequence(node, 'LBrace', nodesNamed(node, 'phaseShare'), 'RBrace', shapes.phase)];
  }

  /**
   * `open entry entry … close`: on one line (`{ a: 1, b: 2 }`, `(a, b)`,
   * `{ a: 1 b: 2 }`) or one entry per line, indented, without commas. Comments on lines of their
   * own, and single empty lines, are kept between entries.
   */
  private sequence(node: CstNode, openName: string, children: readonly CstNode[], closeName: string, shape: Shape): Doc {
    const open = tokenNamed(node, openName)!;
    const close = tokenNamed(node, closeName)!;
    const entries = children.map((child) => this.entry(child));
    const dangling = this.trivia.takeLeading(close);
    // A comment after the closing bracket ends the line after the sequence; it does not break it.
    const closeComment = this.trivia.takeTrailing(close);
    const after = closeComment === undefined ? [] : [D.lineSuffix(closeComment)];
    const openComment = this.trivia.of(open).trailing !== undefined;
    const mustBreak = dangling.length > 0 || openComment || entries.some((e) => e.comments.length > 0 || D.group(e.doc).hard);
    const openDoc = this.token(open);
    if (!mustBreak && entries.length === 0) return [openDoc, this.token(close), after];
    if (shape.rule === 'to-fit' && !mustBreak && (
      (entries.length === 1 && entries[0].loneString) || entries.some((e) => e.keywordFirst)
    )) {
      return [openDoc, entries.map((e, i) => (i === 0 ? e.doc : [', ', e.doc])), this.token(close), after];
    }
    const edge = shape.padded ? D.line : D.softline;
    const body: Doc[] = [];
    entries.forEach((entry, i) => {
      const blankBefore = this.trivia.of(entry.first).blankBefore;
      if (entry.comments.length > 0) {
        entry.comments.forEach((c, j) => body.push(i === 0 && j === 0 ? D.hardline : c.blankBefore ? D.blankline : D.hardline, c.text));
        body.push(blankBefore ? D.blankline : D.hardline);
      } else body.push(i === 0 ? edge : blankBefore ? D.blankOr(' ') : D.line);
      body.push(entry.doc);
      const next = entries[i + 1];
      if (next) body.push(continuesPrevious.has(next.first.tokenType.name) ? ',' : shape.commas ? D.ifBreak('', ',') : '');
    });
    dangling.forEach((c, j) => body.push(entries.length === 0 && j === 0 ? D.hardline : c.blankBefore ? D.blankline : D.hardline, c.text));
    const broken = shape.rule === 'always'
      || (shape.rule === 'as-written' && spansLines(this.text, open, close))
      // A `"""` string that is not the only entry gets a line of its own.
      || (shape.rule === 'to-fit' && entries.some((e) => D.hasMultilineText(e.doc)) && !(entries.length === 1 && entries[0].loneString));
    return [D.group([openDoc, D.indent(body), dangling.length > 0 ? D.hardline : edge, this.token(close)], { break: broken }), after];
  }

  private entry(node: CstNode): Entry {
    const first = firstToken(node);
    // Taken before the entry is built, which would otherwise print them inline.
    const comments = this.trivia.takeLeading(first);
    const doc = node.name === 'expression' ? this.node(node) : this.declaration(node);
    const isValue = node.name === 'expression' || (node.name === 'argument' && !tokenNamed(node, 'Name'));
    return { doc, first, comments, loneString: isLoneString(node), keywordFirst: isValue && openingKeywords.has(first.tokenType.name) };
  }

  // Types ---------------------------------------------------------------------

  private union(node: CstNode): Doc {
    const parts: Doc[] = [];
    for (const child of childrenInOrder(node)) {
      if (isToken(child)) parts.push(' ', this.token(child), ' ');
      else parts.push(this.optionalType(child));
    }
    return parts;
  }

  private optionalType(node: CstNode): Doc {
    const primary = nodeNamed(node, 'primaryType')!;
    const question = tokenNamed(node, 'Question');
    const inner = nodeNamed(primary, 'recordType') ?? nodeNamed(primary, 'enumType') ?? nodeNamed(primary, 'namedType')!;
    const doc = inner.name === 'recordType'
      ? this.sequence(inner, 'LBrace', nodesNamed(inner, 'fieldType'), 'RBrace', shapes.recordType)
      : this.tight(inner);
    return question ? [doc, this.token(question)] : doc;
  }

  /** `list<T, U>`, `enum("a", "b")`: no spaces but after commas, which these rules require. */
  private tight(node: CstNode): Doc {
    return childrenInOrder(node).map((child) => {
      if (isToken(child)) return isComma(child) ? [this.token(child), ' '] : this.token(child);
      return child.name === 'typeExpr' ? this.union(child) : this.node(child);
    });
  }

  // Expressions ---------------------------------------------------------------

  /** `a + b * c`: one space around every binary operator. Long expressions are not broken. */
  private binary(node: CstNode): Doc {
    return childrenInOrder(node).map((child) => (isToken(child) ? [' ', this.token(child), ' '] : this.node(child)));
  }

  /** `a.b`, `f(x)`, `a[0]`: suffixes follow without spaces. */
  private postfix(node: CstNode): Doc {
    return childrenInOrder(node).map((child) => this.element(child));
  }

  private primary(node: CstNode): Doc {
    const map = nodeNamed(node, 'block');
    if (map) return this.block(map, shapes.map);
    const list = nodeNamed(node, 'listLiteral');
    if (list) return this.sequence(list, 'LBracket', nodesNamed(list, 'expression'), 'RBracket', shapes.list);
    const word = tokenNamed(node, 'ValueName');
    // `stage` as a value: should a comment put it at the start of a line, what follows goes to the next.
    if (word && openingKeywords.has(word.tokenType.name)) return this.token(word, D.loneWord(word.image));
    return childrenInOrder(node).map((child) => this.element(child));
  }
}

/** An entry that is one string literal, unnamed: `"text"` as an argument or a list item. */
function isLoneString(node: CstNode): boolean {
  let current: CstNode = node;
  if (current.name === 'argument') {
    if (tokenNamed(current, 'Name')) return false;
    current = nodeNamed(current, 'expression')!;
  }
  if (current.name !== 'expression') return false;
  const path = ['binary', 'operand', 'unary', 'postfix', 'primary', 'stringLiteral'];
  for (const name of path) {
    const children = childrenInOrder(current);
    if (children.length !== 1 || isToken(children[0]) || children[0].name !== name) return false;
    current = children[0];
  }
  return true;
}
