// Chart data built around its question. Each form of question first draws
// the answer, then places the compared values so the answer is unique and the
// values it depends on are at least a minimum visual gap apart (5 % of the
// axis, ~20 px on a 640 px chart; 5 percentage points on a pie), closer as
// difficulty rises. The rest of the data is drawn freely.
import type { RandomStream } from '../../../runtime/evaluate/random.ts';
import { intBetween, lerp, pick, pickDistinct, scaleInt } from '../sampling.ts';
import { MAX_CATEGORIES, MAX_SERIES, MAX_SLICES, PIE_THEMES, THEMES, type PieTheme, type Theme } from './themes.ts';

export const CHART_KINDS = ['bar', 'grouped_bar', 'line', 'pie'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

export type QuestionForm = 'largest_series' | 'largest_category' | 'biggest_gap' | 'trend' | 'difference';

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

/** Everything a chart shows. */
export interface ChartSpec {
  readonly kind: ChartKind;
  readonly title: string;
  readonly categoryAxis: string;
  readonly valueAxis: string;
  readonly categories: readonly string[];
  readonly series: readonly Series[];
  /** Top of the value axis and the spacing of its gridlines. */
  readonly axisMax: number;
  readonly tick: number;
  /** Numbers printed on bars, points or slices. */
  readonly valueLabels: boolean;
}

export interface ChartQuestion {
  readonly spec: ChartSpec;
  readonly form: QuestionForm;
  readonly question: string;
  readonly correct: string;
  /** Exactly three wrong options, distinct from each other and from the answer. */
  readonly distractors: readonly string[];
  /** The values a reader takes off the chart, then what comparing them shows. */
  readonly readings: readonly string[];
  readonly comparison: string;
}

export interface ChartLimits {
  readonly maxSeries: number;
  readonly maxCategories: number;
}

/** The smallest difference between compared values, as a share of the axis. */
export const MIN_VISUAL_GAP = 0.05;
/** The same for pie slices, in percentage points (18 degrees). */
export const MIN_PIE_GAP = 5;

export const TREND_OPTIONS = {
  up: 'It rises throughout',
  down: 'It falls throughout',
  peak: 'It rises, then falls',
  valley: 'It falls, then rises',
} as const;
type Trend = keyof typeof TREND_OPTIONS;

/**
 * Values are whole multiples of a grain: a twentieth of the axis (half a
 * gridline) when no numbers are printed, so a reader can take them off the
 * gridlines, or a hundredth when they are printed.
 */
interface Grid {
  readonly axisMax: number;
  readonly tick: number;
  readonly grain: number;
  /** Grains from 0 to the top of the axis. */
  readonly steps: number;
  /** Lowest and highest values drawn, in grains: clear of the axis line and of the legend. */
  readonly lo: number;
  readonly hi: number;
}

function gridFor(random: RandomStream, scales: readonly number[], labelled: boolean): Grid {
  const axisMax = pick(random, scales);
  const steps = labelled ? 100 : 20;
  return { axisMax, tick: axisMax / 10, grain: axisMax / steps, steps, lo: Math.round(steps * 0.08), hi: Math.round(steps * 0.92) };
}

/** The gap between compared values at this difficulty, in grains: 30 % of the axis when easy, 5 % when hard. */
function gapFor(difficulty: number, grid: Grid): number {
  return Math.max(Math.ceil(MIN_VISUAL_GAP * grid.steps), Math.round(lerp(difficulty, 0.3, MIN_VISUAL_GAP) * grid.steps));
}

/** `count` values in grains with `winner` largest by exactly `gap` over a runner-up; the rest no higher than the runner-up. */
function withWinner(random: RandomStream, count: number, winner: number, gap: number, lo: number, hi: number): { values: number[]; runnerUp: number } {
  // The runner-up sits in the upper part of the range, so the other values have room to spread below it.
  const second = intBetween(random, Math.min(hi - gap, lo + Math.round((hi - lo) * 0.4)), Math.max(lo, hi - gap));
  const others = [...Array(count).keys()].filter((i) => i !== winner);
  const runnerUp = pick(random, others);
  const values = [...Array(count)].map((_, i) => (i === winner ? second + gap : i === runnerUp ? second : intBetween(random, lo, second)));
  return { values, runnerUp };
}

function format(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Wrong options nearest the answer when hard (the plausible slips), any when easy. */
function nearestOrAny(random: RandomStream, candidates: readonly { name: string; distance: number }[], difficulty: number): string[] {
  const ordered = difficulty >= 0.5 ? [...candidates].sort((a, b) => a.distance - b.distance) : pickDistinct(random, candidates, candidates.length);
  return ordered.slice(0, 3).map((c) => c.name);
}

interface Layout {
  readonly kind: ChartKind;
  readonly theme: Theme;
  readonly categories: string[];
  readonly seriesNames: string[];
  readonly grid: Grid;
  readonly labelled: boolean;
}

function layoutFor(random: RandomStream, kind: ChartKind, difficulty: number, limits: ChartLimits, labelled: boolean): Layout {
  // Lines join neighbouring points, which only means something when categories are in order.
  const theme = pick(random, kind === 'line' ? THEMES.filter((t) => t.ordered) : THEMES);
  const maxSeries = Math.min(limits.maxSeries, MAX_SERIES, theme.series.length);
  const seriesCount = kind === 'bar' ? 1 : Math.max(Math.min(2, maxSeries), Math.min(maxSeries, scaleInt(difficulty, 2, maxSeries)));
  const maxCategories = Math.min(limits.maxCategories, MAX_CATEGORIES, theme.categories.length);
  const categoryCount = Math.min(maxCategories, Math.max(4, scaleInt(difficulty, 4, maxCategories)));
  let categories: string[];
  if (theme.ordered) {
    const start = intBetween(random, 0, theme.categories.length - categoryCount);
    categories = theme.categories.slice(start, start + categoryCount);
  } else {
    categories = pickDistinct(random, theme.categories, categoryCount);
  }
  const seriesNames = pickDistinct(random, theme.series, seriesCount);
  return { kind, theme, categories, seriesNames, grid: gridFor(random, theme.scales, labelled), labelled };
}

/** Values in grains, one row per series, drawn freely. */
function freeValues(random: RandomStream, layout: Layout): number[][] {
  const { lo, hi } = layout.grid;
  return layout.seriesNames.map(() => layout.categories.map(() => intBetween(random, lo, hi)));
}

function specOf(layout: Layout, grains: number[][]): ChartSpec {
  const { theme, grid } = layout;
  return {
    kind: layout.kind,
    title: theme.title,
    categoryAxis: theme.categoryAxis,
    valueAxis: theme.valueAxis,
    categories: layout.categories,
    series: layout.seriesNames.map((name, s) => ({ name, values: grains[s].map((g) => g * grid.grain) })),
    axisMax: grid.axisMax,
    tick: grid.tick,
    valueLabels: layout.labelled,
  };
}

/** "North in Mar", or "Mar" when the chart has one series. */
function cellName(layout: Layout, series: number, category: number): string {
  return layout.seriesNames.length > 1 ? `${layout.seriesNames[series]} in ${layout.categories[category]}` : layout.categories[category];
}

/** "for North in Mar", or "in Mar" when the chart has one series. */
function cellPhrase(layout: Layout, series: number, category: number): string {
  return layout.seriesNames.length > 1 ? `for ${layout.seriesNames[series]} in ${layout.categories[category]}` : `in ${layout.categories[category]}`;
}

function largestSeries(random: RandomStream, layout: Layout, difficulty: number): ChartQuestion {
  const grains = freeValues(random, layout);
  const category = intBetween(random, 0, layout.categories.length - 1);
  const winner = intBetween(random, 0, layout.seriesNames.length - 1);
  const { values, runnerUp } = withWinner(random, layout.seriesNames.length, winner, gapFor(difficulty, layout.grid), layout.grid.lo, layout.grid.hi);
  values.forEach((v, s) => { grains[s][category] = v; });
  const spec = specOf(layout, grains);
  const read = (s: number) => spec.series[s].values[category];
  const others = layout.seriesNames.map((name, s) => ({ name, distance: read(winner) - read(s) })).filter((_, s) => s !== winner);
  const distractors = nearestOrAny(random, others, difficulty);
  // Three series leave two wrong names; the fourth option is the tie that the gap rules out.
  if (distractors.length < 3) distractors.push('They are all equal');
  const cat = layout.categories[category];
  return {
    spec, form: 'largest_series',
    question: `Which ${layout.theme.seriesNoun} has the highest ${layout.theme.measure} in ${cat}?`,
    correct: layout.seriesNames[winner],
    distractors,
    readings: layout.seriesNames.map((name, s) => `${name} in ${cat}: ${format(read(s))}`),
    comparison: `The highest is ${layout.seriesNames[winner]} at ${format(read(winner))}, ${format(read(winner) - read(runnerUp))} above ${layout.seriesNames[runnerUp]} (${format(read(runnerUp))}).`,
  };
}

function largestCategory(random: RandomStream, layout: Layout, difficulty: number): ChartQuestion {
  const grains = freeValues(random, layout);
  const series = intBetween(random, 0, layout.seriesNames.length - 1);
  const winner = intBetween(random, 0, layout.categories.length - 1);
  const { values, runnerUp } = withWinner(random, layout.categories.length, winner, gapFor(difficulty, layout.grid), layout.grid.lo, layout.grid.hi);
  grains[series] = values;
  const spec = specOf(layout, grains);
  const row = spec.series[series].values;
  const others = layout.categories.map((name, c) => ({ name, distance: row[winner] - row[c] })).filter((_, c) => c !== winner);
  const { categoryNoun, measure } = layout.theme;
  const single = layout.seriesNames.length === 1;
  const name = layout.seriesNames[series];
  return {
    spec, form: 'largest_category',
    question: single ? `In which ${categoryNoun} is the ${measure} highest?` : `In which ${categoryNoun} is the ${measure} for ${name} highest?`,
    correct: layout.categories[winner],
    distractors: nearestOrAny(random, others, difficulty),
    readings: layout.categories.map((cat, c) => `${single ? cat : `${name} in ${cat}`}: ${format(row[c])}`),
    comparison: `The highest is ${layout.categories[winner]} at ${format(row[winner])}, ${format(row[winner] - row[runnerUp])} above ${layout.categories[runnerUp]} (${format(row[runnerUp])}).`,
  };
}

function biggestGap(random: RandomStream, layout: Layout, difficulty: number): ChartQuestion {
  const grains = freeValues(random, layout);
  const [a, b] = pickDistinct(random, [...layout.seriesNames.keys()], 2);
  const { lo, hi } = layout.grid;
  const winner = intBetween(random, 0, layout.categories.length - 1);
  const gap = gapFor(difficulty, layout.grid);
  // Gaps, in grains: the winner's exceeds the runner-up's by `gap`, the rest are no larger than the runner-up's.
  const { values: gaps, runnerUp } = withWinner(random, layout.categories.length, winner, gap, 0, hi - lo - gap);
  gaps.forEach((g, c) => {
    const base = intBetween(random, lo, hi - g);
    const aHigher = random() < 0.5;
    grains[a][c] = aHigher ? base + g : base;
    grains[b][c] = aHigher ? base : base + g;
  });
  const spec = specOf(layout, grains);
  const diff = (c: number) => Math.abs(spec.series[a].values[c] - spec.series[b].values[c]);
  const others = layout.categories.map((name, c) => ({ name, distance: diff(winner) - diff(c) })).filter((_, c) => c !== winner);
  const [nameA, nameB] = [layout.seriesNames[a], layout.seriesNames[b]];
  return {
    spec, form: 'biggest_gap',
    question: `In which ${layout.theme.categoryNoun} is the gap between ${nameA} and ${nameB} the largest?`,
    correct: layout.categories[winner],
    distractors: nearestOrAny(random, others, difficulty),
    readings: layout.categories.map((cat, c) => `${cat}: ${nameA} ${format(spec.series[a].values[c])}, ${nameB} ${format(spec.series[b].values[c])}, gap ${format(diff(c))}`),
    comparison: `The largest gap is in ${layout.categories[winner]} (${format(diff(winner))}); the next largest is in ${layout.categories[runnerUp]} (${format(diff(runnerUp))}).`,
  };
}

/** A run of values in grains that moves by at least `minStep` each step in the shape's directions. */
function trendValues(random: RandomStream, shape: Trend, count: number, minStep: number, lo: number, hi: number): number[] {
  const range = hi - lo;
  // Where the direction turns: the last point for a straight rise or fall.
  const turn = shape === 'up' || shape === 'down' ? count - 1 : intBetween(random, 1, count - 2);
  const longest = Math.max(turn, count - 1 - turn);
  const step = Math.max(1, Math.min(minStep, Math.floor(range / longest)));
  const segment = (length: number): number[] => {
    const slack = range - length * step;
    return [...Array(length)].map(() => step + intBetween(random, 0, Math.floor(slack / Math.max(1, length) / 1.5)));
  };
  const first = segment(turn);
  const second = segment(count - 1 - turn);
  const rising = shape === 'up' || shape === 'peak';
  // Build relative to the turning point, then shift into [lo, hi].
  const relative: number[] = [0];
  for (const d of first) relative.push(relative[relative.length - 1] + (rising ? d : -d));
  for (const d of second) relative.push(relative[relative.length - 1] + (rising ? -d : d));
  const min = Math.min(...relative);
  const max = Math.max(...relative);
  const offset = lo - min + intBetween(random, 0, Math.max(0, range - (max - min)));
  return relative.map((v) => v + offset);
}

function trend(random: RandomStream, layout: Layout, difficulty: number): ChartQuestion {
  const grains = freeValues(random, layout);
  const series = intBetween(random, 0, layout.seriesNames.length - 1);
  const shape = pick<Trend>(random, ['up', 'down', 'peak', 'valley']);
  grains[series] = trendValues(random, shape, layout.categories.length, gapFor(difficulty, layout.grid), layout.grid.lo, layout.grid.hi);
  const spec = specOf(layout, grains);
  const row = spec.series[series].values;
  const cats = layout.categories;
  const name = layout.seriesNames[series];
  const single = layout.seriesNames.length === 1;
  const last = cats.length - 1;
  const turnAt = shape === 'peak' ? row.indexOf(Math.max(...row)) : shape === 'valley' ? row.indexOf(Math.min(...row)) : -1;
  const smallest = Math.min(...row.slice(1).map((v, i) => Math.abs(v - row[i])));
  const comparison = turnAt < 0
    ? `Every step ${shape === 'up' ? 'goes up' : 'goes down'} (by at least ${format(smallest)}), from ${format(row[0])} in ${cats[0]} to ${format(row[last])} in ${cats[last]}.`
    : `It ${shape === 'peak' ? 'rises' : 'falls'} from ${format(row[0])} in ${cats[0]} to ${format(row[turnAt])} in ${cats[turnAt]}, then ${shape === 'peak' ? 'falls' : 'rises'} to ${format(row[last])} in ${cats[last]}.`;
  return {
    spec, form: 'trend',
    question: single
      ? `How does the ${layout.theme.measure} change from ${cats[0]} to ${cats[last]}?`
      : `How does the ${layout.theme.measure} for ${name} change from ${cats[0]} to ${cats[last]}?`,
    correct: TREND_OPTIONS[shape],
    distractors: (Object.keys(TREND_OPTIONS) as Trend[]).filter((t) => t !== shape).map((t) => TREND_OPTIONS[t]),
    readings: cats.map((cat, c) => `${single ? cat : `${name} in ${cat}`}: ${format(row[c])}`),
    comparison,
  };
}

/** Wrong differences a gridline or two away: a reader who is off by half a gridline still lands nearest the answer. */
function differenceDistractors(random: RandomStream, answer: number, spacing: number): string[] {
  const candidates = [-2, -1, 1, 2, 3].map((k) => answer + k * spacing).filter((v) => v > 0);
  return pickDistinct(random, candidates, 3).map(format);
}

function difference(random: RandomStream, layout: Layout, difficulty: number): ChartQuestion {
  const grains = freeValues(random, layout);
  const { lo, hi } = layout.grid;
  const gap = gapFor(difficulty, layout.grid);
  const sameCategory = layout.seriesNames.length > 1 && random() < 0.5;
  const high = { s: intBetween(random, 0, layout.seriesNames.length - 1), c: intBetween(random, 0, layout.categories.length - 1) };
  const low = sameCategory
    ? { s: pick(random, [...layout.seriesNames.keys()].filter((s) => s !== high.s)), c: high.c }
    : { s: layout.seriesNames.length > 1 && random() < 0.5 ? pick(random, [...layout.seriesNames.keys()].filter((s) => s !== high.s)) : high.s, c: pick(random, [...layout.categories.keys()].filter((c) => c !== high.c)) };
  const lower = intBetween(random, lo, hi - gap);
  grains[low.s][low.c] = lower;
  grains[high.s][high.c] = intBetween(random, lower + gap, hi);
  const spec = specOf(layout, grains);
  const a = spec.series[high.s].values[high.c];
  const b = spec.series[low.s].values[low.c];
  const answer = a - b;
  const [nameA, nameB] = [cellName(layout, high.s, high.c), cellName(layout, low.s, low.c)];
  return {
    spec, form: 'difference',
    question: `How much higher is the ${layout.theme.measure} ${cellPhrase(layout, high.s, high.c)} than ${cellPhrase(layout, low.s, low.c)}, in ${layout.theme.unit}?`,
    correct: format(answer),
    distractors: differenceDistractors(random, answer, spec.tick),
    readings: [`${nameA}: ${format(a)}`, `${nameB}: ${format(b)}`],
    comparison: `The difference is ${format(a)} - ${format(b)} = ${format(answer)}.`,
  };
}

// Pie charts: shares in whole percent that add up to 100.

function pieLayout(random: RandomStream, difficulty: number, limits: ChartLimits): { theme: PieTheme; slices: string[] } {
  const theme = pick(random, PIE_THEMES);
  const most = Math.min(limits.maxCategories, MAX_SLICES, theme.slices.length);
  const count = Math.min(most, Math.max(4, scaleInt(difficulty, 4, most)));
  return { theme, slices: pickDistinct(random, theme.slices, count) };
}

/** Shares of at least 3 % each (weights from 0.5 to 1.5), rounded to whole percent by largest remainder. */
function freeShares(random: RandomStream, count: number): number[] {
  const weights = [...Array(count)].map(() => 0.5 + random());
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (100 * w) / total);
  const shares = exact.map(Math.floor);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((x, y) => y.rest - x.rest || x.i - y.i);
  const missing = 100 - shares.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) shares[order[k].i]++;
  return shares;
}

