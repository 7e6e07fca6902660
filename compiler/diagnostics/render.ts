// One renderer for each output format: pretty (rustc/tsc style), json (a
// stable, documented schema) and github (Actions workflow annotations).
import type { Diagnostic, FileSpan } from './diagnostic.ts';
import { LineIndex } from './line-index.ts';

/** Where file texts come from when printing; `displayPath` shortens absolute paths. */
export interface SourceTexts {
  text(file: string): string | undefined;
  displayPath(file: string): string;
}

const indexes = new WeakMap<SourceTexts, Map<string, LineIndex>>();

function lineIndex(sources: SourceTexts, file: string): LineIndex {
  let perSource = indexes.get(sources);
  if (!perSource) indexes.set(sources, (perSource = new Map()));
  let index = perSource.get(file);
  if (!index) perSource.set(file, (index = new LineIndex(sources.text(file) ?? '')));
  return index;
}

export interface Located {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function locate(sources: SourceTexts, span: FileSpan): Located {
  const index = lineIndex(sources, span.file);
  const a = index.position(span.start);
  const b = index.position(span.end);
  return { file: sources.displayPath(span.file), line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

export interface PrettyOptions {
  color?: boolean;
}

export function renderPretty(diagnostics: readonly Diagnostic[], sources: SourceTexts, options: PrettyOptions = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const blocks = diagnostics.map((d) => {
    const at = locate(sources, d.span);
    const index = lineIndex(sources, d.span.file);
    const severity = d.severity === 'error' ? paint('1;31', 'error') : d.severity === 'warning' ? paint('1;33', 'warning') : paint('1;36', 'info');
    const lines = [`${at.file}:${at.line}:${at.column}: ${severity}[${d.code}]: ${d.message}`];
    lines.push(...snippet(index, at, paint));
    for (const related of d.related ?? []) {
      const r = locate(sources, related.span);
      lines.push(`  note: ${related.message} at ${r.file}:${r.line}:${r.column}`);
    }
    if (d.hint) lines.push(`  ${paint('1;34', 'hint')}: ${d.hint}`);
    return lines.join('\n');
  });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (diagnostics.length > 0) blocks.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return blocks.join('\n\n') + (blocks.length ? '\n' : '');
}

function snippet(index: LineIndex, at: Located, paint: (code: string, text: string) => string): string[] {
  const text = index.lineText(at.line);
  const gutter = String(at.line).length;
  const pad = ' '.repeat(gutter);
  const width = at.endLine === at.line ? Math.max(1, at.endColumn - at.column) : Math.max(1, text.length - at.column + 1);
  // Tabs in the source line would misplace the caret, so they are shown as one space each.
  const shown = text.replace(/\t/g, ' ');
  return [
    `${pad} |`,
    `${at.line} | ${shown}`,
    `${pad} | ${' '.repeat(at.column - 1)}${paint('1;31', '^'.repeat(width))}`,
  ];
}

/** The `--format json` schema, version 1: documented in the README; change it only with a new version. */
export interface JsonReport {
  version: 1;
  summary: { errors: number; warnings: number; files: number };
  diagnostics: Array<{
    code: string;
    severity: string;
    message: string;
    hint: string | null;
    file: string;
    start: { line: number; column: number; offset: number };
    end: { line: number; column: number; offset: number };
    related: Array<{ message: string; file: string; line: number; column: number }>;
  }>;
}

export function renderJson(diagnostics: readonly Diagnostic[], sources: SourceTexts, fileCount: number): string {
  const report: JsonReport = {
    version: 1,
    summary: {
      errors: diagnostics.filter((d) => d.severity === 'error').length,
      warnings: diagnostics.filter((d) => d.severity === 'warning').length,
      files: fileCount,
    },
    diagnostics: diagnostics.map((d) => {
      const at = locate(sources, d.span);
      return {
        code: d.code,
        severity: d.severity,
        message: d.message,
        hint: d.hint ?? null,
        file: at.file,
        start: { line: at.line, column: at.column, offset: d.span.start },
        end: { line: at.endLine, column: at.endColumn, offset: d.span.end },
        related: (d.related ?? []).map((r) => {
          const rl = locate(sources, r.span);
          return { message: r.message, file: rl.file, line: rl.line, column: rl.column };
        }),
      };
    }),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

/** GitHub Actions annotations: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. */
export function renderGithub(diagnostics: readonly Diagnostic[], sources: SourceTexts): string {
  const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return diagnostics
    .map((d) => {
      const at = locate(sources, d.span);
      const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      const props = [
        `file=${escapeProperty(at.file)}`, `line=${at.line}`, `col=${at.column}`,
        `endLine=${at.endLine}`, `endColumn=${at.endColumn}`, `title=${escapeProperty(`rlr ${d.code}`)}`,
      ].join(',');
      return `::${level} ${props}::${escapeData(d.message + (d.hint ? `\n${d.hint}` : ''))}\n`;
    })
    .join('');
}
