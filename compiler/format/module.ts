// A whole file: each declaration printed on its own, then joined with the
// rules for empty lines between declarations and the comments among them.
import type { CstNode } from 'chevrotain';
import type { ParseOutput } from '../../grammar/parser.ts';
import { print, type PrintOptions } from './doc.ts';
import { firstToken, isToken } from './cst.ts';
import { Layout } from './layout.ts';
import { Trivia } from './trivia.ts';

interface Line {
  readonly text: string;
  /** An empty line comes before it. */
  readonly blankBefore: boolean;
  /** A declaration printed on more than one line. */
  readonly multiline: boolean;
}

export function printModule(text: string, parsed: ParseOutput, options: PrintOptions): string {
  const trivia = new Trivia(text, parsed.tokens, parsed.comments);
  const layout = new Layout(text, trivia);
  const items: Line[] = [];
  const declarations = Object.values(parsed.cst.children).flat()
    .filter((e): e is CstNode => !isToken(e))
    .sort((a, b) => a.location!.startOffset - b.location!.startOffset);
  for (const node of declarations) {
    const first = firstToken(node);
    const comments = trivia.takeLeading(first);
    const blankBefore = trivia.of(first).blankBefore;
    const printed = print(layout.declaration(node), options);
    const multiline = printed.includes('\n');
    // The comments right above a declaration, with no empty line between, belong to it:
    // the empty line that sets a multi-line declaration apart goes above them.
    let attachedFrom = comments.length;
    if (!blankBefore) {
      attachedFrom = 0;
      for (let j = comments.length - 1; j >= 0; j--) {
        if (comments[j].blankBefore) {
          attachedFrom = j;
          break;
        }
      }
    }
    comments.forEach((c, j) => items.push({ text: c.text, blankBefore: c.blankBefore || (multiline && j === attachedFrom), multiline: false }));
    items.push({ text: printed, blankBefore: blankBefore || (multiline && attachedFrom === comments.length), multiline });
  }
  for (const c of trivia.takeEnd()) items.push({ text: c.text, blankBefore: c.blankBefore, multiline: false });
  if (!trivia.isEmpty()) throw new Error('formatter: a comment was not placed');
  let out = '';
  items.forEach((item, i) => {
    if (i > 0) out += item.blankBefore || items[i - 1].multiline ? '\n\n' : '\n';
    out += item.text;
  });
  return items.length > 0 ? out + '\n' : '';
}
