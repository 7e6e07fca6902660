// A chart spec drawn as SVG: title, legend, gridlines every tick, axis titles
// and category labels, bars, lines with markers, or a pie. Sizes follow the
// image size, so a 320 px chart is the 640 px one at half scale.
import { drawText, textWidth, type TextStyle } from '../render/text.ts';
import type { ChartSpec } from './questions.ts';

/** Tableau 10: distinct hues that stay apart for common colour blindness. */
const PALETTE = ['#4E79A7', '#F28E2B', '#E15759', '#76B7B2', '#59A14F', '#EDC948', '#B07AA1', '#FF9DA7', '#9C755F', '#BAB0AC'];

export interface DrawOptions {
  readonly width: number;
  readonly height: number;
  /** False leaves out every piece of text (to check that text renders at all). */
  readonly text?: boolean;
}

function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function label(value: number): string {
  return String(Math.round(value * 100) / 100);
}

class Canvas {
  private readonly parts: string[] = [];

  constructor(private readonly withText: boolean) {}

  add(element: string): void {
    this.parts.push(element);
  }

  text(text: string, x: number, y: number, style: TextStyle): void {
    if (this.withText) this.parts.push(drawText(text, x, y, style));
  }

  svg(width: number, height: number): string {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
      + `<rect width="${width}" height="${height}" fill="#ffffff"/>${this.parts.join('')}</svg>`;
  }
}

interface Frame {
  readonly font: number;
  readonly pad: number;
  /** Where the content below the title (and legend) starts. */
  readonly top: number;
}

function drawTitle(canvas: Canvas, spec: ChartSpec, options: DrawOptions): Frame {
  const font = Math.max(8, Math.min(22, Math.round(Math.min(options.width, options.height) / 46)));
  const pad = Math.round(font * 0.9);
  const titleSize = font * 1.3;
  canvas.text(spec.title, options.width / 2, pad + titleSize, { size: titleSize, anchor: 'middle', fill: '#111' });
  return { font, pad, top: pad + titleSize + font * 0.9 };
}

/** Legend rows centred under the title; returns the y below them. */
function drawLegend(canvas: Canvas, names: readonly string[], frame: Frame, width: number): number {
  const { font, pad } = frame;
  const itemWidth = (name: string) => font * 1.4 + textWidth(name, font) + font * 1.2;
  const rows: string[][] = [[]];
  let used = 0;
  for (const name of names) {
    if (used + itemWidth(name) > width - 2 * pad && rows[rows.length - 1].length > 0) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1].push(name);
    used += itemWidth(name);
  }
  let y = frame.top;
  let index = 0;
  for (const row of rows) {
    const rowWidth = row.reduce((sum, name) => sum + itemWidth(name), 0) - font * 1.2;
    let x = (width - rowWidth) / 2;
    for (const name of row) {
      canvas.add(`<rect x="${n(x)}" y="${n(y)}" width="${n(font)}" height="${n(font)}" fill="${PALETTE[index++ % PALETTE.length]}"/>`);
      canvas.text(name, x + font * 1.4, y + font / 2, { size: font, baseline: 'middle' });
      x += itemWidth(name);
    }
    y += font * 1.6;
  }
  return y + font * 0.3;
}

