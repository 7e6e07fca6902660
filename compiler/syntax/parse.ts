// Text to AST, with every lexing and parsing error as a diagnostic.
import type { CstNode, IRecognitionException, IToken } from 'chevrotain';
import { MAX_NESTING, parseRecipe, parseTypeText, type Expectation } from '../../grammar/parser.ts';
import { isTerminatedString, lexer } from '../../grammar/tokens.ts';
import { buildDeclaration, buildModule, buildType } from './cst-to-ast.ts';
import type { Declaration, Module, TypeExpr } from './ast.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';

export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly module: Module;
  readonly comments: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

export function parseFile(file: string, text: string): ParsedFile {
  try {
    return parseChecked(file, text);
  } catch (error) {
    // Nesting past what MAX_NESTING counts (hundreds of `list<` or `if … else if`) can still
    // exhaust the stack; the file then has no tree, and one error where it nests deepest.
    if (!(error instanceof RangeError)) throw error;
    const deepest = deepestToken(text);
    const span = deepest ? { start: deepest.startOffset, end: deepest.startOffset + deepest.image.length } : { start: 0, end: 0 };
    return {
      file, text, comments: [], module: { kind: 'Module', declarations: [], span: { start: 0, end: text.length } },
      diagnostics: [diagnostic('syntax-error', { file, ...span }, { found: deepest ? describe(deepest) : 'end of file', expected: 'less deeply nested text' })],
    };
  }
}

/** The token where brackets, type arguments and conditionals nest deepest. */
function deepestToken(text: string): IToken | undefined {
  let depth = 0;
  let deepest: { token: IToken; depth: number } | undefined;
  for (const token of lexer.tokenize(text).tokens) {
    const name = token.tokenType.name;
    if (['LParen', 'LBracket', 'LBrace', 'Less', 'If', 'Minus', 'Not'].includes(name)) depth++;
    else if (['RParen', 'RBracket', 'RBrace', 'Greater'].includes(name)) depth--;
    if (!deepest || depth > deepest.depth) deepest = { token, depth };
  }
  return deepest?.token;
}

function parseChecked(file: string, text: string): ParsedFile {
  // Each declaration before the first syntax error becomes AST as soon as it is parsed,
  // so the CST of a whole large file is never alive at once.
  const built: Declaration[] = [];
  const output = parseRecipe(text, {
    takeDeclaration: (node) => {
      const declaration = buildDeclaration(node);
      if (declaration) built.push(declaration);
    },
  });
  const diagnostics: Diagnostic[] = [];
  for (const error of output.lexErrors) {
    const length = Math.max(1, error.length);
    diagnostics.push(diagnostic('invalid-character', { file, start: error.offset, end: error.offset + length }, {
      text: text.slice(error.offset, error.offset + length),
    }));
  }
  // Indexed: until V8 optimises a loop, `for…of` allocates a step object per token, and this one runs once per file.
  for (let i = 0; i < output.tokens.length; i++) {
    const token = output.tokens[i];
    const isString = token.tokenType.name === 'StringLiteral' || token.tokenType.name === 'TripleString';
    if (!isString || isTerminatedString(token.image)) continue;
    // The lexer reads an unterminated string to the end of its line (of the file for `"""`), so
    // the parser sees a string and nothing cascades; the opening quote is what is reported.
    const quote = token.image.startsWith('"""') ? '"""' : '"';
    diagnostics.push(diagnostic('invalid-character', { file, start: token.startOffset, end: token.startOffset + quote.length }, { text: quote }));
  }
  // Past a token nested too deeply the parser read nothing, so what it says about the end of input is moot.
  const parseErrors = output.tooDeep ? output.parseErrors.filter((e) => e.token.tokenType.name !== 'EOF') : output.parseErrors;
  for (const error of withoutCascades(parseErrors, output.cst)) diagnostics.push(syntaxError(file, text, error));
  if (output.tooDeep) {
    const token = output.tooDeep;
    diagnostics.push(diagnostic('syntax-error', { file, start: token.startOffset, end: token.startOffset + token.image.length }, {
      found: describe(token), expected: `at most ${MAX_NESTING} levels of nesting`,
    }));
  }
  return { file, text, module: buildModule(output.cst, built), comments: output.comments, diagnostics };
}

/** Registry signatures are trusted text: a malformed one is a bug in rlr, not in a recipe. */
export function parseTypeString(text: string): TypeExpr {
  const output = parseTypeText(text);
  const error = output.lexErrors[0] ?? output.parseErrors[0];
  if (error || output.tooDeep || output.tokens.length === 0) throw new Error(`malformed type in the standard library registry: ${text}`);
  const type = buildType(output.cst);
  if (!type) throw new Error(`malformed type in the standard library registry: ${text}`);
  return type;
}

/** Tokens the parser must accept after an error before it reports another one (as yacc does). */
const TOKENS_BETWEEN_ERRORS = 3;

/**
 * Drops the errors that follow another one before the parser has accepted a
 * few tokens again: recovery resumes at a guess, and what it trips on next
 * is usually the same mistake, not a second one. Only tokens after the first
 * error count, and the CST keeps all of those (the declarations before it
 * were taken out as they were parsed).
 */
