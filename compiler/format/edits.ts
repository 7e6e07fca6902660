// The smallest edits that turn a text into its formatted form, for a language
// server's `textDocument/formatting`: formatting moves only whitespace, commas
// and the blanks at the end of comments, so the two texts have the same tokens
// and comments in the same order, and only what lies between them changes.
import type { IToken } from 'chevrotain';
import { lexer } from '../../grammar/tokens.ts';
import { commentText, isComma } from './trivia.ts';

/** Replace `text.slice(start, end)` (offsets in UTF-16 code units) with `newText`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

interface Item {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function items(text: string): Item[] {
  const lexed = lexer.tokenize(text);
  const tokens = lexed.tokens.filter((t) => !isComma(t)).map((t) => item(t, t.image));
  const comments = (lexed.groups.comments ?? []).map((c: IToken) => item(c, commentText(c)));
  return [...tokens, ...comments].sort((a, b) => a.start - b.start);
}

const item = (token: IToken, text: string): Item => ({ start: token.startOffset, end: token.startOffset + text.length, text });

/** Whether two texts have the same tokens (commas aside) and comments, in the same order. */
export function sameTokens(a: string, b: string): boolean {
  const x = items(a);
  const y = items(b);
  return x.length === y.length && x.every((item, i) => item.text === y[i].text);
}

/** Edits in order, none overlapping, each as small as the gap between two tokens allows. */
export function minimalEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const from = items(before);
  const to = items(after);
  if (from.length !== to.length || from.some((x, i) => x.text !== to[i].text)) return [trimmed(before, after, 0, before.length, 0, after.length)];
  const edits: TextEdit[] = [];
  for (let i = 0; i <= from.length; i++) {
    const gapStart = i === 0 ? 0 : from[i - 1].end;
    const gapEnd = i === from.length ? before.length : from[i].start;
    const newStart = i === 0 ? 0 : to[i - 1].end;
    const newEnd = i === to.length ? after.length : to[i].start;
    if (before.slice(gapStart, gapEnd) !== after.slice(newStart, newEnd)) edits.push(trimmed(before, after, gapStart, gapEnd, newStart, newEnd));
  }
  return edits;
}

/** One edit replacing `before[start, end)` with `after[newStart, newEnd)`, without their common prefix and suffix. */
function trimmed(before: string, after: string, start: number, end: number, newStart: number, newEnd: number): TextEdit {
  while (start < end && newStart < newEnd && before[start] === after[newStart]) {
    start++;
    newStart++;
  }
  while (start < end && newStart < newEnd && before[end - 1] === after[newEnd - 1]) {
    end--;
    newEnd--;
  }
  return { start, end, newText: after.slice(newStart, newEnd) };
}

/** Applies edits made against `text` (in order, not overlapping). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return out + text.slice(at);
}
