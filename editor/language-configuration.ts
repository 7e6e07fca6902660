// VS Code's language configuration for rlr: comments, brackets, auto-closing
// pairs, folding and indentation. The comment marker, the string quotes and the
// word pattern are read from the lexer's tokens.
import * as T from '../grammar/tokens.ts';

export interface AutoClosingPair {
  open: string;
  close: string;
  notIn?: string[];
}

export interface LanguageConfiguration {
  comments: { lineComment: string };
  brackets: Array<[string, string]>;
  autoClosingPairs: AutoClosingPair[];
  autoCloseBefore: string;
  surroundingPairs: Array<[string, string]>;
  folding: { offSide: boolean; markers: { start: string; end: string } };
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: Array<{ beforeText: string; afterText?: string; action: { indent: 'none' | 'indent' | 'outdent' | 'indentOutdent'; appendText?: string } }>;
}

const patternOf = (token: { PATTERN?: unknown; name: string }): string => {
  if (!(token.PATTERN instanceof RegExp)) throw new Error(`token ${token.name} has no regular expression`);
  return token.PATTERN.source;
};

/** The characters a token pattern starts with, e.g. `#` for comments and `"""` for triple strings. */
function literalPrefix(token: { PATTERN?: unknown; name: string }): string {
  const match = /^(?:\\.|[^\\[(.*+?{|^$])+/.exec(patternOf(token));
  if (!match) throw new Error(`token ${token.name} does not start with a literal`);
  return match[0].replace(/\\(.)/g, '$1');
}

export function buildLanguageConfiguration(): LanguageConfiguration {
  const lineComment = literalPrefix(T.Comment);
  const quote = literalPrefix(T.StringLiteral);
  const tripleQuote = literalPrefix(T.TripleString);
  const brackets: Array<[string, string]> = [
    [literalPrefix(T.LBrace), literalPrefix(T.RBrace)],
    [literalPrefix(T.LBracket), literalPrefix(T.RBracket)],
    [literalPrefix(T.LParen), literalPrefix(T.RParen)],
  ];
  const opening = brackets.map(([open]) => `\\${open}`).join('');
  const closing = brackets.map(([, close]) => `\\${close}`).join('');
  const oneLineString = `${quote}(?:[^${quote}\\\\]|\\\\.)*${quote}`;
  return {
    comments: { lineComment },
    brackets,
    autoClosingPairs: [
      ...brackets.map(([open, close]) => ({ open, close })),
      { open: quote, close: quote, notIn: ['string', 'comment'] },
      // Typing the third quote of `"""` closes the block string.
      { open: tripleQuote, close: tripleQuote, notIn: ['string', 'comment'] },
    ],
    autoCloseBefore: ';:.,=}])> \n\t',
    surroundingPairs: [...brackets, [quote, quote]],
    folding: {
      offSide: false,
      markers: { start: `^\\s*${lineComment}\\s*region\\b`, end: `^\\s*${lineComment}\\s*endregion\\b` },
    },
    // A quantity (`500ms`, `20%`) is one word, as is a name.
    wordPattern: `${patternOf(T.Quantity).replace(/\(\?![^)]*\)$/, '')}|${patternOf(T.NumberLiteral).replace(/\(\?![^)]*\)$/, '')}|${patternOf(T.Identifier)}`,
    indentationRules: {
      // A line that opens a bracket it does not close (strings skipped whole); a comment may follow.
      increaseIndentPattern: `^(?:[^${lineComment}"]|${oneLineString})*[${opening}](?:[^${closing}${lineComment}"]|${oneLineString})*(?:${lineComment}.*)?$`,
      decreaseIndentPattern: `^\\s*[${closing}]`,
    },
    onEnterRules: [
      // Enter inside `"""|"""` opens an indented line for the text.
      { beforeText: `${tripleQuote}\\s*$`, afterText: `^\\s*${tripleQuote}`, action: { indent: 'indentOutdent' } },
    ],
  };
}
