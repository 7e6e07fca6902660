// Token-level fuzzing of the whole compiler front end: every example recipe,
// mutated thousands of times (a token deleted, duplicated, swapped with its
// neighbour, the file cut short, a token inserted), must check without
// throwing, and every diagnostic must carry a message and a span inside its file.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keywords, lexer } from '../grammar/tokens.ts';
import { check } from './helpers.ts';

const recipesDir = new URL('../recipes/', import.meta.url);
const recipeFiles = readdirSync(recipesDir).filter((name) => name.endsWith('.rlr')).sort();
const library = readFileSync(new URL('lib/verifiers.rlr', recipesDir), 'utf8');
const files = { '/r/lib/verifiers.rlr': library };

/** Mutants in all, shared among the recipes, so adding a recipe does not lengthen the run. */
const TOTAL_MUTANTS = 4500;
const MUTANTS_PER_RECIPE = Math.ceil(TOTAL_MUTANTS / Math.max(1, recipeFiles.length));

/** Text for every kind of token, plus what the lexer rejects (a stray `@`, unterminated strings). */
const insertable = [
  ...keywords,
  'name', 'enum', '"text"', '"{field}"', '"""block"""', '"', '"""', '@',
  '0', '42', '0.5', '1e3', '30s', '500ms', '2min', '12px', '20%',
  '->', '==', '!=', '<=', '>=', '<', '>', '=', '+', '-', '*', '/', '?', '|', ':', ',', '.',
  '{', '}', '(', ')', '[', ']', '# comment\n',
];

/** mulberry32: a small, fast, seeded generator, so every run mutates the same way. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(name: string): number {
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

type Mutation = 'delete' | 'duplicate' | 'swap' | 'truncate' | 'insert';
const mutations: readonly Mutation[] = ['delete', 'duplicate', 'swap', 'truncate', 'insert'];

/** One mutation at a random token; truncation may cut inside a token (an unterminated string, a half keyword). */
function mutate(text: string, random: () => number): { text: string; what: string } {
  const tokens = lexer.tokenize(text).tokens;
  const pick = (n: number) => Math.floor(random() * n);
  const mutation = mutations[pick(mutations.length)];
  if (tokens.length === 0) return { text: text + insertable[pick(insertable.length)], what: 'insert at end' };
  const index = pick(tokens.length);
  const token = tokens[index];
  const start = token.startOffset;
  const end = start + token.image.length;
  switch (mutation) {
    case 'delete':
      return { text: text.slice(0, start) + text.slice(end), what: `delete ${token.image} at ${start}` };
    case 'duplicate':
      return { text: text.slice(0, end) + ' ' + token.image + text.slice(end), what: `duplicate ${token.image} at ${start}` };
    case 'swap': {
      const next = tokens[index + 1];
      if (!next) return { text: text.slice(0, start), what: `truncate at ${start}` };
      const nextStart = next.startOffset;
      const swapped = text.slice(0, start) + next.image + text.slice(end, nextStart) + token.image + text.slice(nextStart + next.image.length);
      return { text: swapped, what: `swap ${token.image} and ${next.image} at ${start}` };
    }
    case 'truncate': {
      const cut = start + pick(token.image.length + 1);
      return { text: text.slice(0, cut), what: `truncate at ${cut}` };
    }
    case 'insert': {
      const inserted = insertable[pick(insertable.length)];
      return { text: text.slice(0, start) + inserted + ' ' + text.slice(start), what: `insert ${JSON.stringify(inserted)} at ${start}` };
    }
  }
}

/** What is wrong with checking `text`: an exception, or a diagnostic without a message or outside its file. */
function problemsOf(text: string): string[] {
  let diagnostics;
  try {
    diagnostics = check(text, files).diagnostics;
  } catch (error) {
    return [`throws: ${error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 4).join(' | ') : String(error)}`];
  }
  const problems: string[] = [];
  for (const d of diagnostics) {
    const length = d.span.file === '/r/main.rlr' ? text.length : d.span.file === '/r/lib/verifiers.rlr' ? library.length : -1;
    if (length < 0) problems.push(`${d.code} in an unknown file ${d.span.file}`);
    else if (!(Number.isInteger(d.span.start) && Number.isInteger(d.span.end) && 0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= length)) {
      problems.push(`${d.code} has span ${d.span.start}-${d.span.end} outside 0-${length}`);
    }
    if (typeof d.message !== 'string' || d.message.trim() === '') problems.push(`${d.code} has an empty message`);
  }
  return problems;
}

describe('fuzzing the example recipes', () => {
  it('finds the example recipes', () => {
    expect(recipeFiles.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of recipeFiles) {
    it(`${name}: ${MUTANTS_PER_RECIPE} mutants check without throwing, with sound diagnostics`, () => {
      const original = readFileSync(new URL(name, recipesDir), 'utf8');
      const random = seededRandom(seedOf(name));
      const failures: string[] = [];
      for (let i = 0; i < MUTANTS_PER_RECIPE && failures.length < 5; i++) {
        let text = original;
        const steps: string[] = [];
        // One to three mutations; mostly one, so that most mutants stay close to a real recipe.
        const count = random() < 0.6 ? 1 : 2 + Math.floor(random() * 2);
        for (let m = 0; m < count; m++) {
          const mutated = mutate(text, random);
          text = mutated.text;
          steps.push(mutated.what);
        }
        for (const problem of problemsOf(text)) failures.push(`mutant ${i} (${steps.join('; ')}): ${problem}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
