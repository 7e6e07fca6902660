// A diagnostic is data; prose comes only from the catalogue.
import { catalogue, type DiagnosticCode, type ParamsOf } from './catalogue.ts';

export type Severity = 'error' | 'warning' | 'info';

/** A span of offsets in one file. Lines and columns are computed only when printed. */
export interface FileSpan {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface RelatedInformation {
  readonly message: string;
  readonly span: FileSpan;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: FileSpan;
  readonly related?: readonly RelatedInformation[];
  readonly hint?: string;
}

export function diagnostic<C extends DiagnosticCode>(
  code: C,
  span: FileSpan,
  params: ParamsOf<C>,
  related?: readonly RelatedInformation[],
): Diagnostic {
  const entry = catalogue[code] as unknown as {
    severity: Severity;
    message: (p: ParamsOf<C>) => string;
    hint?: (p: ParamsOf<C>) => string | undefined;
  };
  const hint = entry.hint?.(params);
  return {
    code, severity: entry.severity, message: entry.message(params), span,
    ...(related && related.length ? { related } : {}),
    ...(hint ? { hint } : {}),
  };
}

export const MAX_DIAGNOSTICS = 200;

/** Sorted by file and position, duplicates removed, capped. */
export function normalizeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.span.file}:${d.span.start}:${d.span.end}:${d.code}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(d);
  }
  unique.sort((a, b) =>
    a.span.file.localeCompare(b.span.file) || a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  return unique.slice(0, MAX_DIAGNOSTICS);
}

export const hasErrors = (diagnostics: readonly Diagnostic[]) => diagnostics.some((d) => d.severity === 'error');
