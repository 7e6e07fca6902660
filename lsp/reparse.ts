// Reparses only the declarations an edit touched, with the compiler's own parser:
// the declarations before and after the edit are kept from the previous tree
// (those after it shifted by the change in length). The result equals a parse of
// the whole text (test/lsp/reparse.test.ts checks this on random edits); where
// that cannot be guaranteed, more of the file is parsed again.
import type { IToken } from 'chevrotain';
import type * as A from '../compiler/syntax/ast.ts';
import { parseFile, type ParsedFile } from '../compiler/syntax/parse.ts';

/** The part of the old text an edit replaced, and where the replacement ends in the new text. */
export interface TextChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/** The smallest change that turns `before` into `after`: their common prefix and suffix are kept. */
export function changedRange(before: string, after: string): TextChange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let common = 0;
  while (common < shorter - start && before.charCodeAt(before.length - 1 - common) === after.charCodeAt(after.length - 1 - common)) common++;
  return { start, oldEnd: before.length - common, newEnd: after.length - common };
}

/** Parses `text`, reusing the declarations of `previous` (a parse of the same file) that the edit left alone. */
export function reparse(previous: ParsedFile, text: string): ParsedFile {
  const before = previous.text;
  if (before === text) return previous;
  const change = changedRange(before, text);
  const declarations = previous.module.declarations;
  const firstProblem = previous.diagnostics.reduce((min, d) => Math.min(min, d.span.start), Number.POSITIVE_INFINITY);
  const lastProblem = previous.diagnostics.reduce((max, d) => Math.max(max, d.span.end), Number.NEGATIVE_INFINITY);

  // The region starts at the keyword of the last declaration that begins before the edit, so
  // that whatever the edit left after the previous declaration is read as the full parse reads it.
  let first = 0;
  while (first < declarations.length && keywordEnd(before, declarations[first]) < change.start) first++;
  first = Math.max(0, first - 1);
  // A kept declaration must have parsed cleanly: recovery from an error may read past it, and a
  // missing closer is reported at the keyword of the next declaration.
  while (first > 0 && firstProblem <= declarations[first].span.start) first--;
  const regionStart = first === 0 ? 0 : declarations[first].span.start;

  // The region ends before the first declaration that starts a line the edit did not touch.
  let next = first;
  while (next < declarations.length && !startsUntouchedLine(before, declarations[next], change.oldEnd)) next++;
  if (lastProblem >= (declarations[next]?.span.start ?? before.length)) next = declarations.length;
  const delta = text.length - before.length;
  const regionEndOld = next < declarations.length ? declarations[next].span.start : before.length;

  if (next < declarations.length) {
    const region = parseRegion(previous.file, text, regionStart, regionEndOld + delta);
    if (region.diagnostics.length === 0) {
      return assemble(previous, text, first, region, next, regionStart, regionEndOld, delta);
    }
  }
  // The edited declarations do not parse alone: the rest of the file is read again, as recovery may read on.
  const rest = parseRegion(previous.file, text, regionStart, text.length);
  return assemble(previous, text, first, rest, declarations.length, regionStart, before.length, delta);
}

/** The end of the keyword that opens a declaration. */
function keywordEnd(text: string, decl: A.Declaration): number {
  let end = decl.span.start;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end])) end++;
  return end;
}

/** True when `decl` opens its line and the edit ended before that line began. */
function startsUntouchedLine(text: string, decl: A.Declaration, editEnd: number): boolean {
  let lineStart = decl.span.start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  if (lineStart === 0) return false;
  const newline = lineStart - 1;
  if (text[newline] !== '\n' && text[newline] !== '\r') return false;
  return newline >= editEnd;
}

/**
 * Parses `text[start, end)` where it stands: what comes before it becomes blanks with as many line
 * breaks and the same last line's length, so offsets, lines and columns (which the parser's
 * recovery reads) are those of the whole text.
 */
function parseRegion(file: string, text: string, start: number, end: number): ParsedFile {
  const breaks = lineBreaks(text, 0, start);
  let lastLine = start;
  while (lastLine > 0 && text[lastLine - 1] !== '\n' && text[lastLine - 1] !== '\r') lastLine--;
  const column = start - lastLine;
  const blank = ' '.repeat(start - breaks - column) + '\n'.repeat(breaks) + ' '.repeat(column);
  return parseFile(file, blank + text.slice(start, end));
}

function assemble(
  previous: ParsedFile, text: string, first: number, region: ParsedFile, next: number,
  regionStart: number, regionEndOld: number, delta: number,
): ParsedFile {
  const declarations = [
    ...previous.module.declarations.slice(0, first),
    ...region.module.declarations,
    ...previous.module.declarations.slice(next).map((decl) => shifted(decl, delta)),
  ];
  const lineDelta = lineBreaks(text, regionStart, regionEndOld + delta) - lineBreaks(previous.text, regionStart, regionEndOld);
  const comments = [
    ...previous.comments.filter((c) => c.startOffset < regionStart),
    ...region.comments,
    ...previous.comments.filter((c) => c.startOffset >= regionEndOld).map((c) => shiftedToken(c, delta, lineDelta)),
  ];
  return { file: previous.file, text, module: { kind: 'Module', declarations, span: moduleSpan() }, comments, diagnostics: region.diagnostics };

  /** The span of the tokens the module holds, as the parser computes it. */
  function moduleSpan(): A.Span {
    const kept = previous.module.declarations.length - next;
    if (first === 0 && kept === 0) return region.module.span;
    if (kept > 0) return { start: declarations[0].span.start, end: declarations.at(-1)!.span.end };
    // Without tokens, the region's span is empty at 0.
    return { start: declarations[0].span.start, end: region.module.span.end > 0 ? region.module.span.end : declarations[first - 1].span.end };
  }
}

function lineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}

/** Offsets a tree of the syntax by `delta`: spans, operator spans and string value starts. */
function shifted<T>(node: T, delta: number): T {
  return delta === 0 ? node : (shiftedValue(node, delta) as T);
}

// A plain loop: this copies half a large file's tree on every edit that changes its length.
function shiftedValue(value: unknown, delta: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) items[i] = shiftedValue(value[i], delta);
    return items;
  }
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key in source) {
    const inner = source[key];
    if (key === 'span' || key === 'operatorSpan') {
      const span = inner as A.Span;
      copy[key] = { start: span.start + delta, end: span.end + delta };
    } else if (key === 'valueStart') copy[key] = (inner as number) + delta;
    else copy[key] = typeof inner === 'object' && inner !== null ? shiftedValue(inner, delta) : inner;
  }
  return copy;
}

function shiftedToken(token: IToken, delta: number, lineDelta: number): IToken {
  return {
    ...token,
    startOffset: token.startOffset + delta,
    endOffset: token.endOffset === undefined ? undefined : token.endOffset + delta,
    startLine: token.startLine === undefined ? undefined : token.startLine + lineDelta,
    endLine: token.endLine === undefined ? undefined : token.endLine + lineDelta,
  };
}
