// One checked document: the compiler's result for a recipe's text, with what
// every feature needs to answer at a position (line indexes, URIs, the index
// of names). The features are pure functions of a DocumentAnalysis and a position.
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position, Range } from 'vscode-languageserver';
import { checkRecipe, type CheckResult } from '../compiler/compile.ts';
import { memoryHost, type CompilerHost } from '../compiler/host.ts';
import { LineIndex, toLspRange } from '../compiler/diagnostics/line-index.ts';
import type { Span } from '../compiler/syntax/ast.ts';
import type { ParsedFile } from '../compiler/syntax/parse.ts';
import { buildOccurrences, type Occurrences } from './features/occurrences.ts';

/** A file path for a URI: `file:` URIs become paths; any other URI (an unsaved buffer) stands for itself. */
export function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function pathToUri(path: string): string {
  return /^(?:[A-Za-z]:)?[\\/]/.test(path) ? pathToFileURL(path).href : path;
}

export class DocumentAnalysis {
  private readonly lineIndexes = new Map<string, LineIndex>();
  private occurrenceIndex: Occurrences | undefined;

  constructor(
    readonly uri: string,
    readonly file: string,
    readonly text: string,
    readonly result: CheckResult,
    /** The texts the result was computed from, by path (undefined: the file could not be read). */
    readonly inputs: ReadonlyMap<string, string | undefined>,
  ) {
    this.lineIndexes.set(file, new LineIndex(text));
  }

  get lines(): LineIndex {
    return this.lineIndexes.get(this.file)!;
  }

  /** The parsed main file; absent only when the compiler could not read it. */
  get parsed(): ParsedFile | undefined {
    return this.result.program?.files.get(this.file);
  }

  /** Every name's definition and uses, across the program's files. */
  get occurrences(): Occurrences {
    this.occurrenceIndex ??= buildOccurrences(this);
    return this.occurrenceIndex;
  }

  lineIndex(file: string): LineIndex | undefined {
    let index = this.lineIndexes.get(file);
    if (!index) {
      const text = this.result.program?.files.get(file)?.text;
      if (text === undefined) return undefined;
      this.lineIndexes.set(file, (index = new LineIndex(text)));
    }
    return index;
  }

  uriOf(file: string): string {
    return file === this.file ? this.uri : pathToUri(file);
  }

  /** The offset of an LSP position; a character past the end of its line means the line's end. */
  offsetAt(position: Position): number {
    const line = Math.max(0, Math.min(position.line, this.lines.lineCount - 1)) + 1;
    const character = Math.max(0, Math.min(position.character, this.lines.lineText(line).length));
    return this.lines.offset(line, character + 1);
  }

  /** The LSP range of a span in one of the program's files. */
  range(span: Span, file = this.file): Range {
    const index = this.lineIndex(file) ?? this.lines;
    return toLspRange(index, span.start, span.end);
  }
}

export interface AnalyzeOptions {
  /** The document's path; `/untitled.rlr` by default. */
  readonly file?: string;
  readonly uri?: string;
  /** Where imports are read from; only the document itself by default. */
  readonly host?: CompilerHost;
}

/** Checks a document's text with the compiler, as `rlr check` does. */
export function analyzeDocument(text: string, options: AnalyzeOptions = {}): DocumentAnalysis {
  const file = options.file ?? '/untitled.rlr';
  const host = options.host ?? memoryHost({ [file]: text });
  const result = checkRecipe(host, file, { text });
  const inputs = new Map<string, string | undefined>();
  for (const [path, parsed] of result.program?.files ?? []) inputs.set(path, parsed.text);
  for (const edge of result.program?.imports ?? []) if (!edge.target) inputs.set(edge.resolvedPath, undefined);
  return new DocumentAnalysis(options.uri ?? pathToUri(file), file, text, result, inputs);
}
