// The part of opentype.js (2.x, which ships no types) that the glyph renderer uses.
declare module 'opentype.js' {
  export interface Path {
    readonly commands: readonly { readonly type: string; readonly [coordinate: string]: number | string }[];
    toPathData(decimalPlaces?: number): string;
  }
  export interface Glyph {
    readonly index: number;
    readonly advanceWidth: number | undefined;
    getPath(x: number, y: number, fontSize: number): Path;
  }
  export interface Font {
    readonly unitsPerEm: number;
    charToGlyph(char: string): Glyph;
  }
  export function parse(buffer: ArrayBuffer, options?: { lowMemory?: boolean }): Font;
  const opentype: { parse: typeof parse };
  export default opentype;
}
