// How the parser recovers from syntax errors, so that one mistake gives one
// error and the rest of the file still parses. Chevrotain inserts or deletes a
// single token where that fixes the input, and otherwise re-synchronises at a
// token that may follow a rule on the stack. The recipe language has no
// separators between entries and steps, so this base class adds what Chevrotain
// cannot know: where an entry or a declaration begins, how brackets nest, and
// which errors to describe in which words (as data, worded by the compiler).
// Three overrides reach into Chevrotain's recovery internals (as of 11.x):
// canRecoverWithSingleTokenInsertion, findReSyncTokenType and reSyncTo; the
// recovery tests in test/syntax fail if an upgrade changes them.
import { EOF, tokenMatcher, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import { CstBuildingParser } from './cst-builder.ts';
import * as T from './tokens.ts';

/**
 * What the parser expected when it failed, as data: the rule it was in and the
 * token sequences that would have been accepted. Chevrotain stores it as the
 * error's message; compiler/syntax/parse.ts reads it back and words it.
 */
export interface Expectation {
  readonly rule: string;
  /** Token type names of each acceptable sequence; `[["EOF"]]` when the input should have ended. */
  readonly paths: readonly (readonly string[])[];
}

const names = (tokens: readonly TokenType[]) => tokens.map((t) => t.name);
const record = (expectation: Expectation) => JSON.stringify(expectation);

export const expectationRecorder: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) => record({ rule: ruleName, paths: [[expected.name]] }),
  buildNotAllInputParsedMessage: ({ ruleName }) => record({ rule: ruleName, paths: [['EOF']] }),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) => record({ rule: ruleName, paths: expectedPathsPerAlt.flat().map(names) }),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) => record({ rule: ruleName, paths: expectedIterationPaths.map(names) }),
};

/**
 * Rules inside an expression do not re-synchronise on their own: a broken
 * expression abandons the whole entry (property, argument, step), which
 * re-synchronises at the next entry instead of at a `(` or `.` in the debris.
 */
export const withinEntry = { resyncEnabled: false };

const openers = new Set<TokenType>([T.LBrace, T.LParen, T.LBracket]);
const closers = new Set<TokenType>([T.RBrace, T.RParen, T.RBracket]);

/** Keywords that begin a declaration, a step, a level or a phase. */
const openingKeywords = new Set<TokenType>([...T.declarationKeywords, ...T.stepKeywords, T.Level, T.Phase]);

export abstract class RecoveringParser extends CstBuildingParser {
  /**
   * Overrides Chevrotain's (internal) choice between inventing a missing token
   * and dropping an extra one, which always tries inventing first. When the
   * token after the unexpected one is the expected one and what follows it
   * fits, the unexpected token is extra (`stage s s from src`): drop it. When
   * it does not fit, the expected token is missing (`stage from src`).
   */
  protected canRecoverWithSingleTokenInsertion(expected: TokenType, follows: TokenType[]): boolean {
    if (!this.canTokenTypeBeInsertedInRecovery(expected) || follows.length === 0) return false;
    const fits = (token: IToken) => follows.some((type) => tokenMatcher(token, type));
    if (tokenMatcher(this.LA(2), expected) && fits(this.LA(3))) return false;
    return fits(this.LA(1));
  }

  protected override canTokenTypeBeInsertedInRecovery(expected: TokenType): boolean {
    // A missing closing bracket is assumed only where a line ends: in the middle
    // of a line, the debris before the closer is skipped instead.
    if (closers.has(expected)) return this.LA(1).tokenType === EOF || this.LA(0).endLine! < this.LA(1).startLine!;
    return true;
  }

  // Chevrotain re-synchronises at the first token that may follow a rule on
  // the stack. These overrides of its (internal) recovery methods make that
  // token one at the rule's own bracket depth, so recovery never resumes inside
  // a nested `{ … }` and closes the enclosing block too early. A keyword that
  // opens a declaration or a step at the start of a line is always a resync
  // point, so a missing `}` does not swallow what follows.
  private resyncDistance = 0;
  private depthsFor: IToken[] | undefined;
  private depths: number[] = [];

  /** The bracket depth before each token of the input, computed when recovery first needs it. */
  private bracketDepth(token: IToken): number {
    const input = this.input;
    if (this.depthsFor !== input) {
      this.depthsFor = input;
      this.depths = [];
      let depth = 0;
      for (const t of input) {
        this.depths.push(depth);
        if (openers.has(t.tokenType)) depth++;
        else if (closers.has(t.tokenType)) depth--;
      }
      this.depths.push(depth);
    }
    if (token.tokenType === EOF) return Number.NEGATIVE_INFINITY;
    let low = 0;
    let high = input.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (input[middle].startOffset < token.startOffset) low = middle + 1;
      else high = middle;
    }
    return this.depths[low];
  }

  protected findReSyncTokenType(): TokenType {
    const internals = this as unknown as {
      flattenFollowSet(): TokenType[];
      getFollowSetFromFollowKey(key: unknown): TokenType[] | undefined;
      getCurrFollowKey(): unknown;
      CST_STACK: CstNode[];
    };
    // The rule's own follow set first: Chevrotain then checks membership by exact type, not category.
    const follows = [...(internals.getFollowSetFromFollowKey(internals.getCurrFollowKey()) ?? []), ...internals.flattenFollowSet()];
    const ruleStart = internals.CST_STACK[internals.CST_STACK.length - 1]?.location?.startOffset;
    const first = this.LA(1);
    const startDepth = ruleStart !== undefined && Number.isFinite(ruleStart)
      ? this.bracketDepth({ ...first, startOffset: ruleStart })
      : this.bracketDepth(first);
    for (let k = 1; ; k++) {
      const token = this.LA(k);
      if (token.tokenType === EOF) {
        this.resyncDistance = k;
        return EOF;
      }
      if (this.bracketDepth(token) <= startDepth || this.opensConstructAt(k)) {
        const match = follows.find((type) => tokenMatcher(token, type));
        if (match) {
          this.resyncDistance = k;
          return match;
        }
      }
    }
  }

  protected reSyncTo(type: TokenType): IToken[] {
    const skipped: IToken[] = [];
    const known = tokenMatcher(this.LA(this.resyncDistance), type);
    const done = (k: number) => (known ? k >= this.resyncDistance : tokenMatcher(this.LA(1), type));
    for (let k = 1; !done(k) && this.LA(1).tokenType !== EOF; k++) {
      skipped.push(this.LA(1));
      this.SKIP_TOKEN();
    }
    return skipped;
  }

  /**
   * Whether a `key: value` entry starts here. Entries have no separator, so
   * after an error a value can look like a key; an entry is taken to start
   * where a key is followed by `:` (or `?:` in a record type), or at the start
   * of a line, so that recovery resumes at the next real entry.
   */
  protected startsEntry(): boolean {
    const second = this.LA(2).tokenType;
    return second === T.Colon || second === T.Question || (this.LA(0).endLine! < this.LA(1).startLine! && !this.opensConstruct());
  }

  /** True when the next token is an opening keyword at the start of a line, followed on that line by more. */
  protected opensConstruct(): boolean {
    return this.opensConstructAt(1);
  }

  /** Whether the k-th next token is an opening keyword that starts a line and is followed on it by more than a `:`. */
  private opensConstructAt(k: number): boolean {
    const token = this.LA(k);
    if (!openingKeywords.has(token.tokenType)) return false;
    const following = this.LA(k + 1);
    return this.LA(k - 1).endLine! < token.startLine! && following.startLine === token.startLine && following.tokenType !== T.Colon;
  }
}
