// The `chart_questions` generator: the answer follows from the chart's data
// (recomputed here from the question's wording) with a gap a person can see,
// the letter passes the `choice` verifier, letters are balanced, the PNGs
// decode at the declared size with their text drawn, and output depends only
// on the seed.
import { describe, expect, it } from 'vitest';
import { imageSize } from 'image-size';
import sharp from 'sharp';
import type { Json } from '../../compiler/lower/dag-schema.ts';
import { registryType } from '../../compiler/types/resolve.ts';
import { conformRecord } from '../../runtime/sources/conform.ts';
import type { SourceContext } from '../../runtime/sources/source-item.ts';
import type { MediaValue } from '../../runtime/values.ts';
import { chartItem, chartQuestions, CHART_KINDS, type ChartKind } from '../../stdlib/generators/charts/index.ts';
import { chartSvg } from '../../stdlib/generators/charts/draw.ts';
import { MIN_PIE_GAP, MIN_VISUAL_GAP, TREND_OPTIONS, type ChartQuestion, type ChartSpec } from '../../stdlib/generators/charts/questions.ts';
import { generators } from '../../stdlib/generators/index.ts';
import { svgToPng } from '../../stdlib/generators/render/png.ts';
import { sourceEntries } from '../../stdlib/registry/sources.ts';
import { prepareCached } from '../../stdlib/verifiers/index.ts';

const choice = prepareCached({ name: 'choice', params: { letters: 'ABCD' } });
const context: SourceContext = { directory: '.', seed: 11, nodeId: 'chart-node' };
const limits = { maxSeries: 4, maxCategories: 10 };

interface ChartRecord {
  key: string;
  image: MediaValue;
  question: string;
  answer: string;
  options: string[];
  letter: string;
  trace: string;
  difficulty: number;
  chart: string;
}

async function generate(params: Record<string, Json>, ctx: SourceContext = context): Promise<ChartRecord[]> {
  const out: ChartRecord[] = [];
  for await (const item of chartQuestions(params, ctx)) {
    if ('rejected' in item) throw new Error(`${item.key}: ${item.rejected}`);
    out.push({ key: item.key, ...(item.fields as unknown as Omit<ChartRecord, 'key'>) });
  }
  return out;
}

/** The answer a careful reader of the data would give, and the margin by which it wins, worked out from the wording alone. */
function solve(q: ChartQuestion): { answer: string; margin: number; scale: number } {
  const spec: ChartSpec = q.spec;
  const seriesIndex = (name: string) => spec.series.findIndex((s) => s.name === name);
  const categoryIndex = (name: string) => spec.categories.indexOf(name);
  const ranked = (entries: { name: string; value: number }[]) => {
    const sorted = [...entries].sort((a, b) => b.value - a.value);
    return { answer: sorted[0].name, margin: sorted[0].value - sorted[1].value };
  };
  const scale = spec.kind === 'pie' ? 100 : spec.axisMax;
  let match: RegExpExecArray | null;
  if ((match = /^Which .+ has the highest .+ in (.+)\?$/.exec(q.question))) {
    const c = categoryIndex(match[1]);
    return { ...ranked(spec.series.map((s) => ({ name: s.name, value: s.values[c] }))), scale };
  }
  if ((match = /^In which .+ is the .+? (?:for (.+) )?highest\?$/.exec(q.question))) {
    const row = spec.series[match[1] ? seriesIndex(match[1]) : 0].values;
    return { ...ranked(spec.categories.map((name, c) => ({ name, value: row[c] }))), scale };
  }
  if (/^Which .+ has the largest share\?$/.test(q.question)) {
    return { ...ranked(spec.categories.map((name, c) => ({ name, value: spec.series[0].values[c] }))), scale };
  }
  if ((match = /^In which .+ is the gap between (.+) and (.+) the largest\?$/.exec(q.question))) {
    const [a, b] = [spec.series[seriesIndex(match[1])].values, spec.series[seriesIndex(match[2])].values];
    return { ...ranked(spec.categories.map((name, c) => ({ name, value: Math.abs(a[c] - b[c]) }))), scale };
  }
  if ((match = /^How does the .+? (?:for (.+) )?change from .+ to .+\?$/.exec(q.question))) {
    const row = spec.series[match[1] ? seriesIndex(match[1]) : 0].values;
    const steps = row.slice(1).map((v, i) => v - row[i]);
    const signs = steps.map(Math.sign).join('');
    const shape = /^1+$/.test(signs) ? 'up' : /^(-1)+$/.test(signs) ? 'down' : /^1+(-1)+$/.test(signs) ? 'peak' : /^(-1)+1+$/.test(signs) ? 'valley' : 'none';
    return { answer: shape === 'none' ? 'no clear shape' : TREND_OPTIONS[shape], margin: Math.min(...steps.map(Math.abs)), scale };
  }
  const cell = (text: string): number => {
    const parts = /^(?:for (.+) )?in (.+)$/.exec(text)!;
    return spec.series[parts[1] ? seriesIndex(parts[1]) : 0].values[categoryIndex(parts[2])];
  };
  if ((match = /^How much higher is the .+? ((?:for .+ )?in .+) than ((?:for .+ )?in .+), in .+\?$/.exec(q.question))) {
    const d = cell(match[1]) - cell(match[2]);
    return { answer: String(d), margin: d, scale };
  }
  if ((match = /^How many percentage points larger is the share of (.+) than that of (.+)\?$/.exec(q.question))) {
    const shares = spec.series[0].values;
    const d = shares[categoryIndex(match[1])] - shares[categoryIndex(match[2])];
    return { answer: String(d), margin: d, scale };
  }
  throw new Error(`no reading for the question ${JSON.stringify(q.question)}`);
}

