// The lexer's tokens. The keyword list here is the one source the TextMate
// grammar and the editor's completion are generated from.
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Every name-like token (identifiers and keywords) belongs to this category, so keywords can be property keys. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Name] });

function keyword(word: string): TokenType {
  return createToken({
    name: word[0].toUpperCase() + word.slice(1),
    pattern: new RegExp(`${word}(?![A-Za-z0-9_])`),
    longer_alt: Identifier,
    categories: [Name],
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
export const TripleString = createToken({ name: 'TripleString', pattern: /"""[\s\S]*?"""/, line_breaks: true });
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\n\r]|\\.)*"/ });

export const Arrow = createToken({ name: 'Arrow', pattern: /->/ });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/ });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/ });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=/ });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=/ });
export const Less = createToken({ name: 'Less', pattern: /</ });
export const Greater = createToken({ name: 'Greater', pattern: />/ });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', pattern: /-/ });
export const Star = createToken({ name: 'Star', pattern: /\*/ });
export const Slash = createToken({ name: 'Slash', pattern: /\// });
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
  ...keywordTokens, Name, Identifier,
];

export const lexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
