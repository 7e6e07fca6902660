// Test helpers: recipes with spans marked in the text, checked in memory.
import { expect } from 'vitest';
import { checkRecipe, compileRecipe, type CheckResult, type CompileResult } from '../compiler/compile.ts';
import { memoryHost } from '../compiler/host.ts';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.ts';
import type { DiagnosticCode } from '../compiler/diagnostics/catalogue.ts';

/** Removes common indentation, like a template-literal dedent. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

export interface Marked {
  readonly text: string;
  /** Spans marked `<|like this|>`, in order of their opening marker. */
  readonly spans: Array<{ start: number; end: number }>;
}

/** Strips `<|` and `|>` markers and returns the spans they enclosed. Markers do not nest. */
export function marked(source: string): Marked {
  const spans: Array<{ start: number; end: number }> = [];
  let text = '';
  let open = -1;
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('<|', i)) {
      open = text.length;
      i++;
    } else if (source.startsWith('|>', i) && open >= 0) {
      spans.push({ start: open, end: text.length });
      open = -1;
      i++;
    } else text += source[i];
  }
  return { text, spans };
}

export const HEADER = 'recipe t { version: "0.1.0" seed: 1 }\n';

/** Checks `text` as `/r/main.rlr`, with other files available to imports. */
export function check(text: string, files: Record<string, string> = {}, params: Record<string, string> = {}): CheckResult {
  const host = memoryHost({ '/r/main.rlr': text, ...files });
  return checkRecipe(host, '/r/main.rlr', { params });
}

export function compile(text: string, files: Record<string, string> = {}, params: Record<string, string> = {}): CompileResult {
  const host = memoryHost({ '/r/main.rlr': text, ...files });
  return compileRecipe(host, '/r/main.rlr', { params });
}

export interface Expected {
  code: DiagnosticCode;
  message?: string | RegExp;
  hint?: string | RegExp;
}

/**
 * Checks a marked recipe and asserts its diagnostics: the i-th marked span
 * holds the i-th expected diagnostic (in position order). With `only`,
 * diagnostics of other codes are ignored.
 */
export function expectDiagnostics(
  source: string,
  expected: ReadonlyArray<DiagnosticCode | Expected>,
  options: { only?: readonly DiagnosticCode[]; files?: Record<string, string>; params?: Record<string, string> } = {},
): Diagnostic[] {
  const { text, spans } = marked(source);
  const result = check(text, options.files, options.params);
  const wanted = expected.map((e) => (typeof e === 'string' ? { code: e } : e));
  const codes = options.only ?? wanted.map((w) => w.code);
  const mainOnly = result.diagnostics.filter((d) => d.span.file === '/r/main.rlr');
  const found = options.only || wanted.length ? mainOnly.filter((d) => codes.includes(d.code)) : mainOnly;
  const describe = (d: Diagnostic) => `${d.code} at ${d.span.start}-${d.span.end} "${text.slice(d.span.start, d.span.end)}": ${d.message}`;
  expect(found.map(describe), `all diagnostics:\n${result.diagnostics.map(describe).join('\n')}`).toHaveLength(wanted.length);
  expect(spans.length, 'one marked span per expected diagnostic').toBe(wanted.length);
  wanted.forEach((w, i) => {
    const d = found[i];
    expect(d.code).toBe(w.code);
    expect({ start: d.span.start, end: d.span.end }, describe(d)).toEqual(spans[i]);
    if (w.message) expect(d.message).toMatch(w.message);
    if (w.hint) expect(d.hint ?? '').toMatch(w.hint);
  });
  return found;
}

/** Asserts that a recipe has no diagnostics at all (or none of the given codes). */
export function expectClean(text: string, options: { only?: readonly DiagnosticCode[]; files?: Record<string, string> } = {}): void {
  const result = check(text, options.files);
  const relevant = options.only ? result.diagnostics.filter((d) => options.only!.includes(d.code)) : result.diagnostics;
  expect(relevant.map((d) => `${d.code}: ${d.message} at ${d.span.start}`)).toEqual([]);
}
