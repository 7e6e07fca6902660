// The snippets, expanded as VS Code would with every default taken, parse, and
// together make a recipe that checks with no errors.
import { describe, expect, it } from 'vitest';
import { declarationKeywords } from '../../grammar/tokens.ts';
import { parseRecipe } from '../../grammar/parser.ts';
import { registry } from '../../stdlib/registry/index.ts';
import { buildSnippets } from '../../editor/snippets.ts';
import { keywordWord } from '../../editor/textmate/grammar.ts';
import { check } from '../helpers.ts';

/** Expands a snippet body with each placeholder's default, each choice's first option, and tabs as two spaces. */
export function expandSnippet(body: string): string {
  let i = 0;
  const read = (until?: string): string => {
    let out = '';
    while (i < body.length) {
      const c = body[i];
      if (until && c === until) return out;
      if (c === '\\' && i + 1 < body.length && '$}\\,|'.includes(body[i + 1])) {
        out += body[i + 1];
        i += 2;
      } else if (c === '$' && body[i + 1] === '{') {
        const match = /^\$\{(\d+)([:|}])/.exec(body.slice(i))!;
        i += match[0].length;
        if (match[2] === ':') {
          out += read('}');
          i++;
        } else if (match[2] === '|') {
          const end = body.indexOf('|}', i);
          out += body.slice(i, end).split(',')[0];
          i = end + 2;
        }
      } else if (c === '$' && /\d/.test(body[i + 1] ?? '')) {
        i += /^\$\d+/.exec(body.slice(i))![0].length;
      } else {
        out += c === '\t' ? '  ' : c;
        i++;
      }
    }
    return out;
  };
  return read();
}

const snippets = Object.entries(buildSnippets());
const expanded = snippets.map(([name, snippet]) => [name, expandSnippet(snippet.body.join('\n'))] as const);

describe('snippets', () => {
  it('expand placeholders, choices and escapes', () => {
    expect(expandSnippet('a ${1:b ${2:c}} ${3|x,y|} $4 \\$5 {${6:d\\}}}\n\te$0')).toBe('a b c x  $5 {d}}\n  e');
  });

  it.each(expanded)('%s parses', (_name, text) => {
    const parsed = parseRecipe(text);
    expect([...parsed.lexErrors, ...parsed.parseErrors].map((e) => e.message)).toEqual([]);
  });

  it('open every kind of declaration', () => {
    const opening = new Set(expanded.map(([, text]) => /^[a-z]+/.exec(text)![0]));
    expect(declarationKeywords.map(keywordWord).filter((word) => !opening.has(word))).toEqual([]);
  });

  it('cover every source that is not a generator, a generator, and every model provider', () => {
    const kinds = new Set(expanded.map(([, text]) => /^(?:source|model) \w+(?::.*?)? = (\w+)/.exec(text)?.[1]).filter(Boolean));
    const inputs = [...registry.sources.values()].filter((s) => !s.generator).map((s) => s.name);
    const generators = [...registry.sources.values()].filter((s) => s.generator).map((s) => s.name);
    expect([...inputs, ...registry.providers.keys()].filter((name) => !kinds.has(name))).toEqual([]);
    expect(generators.some((name) => kinds.has(name))).toBe(true);
  });

  it('make a recipe that checks with no errors, every default taken', () => {
    const recipe = expanded.map(([, text]) => text).join('\n\n');
    const result = check(recipe, { '/r/lib/verifiers.rlr': 'verifier letter = choice(letters: "ABCD")\n' });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  });
});
