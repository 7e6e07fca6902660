// What every check receives, and the one signature every check has.
import type { Analyzer } from '../analysis/analyzer.ts';
import type { Diagnostic, FileSpan } from '../diagnostics/diagnostic.ts';
import type { Span } from '../syntax/ast.ts';

export interface CheckContext {
  readonly analysis: Analyzer;
}

export type Check = (context: CheckContext) => Diagnostic[];

export function at(file: string, span: Span): FileSpan {
  return { file, start: span.start, end: span.end };
}
