// A small layout algebra after Wadler's "A prettier printer" and the doc
// printer of prettier: text, line breaks that print as a space (or nothing)
// when their group fits on the line, groups, indentation, and comments that
// wait for the end of their line.
//
// Two departures from prettier, both for a language without statement
// separators: a comment waiting for the end of the line (`lineSuffix`) is
// written before the next token at the latest, with the token moved to a
// continuation line, so a comment never trades places with code; and
// consecutive line breaks merge, so a break after a comment and the break of
// the enclosing group make one new line, not an empty one.

export type Doc = string | readonly Doc[] | Group | Indent | Line | IfBreak | LineSuffix | LoneWord;

export interface Group {
  readonly kind: 'group';
  readonly contents: Doc;
  /** True when the group cannot be flat: it holds a hard break or a comment, or was asked to break. */
  readonly hard: boolean;
}

export interface Indent {
  readonly kind: 'indent';
  readonly contents: Doc;
}

export interface Line {
  readonly kind: 'line';
  /** What the break prints when its group is flat. */
  readonly flat: '' | ' ';
  /** A break that always breaks, whatever its group. */
  readonly hard: boolean;
  /** When broken, an empty line rather than a new line. Empty lines never pile up, and none starts the output. */
  readonly blank: boolean;
}

export interface IfBreak {
  readonly kind: 'ifBreak';
  readonly broken: Doc;
  readonly flat: Doc;
}

/** A line comment: printed at the end of the current line. */
export interface LineSuffix {
  readonly kind: 'lineSuffix';
  readonly text: string;
}

/**
 * A word that must be alone on its line if it starts one: a keyword such as
 * `stage` used as a value, which at the start of a line followed by more
 * would open a declaration (grammar/recovery.ts).
 */
export interface LoneWord {
  readonly kind: 'loneWord';
  readonly text: string;
}

export function loneWord(text: string): LoneWord {
  return { kind: 'loneWord', text };
}

export const line: Line = { kind: 'line', flat: ' ', hard: false, blank: false };
export const softline: Line = { kind: 'line', flat: '', hard: false, blank: false };
export const hardline: Line = { kind: 'line', flat: ' ', hard: true, blank: false };
export const blankline: Line = { kind: 'line', flat: ' ', hard: true, blank: true };

/** A break that is an empty line when its group breaks, and `flat` otherwise. */
export function blankOr(flat: '' | ' '): Line {
  return { kind: 'line', flat, hard: false, blank: true };
}

export function group(contents: Doc, options: { break?: boolean } = {}): Group {
  return { kind: 'group', contents, hard: options.break === true || hasHardBreak(contents) };
}

export function indent(contents: Doc): Indent {
  return { kind: 'indent', contents };
}

export function ifBreak(broken: Doc, flat: Doc): IfBreak {
  return { kind: 'ifBreak', broken, flat };
}

export function lineSuffix(text: string): LineSuffix {
  return { kind: 'lineSuffix', text };
}

/** Whether a document must break its enclosing groups. Nested groups answer from their own flag, so building a tree costs linear time. */
function hasHardBreak(doc: Doc): boolean {
  if (typeof doc === 'string') return false;
  if (Array.isArray(doc)) return (doc as readonly Doc[]).some(hasHardBreak);
  const node = doc as Exclude<Doc, string | readonly Doc[]>;
  switch (node.kind) {
    case 'group':
      return node.hard;
    case 'indent':
      return hasHardBreak(node.contents);
    case 'line':
      return node.hard;
    case 'ifBreak':
      return hasHardBreak(node.flat);
    case 'lineSuffix':
      return true;
    case 'loneWord':
      return false;
  }
}

/** Whether any text in the document spans several lines (a `"""` string). */
export function hasMultilineText(doc: Doc): boolean {
  if (typeof doc === 'string') return doc.includes('\n');
  if (Array.isArray(doc)) return (doc as readonly Doc[]).some(hasMultilineText);
  const node = doc as Exclude<Doc, string | readonly Doc[]>;
  switch (node.kind) {
    case 'group':
    case 'indent':
      return hasMultilineText(node.contents);
    case 'ifBreak':
      return hasMultilineText(node.broken) || hasMultilineText(node.flat);
    default:
      return false;
  }
}

export interface PrintOptions {
  /** The column a group must fit in to stay flat. */
  readonly width: number;
  /** Spaces per indentation level. */
  readonly indent: number;
}

type Mode = 'flat' | 'break';
type Command = readonly [indentation: number, mode: Mode, doc: Doc];

/** Text that may come between a token and the comment that ends its line. */
const SEPARATOR = ',';

