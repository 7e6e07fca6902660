// Text to AST, with every lexing and parsing error as a diagnostic.
import type { IRecognitionException, IToken } from 'chevrotain';
import { parseRecipe, parseTypeText } from '../../grammar/parser.ts';
import { buildModule, buildType } from './cst-to-ast.ts';
import type { Module, TypeExpr } from './ast.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';

export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly module: Module;
  readonly comments: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

export function parseFile(file: string, text: string): ParsedFile {
  const output = parseRecipe(text);
  const diagnostics: Diagnostic[] = [];
  for (const error of output.lexErrors) {
    diagnostics.push(diagnostic('invalid-character', { file, start: error.offset, end: error.offset + Math.max(1, error.length) }, {
      text: text.substr(error.offset, Math.max(1, error.length)),
    }));
  }
  for (const error of output.parseErrors) diagnostics.push(syntaxError(file, text, error));
  return { file, text, module: buildModule(output.cst), comments: output.comments, diagnostics };
}

/** Registry signatures are trusted text: a malformed one is a bug in rlr, not in a recipe. */
export function parseTypeString(text: string): TypeExpr {
  const output = parseTypeText(text);
  const error = output.lexErrors[0] ?? output.parseErrors[0];
  if (error || output.tokens.length === 0) throw new Error(`malformed type in the standard library registry: ${text}`);
  const type = buildType(output.cst);
  if (!type) throw new Error(`malformed type in the standard library registry: ${text}`);
  return type;
}

function describe(token: IToken): string {
  if (token.tokenType.name === 'EOF') return 'end of file';
  return `\`${token.image.length > 30 ? token.image.slice(0, 30) + '…' : token.image}\``;
}

function syntaxError(file: string, text: string, error: IRecognitionException): Diagnostic {
  const token = error.token;
  let start = token.startOffset;
  let end = token.endOffset === undefined || Number.isNaN(token.endOffset) ? start : token.endOffset + 1;
  if (Number.isNaN(start) || token.tokenType.name === 'EOF') {
    // At end of input, point at the last character so the caret lands on a real line.
    const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
    start = previous && !Number.isNaN(previous.startOffset) ? previous.startOffset + previous.image.length : text.length;
    end = start;
  }
  return diagnostic('syntax-error', { file, start, end }, {
    found: describe(token),
    expected: expectedFrom(error),
  });
}

/** Chevrotain's messages list every alternative; keep a short, readable summary. */
function expectedFrom(error: IRecognitionException): string {
  const message = error.message;
  const single = /Expecting token of type --> (\w+) <--/.exec(message);
  if (single) return tokenDescription(single[1]);
  const options = [...message.matchAll(/\[([^\]]+)\]/g)].flatMap((m) => m[1].split(',').map((s) => s.trim()));
  const names = [...new Set(options.map((o) => tokenDescription(o.split(/\s+/)[0])))];
  if (names.length === 0) return 'a declaration, a step or an expression';
  if (names.length > 5) return `one of ${names.slice(0, 5).join(', ')}, …`;
  return names.length === 1 ? names[0] : `one of ${names.join(', ')}`;
}

const punctuation: Record<string, string> = {
  LBrace: '`{`', RBrace: '`}`', LParen: '`(`', RParen: '`)`', LBracket: '`[`', RBracket: '`]`',
  Colon: '`:`', Comma: '`,`', Equals: '`=`', Dot: '`.`', Less: '`<`', Greater: '`>`', Question: '`?`', Pipe: '`|`',
  Identifier: 'a name', Name: 'a name', StringLiteral: 'a string', TripleString: 'a string', NumberLiteral: 'a number', Quantity: 'a quantity',
};

function tokenDescription(name: string): string {
  return punctuation[name] ?? `\`${name.toLowerCase()}\``;
}
