// The compiler's diagnostics for one document, as LSP diagnostics: ranges from
// `toLspRange`, the code with a link to its entry in the reference, the hint on
// its own line, related spans as related information.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../../compiler/diagnostics/diagnostic.ts';
import { referenceUrl } from './signatures.ts';
import type { DocumentAnalysis } from '../document.ts';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The diagnostics of the document's own file (those of imported files belong to those files). */
export function diagnostics(document: DocumentAnalysis): LspDiagnostic[] {
  return document.result.diagnostics.filter((d) => d.span.file === document.file).map((d) => toLspDiagnostic(document, d));
}

export function toLspDiagnostic(document: DocumentAnalysis, d: Diagnostic): LspDiagnostic {
  const related = (d.related ?? []).filter((r) => document.lineIndex(r.span.file)).map((r) => ({
    location: { uri: document.uriOf(r.span.file), range: document.range(r.span, r.span.file) },
    message: r.message,
  }));
  return {
    range: document.range(d.span, d.span.file),
    severity: severities[d.severity],
    code: d.code,
    codeDescription: { href: referenceUrl('code', d.code) },
    source: 'rlr',
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    ...(related.length ? { relatedInformation: related } : {}),
  };
}
