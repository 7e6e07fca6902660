// Invariant: every `{field}` in a template names a field in scope (dotted paths follow record members); braces balance.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import { builtinMembers, stripOptional, t, type Type } from '../types/type.ts';
import type { StringLiteral } from '../syntax/ast.ts';
import { at, type Check } from './context.ts';

export interface TemplatePart {
  readonly path: string[];
  /** Offsets of the placeholder's text within the literal's source text. */
  readonly start: number;
  readonly end: number;
}

/** Splits a template's source text into placeholders; `{{` and `}}` are literal braces. */
export function templatePlaceholders(source: string): { parts: TemplatePart[]; error?: { offset: number; reason: string } } {
  const parts: TemplatePart[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '{') {
      if (source[i + 1] === '{') { i++; continue; }
      const close = source.indexOf('}', i);
      if (close < 0) return { parts, error: { offset: i, reason: 'a `{` is never closed' } };
      const inner = source.slice(i + 1, close).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(inner)) {
        return { parts, error: { offset: i, reason: `\`{${inner}}\` is not a field name` } };
      }
      parts.push({ path: inner.split('.'), start: i, end: close + 1 });
      i = close;
    } else if (c === '}') {
      if (source[i + 1] === '}') { i++; continue; }
      return { parts, error: { offset: i, reason: 'a `}` has no matching `{`' } };
    }
  }
  return { parts };
}

function members(type: Type): { name: string; type: Type }[] {
  const base = stripOptional(type);
  if (base.kind === 'record') return [...base.fields];
  return builtinMembers(base) ?? [];
}

export const templateFields: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  for (const fact of analysis.templates) {
    const text = analysis.program.files.get(fact.file)!.text;
    const literal: StringLiteral = fact.literal;
    // Work on the source text, so that spans point at the placeholder even in strings with escapes.
    const sourceText = text.slice(literal.valueStart, literal.span.end - (literal.triple ? 3 : 1));
    const { parts, error } = templatePlaceholders(sourceText);
    if (error) {
      const offset = literal.valueStart + error.offset;
      out.push(diagnostic('template-syntax', { file: fact.file, start: offset, end: offset + 1 }, { reason: error.reason }));
    }
    // Outside a stage no field is in scope; inside one whose input is unknown, the fields are unknown.
    const fields: Type = fact.fields ?? t.record([]);
    if (fields.kind === 'error') continue;
    for (const part of parts) {
      let scope: Type = fields;
      for (let i = 0; i < part.path.length; i++) {
        const available = members(scope);
        const found = available.find((m) => m.name === part.path[i]);
        if (!found) {
          if (scope.kind === 'error' || scope.kind === 'any') break;
          const names = available.map((m) => m.name);
          out.push(diagnostic('template-unknown-field', at(fact.file, { start: literal.valueStart + part.start, end: literal.valueStart + part.end }), {
            field: part.path.slice(0, i + 1).join('.'), available: names, suggestions: suggest(part.path[i], names),
          }));
          break;
        }
        scope = found.type;
      }
    }
  }
  return out;
};
