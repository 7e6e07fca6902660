// The `chart_questions` generator: bar, grouped bar, line and pie charts of
// random data rendered to PNG, each with a multiple-choice question, its
// letter, and a trace that reads the values off and compares them.
import type { Json } from '../../../compiler/lower/dag-schema.ts';
import { randomFor, shuffled } from '../../../runtime/evaluate/random.ts';
import type { SourceContext, SourceItem } from '../../../runtime/sources/source-item.ts';
import type { Fields, MediaValue } from '../../../runtime/values.ts';
import { balancedPosition, difficultyBand, difficultySchedule, itemCount, itemKey, kindAt } from '../sampling.ts';
import { encodePng, rasterise, type RenderedPng } from '../render/png.ts';
import { chartSvg } from './draw.ts';
import { CHART_KINDS, makeChartQuestion, type ChartKind, type ChartLimits, type ChartQuestion } from './questions.ts';
import { MAX_CATEGORIES, MAX_SERIES } from './themes.ts';

export { CHART_KINDS, type ChartKind } from './questions.ts';

const LETTERS = ['A', 'B', 'C', 'D'];

/** Images encoded at once: encoding runs on libuv's threads while the next chart is rasterised. */
const IN_FLIGHT = 4;

export interface ChartParams {
  readonly kinds: ChartKind[];
  readonly limits: ChartLimits;
  readonly width: number;
  readonly height: number;
}

export function chartParams(params: Record<string, Json>): ChartParams {
  const raw = Array.isArray(params.kinds) ? params.kinds : [...CHART_KINDS];
  const kinds = raw.filter((k): k is ChartKind => typeof k === 'string' && (CHART_KINDS as readonly string[]).includes(k));
  if (kinds.length === 0) throw new Error(`chart_questions: \`kinds\` names none of ${CHART_KINDS.join(', ')}`);
  const categories = Math.floor(Number(params.categories ?? 8));
  // Four options need four categories to choose among; the themes name at most twelve.
  if (!(categories >= 4 && categories <= MAX_CATEGORIES)) {
    throw new Error(`chart_questions: \`categories\` is ${params.categories}, but it must be from 4 to ${MAX_CATEGORIES}`);
  }
  const series = Math.floor(Number(params.series ?? 3));
  if (!(series >= 1 && series <= MAX_SERIES)) throw new Error(`chart_questions: \`series\` is ${params.series}, but it must be from 1 to ${MAX_SERIES}`);
  const width = Math.round(Number(params.width ?? 640));
  const height = Math.round(Number(params.height ?? 640));
  if (!(width >= 64 && height >= 64 && width <= 4096 && height <= 4096)) {
    throw new Error(`chart_questions: the image size ${params.width}x${params.height} is outside 64 to 4096 pixels`);
  }
  return { kinds, limits: { maxSeries: series, maxCategories: categories }, width, height };
}

export interface ChartItem {
  readonly question: ChartQuestion;
  readonly options: string[];
  readonly letter: string;
  readonly trace: string;
}

/** The question of item `index`, its options with the answer at the balanced position, and the trace. */
export function chartItem(context: SourceContext, key: string, index: number, kind: ChartKind, difficulty: number, limits: ChartLimits): ChartItem {
  const question = makeChartQuestion(randomFor(context.seed, context.nodeId, key, 'chart'), kind, difficulty, limits);
  const position = balancedPosition(context, index);
  const options = shuffled(question.distractors, randomFor(context.seed, context.nodeId, key, 'options'));
  options.splice(position, 0, question.correct);
  const letter = LETTERS[position];
  const trace = [
    `Reading the chart: ${question.readings.join('; ')}.`,
    question.comparison,
    `So the answer is ${question.correct}, option ${letter}.`,
  ].join('\n');
  return { question, options, letter, trace };
}

function fieldsOf(item: ChartItem, key: string, difficulty: number, png: RenderedPng): Fields {
  const image: MediaValue = { $media: 'image', path: `chart_questions/${key}.png`, bytes: png.bytes, width: png.width, height: png.height };
  return {
    image,
    question: item.question.question,
    answer: item.question.correct,
    options: item.options,
    letter: item.letter,
    trace: item.trace,
    difficulty,
    chart: item.question.spec.kind,
  };
}

export async function* chartQuestions(params: Record<string, Json>, context: SourceContext): AsyncGenerator<SourceItem> {
  const { kinds, limits, width, height } = chartParams(params);
  const difficultyAt = difficultySchedule(difficultyBand(params), context);
  const count = itemCount(params, context);
  const pending: Promise<SourceItem>[] = [];
  for (let index = 0; index < count; index++) {
    const key = itemKey('chart', index);
    const difficulty = difficultyAt(index);
    const item = chartItem(context, key, index, kindAt(kinds, index), difficulty, limits);
    const { pixels } = rasterise(chartSvg(item.question.spec, { width, height }));
    const encoded = encodePng(pixels, width, height).then((png): SourceItem => ({ key, fields: fieldsOf(item, key, difficulty, png) }));
    // Awaited in order below; the handler only keeps a failure that is not yet awaited from counting as unhandled.
    encoded.catch(() => undefined);
    pending.push(encoded);
    if (pending.length >= IN_FLIGHT) yield await pending.shift()!;
  }
  while (pending.length > 0) yield await pending.shift()!;
}
