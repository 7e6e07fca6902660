// Formatting: the edits `rlr fmt` would make, as LSP text edits.
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatSource } from '../../compiler/format/index.ts';
import { formatting } from '../../lsp/features/formatting.ts';

const messy = 'recipe t {version: "0.1.0"   seed: 1}\nparam   size : int=10\n\n\n\nsource problems = math_problems {count: size}\n';

describe('formatting', () => {
  it('gives the edits that turn a recipe into what `rlr fmt` prints', () => {
    const edits = formatting(messy, { tabSize: 2, insertSpaces: true });
    expect(edits.length).toBeGreaterThan(0);
    const document = TextDocument.create('file:///r/main.rlr', 'rlr', 1, messy);
    const formatted = formatSource(messy);
    expect('text' in formatted && TextDocument.applyEdits(document, edits)).toBe('text' in formatted && formatted.text);
  });

  it('gives no edits for a recipe already formatted, or one with syntax errors', () => {
    const formatted = formatSource(messy);
    if (!('text' in formatted)) throw new Error('the recipe should format');
    expect(formatting(formatted.text)).toEqual([]);
    expect(formatting('param p: int = \n')).toEqual([]);
  });
});
