// Percentages: a share of a number, what percent one number is of another,
// a price after an increase or discount, two successive changes, and the
// original price before a change. Numbers are drawn so answers terminate.
import type { RandomStream } from '../../../runtime/evaluate/random.ts';
import { digitsAt, numbered, type MathProblem, type ProblemLimits } from './problem.ts';
import { Rational } from './rational.ts';
import { intBetween, pick } from '../sampling.ts';

const EASY_PERCENTS = [10, 20, 25, 50, 75];
const ITEMS = ['jacket', 'bicycle', 'lamp', 'backpack', 'pair of shoes', 'camera', 'chair', 'kettle'];

function base(random: RandomStream, difficulty: number, limits: ProblemLimits, multipleOf: number): number {
  const digits = Math.max(2, digitsAt(difficulty, limits));
  const top = Math.floor((10 ** digits - 1) / multipleOf);
  return multipleOf * intBetween(random, Math.max(1, Math.ceil(10 / multipleOf)), Math.max(2, top));
}

function percentOf(random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  const p = difficulty < 0.15 ? pick(random, EASY_PERCENTS) : intBetween(random, 1, 99);
  const n = base(random, difficulty, limits, difficulty < 0.15 ? 4 : 1);
  const value = new Rational(p * n, 100);
  const answer = value.decimal(2);
  return {
    question: `What is ${p}\\% of ${n}?`,
    answer,
    trace: numbered([
      `${p}\\% means $\\frac{${p}}{100}$.`,
      `$\\frac{${p}}{100} \\times ${n} = \\frac{${p * n}}{100} = ${answer}$.`,
    ]) + `\nSo ${p}\\% of ${n} is ${answer}.`,
    steps: 2,
  };
}

function whatPercent(random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  const p = difficulty < 0.3 ? pick(random, EASY_PERCENTS) : intBetween(random, 1, 150);
  // whole = 100 k / gcd-friendly: choose whole as a multiple of 100/gcd(p, 100) so the part is whole.
  const step = 100 / gcdInt(p, 100);
  const whole = base(random, difficulty, limits, step);
  const part = (p * whole) / 100;
  return {
    question: `What percent of ${whole} is ${part}?`,
    answer: `${p}\\%`,
    trace: numbered([
      `Divide the part by the whole: $\\frac{${part}}{${whole}} = ${new Rational(part, whole).decimal(4)}$.`,
      `Multiply by 100 to get a percentage: $${new Rational(part, whole).decimal(4)} \\times 100 = ${p}$.`,
    ]) + `\nSo ${part} is ${p}\\% of ${whole}.`,
    steps: 2,
  };
}

function gcdInt(a: number, b: number): number {
  return b === 0 ? a : gcdInt(b, a % b);
}

function change(random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  const item = pick(random, ITEMS);
  const price = base(random, difficulty, limits, 1);
  const up = random() < 0.5;
  const p = intBetween(random, 5, 60);
  const delta = new Rational(p * price, 100);
  const after = up ? delta.add(price) : new Rational(price).sub(delta);
  const answer = after.money();
  return {
    question: `A ${item} costs \\$${price}. Its price is ${up ? 'raised' : 'discounted'} by ${p}\\%. What is the new price in dollars?`,
    answer,
    trace: numbered([
      `${p}\\% of ${price} is $\\frac{${p} \\times ${price}}{100} = ${delta.money()}$.`,
      `${up ? 'Add it to' : 'Subtract it from'} the old price: $${price} ${up ? '+' : '-'} ${delta.money()} = ${answer}$.`,
    ]) + `\nSo the new price is \\$${answer}.`,
    steps: 2,
  };
}

function successive(random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  const item = pick(random, ITEMS);
  const price = base(random, difficulty, limits, 100);
  const p = intBetween(random, 5, 50);
  const q = intBetween(random, 5, 50);
  const raised = new Rational(price * (100 + p), 100);
  const final = raised.mul(new Rational(100 - q, 100));
  const answer = final.money();
  return {
    question: `A shop raises the price of a ${item} from \\$${price} by ${p}\\%, and later discounts the new price by ${q}\\%. What is the final price in dollars?`,
    answer,
    trace: numbered([
      `After the ${p}\\% increase: $${price} \\times ${new Rational(100 + p, 100).decimal(2)} = ${raised.money()}$.`,
      `The ${q}\\% discount applies to the new price: $${raised.money()} \\times ${new Rational(100 - q, 100).decimal(2)} = ${answer}$.`,
    ]) + `\nSo the final price is \\$${answer}, not the same as a single ${p - q}\\% change.`,
    steps: 2,
  };
}

function original(random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  const item = pick(random, ITEMS);
  const p = pick(random, [5, 10, 15, 20, 25, 30, 40, 50]);
  const up = random() < 0.5;
  const factor = new Rational(up ? 100 + p : 100 - p, 100);
  // The original is a multiple of 20, so the changed price is at most two decimals.
  const price = base(random, difficulty, limits, 20);
  const changed = factor.mul(price);
  return {
    question: `After a ${p}\\% ${up ? 'increase' : 'discount'}, a ${item} costs \\$${changed.money()}. What was the price before the ${up ? 'increase' : 'discount'}, in dollars?`,
    answer: String(price),
    trace: numbered([
      `The new price is ${up ? 100 + p : 100 - p}\\% of the old one: $\\text{old} \\times ${factor.decimal(2)} = ${changed.money()}$.`,
      `Divide by ${factor.decimal(2)}: $\\text{old} = \\frac{${changed.money()}}{${factor.decimal(2)}} = ${price}$.`,
    ]) + `\nSo the price before was \\$${price}.`,
    steps: 2,
  };
}

export function percentProblem(random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  // Harder forms come in as difficulty rises; each keeps the easier ones in the mix.
  const forms = [percentOf, whatPercent, change, successive, original];
  const reach = Math.min(forms.length, 1 + Math.floor(difficulty * forms.length));
  const form = forms[intBetween(random, Math.max(0, reach - 2), reach - 1)];
  return form(random, difficulty, limits);
}
