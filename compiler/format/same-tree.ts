// The formatter's guard: the text it prints must parse to the tree it read.
// Compared without positions, and without recursion, since a flat chain of
// thousands of operators makes a tree as deep as it is long.
import type { Module } from '../syntax/ast.ts';

/** Fields that say where a node is, not what it is. */
const positional = new Set(['span', 'operatorSpan', 'valueStart']);

/** The path to the first difference between two syntax trees, ignoring positions; undefined when they are the same. */
export function treeDifference(a: Module, b: Module): string | undefined {
  const stack: Array<[unknown, unknown, string]> = [[a, b, 'module']];
  while (stack.length > 0) {
    const [x, y, path] = stack.pop()!;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      return path;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return path;
    const keys = Object.keys(x).filter((k) => !positional.has(k));
    const otherKeys = Object.keys(y).filter((k) => !positional.has(k));
    if (keys.length !== otherKeys.length) return path;
    for (const key of keys) {
      if (!Object.hasOwn(y, key)) return `${path}.${key}`;
      stack.push([(x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], `${path}.${key}`]);
    }
  }
  return undefined;
}
