// How the parser builds its CST: the nodes Chevrotain builds, made smaller, and
// top-level declarations handed to the caller as soon as they are parsed. The
// CST is most of what parsing allocates, and the garbage collector copies what
// of it is still alive when it runs, so the CST's size and lifetime decide much
// of the cost of a check. Two overrides reach into Chevrotain's CST building (as of 11.x):
// cstInvocationStateUpdate and cstFinallyStateUpdate; the syntax, formatter and
// editor tests, which read the CST and its locations, fail if an upgrade changes them.
import { CstParser, type CstNode } from 'chevrotain';

interface Internals {
  CST_STACK: CstNode[];
}

export abstract class CstBuildingParser extends CstParser {
  /**
   * Opens a node as Chevrotain does, with two differences in how V8 stores it.
   * `children` is a plain `{}`, not `Object.create(null)`, which V8 keeps as a
   * hash table of several hundred bytes (no rule or token is named after a
   * property of `Object.prototype`). The offsets start as `undefined`, not NaN,
   * and Chevrotain's own test of an unset offset is `isNaN`, true of both: a
   * field that starts as NaN holds every later offset as a separately allocated
   * number. A node that took no token gets its NaN offsets when it closes.
   */
  protected cstInvocationStateUpdate(fullRuleName: string): void {
    const location = { startOffset: undefined as number | undefined, endOffset: undefined as number | undefined };
    const node = { name: fullRuleName, children: {}, location } as CstNode;
    (this as unknown as Internals).CST_STACK.push(node);
  }

  protected cstFinallyStateUpdate(): void {
    const location = (this as unknown as Internals).CST_STACK.pop()!.location!;
    if (location.startOffset === undefined) {
      location.startOffset = NaN;
      location.endOffset = NaN;
    }
  }

  /** Receives the top-level declarations during one parse (see `ParseOptions` in parser.ts). */
  takeDeclaration: ((node: CstNode) => void) | undefined;

  /**
   * Hands a top-level declaration just parsed to `takeDeclaration`, taking it out
   * of the CST, while the input has had no syntax error: a declaration after
   * one stays in the CST, where the compiler reads the errors in context.
   */
  protected release(declaration: CstNode | undefined): void {
    if (!this.takeDeclaration || !declaration || this.errors.length > 0) return;
    const siblings = (this as unknown as Internals).CST_STACK.at(-1)!.children[declaration.name];
    if (siblings?.at(-1) !== declaration) return;
    siblings.pop();
    this.takeDeclaration(declaration);
  }
}
