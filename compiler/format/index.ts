// `rlr fmt`: one canonical layout for recipes, in the spirit of gofmt. It is
// idempotent, keeps every comment in its place, prints every token exactly as
// written, and has no options but the indentation width. It works on the CST
// and the comments the lexer sets aside, never on the AST, so parentheses,
// literal spellings and comments all survive; and it checks its own output
// parses to the same tree before returning it. A file with syntax errors is
// not formatted: its diagnostics are returned instead.
//
// The layout:
//
// - Indentation is 2 spaces per level (`indent`); lines aim at 100 columns;
//   no line ends in blanks, and the file ends with one line break.
// - Declarations start at column 0. Runs of empty lines become one; there
//   are none at the start of the file. A declaration printed on several lines
//   is set apart by one empty line on each side (above the comments attached
//   to it). One-line declarations (`param`, `import`, `type`, `verifier`,
//   one-line `source`) keep the author's grouping: together, or one empty line
//   apart.
// - A comment that ends a line of code stays at the end of that line (after
//   the comma, when the formatter writes one). A comment on a line of its own
//   stays on a line of its own, before the same code, at that code's
//   indentation; comments right above a declaration stay attached to it.
//   Blanks at the end of a comment are dropped. A comment in the middle of an
//   expression keeps its line, and the expression goes on below it, indented
//   (and if that puts a keyword used as a value, such as `stage`, at the
//   start of a line, what follows the keyword goes on the next one).
// - Declaration blocks (`recipe`, `source`, `model`, `level`, `phase`,
//   `mixture`, `output`, `emit`) and record types hold one `key: value` per
//   line, without commas, unless the block was written on one line and fits:
//   then it stays on one line, `{ count: 10 kinds: ["a"] }` as the recipes
//   write them (phases `{ 1: 70%, 2: 30% }` and record types
//   `{key: type, key?: type}` with commas). A block is thus short by the
//   author's choice, and the formatter never joins lines the author split.
// - Stage and curriculum bodies hold one step, level, phase or property per
//   line. Between entries of any block, one empty line is kept where the
//   source had one or more; none after `{` or before `}`.
// - Argument lists, lists and maps are on one line (`f(a, b: 1)`, `[1, 2]`,
//   `{ a: 1, b: 2 }`) when they fit, otherwise one entry per line, without
//   commas. A comma stays after an entry when the next one starts with `-`,
//   `(`, `[`, `and` or `or`, which would otherwise continue it
//   (`[1, -2]` is not `[1 -2]`). A call or list whose only entry is a string
//   stays on one line however long (`template("…")`, `template("""`), and so
//   does one with an entry that is a keyword such as `stage` (at the start of
//   a line it would open a declaration). A multi-line `"""` string among
//   other entries puts them one per line.
// - One space around binary operators, `=`, `|` and between words; one after
//   `:` and `,`, none before them; none inside `( )`, `[ ]` and record types'
//   `{ }`, one inside the `{ }` of one-line blocks and maps; none in `a.b`,
//   `f(x)`, `a[0]`, `list<T>`, `-x`, `T?`.
// - Other expressions are never broken: a long condition stays on its line,
//   as gofmt leaves long lines alone rather than guess where to cut them.
// - Strings (`"""` strings untouched, across all their lines), numbers and
//   quantities are printed exactly as written.
import { parseRecipe } from '../../grammar/parser.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { parseFile } from '../syntax/parse.ts';
import { minimalEdits, sameTokens, type TextEdit } from './edits.ts';
import { printModule } from './module.ts';
import { treeDifference } from './same-tree.ts';

export type { TextEdit } from './edits.ts';
export { applyEdits } from './edits.ts';

export interface FormatOptions {
  /** Spaces per indentation level (2). */
  readonly indent?: number;
  /** The file name diagnostics carry. */
  readonly file?: string;
}

/** The column the layout aims to stay within. */
export const LINE_WIDTH = 100;

/** The canonical text of a recipe, or the syntax errors that keep it from being formatted. */
export function formatSource(text: string, options: FormatOptions = {}): { text: string } | { error: Diagnostic[] } {
  const file = options.file ?? '';
  const parsed = parseFile(file, text);
  if (parsed.diagnostics.length > 0) return { error: [...parsed.diagnostics] };
  const indent = Math.max(0, Math.floor(options.indent ?? 2));
  const formatted = printModule(text, parseRecipe(text), { width: LINE_WIDTH, indent });
  // A formatter that changed a recipe's meaning would be worse than none.
  const reparsed = parseFile(file, formatted);
  const difference = reparsed.diagnostics.length > 0 ? 'its output does not parse' : treeDifference(parsed.module, reparsed.module);
  if (difference !== undefined) throw new Error(`formatter: the layout changed the syntax tree at ${difference}`);
  if (!sameTokens(text, formatted)) throw new Error('formatter: the layout changed the tokens or comments');
  return { text: formatted };
}

/**
 * The edits that format `text`, smallest first-to-last: each replaces only
 * what differs between two tokens. A text with syntax errors gets none (its
 * diagnostics say why).
 */
export function formatEdits(text: string, options: FormatOptions = {}): TextEdit[] {
  const result = formatSource(text, options);
  return 'error' in result ? [] : minimalEdits(text, result.text);
}