function pieSpec(theme: PieTheme, slices: string[], shares: number[], labelled: boolean): ChartSpec {
  return {
    kind: 'pie', title: theme.title, categoryAxis: '', valueAxis: 'Share (%)', categories: slices,
    series: [{ name: theme.title, values: shares }], axisMax: 100, tick: 10, valueLabels: labelled,
  };
}

function pieLargest(random: RandomStream, difficulty: number, limits: ChartLimits, labelled: boolean): ChartQuestion {
  const { theme, slices } = pieLayout(random, difficulty, limits);
  const count = slices.length;
  const gap = Math.round(lerp(difficulty, 20, MIN_PIE_GAP));
  // The runner-up S and winner S + gap leave 100 - 2S - gap for the rest, each from 3 to S.
  const second = intBetween(random, Math.ceil((100 - gap) / count), Math.floor((100 - gap - 3 * (count - 2)) / 2));
  const winner = intBetween(random, 0, count - 1);
  const runnerUp = pick(random, [...Array(count).keys()].filter((i) => i !== winner));
  const rest = [...Array(count).keys()].filter((i) => i !== winner && i !== runnerUp);
  const shares = new Array<number>(count).fill(3);
  shares[winner] = second + gap;
  shares[runnerUp] = second;
  let left = 100 - 2 * second - gap - 3 * rest.length;
  while (left > 0) {
    const open = rest.filter((i) => shares[i] < second);
    shares[pick(random, open)]++;
    left--;
  }
  const others = slices.map((name, i) => ({ name, distance: shares[winner] - shares[i] })).filter((_, i) => i !== winner);
  return {
    spec: pieSpec(theme, slices, shares, labelled), form: 'largest_category',
    question: `Which ${theme.sliceNoun} has the largest share?`,
    correct: slices[winner],
    distractors: nearestOrAny(random, others, difficulty),
    readings: slices.map((name, i) => `${name}: ${shares[i]}%`),
    comparison: `The largest share is ${slices[winner]} at ${shares[winner]}%, ${gap} points above ${slices[runnerUp]} (${shares[runnerUp]}%).`,
  };
}

