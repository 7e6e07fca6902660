// Where each comment and each empty line of the source belongs. The lexer sets
// comments aside (grammar/tokens.ts, group `comments`); here each one is tied
// to a token: a comment that ends a line of code trails the token before it,
// and a comment on a line of its own leads the token after it. Commas are not
// anchors, because the formatter writes its own: a comment after `a,` trails `a`.
import type { IToken } from 'chevrotain';

export interface LeadingComment {
  readonly text: string;
  /** An empty line separates it from what comes before. */
  readonly blankBefore: boolean;
}

export interface TokenTrivia {
  /** Comments on lines of their own just before the token, in order. */
  leading: LeadingComment[];
  /** An empty line comes right before the token (after its leading comments). */
  readonly blankBefore: boolean;
  /** The comment that ends the token's line, if any. */
  trailing: string | undefined;
}

/** A comment's text without trailing blanks: whitespace at the end of a line is not kept. */
export function commentText(comment: IToken): string {
  return comment.image.replace(/[ \t\f\v]+$/, '');
}

export const isComma = (token: IToken) => token.tokenType.name === 'Comma';

export class Trivia {
  private readonly byToken = new Map<number, TokenTrivia>();
  /** Comments after the last token. */
  private readonly atEnd: LeadingComment[];

  constructor(text: string, tokens: readonly IToken[], comments: readonly IToken[]) {
    const anchors = tokens.filter((t) => !isComma(t));
    const items = [...anchors.map((token) => ({ token, comment: false })), ...comments.map((token) => ({ token, comment: true }))]
      .sort((a, b) => a.token.startOffset - b.token.startOffset);
    let previousEnd = 0;
    let previousToken: TokenTrivia | undefined;
    let pending: LeadingComment[] = [];
    for (const { token, comment } of items) {
      const gap = text.slice(previousEnd, token.startOffset);
      // An empty line is one with nothing on it: a line holding only a comma does not count.
      const blankBefore = /\n[ \t\r\f\v]*\n/.test(gap);
      if (comment) {
        if (previousToken && !gap.includes('\n')) previousToken.trailing = commentText(token);
        else pending.push({ text: commentText(token), blankBefore });
        previousToken = undefined;
      } else {
        const trivia: TokenTrivia = { leading: pending, blankBefore, trailing: undefined };
        this.byToken.set(token.startOffset, trivia);
        pending = [];
        previousToken = trivia;
      }
      previousEnd = token.startOffset + token.image.length;
    }
    this.atEnd = pending;
  }

  of(token: IToken): TokenTrivia {
    return this.byToken.get(token.startOffset) ?? { leading: [], blankBefore: false, trailing: undefined };
  }

  /** Removes and returns a token's leading comments, for a caller that places them itself. */
  takeLeading(token: IToken): LeadingComment[] {
    const trivia = this.of(token);
    const leading = trivia.leading;
    trivia.leading = [];
    return leading;
  }

  takeTrailing(token: IToken): string | undefined {
    const trivia = this.of(token);
    const trailing = trivia.trailing;
    trivia.trailing = undefined;
    return trailing;
  }

  /** Comments after the last token of the file. */
  takeEnd(): LeadingComment[] {
    return this.atEnd.splice(0);
  }

  /** Whether every comment has been placed (each is taken exactly once). */
  isEmpty(): boolean {
    if (this.atEnd.length > 0) return false;
    for (const trivia of this.byToken.values()) if (trivia.leading.length > 0 || trivia.trailing !== undefined) return false;
    return true;
  }
}
