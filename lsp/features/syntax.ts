// Walking the compiler's syntax tree by position.
import type * as A from '../../compiler/syntax/ast.ts';

function isNode(value: unknown): value is A.AnyNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'span' in value;
}

/** A node's children, in source order. */
export function childrenOf(node: A.AnyNode): A.AnyNode[] {
  const children: A.AnyNode[] = [];
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) children.push(value);
  }
  return children.sort((a, b) => a.span.start - b.span.start);
}

/** The nodes whose span holds `offset` (the end counts: a cursor just after a name is on it), outermost first. */
export function nodesAt(root: A.AnyNode, offset: number): A.AnyNode[] {
  const path: A.AnyNode[] = [];
  let node: A.AnyNode | undefined = root;
  while (node) {
    path.push(node);
    // The innermost child that holds the offset; of two touching at the offset, the one that starts there
    // loses to one that ends there only when the latter is a name (`name|(`).
    const holding: A.AnyNode[] = childrenOf(node).filter((c) => c.span.start <= offset && offset <= c.span.end && c.span.end > c.span.start);
    node = holding.find((c) => c.kind === 'Identifier') ?? holding.at(-1);
  }
  return path;
}