function pieDifference(random: RandomStream, difficulty: number, limits: ChartLimits): ChartQuestion {
  const { theme, slices } = pieLayout(random, difficulty, limits);
  const shares = freeShares(random, slices.length);
  // Some two slices differ by at least 2 points unless all are equal; take a random such pair.
  const pairs: [number, number][] = [];
  for (let i = 0; i < slices.length; i++) for (let j = 0; j < slices.length; j++) if (shares[i] - shares[j] >= 2) pairs.push([i, j]);
  if (pairs.length === 0) {
    shares[0] += 2;
    shares[1] -= 2;
    pairs.push(shares[0] > shares[1] ? [0, 1] : [1, 0]);
  }
  const [high, low] = pick(random, pairs);
  const answer = shares[high] - shares[low];
  return {
    spec: pieSpec(theme, slices, shares, true), form: 'difference',
    question: `How many percentage points larger is the share of ${slices[high]} than that of ${slices[low]}?`,
    correct: String(answer),
    distractors: differenceDistractors(random, answer, 2),
    readings: [`${slices[high]}: ${shares[high]}%`, `${slices[low]}: ${shares[low]}%`],
    comparison: `The difference is ${shares[high]} - ${shares[low]} = ${answer} percentage points.`,
  };
}

/** The forms a chart of this kind and shape can ask. */
function formsFor(kind: ChartKind, series: number, ordered: boolean): QuestionForm[] {
  const forms: QuestionForm[] = ['largest_category', 'difference'];
  if (series >= 3) forms.push('largest_series');
  if (series >= 2) forms.push('biggest_gap');
  if (kind === 'line' || (ordered && kind === 'bar')) forms.push('trend');
  return forms;
}

const MAKERS: Record<QuestionForm, (random: RandomStream, layout: Layout, difficulty: number) => ChartQuestion> = {
  largest_series: largestSeries,
  largest_category: largestCategory,
  biggest_gap: biggestGap,
  trend,
  difference,
};

/** A chart of `kind` and a question about it, at a difficulty in [0, 1]. */
export function makeChartQuestion(random: RandomStream, kind: ChartKind, difficulty: number, limits: ChartLimits): ChartQuestion {
  // Printed numbers make reading easy; hard charts must be read against the gridlines.
  const labelled = difficulty < 0.5;
  if (kind === 'pie') return random() < 0.5 ? pieLargest(random, difficulty, limits, labelled) : pieDifference(random, difficulty, limits);
  const layout = layoutFor(random, kind, difficulty, limits, labelled);
  const form = pick(random, formsFor(kind, layout.seriesNames.length, layout.theme.ordered));
  return MAKERS[form](random, layout, difficulty);
}
