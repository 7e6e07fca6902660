// Decides whether two parsed answers are the same mathematical object, shape by
// shape: sets match in any order, tuples and intervals in order with the same
// brackets, matrices cell by cell, relations side by side, leaves by value.
import { compareLeaves, compileLeaf, simplifiesToZero } from './evaluate.ts';
import type { MathValue } from './structure.ts';

export interface EquivalenceOptions {
  /** Relative tolerance for numbers (0.333333 vs 1/3 passes at 1e-6, 0.33 does not). */
  relTol: number;
}

export function equivalent(a: MathValue, b: MathValue, options: EquivalenceOptions): boolean {
  // A one-element set or list is its element: `\{3\}` answers `3`.
  if (a.kind === 'set' && a.items.length === 1 && b.kind !== 'set') return equivalent(a.items[0], b, options);
  if (b.kind === 'set' && b.items.length === 1 && a.kind !== 'set') return equivalent(a, b.items[0], options);

  switch (a.kind) {
    case 'expr':
      return b.kind === 'expr' ? leavesEqual(a, b, options) : false;
    case 'text':
      return textOf(b) !== null && sameText(a.text, textOf(b)!);
    case 'set':
      if (b.kind === 'set') return sameMultiset(a.items, b.items, options);
      // A bare `1, 2` written for the tuple `(1, 2)`.
      if (b.kind === 'bracketed' && !a.braced && b.open === '(' && b.close === ')') return sameSequence(a.items, b.items, options);
      return false;
    case 'bracketed':
      if (b.kind === 'bracketed') return a.open === b.open && a.close === b.close && sameSequence(a.items, b.items, options);
      if (b.kind === 'set' && !b.braced && a.open === '(' && a.close === ')') return sameSequence(a.items, b.items, options);
      if (b.kind === 'matrix') return a.open === '(' && sameSequence(a.items, vectorCells(b) ?? [], options);
      return false;
    case 'union':
      return b.kind === 'union' && sameMultiset(a.parts, b.parts, options);
    case 'matrix':
      if (b.kind === 'bracketed') return equivalent(b, a, options);
      return b.kind === 'matrix' && a.rows.length === b.rows.length &&
        a.rows.every((row, i) => sameSequence(row, b.rows[i], options));
    case 'relation':
      if (b.kind !== 'relation' || a.op !== b.op) return false;
      if (equivalent(a.lhs, b.lhs, options) && equivalent(a.rhs, b.rhs, options)) return true;
      // `=` and `!=` are symmetric; `x + 1 = 2` and `2 = x + 1` are the same statement.
      return (a.op === '=' || a.op === '!=') && equivalent(a.lhs, b.rhs, options) && equivalent(a.rhs, b.lhs, options);
  }
}

function vectorCells(m: Extract<MathValue, { kind: 'matrix' }>): MathValue[] | null {
  if (m.rows.length === 1) return m.rows[0];
  if (m.rows.every((row) => row.length === 1)) return m.rows.map((row) => row[0]);
  return null;
}

function sameSequence(a: MathValue[], b: MathValue[], options: EquivalenceOptions): boolean {
  return a.length === b.length && a.every((item, i) => equivalent(item, b[i], options));
}

/** Every item of one matched with a distinct item of the other. */
function sameMultiset(a: MathValue[], b: MathValue[], options: EquivalenceOptions): boolean {
  if (a.length !== b.length) return false;
  const used = new Array<boolean>(b.length).fill(false);
  return a.every((item) => {
    const index = b.findIndex((other, j) => !used[j] && equivalent(item, other, options));
    if (index < 0) return false;
    used[index] = true;
    return true;
  });
}

function textOf(value: MathValue): string | null {
  if (value.kind === 'text') return value.text;
  if (value.kind === 'expr' && !value.percent) return value.latex;
  return null;
}

function sameText(a: string, b: string): boolean {
  const canonical = (s: string): string => s.toLowerCase().replace(/[\s.,;:!'"`]/g, '');
  return canonical(a) === canonical(b);
}

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

function leavesEqual(
  a: Extract<MathValue, { kind: 'expr' }>,
  b: Extract<MathValue, { kind: 'expr' }>,
  options: EquivalenceOptions,
): boolean {
  if (a.latex === b.latex && a.percent === b.percent) return true;
  // `50\%` may be written for 50 or for 0.5; graders accept both readings.
  const alternativesA = a.percent ? [1, 0.01] : [1];
  const alternativesB = b.percent ? [1, 0.01] : [1];
  if (PLAIN_NUMBER.test(a.latex) && PLAIN_NUMBER.test(b.latex)) {
    const x = Number(a.latex);
    const y = Number(b.latex);
    return alternativesA.some((fa) => alternativesB.some((fb) => numbersClose(x * fa, y * fb, options.relTol)));
  }
  const left = compileLeaf(a.latex);
  const right = compileLeaf(b.latex);
  if (left === null || right === null) return sameText(a.latex, b.latex);
  const verdict = compareLeaves(left, right, options.relTol, alternativesA, alternativesB);
  if (verdict !== 'unknown') return verdict === 'equal';
  return simplifiesToZero(left, right);
}

function numbersClose(x: number, y: number, relTol: number): boolean {
  // `999…9` overflows to Infinity, which a relative tolerance would call close to anything.
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  if (Number.isInteger(x) && Number.isInteger(y) && Math.abs(x) < 2 ** 53 && Math.abs(y) < 2 ** 53) return x === y;
  return Math.abs(x - y) <= Math.max(relTol * Math.max(Math.abs(x), Math.abs(y)), 1e-12);
}