function drawAxes(canvas: Canvas, spec: ChartSpec, options: DrawOptions, frame: Frame): void {
  const { font, pad } = frame;
  const multi = spec.series.length > 1;
  const top = (multi ? drawLegend(canvas, spec.series.map((s) => s.name), frame, options.width) : frame.top) + (spec.valueLabels ? font : font * 0.5);
  const tickLabels: string[] = [];
  for (let v = 0; v <= spec.axisMax + 1e-9; v += spec.tick) tickLabels.push(label(v));
  const tickWidth = Math.max(...tickLabels.map((t) => textWidth(t, font * 0.9)));
  const left = pad + font * 1.3 + font * 0.6 + tickWidth + font * 0.5;
  const right = options.width - pad;
  const band = (right - left) / spec.categories.length;
  const categorySize = font * 0.9;
  const longest = Math.max(...spec.categories.map((c) => textWidth(c, categorySize)));
  const rotate = longest > band * 0.92;
  const labelHeight = rotate ? longest * Math.sin(Math.PI / 4.5) + categorySize : categorySize * 1.3;
  const bottom = options.height - pad - font * 1.2 - font * 0.6 - labelHeight;
  const y = (v: number) => bottom - (v / spec.axisMax) * (bottom - top);
  const x = (c: number) => left + band * (c + 0.5);

  for (let i = 0; i < tickLabels.length; i++) {
    const v = i * spec.tick;
    canvas.add(`<line x1="${n(left)}" y1="${n(y(v))}" x2="${n(right)}" y2="${n(y(v))}" stroke="${i === 0 ? '#444' : '#dddddd'}" stroke-width="${i === 0 ? 1.5 : 1}"/>`);
    canvas.text(tickLabels[i], left - font * 0.5, y(v), { size: font * 0.9, anchor: 'end', baseline: 'middle', fill: '#333' });
  }
  canvas.add(`<line x1="${n(left)}" y1="${n(top)}" x2="${n(left)}" y2="${n(bottom)}" stroke="#444" stroke-width="1.5"/>`);
  spec.categories.forEach((category, c) => {
    if (rotate) canvas.text(category, x(c) + categorySize * 0.3, bottom + categorySize * 0.9, { size: categorySize, anchor: 'end', rotate: -40, fill: '#333' });
    else canvas.text(category, x(c), bottom + categorySize * 1.2, { size: categorySize, anchor: 'middle', fill: '#333' });
  });
  canvas.text(spec.categoryAxis, (left + right) / 2, options.height - pad, { size: font, anchor: 'middle', fill: '#111' });
  canvas.text(spec.valueAxis, pad + font, (top + bottom) / 2, { size: font, anchor: 'middle', rotate: -90, fill: '#111' });

  const valueSize = font * 0.75;
  if (spec.kind === 'line') {
    const width = Math.max(2, font / 6);
    spec.series.forEach((series, s) => {
      const colour = PALETTE[s % PALETTE.length];
      const points = series.values.map((v, c) => `${n(x(c))},${n(y(v))}`).join(' ');
      canvas.add(`<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="${n(width)}" stroke-linejoin="round"/>`);
      series.values.forEach((v, c) => {
        canvas.add(`<circle cx="${n(x(c))}" cy="${n(y(v))}" r="${n(font * 0.3)}" fill="${colour}" stroke="#ffffff" stroke-width="1"/>`);
        if (!spec.valueLabels) return;
        // A point just below another one in the same category takes its number underneath.
        const crowded = spec.series.some((other, o) => o !== s && other.values[c] >= v && y(v) - y(other.values[c]) < font * 1.6);
        canvas.text(label(v), x(c), crowded ? y(v) + font * 1.25 : y(v) - font * 0.55, { size: valueSize, anchor: 'middle', fill: '#222' });
      });
    });
    return;
  }
  const group = band * 0.78;
  const barWidth = group / spec.series.length;
  spec.series.forEach((series, s) => {
    const colour = PALETTE[(multi ? s : 0) % PALETTE.length];
    series.values.forEach((v, c) => {
      const x0 = x(c) - group / 2 + s * barWidth;
      canvas.add(`<rect x="${n(x0 + (multi ? 0.5 : 0))}" y="${n(y(v))}" width="${n(barWidth - (multi ? 1 : 0))}" height="${n(y(0) - y(v))}" fill="${colour}"/>`);
      if (spec.valueLabels) {
        // Narrow bars get smaller numbers, never narrower than the bar.
        const size = Math.max(7, Math.min(valueSize, (barWidth * 0.95 * valueSize) / textWidth(label(v), valueSize)));
        canvas.text(label(v), x0 + barWidth / 2, y(v) - font * 0.3, { size, anchor: 'middle', fill: '#222' });
      }
    });
  });
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function drawPie(canvas: Canvas, spec: ChartSpec, options: DrawOptions, frame: Frame): void {
  const { font, pad } = frame;
  const shares = spec.series[0].values;
  const legendWidth = font * 1.4 + Math.max(...spec.categories.map((c) => textWidth(c, font)));
  const radius = Math.max(10, Math.min((options.width - legendWidth - 4 * pad) / 2, (options.height - frame.top - pad) / 2));
  const cx = pad + radius;
  const cy = frame.top + (options.height - frame.top - pad) / 2;
  const total = shares.reduce((a, b) => a + b, 0);
  let angle = -Math.PI / 2;
  const point = (a: number, r: number) => `${n(cx + r * Math.cos(a))} ${n(cy + r * Math.sin(a))}`;
  shares.forEach((share, i) => {
    const sweep = (share / total) * 2 * Math.PI;
    const end = angle + sweep;
    const colour = PALETTE[i % PALETTE.length];
    canvas.add(`<path d="M${n(cx)} ${n(cy)} L${point(angle, radius)} A${n(radius)} ${n(radius)} 0 ${sweep > Math.PI ? 1 : 0} 1 ${point(end, radius)} Z" fill="${colour}" stroke="#ffffff" stroke-width="1.5"/>`);
    if (spec.valueLabels) {
      const middle = angle + sweep / 2;
      canvas.text(`${label(share)}%`, cx + radius * 0.7 * Math.cos(middle), cy + radius * 0.7 * Math.sin(middle), {
        size: font, anchor: 'middle', baseline: 'middle', fill: luminance(colour) > 0.55 ? '#111' : '#ffffff',
      });
    }
    angle = end;
  });
  const legendX = cx + radius + 2 * pad;
  const rowHeight = font * 1.6;
  let y = cy - (spec.categories.length * rowHeight) / 2;
  spec.categories.forEach((category, i) => {
    canvas.add(`<rect x="${n(legendX)}" y="${n(y)}" width="${n(font)}" height="${n(font)}" fill="${PALETTE[i % PALETTE.length]}"/>`);
    canvas.text(category, legendX + font * 1.4, y + font / 2, { size: font, baseline: 'middle' });
    y += rowHeight;
  });
}

export function chartSvg(spec: ChartSpec, options: DrawOptions): string {
  const canvas = new Canvas(options.text !== false);
  const frame = drawTitle(canvas, spec, options);
  if (spec.kind === 'pie') drawPie(canvas, spec, options, frame);
  else drawAxes(canvas, spec, options, frame);
  return canvas.svg(options.width, options.height);
}
