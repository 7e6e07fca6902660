// Integer expressions with + - × ÷ and parentheses. Division always comes out
// even (the divisor is drawn from the divisors of what it divides), and the
// trace evaluates one operation per step in the order precedence dictates.
import type { RandomStream } from '../../../runtime/evaluate/random.ts';
import { digitsAt, numbered, operandOf, type MathProblem, type ProblemLimits } from './problem.ts';
import { intBetween, pick, scaleInt } from '../sampling.ts';

type Op = '+' | '-' | '*' | '/';
type Expr = { readonly kind: 'num'; readonly value: number } | { readonly kind: 'op'; readonly op: Op; readonly left: Expr; readonly right: Expr };

const PRECEDENCE: Record<Op, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };
const SYMBOL: Record<Op, string> = { '+': '+', '-': '-', '*': '\\times', '/': '\\div' };

function num(value: number): Expr {
  return { kind: 'num', value };
}

function evaluate(expr: Expr): number {
  if (expr.kind === 'num') return expr.value;
  const a = evaluate(expr.left);
  const b = evaluate(expr.right);
  switch (expr.op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
  }
}

function show(expr: Expr): string {
  if (expr.kind === 'num') return expr.value < 0 ? `(${expr.value})` : String(expr.value);
  const wrap = (child: Expr, right: boolean): string => {
    const text = show(child);
    if (child.kind === 'num') return text;
    // A right operand of equal precedence keeps its parentheses even where the value would
    // not change (a + (b + c)), so the written order is the order the trace evaluates.
    const needed = PRECEDENCE[child.op] < PRECEDENCE[expr.op] || (right && PRECEDENCE[child.op] === PRECEDENCE[expr.op]);
    return needed ? `(${text})` : text;
  };
  return `${wrap(expr.left, false)} ${SYMBOL[expr.op]} ${wrap(expr.right, true)}`;
}

/** Proper divisors of n other than 1 and n, to divide by. */
function divisors(n: number): number[] {
  const m = Math.abs(n);
  const out: number[] = [];
  for (let d = 2; d * d <= m; d++) {
    if (m % d === 0) {
      out.push(d);
      if (d * d !== m) out.push(m / d);
    }
  }
  return out.sort((a, b) => a - b);
}

interface Shape {
  readonly digits: number;
  /** Operands of a product stay small so results stay readable. */
  readonly factorDigits: number;
  readonly allowNegative: boolean;
}

function build(random: RandomStream, ops: number, shape: Shape): Expr {
  if (ops === 0) return num(operandOf(random, shape.digits));
  const leftOps = intBetween(random, 0, ops - 1);
  const left = build(random, leftOps, shape);
  const rightOps = ops - 1 - leftOps;
  const value = evaluate(left);
  let op = pick<Op>(random, ['+', '-', '*', '/']);
  if (op === '*' && Math.abs(value) > 10 ** (shape.digits + 2)) op = '-';
  if (op === '/') {
    // Divide by a divisor that keeps the quotient whole; a subtree on the right would not.
    const candidates = divisors(value).filter((d) => String(d).length <= shape.factorDigits + 1);
    if (candidates.length > 0 && rightOps === 0) return { kind: 'op', op, left, right: num(pick(random, candidates)) };
    op = pick<Op>(random, ['+', '*']);
  }
  const right = op === '*' && rightOps === 0 ? num(operandOf(random, shape.factorDigits)) : build(random, rightOps, shape);
  if (op === '*' && Math.abs(evaluate(right)) > 10 ** (shape.factorDigits + 1)) op = '+';
  if (op === '-' && !shape.allowNegative && evaluate(right) > value) op = '+';
  return { kind: 'op', op, left, right };
}

/** One operation whose operands are both numbers, in evaluation order (left subtree first). */
function reduceOnce(expr: Expr): { expr: Expr; done: string } | null {
  if (expr.kind === 'num') return null;
  if (expr.left.kind === 'num' && expr.right.kind === 'num') {
    const result = evaluate(expr);
    return { expr: num(result), done: `${show(expr)} = ${result}` };
  }
  const left = reduceOnce(expr.left);
  if (left) return { expr: { ...expr, left: left.expr }, done: left.done };
  const right = reduceOnce(expr.right);
  if (right) return { expr: { ...expr, right: right.expr }, done: right.done };
  return null;
}

export function arithmeticProblem(random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  const ops = Math.max(1, scaleInt(difficulty, 1, Math.max(1, limits.maxSteps)));
  const digits = digitsAt(difficulty, limits);
  const shape: Shape = { digits, factorDigits: Math.min(digits, difficulty < 0.5 ? 1 : 2), allowNegative: difficulty >= 0.4 };
  const expr = build(random, ops, shape);
  const lines: string[] = [];
  let current = expr;
  for (let step = reduceOnce(current); step; step = reduceOnce(current)) {
    current = step.expr;
    lines.push(current.kind === 'num' ? `$${step.done}$.` : `$${step.done}$, so the expression becomes $${show(current)}$.`);
  }
  const answer = evaluate(expr);
  return {
    question: `Compute $${show(expr)}$.`,
    answer: String(answer),
    trace: `${numbered(lines)}\nSo the value is $${answer}$.`,
    steps: lines.length,
  };
}