function withoutCascades(errors: readonly IRecognitionException[], cst: CstNode | undefined): IRecognitionException[] {
  if (errors.length < 2) return [...errors];
  const accepted: number[] = [];
  const visit = (node: CstNode) => {
    for (const list of Object.values(node.children)) {
      for (const element of list) {
        if ('image' in element) {
          if (!element.isInsertedInRecovery && Number.isFinite(element.startOffset)) accepted.push(element.startOffset);
        } else visit(element);
      }
    }
  };
  if (cst) visit(cst);
  accepted.sort((a, b) => a - b);
  const acceptedBefore = (offset: number) => {
    let low = 0;
    let high = accepted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (accepted[middle] < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const offsetOf = (error: IRecognitionException) => (Number.isFinite(error.token.startOffset) ? error.token.startOffset : Number.POSITIVE_INFINITY);
  const kept: IRecognitionException[] = [];
  let previous: number | undefined;
  for (const error of [...errors].sort((a, b) => offsetOf(a) - offsetOf(b))) {
    const offset = offsetOf(error);
    // Tokens accepted after the previous error's token and before this one.
    if (previous !== undefined && acceptedBefore(offset) - acceptedBefore(previous + 1) < TOKENS_BETWEEN_ERRORS) continue;
    kept.push(error);
    previous = offset;
  }
  return kept;
}

function describe(token: IToken): string {
  if (token.tokenType.name === 'EOF') return 'end of file';
  const firstLine = token.image.split(/\r?\n/)[0];
  const shown = firstLine.length > 30 ? firstLine.slice(0, 30) + '…' : firstLine !== token.image ? firstLine + '…' : firstLine;
  return `\`${shown}\``;
}

function syntaxError(file: string, text: string, error: IRecognitionException): Diagnostic {
  const token = error.token;
  let start = token.startOffset;
  let end = token.endOffset === undefined || Number.isNaN(token.endOffset) ? start : token.endOffset + 1;
  if (Number.isNaN(start) || token.tokenType.name === 'EOF') {
    // At end of input, point just after the last token so the caret lands on a real line.
    const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
    start = previous && !Number.isNaN(previous.startOffset) ? previous.startOffset + previous.image.length : text.length;
    end = start;
  }
  return diagnostic('syntax-error', { file, start, end }, { found: describe(token), expected: expectedFrom(error) });
}

function readExpectation(error: IRecognitionException): Expectation | undefined {
  try {
    const value = JSON.parse(error.message) as Expectation;
    return typeof value.rule === 'string' && Array.isArray(value.paths) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Rules inside an expression: when none of their alternatives fits, what was missing is an expression. */
const expressionRules = new Set(['expression', 'conditional', 'binary', 'operand', 'unary', 'postfix', 'primary', 'letStep']);

/** What a rule wanted when no alternative fitted, in words. */
const alternativesByRule: Record<string, string> = {
  primaryType: 'a type',
  stringLiteral: 'a string',
  phaseShare: 'a level number or name',
};

/** What a rule wanted when a repetition inside it stopped at a token that does not close it. */
const closersByRule: Record<string, Record<string, string>> = {
  module: { EOF: 'a declaration such as `stage`, `source` or `param`' },
  block: { RBrace: 'a property (`name: value`) or `}`' },
  stageDecl: { RBrace: 'a step (`let`, `where`, `explode`, `validate`, `emit` or an operation) or `}`' },
  curriculumDecl: { RBrace: '`level`, `phase`, a property or `}`' },
  phaseDecl: { RBrace: 'a share such as `1: 50%`, or `}`' },
  recordType: { RBrace: 'a field (`name: type`) or `}`' },
  argumentList: { RParen: 'an argument or `)`' },
  listLiteral: { RBracket: 'an item or `]`' },
  enumType: { RParen: '`,` or `)`' },
  namedType: { Greater: '`,` or `>`' },
  levelDecl: { NumberLiteral: 'a level number' },
};

/** Words for what the parser expected: "an expression", "`}`", "a name", not a list of token types. */
function expectedFrom(error: IRecognitionException): string {
  const expectation = readExpectation(error);
  if (!expectation) return 'a declaration, a step or an expression';
  const { rule, paths } = expectation;
  const firsts = [...new Set(paths.map((path) => path[0]).filter((name): name is string => name !== undefined))];
  if (error.name === 'NoViableAltException' || error.name === 'EarlyExitException') {
    if (expressionRules.has(rule)) return 'an expression';
    if (alternativesByRule[rule]) return alternativesByRule[rule];
  }
  if (firsts.length === 1 && closersByRule[rule]?.[firsts[0]]) return closersByRule[rule][firsts[0]];
  return listOf([...new Set(firsts.map(tokenDescription))]);
}

function listOf(items: readonly string[]): string {
  if (items.length === 0) return 'a declaration, a step or an expression';
  if (items.length === 1) return items[0];
  const shown = items.slice(0, 4);
  const last = items.length > 4 ? '…' : shown.pop()!;
  return `${shown.join(', ')} or ${last}`;
}

const descriptions: Record<string, string> = {
  LBrace: '`{`', RBrace: '`}`', LParen: '`(`', RParen: '`)`', LBracket: '`[`', RBracket: '`]`',
  Colon: '`:`', Comma: '`,`', Equals: '`=`', Dot: '`.`', Less: '`<`', Greater: '`>`', Question: '`?`', Pipe: '`|`',
  Arrow: '`->`', EqEq: '`==`', NotEq: '`!=`', LessEq: '`<=`', GreaterEq: '`>=`', Plus: '`+`', Minus: '`-`', Star: '`*`', Slash: '`/`',
  BinaryOperator: 'an operator', Identifier: 'a name', Name: 'a name', ValueName: 'a name',
  StringLiteral: 'a string', TripleString: 'a string', NumberLiteral: 'a number', Quantity: 'a quantity such as `30s`',
  EOF: 'the end of the file',
};

function tokenDescription(name: string): string {
  // The remaining token types are keywords, named after their word.
  return descriptions[name] ?? `\`${name.toLowerCase()}\``;
}
