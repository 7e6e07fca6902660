// The lexer's tokens. The keyword list here is the one source the TextMate
// grammar and the editor's completion are generated from.
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';

/** Every name-like token (identifiers and keywords) belongs to this category, so keywords can be property keys. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
/** Names usable as a value in an expression: identifiers and the keywords that cannot start or join an expression. */
export const ValueName = createToken({ name: 'ValueName', pattern: Lexer.NA });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Name, ValueName] });

/** Every binary operator belongs to this category, so the parser reads `a op b op c` flat and precedence is applied when the AST is built. */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });

const expressionWords = new Set(['if', 'then', 'else', 'and', 'or', 'not', 'true', 'false', 'null']);
const binaryWords = new Set(['and', 'or']);

function keyword(word: string): TokenType {
  return createToken({
    name: word[0].toUpperCase() + word.slice(1),
    pattern: new RegExp(`${word}(?![A-Za-z0-9_])`),
    longer_alt: Identifier,
    // Other keywords may stand as enum values (`by: stage`, `group: source`).
    categories: binaryWords.has(word) ? [Name, BinaryOperator] : expressionWords.has(word) ? [Name] : [Name, ValueName],
  });
}

export const Recipe = keyword('recipe');
export const Import = keyword('import');
export const As = keyword('as');
export const Param = keyword('param');
export const Type = keyword('type');
export const Source = keyword('source');
export const Model = keyword('model');
export const Verifier = keyword('verifier');
export const Stage = keyword('stage');
export const From = keyword('from');
export const Let = keyword('let');
export const Where = keyword('where');
export const Else = keyword('else');
export const Explode = keyword('explode');
export const Annotate = keyword('annotate');
export const Validate = keyword('validate');
export const Emit = keyword('emit');
export const Curriculum = keyword('curriculum');
export const Level = keyword('level');
export const Phase = keyword('phase');
export const Mixture = keyword('mixture');
export const For = keyword('for');
export const Output = keyword('output');
export const If = keyword('if');
export const Then = keyword('then');
export const And = keyword('and');
export const Or = keyword('or');
export const Not = keyword('not');
export const True = keyword('true');
export const False = keyword('false');
export const Null = keyword('null');

/** Keywords that open a top-level declaration. */
export const declarationKeywords = [Recipe, Import, Param, Type, Source, Model, Verifier, Stage, Curriculum, Mixture, Output];
/** Keywords that open a pipeline step inside a stage. */
export const stepKeywords = [Let, Where, Explode, Validate, Emit];
export const otherKeywords = [As, From, Else, Annotate, Level, Phase, For, If, Then, And, Or, Not, True, False, Null];
export const keywordTokens = [...declarationKeywords, ...stepKeywords, ...otherKeywords];
export const keywords: readonly string[] = keywordTokens.map((token) => String(token.PATTERN).slice(1).split('(')[0]);

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: 'comments' });

/** A number with a unit: durations (`30s`, `500ms`, `2min`, `1h`), pixels (`12px`), percentages (`20%`). */
export const Quantity = createToken({ name: 'Quantity', pattern: /\d+(?:\.\d+)?(?:ms|min|px|s|h|%)(?![A-Za-z0-9_])/ });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![A-Za-z_])/ });
// An unterminated string still lexes as a string, to the end of its line (or,
// for `"""`, of the file): the compiler reports it once and the parser goes on.
export const TripleString = createToken({ name: 'TripleString', pattern: /"""[\s\S]*?(?:"""|(?![\s\S]))/, line_breaks: true });
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\n\r]|\\[^\n\r]?)*"?/ });

/** True when a string token has its closing quotes. */
export function isTerminatedString(image: string): boolean {
  if (image.startsWith('"""')) return image.length >= 6 && image.endsWith('"""');
  return /^"(?:[^"\\\n\r]|\\.)*"$/.test(image);
}

export const Arrow = createToken({ name: 'Arrow', pattern: /->/ });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/, categories: [BinaryOperator] });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/, categories: [BinaryOperator] });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=/, categories: [BinaryOperator] });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=/, categories: [BinaryOperator] });
export const Less = createToken({ name: 'Less', pattern: /</, categories: [BinaryOperator] });
export const Greater = createToken({ name: 'Greater', pattern: />/, categories: [BinaryOperator] });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, categories: [BinaryOperator] });
export const Minus = createToken({ name: 'Minus', pattern: /-/, categories: [BinaryOperator] });
export const Star = createToken({ name: 'Star', pattern: /\*/, categories: [BinaryOperator] });
export const Slash = createToken({ name: 'Slash', pattern: /\//, categories: [BinaryOperator] });
export const Question = createToken({ name: 'Question', pattern: /\?/ });
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });

export const allTokens: TokenType[] = [
  WhiteSpace, Comment,
  TripleString, StringLiteral, Quantity, NumberLiteral,
  Arrow, EqEq, NotEq, LessEq, GreaterEq, Less, Greater, Equals,
  Plus, Minus, Star, Slash, Question, Pipe, Colon, Comma, Dot,
  LBrace, RBrace, LParen, RParen, LBracket, RBracket,
  ...keywordTokens, Name, ValueName, BinaryOperator, Identifier,
];

// Full positions: error recovery (grammar/recovery.ts) reads line numbers to tell where an entry starts.
// Optimisations ensured: a pattern that kept the lexer from choosing candidates by first character fails here.
export const lexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: true });

/**
 * Makes each token as Chevrotain's lexer does with full positions (its internal
 * `createTokenInstance`, as of 11.x), with the same fields in another order.
 * Chevrotain's own tokens with that order include its end-of-input token, whose
 * positions are NaN, so V8 stores every position of every token of that shape
 * as a separate boxed number: six extra allocations per token. The token type
 * comes first here, so lexed tokens get a shape of their own with plain integers.
 */
function lexedToken(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType, startLine: number, startColumn: number, imageLength: number): IToken {
  return {
    tokenType, tokenTypeIdx, image,
    startOffset, endOffset: startOffset + imageLength - 1,
    startLine, endLine: startLine,
    startColumn, endColumn: startColumn + imageLength - 1,
  };
}
(lexer as unknown as { createTokenInstance: typeof lexedToken }).createTokenInstance = lexedToken;
