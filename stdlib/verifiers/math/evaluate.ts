// Numeric and symbolic evaluation of expression leaves with mathjs. Two
// expressions are taken as equal when they agree at fixed pseudo-random points
// (fast, and the standard test for polynomial and rational identities), and
// when the points cannot decide, when mathjs simplifies their difference to 0.
import { createRequire } from 'node:module';
import type { EvalFunction, MathJsInstance, MathNode } from 'mathjs';
import { latexToMathjs, VARIABLE_PREFIX } from './latex-to-mathjs.ts';

let instance: MathJsInstance | null = null;

/**
 * mathjs, loaded on first use from its single-file bundle: the ESM build is a
 * thousand small modules that take seconds to load, and most scores (plain
 * numbers, letters, points) never need it.
 */
function mathjs(): MathJsInstance {
  if (instance === null) {
    const bundle = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof import('mathjs');
    instance = bundle.create(bundle.all);
  }
  return instance;
}

interface CompiledLeaf {
  source: string;
  code: EvalFunction;
  variables: string[];
}

const CACHE_LIMIT = 20_000;
/** Truths repeat across the rollouts of one prompt, so compiled leaves are cached by source. */
const cache = new Map<string, CompiledLeaf | null>();

export function compileLeaf(latex: string): CompiledLeaf | null {
  const hit = cache.get(latex);
  if (hit !== undefined) return hit;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  let compiled: CompiledLeaf | null = null;
  const source = latex.length <= 500 ? latexToMathjs(latex) : null;
  if (source !== null) {
    try {
      const node: MathNode = mathjs().parse(source);
      const variables = new Set<string>();
      node.traverse((child) => {
        if (child.type === 'SymbolNode') {
          const name = (child as MathNode & { name: string }).name;
          if (name.startsWith(VARIABLE_PREFIX)) variables.add(name);
        }
      });
      compiled = { source, code: node.compile(), variables: [...variables].sort() };
    } catch {
      compiled = null;
    }
  }
  cache.set(latex, compiled);
  return compiled;
}

export interface Complex { re: number; im: number }

function toComplex(value: unknown): Complex | null {
  if (typeof value === 'number') return { re: value, im: 0 };
  if (value !== null && typeof value === 'object' && 're' in value && 'im' in value) {
    const { re, im } = value as { re: unknown; im: unknown };
    if (typeof re === 'number' && typeof im === 'number') return { re, im };
  }
  if (value !== null && typeof value === 'object' && 'toNumber' in value) {
    // BigNumber and Fraction results.
    const n = (value as { toNumber: () => unknown }).toNumber();
    return typeof n === 'number' ? { re: n, im: 0 } : null;
  }
  return null;
}

export function evaluateLeaf(leaf: CompiledLeaf, scope: Record<string, number>): Complex | null {
  try {
    return toComplex(leaf.code.evaluate({ ...scope }));
  } catch {
    return null;
  }
}

/** |a - b| within `relTol` of the larger magnitude (or 1e-12 near zero); infinities equal by sign. */
export function close(a: Complex, b: Complex, relTol: number): boolean {
  return closeReal(a.re, b.re, relTol, Math.hypot(a.re, a.im, b.re, b.im)) &&
    closeReal(a.im, b.im, relTol, Math.hypot(a.re, a.im, b.re, b.im));
}

function closeReal(a: number, b: number, relTol: number, scale: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  // Whole numbers are counted, not measured: 2^20 is not 1048577, whatever the tolerance.
  if (Number.isInteger(a) && Number.isInteger(b) && Math.abs(a) < 2 ** 53 && Math.abs(b) < 2 ** 53) return a === b;
  return Math.abs(a - b) <= Math.max(relTol * scale, 1e-12);
}

/** Fixed points so that a score never depends on the run: the same pair always gets the same verdict. */
const SAMPLE_POINTS: number[][] = (() => {
  let state = 0x2545f491;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Positive values away from 0 and 1 keep logs and roots real and avoid accidental equalities.
  return Array.from({ length: 6 }, () => Array.from({ length: 16 }, () => 0.35 + 2.4 * next()));
})();

export type Verdict = 'equal' | 'different' | 'unknown';

export function compareLeaves(a: CompiledLeaf, b: CompiledLeaf, relTol: number, alternativesA: number[], alternativesB: number[]): Verdict {
  const variables = [...new Set([...a.variables, ...b.variables])];
  if (variables.length > 16) return 'unknown';
  let agreed = 0;
  let disagreed = 0;
  for (const point of SAMPLE_POINTS) {
    const scope: Record<string, number> = {};
    variables.forEach((name, index) => { scope[name] = point[index]; });
    const va = evaluateLeaf(a, scope);
    const vb = evaluateLeaf(b, scope);
    if (va === null || vb === null) continue;
    const matches = alternativesA.some((fa) => alternativesB.some((fb) => close(scale(va, fa), scale(vb, fb), relTol)));
    if (matches) agreed++;
    else disagreed++;
    if (variables.length === 0) break;
  }
  if (disagreed > 0) return 'different';
  if (agreed > 0) return 'equal';
  return 'unknown';
}

function scale(value: Complex, factor: number): Complex {
  return factor === 1 ? value : { re: value.re * factor, im: value.im * factor };
}

/** The slow path, for expressions the sample points could not evaluate (e.g. both undefined there). */
export function simplifiesToZero(a: CompiledLeaf, b: CompiledLeaf): boolean {
  try {
    const difference = mathjs().simplify(`(${a.source}) - (${b.source})`);
    return difference.type === 'ConstantNode' && (difference as MathNode & { value: unknown }).value === 0;
  } catch {
    return false;
  }
}