export function print(doc: Doc, options: PrintOptions): string {
  const out: string[] = [];
  let column = 0;
  let written = false;
  let atLineStart = true;
  let pendingIndent = 0;
  let pendingSpace = false;
  let suffix: string | undefined;
  /** The line began with a lone word: what follows goes on the next line. */
  let endLine = false;
  /** Newlines at the end of the output, to merge breaks and keep at most one empty line. */
  let trailingNewlines = 0;

  const write = (text: string) => {
    out.push(text);
    written = true;
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline < 0) column += text.length;
    else column = text.length - lastNewline - 1;
    trailingNewlines = text === '\n' ? trailingNewlines + 1 : text.endsWith('\n') ? 1 : 0;
  };
  const flushSuffix = () => {
    if (suffix === undefined) return;
    const comment = suffix;
    suffix = undefined;
    pendingSpace = false;
    write(' ' + comment);
  };
  const newline = (indentation: number) => {
    flushSuffix();
    endLine = false;
    if (!atLineStart) write('\n');
    atLineStart = true;
    pendingSpace = false;
    pendingIndent = indentation;
  };
  const blank = (indentation: number) => {
    flushSuffix();
    endLine = false;
    if (written) {
      if (!atLineStart) write('\n');
      if (trailingNewlines < 2) write('\n');
    }
    atLineStart = true;
    pendingSpace = false;
    pendingIndent = indentation;
  };
  /** Writes text; returns whether it starts its line. */
  const text = (value: string, indentation: number): boolean => {
    if (value === '') return false;
    // A space is written only once something follows it on its line.
    if (value === ' ') {
      if (!atLineStart) pendingSpace = true;
      return false;
    }
    // A comment waiting for the end of the line goes before the next token, which continues on the next line.
    if ((suffix !== undefined && value !== SEPARATOR) || endLine) newline(indentation + options.indent);
    const startsLine = atLineStart;
    if (atLineStart) {
      if (pendingIndent > 0) write(' '.repeat(pendingIndent));
      atLineStart = false;
    } else if (pendingSpace) write(' ');
    pendingSpace = false;
    write(value);
    return startsLine;
  };
  const currentColumn = () => (atLineStart ? pendingIndent : column + (pendingSpace ? 1 : 0));

  const commands: Command[] = [[0, 'break', doc]];
  while (commands.length > 0) {
    const [indentation, mode, current] = commands.pop()!;
    if (typeof current === 'string') {
      text(current, indentation);
      continue;
    }
    if (Array.isArray(current)) {
      const parts = current as readonly Doc[];
      for (let i = parts.length - 1; i >= 0; i--) commands.push([indentation, mode, parts[i]]);
      continue;
    }
    const node = current as Exclude<Doc, string | readonly Doc[]>;
    switch (node.kind) {
      case 'indent':
        commands.push([indentation + options.indent, mode, node.contents]);
        break;
      case 'group': {
        const flat = !node.hard && (mode === 'flat' || fits([indentation, 'flat', node.contents], commands, options.width - currentColumn()));
        commands.push([indentation, flat ? 'flat' : 'break', node.contents]);
        break;
      }
      case 'line':
        if (mode === 'flat' && !node.hard) {
          if (node.flat === ' ' && !atLineStart) pendingSpace = true;
        } else if (node.blank) blank(indentation);
        else newline(indentation);
        break;
      case 'ifBreak':
        commands.push([indentation, mode, mode === 'break' ? node.broken : node.flat]);
        break;
      case 'lineSuffix':
        if (suffix !== undefined) newline(indentation);
        suffix = node.text;
        break;
      case 'loneWord':
        endLine = text(node.text, indentation);
        break;
    }
  }
  flushSuffix();
  return out.join('');
}

/**
 * Whether `next`, printed flat, and what follows it up to the next line break
 * fit in `width` columns. Text that spans lines fits when its first line does.
 */
function fits(next: Command, rest: readonly Command[], width: number): boolean {
  const commands: Command[] = [next];
  let restIndex = rest.length;
  while (width >= 0) {
    if (commands.length === 0) {
      if (restIndex === 0) return true;
      commands.push(rest[--restIndex]);
      continue;
    }
    const [indentation, mode, current] = commands.pop()!;
    if (typeof current === 'string') {
      const newlineAt = current.indexOf('\n');
      if (newlineAt >= 0) return width - newlineAt >= 0;
      width -= current.length;
      continue;
    }
    if (Array.isArray(current)) {
      const parts = current as readonly Doc[];
      for (let i = parts.length - 1; i >= 0; i--) commands.push([indentation, mode, parts[i]]);
      continue;
    }
    const node = current as Exclude<Doc, string | readonly Doc[]>;
    switch (node.kind) {
      case 'indent':
        commands.push([indentation, mode, node.contents]);
        break;
      case 'group':
        commands.push([indentation, node.hard ? 'break' : mode, node.contents]);
        break;
      case 'line':
        if (mode === 'break' || node.hard) return true;
        width -= node.flat.length;
        break;
      case 'ifBreak':
        commands.push([indentation, mode, mode === 'break' ? node.broken : node.flat]);
        break;
      case 'lineSuffix':
        return true;
      case 'loneWord':
        width -= node.text.length;
        break;
    }
  }
  return false;
}
