// Every feature answers, without throwing, anywhere in recipes broken by random
// edits: the server must survive every keystroke of a recipe being written.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryHost } from '../../compiler/host.ts';
import { analyzeDocument } from '../../lsp/document.ts';
import { completion } from '../../lsp/features/completion.ts';
import { diagnostics } from '../../lsp/features/diagnostics.ts';
import { hover } from '../../lsp/features/hover.ts';
import { definition, prepareRename, references, rename } from '../../lsp/features/navigation.ts';
import { documentSymbols } from '../../lsp/features/symbols.ts';
import { seededRandom } from './support.ts';

const recipesDir = new URL('../../recipes/', import.meta.url);
const recipes = readdirSync(recipesDir).filter((n) => n.endsWith('.rlr')).map((n) => readFileSync(new URL(n, recipesDir), 'utf8'));
const library = readFileSync(new URL('lib/verifiers.rlr', recipesDir), 'utf8');
const fragments = ['', '\n', '{', '}', '(', ')', '"', '"""', '.', ':', '=', 'let ', 'stage x from ', 'emit {', 'template("{', '#', '@', ' and '];

describe('every feature on broken recipes', () => {
  it('answers at random positions of randomly edited recipes without throwing', () => {
    const random = seededRandom(7);
    const pick = (n: number) => Math.floor(random() * n);
    let answered = 0;
    for (const original of recipes) {
      for (let round = 0; round < 6; round++) {
        const start = pick(original.length);
        const text = original.slice(0, start) + fragments[pick(fragments.length)] + original.slice(start + pick(8));
        const document = analyzeDocument(text, { file: '/r/main.rlr', host: memoryHost({ '/r/main.rlr': text, '/r/lib/verifiers.rlr': library }) });
        diagnostics(document);
        documentSymbols(document);
        for (let probe = 0; probe < 12; probe++) {
          const { line, column } = document.lines.position(pick(text.length + 1));
          const position = { line: line - 1, character: column - 1 };
          hover(document, position);
          completion(document, position);
          definition(document, position);
          references(document, position, true);
          prepareRename(document, position);
          rename(document, position, 'renamed');
          answered++;
        }
      }
    }
    expect(answered).toBeGreaterThan(100);
  });
});
