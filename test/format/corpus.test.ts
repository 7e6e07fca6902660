// Every recipe in the repository: formatting keeps its tree, its tokens and
// its comments, and formatting again changes nothing.
import { describe, expect, it } from 'vitest';
import { applyEdits, formatEdits, formatSource } from '../../compiler/format/index.ts';
import { parseFile } from '../../compiler/syntax/parse.ts';
import { corpus, expectCanonical, format } from './support.ts';

describe('formatting the recipes of the repository', () => {
  const files = corpus();

  it('finds the recipes, the library, the golden files and the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  for (const { name, text } of files) {
    const diagnostics = parseFile(name, text).diagnostics;
    if (diagnostics.length > 0) {
      it(`${name}: has syntax errors, so it is refused with them`, () => {
        const result = formatSource(text, { file: name });
        expect(result).toEqual({ error: diagnostics });
        expect(formatEdits(text)).toEqual([]);
      });
      continue;
    }
    it(`${name}: same tree, tokens and comments; idempotent; edits give the same text`, () => {
      const formatted = format(text);
      expectCanonical(text, formatted);
      expect(applyEdits(text, formatEdits(text))).toBe(formatted);
    });
  }
});
