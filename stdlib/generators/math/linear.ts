// One linear equation in one unknown, from `x + 4 = 9` to `3(x - 2) + 1 = 5x + 7`
// with a fractional root. The root is drawn first and the last constant is
// computed from it, so every equation has exactly the intended root.
import type { RandomStream } from '../../../runtime/evaluate/random.ts';
import { linear, signed, term } from './latex.ts';
import { digitsAt, numbered, type MathProblem, type ProblemLimits } from './problem.ts';
import { Rational, gcd } from './rational.ts';
import { intBetween, pick, scaleInt } from '../sampling.ts';

const VARIABLES = ['x', 'y', 'n', 'k', 'm', 't'];

function signedBetween(random: RandomStream, bound: number, negative: boolean): number {
  const magnitude = intBetween(random, 1, Math.max(1, bound));
  return negative && random() < 0.5 ? -magnitude : magnitude;
}

/** A x + B = C x + D, with the forms: 0 `x + B = D` or `A x = D`, 1 `A x + B = D`, 2 both sides, 3 parentheses. */
interface Equation {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: Rational;
  readonly root: Rational;
}

function draw(random: RandomStream, form: number, difficulty: number, limits: ProblemLimits): Equation {
  const negative = difficulty >= 0.35;
  const coefficientBound = scaleInt(difficulty, 4, 12);
  const constantBound = Math.max(9, 10 ** Math.min(digitsAt(difficulty, limits), 3) - 1);
  let root: Rational;
  let slope: number;
  if (form === 3 && random() < 0.5) {
    // A fractional root p/q in lowest terms; the slope is a multiple of q so D stays whole.
    const q = intBetween(random, 2, 6);
    let p = signedBetween(random, 3 * q, true);
    while (gcd(p, q) !== 1) p += 1;
    root = new Rational(p, q);
    slope = random() < 0.25 ? -q : q;
  } else {
    root = new Rational(signedBetween(random, Math.max(5, Math.floor(constantBound / coefficientBound)), negative));
    slope = form === 0 && random() < 0.5 ? 1 : intBetween(random, 2, coefficientBound) * (negative && random() < 0.25 ? -1 : 1);
  }
  let c = form >= 2 ? signedBetween(random, coefficientBound, negative) : 0;
  if (slope + c === 0) c = -c; // keep the unknown on the left
  if (slope + c === 0) c = 1;
  const b = form === 0 && slope !== 1 ? 0 : signedBetween(random, constantBound, negative);
  return { a: slope + c, b, c, d: root.mul(slope).add(b), root };
}

export function linearProblem(random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  const variable = difficulty < 0.3 ? 'x' : pick(random, VARIABLES);
  const form = Math.min(3, Math.floor(difficulty * 4));
  const { a, b, c, d, root } = draw(random, form, difficulty, limits);
  const slope = a - c;
  const rightSide = linear(c, d, variable);
  const lines: string[] = [];
  let statement = `${linear(a, b, variable)} = ${rightSide}`;
  if (form === 3) {
    // A x + B written as A(x + inner) + rest.
    const inner = signedBetween(random, 9, true);
    const rest = b - a * inner;
    const factor = a === 1 ? '' : a === -1 ? '-' : String(a);
    statement = `${factor}(${linear(1, inner, variable)})${rest === 0 ? '' : signed(rest)} = ${rightSide}`;
    lines.push(`Expand the parentheses and collect the constants: $${linear(a, b, variable)} = ${rightSide}$.`);
  }
  if (c !== 0) {
    const verb = c > 0 ? `Subtract $${term(c, variable)}$ from` : `Add $${term(-c, variable)}$ to`;
    lines.push(`${verb} both sides: $${linear(slope, b, variable)} = ${d.latex()}$.`);
  }
  const isolated = d.sub(b);
  if (b !== 0) {
    const verb = b > 0 ? `Subtract ${b} from` : `Add ${-b} to`;
    lines.push(`${verb} both sides: $${term(slope, variable)} = ${isolated.latex()}$.`);
  }
  if (slope !== 1) lines.push(`Divide both sides by ${slope}: $${variable} = ${root.latex()}$.`);
  const side = root.mul(a).add(b);
  const answer = root.latex();
  return {
    question: `Solve for $${variable}$: $${statement}$.`,
    answer,
    trace: `${numbered(lines)}\nCheck: with $${variable} = ${answer}$ both sides equal $${side.latex()}$. So $${variable} = ${answer}$.`,
    steps: lines.length,
  };
}
