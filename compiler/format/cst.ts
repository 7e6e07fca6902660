// Reading Chevrotain's CST in source order: the parser groups a node's
// children by name, the formatter wants them as written.
import type { CstElement, CstNode, IToken } from 'chevrotain';

type Children = Record<string, CstElement[] | undefined>;

export function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

export function startOf(element: CstElement): number {
  return isToken(element) ? element.startOffset : element.location!.startOffset;
}

/** Every child of a node, tokens and nodes, in source order. */
export function childrenInOrder(node: CstNode): CstElement[] {
  const children = Object.values(node.children as Children).flat().filter((e): e is CstElement => e !== undefined);
  return children.sort((a, b) => startOf(a) - startOf(b));
}

export function tokensNamed(node: CstNode, name: string): IToken[] {
  return ((node.children as Children)[name] ?? []).filter(isToken);
}

export function tokenNamed(node: CstNode, name: string, index = 0): IToken | undefined {
  return tokensNamed(node, name)[index];
}

export function nodesNamed(node: CstNode, name: string): CstNode[] {
  return ((node.children as Children)[name] ?? []).filter((e): e is CstNode => !isToken(e));
}

export function nodeNamed(node: CstNode, name: string, index = 0): CstNode | undefined {
  return nodesNamed(node, name)[index];
}

/** The first token of a node, commas aside (no rule starts with one). */
export function firstToken(node: CstNode): IToken {
  let first: CstElement | undefined;
  for (const list of Object.values(node.children as Children)) {
    const element = list?.[0];
    if (element && (!first || startOf(element) < startOf(first))) first = element;
  }
  if (!first) throw new Error(`formatter: empty syntax node \`${node.name}\``);
  return isToken(first) ? first : firstToken(first);
}

/** Whether a node's text spans several lines of the source. */
export function spansLines(text: string, from: IToken, to: IToken): boolean {
  return text.slice(from.startOffset, to.startOffset).includes('\n');
}
