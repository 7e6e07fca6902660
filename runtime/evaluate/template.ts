// Templates: `{field}` and `{a.b}` placeholders filled from the record,
// `{{` and `}}` literal braces (the same syntax the compiler checks).
import type { Value } from '../values.ts';
import { display } from './display.ts';

type Part = string | { readonly path: readonly string[] };

const parsed = new Map<string, readonly Part[]>();

export function parseTemplate(text: string): readonly Part[] {
  const cached = parsed.get(text);
  if (cached) return cached;
  const parts: Part[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c;
      i++;
    } else if (c === '{') {
      const close = text.indexOf('}', i);
      if (close < 0) throw new Error(`template: a \`{\` at ${i} is never closed`);
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ path: text.slice(i + 1, close).trim().split('.') });
      i = close;
    } else if (c === '}') {
      throw new Error(`template: a \`}\` at ${i} has no matching \`{\``);
    } else {
      literal += c;
    }
  }
  if (literal) parts.push(literal);
  // Templates come from the DAG, so there are few; the bound only guards `template(text)` built at run time.
  if (parsed.size >= 1000) parsed.clear();
  parsed.set(text, parts);
  return parts;
}

/** Fills the placeholders with `lookup(path)`, each value shown as `display` renders it. */
export function renderTemplate(text: string, lookup: (path: readonly string[]) => Value): string {
  return parseTemplate(text).map((part) => (typeof part === 'string' ? part : display(lookup(part.path)))).join('');
}
