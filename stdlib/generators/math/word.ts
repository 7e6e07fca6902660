// Word problems from templates: shopping, sharing, travel, ages, fencing,
// collections and savings. Harder problems use larger numbers, more steps and
// distractors: sentences with numbers that the solution must ignore.
import type { RandomStream } from '../../../runtime/evaluate/random.ts';
import { digitsAt, numbered, type MathProblem, type ProblemLimits } from './problem.ts';
import { Rational } from './rational.ts';
import { intBetween, pick, pickDistinct, scaleInt } from '../sampling.ts';

const NAMES = ['Ava', 'Ben', 'Chloe', 'Diego', 'Emma', 'Farah', 'Hugo', 'Ines', 'Jamal', 'Kenji', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Sofia', 'Tariq', 'Yuki'];
const GOODS: [string, string][] = [['notebook', 'notebooks'], ['pen', 'pens'], ['apple', 'apples'], ['sandwich', 'sandwiches'], ['ticket', 'tickets'], ['candle', 'candles'], ['mug', 'mugs'], ['plant', 'plants']];
const TREATS = ['cookies', 'stickers', 'marbles', 'cards', 'stamps', 'beads'];
const COLOURS = ['red', 'blue', 'green', 'yellow'];

interface Story {
  /** Sentences stating the facts, before the question. */
  readonly facts: string[];
  readonly question: string;
  readonly lines: string[];
  readonly answer: Rational;
  /** The person the story is about, so distractors can mention them; null when it is about a thing. */
  readonly subject: string | null;
  readonly unit: string;
}

type StoryMaker = (random: RandomStream, difficulty: number, digits: number, limits: ProblemLimits) => Story;

function upTo(digits: number, random: RandomStream, lo = 2): number {
  return intBetween(random, lo, Math.max(lo + 1, 10 ** digits - 1));
}

function money(value: Rational): string {
  return `\\$${value.money()}`;
}

const shopping: StoryMaker = (random, difficulty, digits, limits) => {
  const name = pick(random, NAMES);
  const kinds = Math.max(1, Math.min(3, scaleInt(difficulty, 1, Math.min(3, Math.floor(limits.maxSteps / 2)))));
  const goods = pickDistinct(random, GOODS, kinds);
  const cents = difficulty >= 0.5;
  const facts: string[] = [];
  const lines: string[] = [];
  let total = new Rational(0);
  const costs: Rational[] = [];
  for (const [singular, plural] of goods) {
    const count = intBetween(random, 2, scaleInt(difficulty, 6, 15));
    // Prices in whole dollars, then in quarters, up to more dollars as operands grow.
    const dollars = Math.max(5, Math.min(10 ** digits / 25, scaleInt(difficulty, 5, 60)));
    const price = cents ? new Rational(intBetween(random, 2, dollars * 4) * 25, 100) : new Rational(intBetween(random, 1, dollars));
    const cost = price.mul(count);
    facts.push(`${name} buys ${count} ${plural} at ${money(price)} per ${singular}.`);
    lines.push(`The ${plural} cost $${count} \\times ${price.money()} = ${cost.money()}$ dollars.`);
    costs.push(cost);
    total = total.add(cost);
  }
  if (costs.length > 1) lines.push(`Together: $${costs.map((c) => c.money()).join(' + ')} = ${total.money()}$ dollars.`);
  const bill = [10, 20, 50, 100, 200, 500, 1000].find((b) => b > total.valueOf()) ?? Math.ceil(total.valueOf() / 1000 + 1) * 1000;
  const change = new Rational(bill).sub(total);
  lines.push(`The change from ${money(new Rational(bill))} is $${bill} - ${total.money()} = ${change.money()}$ dollars.`);
  facts.push(`${name} pays with a ${money(new Rational(bill))} bill.`);
  return { facts, question: `How much change, in dollars, does ${name} get?`, lines, answer: change, subject: name, unit: 'dollars' };
};

const sharing: StoryMaker = (random, difficulty, digits) => {
  const name = pick(random, NAMES);
  const treat = pick(random, TREATS);
  const friends = intBetween(random, 2, scaleInt(difficulty, 4, 12));
  const each = intBetween(random, 2, Math.max(3, Math.min(10 ** digits / 10, 60)));
  const kept = intBetween(random, 1, scaleInt(difficulty, 5, 30));
  const total = friends * each + kept;
  const bought = intBetween(random, 1, total - 1);
  const made = total - bought;
  return {
    facts: [`${name} has ${made} ${treat} and gets ${bought} more.`, `${name} keeps ${kept} and shares the rest equally among ${friends} friends.`],
    question: `How many ${treat} does each friend get?`,
    lines: [
      `${name} has $${made} + ${bought} = ${total}$ ${treat}.`,
      `After keeping ${kept}, $${total} - ${kept} = ${total - kept}$ are left to share.`,
      `Each friend gets $${total - kept} \\div ${friends} = ${each}$.`,
    ],
    answer: new Rational(each),
    subject: name,
    unit: treat,
  };
};

const travel: StoryMaker = (random, difficulty) => {
  const vehicle = pick(random, ['train', 'cyclist', 'bus', 'boat', 'car']);
  const v = intBetween(random, 2, scaleInt(difficulty, 6, 24)) * 5;
  const w = intBetween(random, 2, scaleInt(difficulty, 6, 24)) * 5;
  const minutes = difficulty >= 0.5;
  const t1 = intBetween(random, 1, 5);
  const t2 = minutes ? pick(random, [15, 30, 45, 90, 150]) : intBetween(random, 1, 5);
  const hours2 = minutes ? new Rational(t2, 60) : new Rational(t2);
  const d1 = v * t1;
  const d2 = hours2.mul(w);
  const total = d2.add(d1);
  const lines = [`First part: $${v} \\times ${t1} = ${d1}$ km.`];
  if (minutes) lines.push(`${t2} minutes is $\\frac{${t2}}{60} = ${hours2.decimal(2)}$ hours.`);
  lines.push(`Second part: $${w} \\times ${minutes ? hours2.decimal(2) : t2} = ${d2.decimal(2)}$ km.`);
  lines.push(`In total: $${d1} + ${d2.decimal(2)} = ${total.decimal(2)}$ km.`);
  return {
    facts: [`A ${vehicle} travels at ${v} km/h for ${t1} hour${t1 === 1 ? '' : 's'}, then at ${w} km/h for ${t2} ${minutes ? 'minutes' : t2 === 1 ? 'hour' : 'hours'}.`],
    question: `How many kilometres does the ${vehicle} travel in total?`,
    lines,
    answer: total,
    subject: null,
    unit: 'km',
  };
};

const ages: StoryMaker = (random, difficulty) => {
  const [older, younger] = pickDistinct(random, NAMES, 2);
  const factor = intBetween(random, 2, scaleInt(difficulty, 3, 6));
  const age = intBetween(random, 2, scaleInt(difficulty, 10, 16));
  const years = intBetween(random, 1, scaleInt(difficulty, 5, 20));
  const sum = factor * age + age + 2 * years;
  return {
    facts: [`${older} is ${factor} times as old as ${younger}.`, `In ${years} years, their ages will add up to ${sum}.`],
    question: `How old is ${younger} now?`,
    lines: [
      `Let ${younger}'s age be $a$; then ${older} is $${factor}a$.`,
      `In ${years} years: $(a + ${years}) + (${factor}a + ${years}) = ${sum}$, so $${factor + 1}a + ${2 * years} = ${sum}$.`,
      `$${factor + 1}a = ${sum - 2 * years}$, so $a = ${age}$.`,
    ],
    answer: new Rational(age),
    subject: younger,
    unit: 'years',
  };
};

const fencing: StoryMaker = (random, difficulty, digits) => {
  const length = upTo(Math.min(digits, 2), random, 3);
  const width = intBetween(random, 2, Math.max(2, length - 1));
  const price = difficulty >= 0.5 ? new Rational(intBetween(random, 5, 60) * 25, 100) : new Rational(intBetween(random, 2, 15));
  const perimeter = 2 * (length + width);
  const cost = price.mul(perimeter);
  return {
    facts: [`A rectangular garden is ${length} m long and ${width} m wide.`, `Fencing costs ${money(price)} per metre.`],
    question: 'How much, in dollars, does it cost to fence the whole garden?',
    lines: [
      `The perimeter is $2 \\times (${length} + ${width}) = ${perimeter}$ m.`,
      `The fence costs $${perimeter} \\times ${price.money()} = ${cost.money()}$ dollars.`,
    ],
    answer: cost,
    subject: null,
    unit: 'dollars',
  };
};

const collection: StoryMaker = (random, difficulty, digits) => {
  const name = pick(random, NAMES);
  const [first, second, third] = pickDistinct(random, COLOURS, 3);
  const a = upTo(Math.min(digits, 2), random, 3);
  const more = intBetween(random, 1, scaleInt(difficulty, 9, 40));
  const factor = intBetween(random, 2, scaleInt(difficulty, 2, 4));
  const b = a + more;
  const c = factor * b;
  return {
    facts: [`${name} has ${a} ${first} marbles.`, `${name} has ${more} more ${second} marbles than ${first} ones, and ${factor} times as many ${third} marbles as ${second} ones.`],
    question: `How many marbles does ${name} have in total?`,
    lines: [
      `${capitalised(second)} marbles: $${a} + ${more} = ${b}$.`,
      `${capitalised(third)} marbles: $${factor} \\times ${b} = ${c}$.`,
      `Total: $${a} + ${b} + ${c} = ${a + b + c}$.`,
    ],
    answer: new Rational(a + b + c),
    subject: name,
    unit: 'marbles',
  };
};

const savings: StoryMaker = (random, difficulty, digits) => {
  const name = pick(random, NAMES);
  const start = upTo(Math.min(digits, 3), random, 5);
  const weekly = intBetween(random, 2, scaleInt(difficulty, 15, 60));
  const weeks = intBetween(random, 2, scaleInt(difficulty, 6, 20));
  const saved = start + weekly * weeks;
  const spent = intBetween(random, 1, saved - 1);
  return {
    facts: [`${name} has \\$${start} saved and adds \\$${weekly} every week.`, `After ${weeks} weeks, ${name} spends \\$${spent} on a gift.`],
    question: `How many dollars does ${name} have left?`,
    lines: [
      `Weekly savings: $${weekly} \\times ${weeks} = ${weekly * weeks}$ dollars.`,
      `Before the gift: $${start} + ${weekly * weeks} = ${saved}$ dollars.`,
      `After the gift: $${saved} - ${spent} = ${saved - spent}$ dollars.`,
    ],
    answer: new Rational(saved - spent),
    subject: name,
    unit: 'dollars',
  };
};

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const STORIES: StoryMaker[] = [shopping, sharing, travel, ages, fencing, collection, savings];

/** Sentences with numbers that play no part in the answer. */
const DISTRACTORS: ((random: RandomStream, story: Story) => string)[] = [
  (random, story) => `${story.subject ?? pick(random, NAMES)} also owns ${intBetween(random, 2, 40)} ${pick(random, ['books', 'plants', 'stamps', 'shirts'])}.`,
  (random) => `The shop nearby opened ${intBetween(random, 2, 30)} years ago.`,
  (random) => `${pick(random, NAMES)} has ${intBetween(random, 2, 90)} ${pick(random, TREATS)} but takes no part in this.`,
  (random) => `It was ${intBetween(random, 12, 34)} degrees outside that day.`,
  (random) => `A poster on the wall shows the number ${intBetween(random, 100, 999)}.`,
];

export function wordProblem(random: RandomStream, difficulty: number, limits: ProblemLimits): MathProblem {
  const digits = Math.max(2, digitsAt(difficulty, limits));
  const story = pick(random, STORIES)(random, difficulty, digits, limits);
  const distractors = Math.min(3, Math.floor(difficulty * 4));
  const extra = pickDistinct(random, DISTRACTORS, distractors).map((make) => make(random, story));
  // Distractors go between the facts, never after the question.
  const sentences = [...story.facts];
  for (const sentence of extra) sentences.splice(intBetween(random, 1, sentences.length), 0, sentence);
  const answer = story.answer.isInteger() ? String(story.answer.num) : story.answer.decimal(2);
  const lines = [...story.lines];
  if (extra.length > 0) lines.unshift(`Ignore the facts that do not bear on the question: ${extra.map((s) => `"${s}"`).join(' ')}`);
  return {
    question: `${sentences.join(' ')} ${story.question}`,
    answer,
    trace: `${numbered(lines)}\nSo the answer is ${answer} ${story.unit}.`,
    steps: story.lines.length,
  };
}
