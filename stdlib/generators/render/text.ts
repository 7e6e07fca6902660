// Text drawn as glyph outlines, so a rendered image looks the same on every
// machine whatever fonts it has installed. The font (DejaVu Sans) ships in an
// npm package; each glyph's outline is read once and placed by arithmetic.
// Measured: resvg shaping `<text>` itself costs ~2 ms per element (it looks the
// font up each time) and `<use>` of glyph outlines ~1 ms per string; one
// `<path>` per string costs ~0.3 ms.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as opentype from 'opentype.js';
import type { Font } from 'opentype.js';

const require = createRequire(import.meta.url);
// Node loads the package's CommonJS build (its exports under `default`); bundlers its ES build.
const { parse } = 'parse' in opentype && typeof opentype.parse === 'function' ? opentype : opentype.default;

let loaded: Font | null = null;

function font(): Font {
  if (!loaded) {
    const bytes = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
    loaded = parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { lowMemory: true });
  }
  return loaded;
}

/** A glyph's outline as path commands in em units (1 = font size), y down. */
interface GlyphShape {
  readonly advance: number;
  readonly commands: readonly PathCommand[];
}

type PathCommand =
  | { readonly type: 'M' | 'L'; readonly x: number; readonly y: number }
  | { readonly type: 'Q'; readonly x1: number; readonly y1: number; readonly x: number; readonly y: number }
  | { readonly type: 'C'; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly x: number; readonly y: number }
  | { readonly type: 'Z' };

const shapes = new Map<string, GlyphShape>();

function shapeOf(char: string): GlyphShape {
  let shape = shapes.get(char);
  if (!shape) {
    const f = font();
    const glyph = f.charToGlyph(char);
    const commands = glyph.getPath(0, 0, 1).commands as PathCommand[];
    shape = { advance: (glyph.advanceWidth ?? f.unitsPerEm / 2) / f.unitsPerEm, commands };
    shapes.set(char, shape);
  }
  return shape;
}

export type Anchor = 'start' | 'middle' | 'end';

export interface TextStyle {
  readonly size: number;
  readonly anchor?: Anchor;
  readonly fill?: string;
  /** Degrees, clockwise, about the anchor point. */
  readonly rotate?: number;
  /** Where `y` sits: on the baseline, or level with the middle of a capital letter. */
  readonly baseline?: 'alphabetic' | 'middle';
}

/** Width of `text` in pixels at `size`. */
export function textWidth(text: string, size: number): number {
  let ems = 0;
  for (const char of text) ems += shapeOf(char).advance;
  return ems * size;
}

/** Cap height of DejaVu Sans, in ems. */
const CAP_HEIGHT = 0.73;

function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** One `<path>` drawing `text` with its anchor at (x, y). */
export function drawText(text: string, x: number, y: number, style: TextStyle): string {
  const size = style.size;
  const width = textWidth(text, size);
  const start = style.anchor === 'middle' ? -width / 2 : style.anchor === 'end' ? -width : 0;
  const rotated = Boolean(style.rotate);
  // Unrotated text is placed in absolute coordinates; rotated text about its anchor.
  const ox = rotated ? 0 : x;
  const oy = (rotated ? 0 : y) + (style.baseline === 'middle' ? (CAP_HEIGHT / 2) * size : 0);
  const parts: string[] = [];
  let cursor = start;
  for (const char of text) {
    const shape = shapeOf(char);
    const px = (u: number) => n(ox + cursor + u * size);
    const py = (v: number) => n(oy + v * size);
    for (const c of shape.commands) {
      switch (c.type) {
        case 'M': case 'L': parts.push(`${c.type}${px(c.x)} ${py(c.y)}`); break;
        case 'Q': parts.push(`Q${px(c.x1)} ${py(c.y1)} ${px(c.x)} ${py(c.y)}`); break;
        case 'C': parts.push(`C${px(c.x1)} ${py(c.y1)} ${px(c.x2)} ${py(c.y2)} ${px(c.x)} ${py(c.y)}`); break;
        case 'Z': parts.push('Z'); break;
      }
    }
    cursor += shape.advance * size;
  }
  if (parts.length === 0) return '';
  const transform = rotated ? ` transform="translate(${n(x)} ${n(y)}) rotate(${n(style.rotate ?? 0)})"` : '';
  return `<path d="${parts.join('')}" fill="${style.fill ?? '#222'}"${transform}/>`;
}
