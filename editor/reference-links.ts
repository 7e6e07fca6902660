// Stable anchors into the generated language reference (docs/reference.md), for
// hover, completion and diagnostics to link to: `#code-unknown-field`,
// `#verifier-point_in_mask`, `#function-len`, `#block-output`. The reference
// is generated with these same functions, so a link cannot point at nothing.

/** The registry's kinds, `code` for a diagnostic code, `block` for a language block (`output`, `emit`, …). */
export type ReferenceKind = 'function' | 'step' | 'source' | 'provider' | 'task' | 'gate' | 'verifier' | 'code' | 'block';

/** The reference's path from the repository root. */
export const referencePath = 'docs/reference.md';

/** The anchor of an entry, without `#`: the kind, a dash, and the name as written (`task-chat_completion`). */
export function referenceAnchor(kind: ReferenceKind, name: string): string {
  return `${kind}-${name.toLowerCase().replace(/[^a-z0-9_-]/g, '-')}`;
}

/** A link to an entry: `base` is where the reference lives (a relative path, a `file:` URL or a web address). */
export function referenceLink(kind: ReferenceKind, name: string, base: string = referencePath): string {
  return `${base}#${referenceAnchor(kind, name)}`;
}