describe('chart_questions', () => {
  it('is the implementation registered for the `chart_questions` source', () => {
    expect(generators.get('chart_questions')).toBe(chartQuestions);
  });

  it('asks questions whose answer follows from the data, by at least the minimum visual gap', () => {
    const failures: string[] = [];
    const forms = new Map<string, number>();
    for (let index = 0; index < 800; index++) {
      const kind = CHART_KINDS[index % 4];
      const item = chartItem(context, `chart-${index}`, index, kind, (index * 0.618) % 1, limits);
      const q = item.question;
      forms.set(`${kind}/${q.form}`, (forms.get(`${kind}/${q.form}`) ?? 0) + 1);
      const { answer, margin, scale } = solve(q);
      const minimum = q.form === 'difference' ? Number.MIN_VALUE : kind === 'pie' ? MIN_PIE_GAP : MIN_VISUAL_GAP * scale;
      if (answer !== q.correct || margin < minimum - 1e-9) failures.push(`${kind} ${q.question}: expected ${q.correct}, data say ${answer} by ${margin}`);
      const options = new Set(item.options);
      if (item.options.length !== 4 || options.size !== 4 || item.options['ABCD'.indexOf(item.letter)] !== q.correct) failures.push(`${q.question}: options ${JSON.stringify(item.options)} letter ${item.letter}`);
    }
    expect(failures).toEqual([]);
    // Every form of question occurs for the kinds that can ask it.
    for (const form of ['bar/largest_category', 'bar/difference', 'grouped_bar/largest_series', 'grouped_bar/biggest_gap', 'line/trend', 'line/biggest_gap', 'pie/largest_category', 'pie/difference']) {
      expect(forms.get(form) ?? 0, form).toBeGreaterThan(5);
    }
  });

  it('yields records of the registry type whose letter the choice verifier scores 1, and other letters 0', async () => {
    const entry = sourceEntries.find((e) => e.name === 'chart_questions')!;
    const type = registryType(entry.yields!);
    if (type.kind !== 'record') throw new Error('expected a record type');
    const records = await generate({ count: 24, width: 200, height: 160 });
    for (const record of records) {
      const { key: _key, ...fields } = record;
      expect(Object.keys(fields).sort()).toEqual(type.fields.map((f) => f.name).sort());
      expect(conformRecord(fields as never, type)).toEqual(fields);
      expect(choice.score(record.letter, record.letter).score).toBe(1);
      expect(choice.score(choice.renderTruth(record.letter), record.letter).score).toBe(1);
      expect(choice.score(`${record.trace}\nAnswer: ${record.letter}`, record.letter).score).toBe(1);
      for (const other of 'ABCD'.replace(record.letter, '')) expect(choice.score(other, record.letter).score).toBe(0);
      expect(record.options['ABCD'.indexOf(record.letter)]).toBe(record.answer);
      expect(record.trace).toMatch(/^Reading the chart: .+\n.+\nSo the answer is .+, option [A-D]\.$/);
    }
  });

  it('writes PNGs that decode at the declared size, under `chart_questions/<key>.png`', async () => {
    const records = await generate({ count: 8, width: 320, height: 240 });
    for (const record of records) {
      expect(record.image.$media).toBe('image');
      expect(record.image.path).toBe(`chart_questions/${record.key}.png`);
      expect(imageSize(record.image.bytes!)).toMatchObject({ type: 'png', width: 320, height: 240 });
      const meta = await sharp(record.image.bytes!).metadata();
      expect([meta.width, meta.height, record.image.width, record.image.height]).toEqual([320, 240, 320, 240]);
    }
  });

  it('balances the correct letter over A-D', async () => {
    const records = await generate({ count: 400, width: 96, height: 96 });
    const counts = [...'ABCD'].map((letter) => records.filter((r) => r.letter === letter).length);
    const chiSquare = counts.reduce((sum, observed) => sum + (observed - 100) ** 2 / 100, 0);
    // 7.81 is the 95 % point of chi-square with 3 degrees of freedom.
    expect(chiSquare).toBeLessThan(7.81);
    expect(counts).toEqual([100, 100, 100, 100]);
  });

  it('draws the kinds asked for in equal shares and reports the kind', async () => {
    const records = await generate({ count: 12, kinds: ['pie', 'line'], width: 96, height: 96 });
    expect(records.map((r) => r.chart)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 'pie' : 'line')));
  });

  it('renders its text: axis titles and labels put dark pixels where a chart without text has none', async () => {
    const item = chartItem(context, 'text-check', 0, 'bar', 0.2, limits);
    const dark = async (text: boolean) => {
      const png = await svgToPng(chartSvg(item.question.spec, { width: 640, height: 640, text }));
      const { data, info } = await sharp(png.bytes).raw().toBuffer({ resolveWithObject: true });
      // The strip left of the value axis holds only its title and tick labels; the strip at the bottom, the category axis title.
      const count = (x0: number, x1: number, y0: number, y1: number) => {
        let n = 0;
        for (let y = y0; y < y1; y++) {
          for (let x = x0; x < x1; x++) {
            const i = (y * info.width + x) * info.channels;
            if (data[i] + data[i + 1] + data[i + 2] < 3 * 110) n++;
          }
        }
        return n;
      };
      return { left: count(0, 40, 100, 540), bottom: count(200, 440, 610, 640), title: count(100, 540, 0, 40) };
    };
    const withText = await dark(true);
    const without = await dark(false);
    expect(without).toEqual({ left: 0, bottom: 0, title: 0 });
    expect(withText.left).toBeGreaterThan(150);
    expect(withText.bottom).toBeGreaterThan(40);
    expect(withText.title).toBeGreaterThan(150);
  });

  it('writes byte-identical images and fields for the same seed, and different ones for another seed', async () => {
    const params = { count: 12, width: 200, height: 200 };
    const a = await generate(params);
    const b = await generate(params);
    const c = await generate(params, { ...context, seed: 12 });
    expect(b.map((r) => Buffer.from(r.image.bytes!).toString('hex'))).toEqual(a.map((r) => Buffer.from(r.image.bytes!).toString('hex')));
    expect(b.map(({ image: _image, ...rest }) => rest)).toEqual(a.map(({ image: _image, ...rest }) => rest));
    const sameImages = c.filter((r, i) => Buffer.compare(Buffer.from(r.image.bytes!), Buffer.from(a[i].image.bytes!)) === 0).length;
    expect(sameImages).toBe(0);
    expect(c.filter((r, i) => r.question === a[i].question).length).toBeLessThan(4);
  });

  it('keeps the compared values further apart on easy charts than on hard ones, and adds series as difficulty rises', () => {
    const margins = (low: number, high: number) => {
      const out: number[] = [];
      const series: number[] = [];
      for (let index = 0; index < 300; index++) {
        const difficulty = low + ((index * 0.618) % 1) * (high - low);
        const kind: ChartKind = index % 2 === 0 ? 'grouped_bar' : 'line';
        const q = chartItem(context, `gap-${index}`, index, kind, difficulty, limits).question;
        series.push(q.spec.series.length);
        if (q.form === 'difference') continue;
        const { margin, scale } = solve(q);
        out.push(margin / scale);
      }
      return { margin: out.reduce((a, b) => a + b, 0) / out.length, series: series.reduce((a, b) => a + b, 0) / series.length };
    };
    const easy = margins(0, 0.2);
    const hard = margins(0.8, 1);
    expect(easy.margin).toBeGreaterThan(2 * hard.margin);
    expect(hard.series).toBeGreaterThan(easy.series + 1);
  });

  it('refuses categories outside 4-12, series outside 1-6 and an image size out of range', async () => {
    await expect(generate({ count: 1, categories: 3 })).rejects.toThrow(/categories/);
    await expect(generate({ count: 1, categories: 13 })).rejects.toThrow(/categories/);
    await expect(generate({ count: 1, series: 7 })).rejects.toThrow(/series/);
    await expect(generate({ count: 1, width: 10, height: 10 })).rejects.toThrow(/size/);
  });
});
