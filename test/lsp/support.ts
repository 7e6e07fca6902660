// Shared helpers of the language-server tests.
import type { Position, Range } from 'vscode-languageserver';
import { memoryHost } from '../../compiler/host.ts';
import { analyzeDocument, type DocumentAnalysis } from '../../lsp/document.ts';
import { dedent, marked } from '../helpers.ts';

/** mulberry32: a small seeded generator, so every run edits the same way. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MAIN = '/r/main.rlr';
export const MAIN_URI = 'file:///r/main.rlr';

export interface Fixture {
  readonly document: DocumentAnalysis;
  readonly text: string;
  /** Where `‸` stood. */
  readonly position: Position;
  /** The spans marked `<|like this|>`, in order. */
  readonly ranges: Range[];
}

/**
 * A recipe checked as `/r/main.rlr`, with the cursor marked `‸` and expected spans marked
 * `<|…|>`; `files` are other files imports may read.
 */
export function fixture(source: string, files: Record<string, string> = {}): Fixture {
  const clean = dedent(source);
  const at = clean.indexOf('‸');
  const withoutCursor = clean.replace('‸', '');
  const { text, spans } = marked(withoutCursor);
  const document = analyzeDocument(text, { file: MAIN, host: memoryHost({ [MAIN]: text, ...files }) });
  const offset = at >= 0 ? marked(withoutCursor.slice(0, at)).text.length : 0;
  const { line, column } = document.lines.position(offset);
  return { document, text, position: { line: line - 1, character: column - 1 }, ranges: spans.map((s) => document.range(s)) };
}

/** The range of the `index`-th occurrence (from 0) of `needle` in `text`, as an LSP range. */
export function rangeOf(text: string, needle: string, index = 0): Range {
  let offset = -1;
  for (let i = 0; i <= index; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`\`${needle}\` does not occur ${index + 1} times`);
  const position = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length - 1, character: before.at(-1)!.length };
  };
  return { start: position(offset), end: position(offset + needle.length) };
}
