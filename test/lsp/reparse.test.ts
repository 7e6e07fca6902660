// The language server reparses only the declarations an edit touched; the tree
// it builds must be the one a parse of the whole text builds, for any edit.
import { readdirSync, readFileSync } from 'node:fs';
import type { IToken } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { keywords } from '../../grammar/tokens.ts';
import { parseFile, type ParsedFile } from '../../compiler/syntax/parse.ts';
import { changedRange, reparse } from '../../lsp/reparse.ts';
import { seededRandom } from './support.ts';

const recipesDir = new URL('../../recipes/', import.meta.url);
const goldenDir = new URL('../golden/', import.meta.url);
const corpus = [
  ...readdirSync(recipesDir).filter((n) => n.endsWith('.rlr')).map((n) => readFileSync(new URL(n, recipesDir), 'utf8')),
  ...readdirSync(goldenDir).filter((n) => n.endsWith('.rlr')).map((n) => readFileSync(new URL(n, goldenDir), 'utf8')),
];

/** What an edit may insert: whole declarations and steps, the tokens that end or open constructs, and broken text. */
const insertions = [
  ...keywords, '', '\n', ' ', '\n\n', '{', '}', '(', ')', '[', ']', '"', '"""', '# note', '# note\n', '@', ',', ':', '=', '.', '- 3', 'and x',
  'stage extra from problems {\n  let y = 1\n}\n', '  let hint = "a"\n', 'param extra: int = 2\n', 'type Extra = {a: int}\n',
  '  where difficulty > 0.5 else "x"\n', 'emit { prompt: "p" }', '\r\n', 'x', '0', '12px', 'template("{hint}")',
];

function comparable(parsed: ParsedFile) {
  const token = (t: IToken) => [t.image, t.startOffset, t.endOffset, t.startLine, t.endLine, t.startColumn, t.endColumn];
  return { module: parsed.module, comments: parsed.comments.map(token), diagnostics: parsed.diagnostics };
}

/** An edit at a line start, inside a line or across lines, like typing, pasting and deleting do. */
function randomEdit(text: string, random: () => number): string {
  const pick = (n: number) => Math.floor(random() * n);
  const start = pick(text.length + 1);
  const length = random() < 0.5 ? 0 : random() < 0.8 ? pick(4) + 1 : pick(200);
  const inserted = random() < 0.3 ? '' : insertions[pick(insertions.length)];
  return text.slice(0, start) + inserted + text.slice(Math.min(text.length, start + length));
}

describe('reparse', () => {
  it('finds the smallest changed range', () => {
    expect(changedRange('abcdef', 'abXYef')).toEqual({ start: 2, oldEnd: 4, newEnd: 4 });
    expect(changedRange('aa', 'aaa')).toEqual({ start: 2, oldEnd: 2, newEnd: 3 });
    expect(changedRange('abc', 'abc')).toEqual({ start: 3, oldEnd: 3, newEnd: 3 });
  });

  it('returns the previous tree when the text is unchanged', () => {
    const parsed = parseFile('/r/main.rlr', corpus[0]);
    expect(reparse(parsed, corpus[0])).toBe(parsed);
  });

  it('keeps the declarations an edit did not touch', () => {
    const text = 'param a: int = 1\nparam b: int = 2\nparam c: int = 3\n';
    const before = parseFile('/r/main.rlr', text);
    const after = reparse(before, text.replace('= 2', '= 20'));
    expect(after.module.declarations[0]).toBe(before.module.declarations[0]);
    expect(after.module.declarations[2]).not.toBe(before.module.declarations[2]);
    expect(comparable(after)).toEqual(comparable(parseFile('/r/main.rlr', text.replace('= 2', '= 20'))));
  });

  it('builds the tree a whole parse builds, over chains of random edits', () => {
    const random = seededRandom(20240611);
    let edits = 0;
    for (const [index, original] of corpus.entries()) {
      for (let chain = 0; chain < 6; chain++) {
        let text = original;
        let previous = parseFile('/r/main.rlr', text);
        for (let step = 0; step < 8; step++) {
          const next = randomEdit(text, random);
          const incremental = reparse(previous, next);
          const whole = parseFile('/r/main.rlr', next);
          expect(comparable(incremental), `file ${index}, chain ${chain}, step ${step}: ${JSON.stringify(changedRange(text, next))}`).toEqual(comparable(whole));
          edits++;
          // Continue from the incremental tree, as the server does.
          text = next;
          previous = incremental;
        }
      }
    }
    expect(edits).toBeGreaterThan(300);
  });
});
