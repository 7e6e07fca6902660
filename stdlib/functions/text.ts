// noun_phrases: noun chunks in the manner of spaCy's, from wink-nlp's
// part-of-speech tags. A chunk is a run of modifiers (adjectives, nouns,
// numbers, possessives) that ends in its head noun; determiners before it
// are kept or stripped.
import { createRequire } from 'node:module';
import type WinkFn from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';
import { define, type FunctionImpl } from './types.ts';

interface Token {
  readonly text: string;
  readonly pos: string;
  /** The white space before the token in the original text. */
  readonly before: string;
}

let nlp: WinkMethods | undefined;

// Loaded on first use: the model takes a few hundred milliseconds to read, and most runs never call this.
function tagger(): WinkMethods {
  if (!nlp) {
    const require = createRequire(import.meta.url);
    const winkNLP = require('wink-nlp') as typeof WinkFn;
    const model = require('wink-eng-lite-web-model') as Parameters<typeof WinkFn>[0];
    nlp = winkNLP(model, ['sbd', 'pos']);
  }
  return nlp;
}

function tokenize(text: string): Token[] {
  const engine = tagger();
  const tokens = engine.readDoc(text).tokens();
  const words = tokens.out();
  const tags = tokens.out(engine.its.pos) as string[];
  const spaces = tokens.out(engine.its.precedingSpaces) as string[];
  return words.map((word, i) => ({ text: word, pos: tags[i], before: spaces[i] }));
}

const POSSESSIVES = new Set(['my', 'your', 'his', 'her', 'its', 'our', 'their']);
const HEADS = new Set(['NOUN', 'PROPN']);
const MODIFIERS = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM']);

const isDeterminer = (token: Token) => token.pos === 'DET' || (token.pos === 'PRON' && POSSESSIVES.has(token.text.toLowerCase()));

/** Whether `tokens[i]` continues the chunk that ends at `tokens[i - 1]`. */
function continues(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i];
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  if (MODIFIERS.has(token.pos)) return true;
  // "T-shirt": a hyphen between two words with no space around it.
  if (token.text === '-' && token.before === '' && next !== undefined && next.before === '' && MODIFIERS.has(next.pos)) return true;
  // "a woman's handbag"
  if (token.pos === 'PART' && /^['’]s?$/i.test(token.text) && HEADS.has(previous.pos) && next !== undefined && MODIFIERS.has(next.pos)) return true;
  // "a large, old tree"
  if (token.text === ',' && previous.pos === 'ADJ' && next?.pos === 'ADJ') return true;
  return false;
}

export function nounPhrases(text: string, max: number, stripDeterminers: boolean): string[] {
  const tokens = tokenize(text);
  const phrases: string[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < tokens.length && phrases.length < max) {
    const start = i;
    while (i < tokens.length && isDeterminer(tokens[i])) i++;
    const bodyStart = i;
    if (i < tokens.length && MODIFIERS.has(tokens[i].pos)) {
      i++;
      while (i < tokens.length && continues(tokens, i)) i++;
    }
    let end = i;
    while (end > bodyStart && !HEADS.has(tokens[end - 1].pos)) end--;
    if (end === bodyStart) {
      i = Math.max(i, start + 1);
      continue;
    }
    const from = stripDeterminers ? bodyStart : start;
    const phrase = tokens.slice(from, end).map((token, k) => (k === 0 ? '' : token.before) + token.text).join('');
    const key = phrase.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      phrases.push(phrase);
    }
    i = end;
  }
  return phrases;
}

export const text: [string, FunctionImpl][] = [
  define('noun_phrases', (a) => nounPhrases(a.string('text'), a.integer('max'), a.boolean('strip_determiners'))),
];
