// The formatter on inputs nobody wrote: the repository's recipes re-spaced,
// re-broken and sprinkled with comments, and recipes made from a small
// generator that follows the grammar. Whatever the input, when it parses:
// the output has the same tree, tokens and comments, and is its own format.
import fc from 'fast-check';
import type { IToken } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { applyEdits, formatEdits } from '../../compiler/format/index.ts';
import { lexer } from '../../grammar/tokens.ts';
import { corpus, expectCanonical, format, parsesCleanly, tree } from './support.ts';

const recipes = corpus().filter((file) => parsesCleanly(file.text));

/** Every token and comment of a text, in order (commas included: they are text too). */
function pieces(text: string): IToken[] {
  const lexed = lexer.tokenize(text);
  return [...lexed.tokens, ...(lexed.groups.comments ?? [])].sort((a, b) => a.startOffset - b.startOffset);
}

/** Whether two tokens written with nothing between them still lex as those two tokens. */
function canTouch(left: string, right: string): boolean {
  const tokens = lexer.tokenize(left + right).tokens;
  return tokens.length === 2 && tokens[0].image === left && tokens[1].image === right;
}

/** The text between piece i-1 and piece i (the text before the first piece for i = 0, after the last for i = length). */
function gapsOf(text: string, list: readonly IToken[]): string[] {
  return Array.from({ length: list.length + 1 }, (_, i) => {
    const start = i === 0 ? 0 : list[i - 1].startOffset + list[i - 1].image.length;
    const end = i === list.length ? text.length : list[i].startOffset;
    return text.slice(start, end);
  });
}

function join(list: readonly IToken[], gaps: readonly string[]): string {
  return list.map((piece, i) => gaps[i] + piece.image).join('') + gaps[list.length];
}

const isComment = (piece: IToken | undefined) => piece?.tokenType.name === 'Comment';

/** A gap as the author might have typed it; 'keep' leaves the original. */
const gapChoices = ['keep', 'keep', 'keep', 'keep', 'keep', ' ', '  \t', '', '\n', '\n\n\n', ' \n      ', '\n\t'] as const;

/** Replaces some gaps: the same tokens and comments, laid out differently. */
function respaced(text: string, choices: readonly number[]): string {
  const list = pieces(text);
  const gaps = gapsOf(text, list);
  for (let i = 1; i < list.length; i++) {
    const choice = gapChoices[choices[i % choices.length] % gapChoices.length];
    if (choice === 'keep') continue;
    // A line comment ends at a line break; and two tokens may touch only if they stay two.
    if (isComment(list[i - 1]) && !choice.includes('\n')) gaps[i] = '\n';
    else if (choice === '' && !canTouch(list[i - 1].image, list[i].image)) gaps[i] = ' ';
    else gaps[i] = choice;
  }
  return join(list, gaps);
}

/** Changes only spaces and tabs: every line break stays where it was. */
function horizontallyRespaced(text: string, choices: readonly number[]): string {
  const list = pieces(text);
  const gaps = gapsOf(text, list);
  for (let i = 1; i < list.length; i++) {
    const choice = choices[i % choices.length];
    const lines = gaps[i].split('\n');
    if (lines.length === 1) {
      const flat = [' ', '   ', '\t', ''][choice % 4];
      gaps[i] = flat === '' && !canTouch(list[i - 1].image, list[i].image) ? ' ' : flat;
    } else {
      gaps[i] = lines.map((_, j) => (j === lines.length - 1 ? ' '.repeat(choice % 7) : j === 0 || isComment(list[i - 1]) ? '' : ' '.repeat(choice % 3))).join('\n');
    }
  }
  return join(list, gaps);
}

/** Puts a comment in some gaps: at the end of the line, or on a line of its own. */
function commented(text: string, choices: readonly number[]): string {
  const list = pieces(text);
  const gaps = gapsOf(text, list);
  let count = 0;
  for (let i = 1; i <= list.length; i++) {
    const choice = choices[i % choices.length] % 8;
    // After a comment, text on the same line would be part of it.
    if (choice === 0 && !isComment(list[i - 1])) gaps[i] = ` # note ${++count}\n` + gaps[i].replace(/^[ \t]*\n?/, '');
    else if (choice === 1) gaps[i] = `\n# note ${++count}\n` + gaps[i].replace(/^[ \t]*\n?/, '');
  }
  return join(list, gaps);
}

const recipe = fc.constantFrom(...recipes);
const choices = fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 400 });

/** Checks a variant of a recipe when it still means the same; returns whether it did. */
function checkVariant(original: string, variant: string): boolean {
  if (!parsesCleanly(variant)) return false;
  // A line break can change meaning where the grammar reads line starts (`by:` then `stage` on the next line).
  if (JSON.stringify(tree(variant)) !== JSON.stringify(tree(original))) return false;
  const formatted = format(variant);
  expectCanonical(variant, formatted);
  expect(applyEdits(variant, formatEdits(variant))).toBe(formatted);
  return true;
}

describe('formatting re-spaced recipes', () => {
  it('keeps the tree, tokens and comments, and is idempotent, wherever line breaks and spaces go', () => {
    let checked = 0;
    fc.assert(fc.property(recipe, choices, (file, picks) => {
      if (checkVariant(file.text, respaced(file.text, picks))) checked++;
    }), { numRuns: 120 });
    expect(checked).toBeGreaterThan(30);
  });

  it('gives the same text whatever the spaces and tabs between tokens', () => {
    fc.assert(fc.property(recipe, choices, (file, picks) => {
      const variant = horizontallyRespaced(file.text, picks);
      expect(format(variant)).toBe(format(file.text));
    }), { numRuns: 80 });
  });

  it('keeps every inserted comment in its place', () => {
    let checked = 0;
    fc.assert(fc.property(recipe, choices, (file, picks) => {
      if (checkVariant(file.text, commented(file.text, picks))) checked++;
    }), { numRuns: 120 });
    expect(checked).toBeGreaterThan(30);
  });
});

// A generator that follows the grammar (grammar/parser.ts), rule by rule, as
// lists of token texts; the layout between tokens is chosen afterwards.

type Tokens = readonly string[];

const names = fc.constantFrom('a', 'b', 'size', 'media', 'clip', 'x1', 'enum');
/** Keys may be keywords: `{ stage: 1, and: 2 }`. */
const keys = fc.oneof(names, fc.constantFrom('and', 'or', 'stage', 'source', 'if', 'not', 'level', 'verifier'));
const atoms = fc.constantFrom(
  '0', '42', '0.5', '1e-6', '2.50', '30s', '500ms', '2min', '20%', '12px', 'true', 'false', 'null',
  // Keywords as values (`by: stage`): at the start of a line, followed by more, they would open a declaration.
  'stage', 'source',
  '"a"', '"b \\"c\\" {d}"', '"a long string that takes up a good part of a line on its own, and then some more"',
  '"""\n    one\n      two\n    """',
);
const comma = fc.boolean().map((b): Tokens => (b ? [','] : []));
/** Entries with optional commas, as an author writes them: a comma where the next entry would otherwise continue this one. */
const sep = <T extends Tokens>(items: fc.Arbitrary<T>, max: number) =>
  fc.array(fc.tuple(items, comma), { maxLength: max }).map((list) => list.flatMap(([item, c], i) => {
    const next = list[i + 1]?.[0][0];
    return [...item, ...(c.length === 0 && next !== undefined && ['-', '(', '[', 'and', 'or'].includes(next) ? [','] : c)];
  }));

/** Each rule at a given depth of nesting: at depth 0, expressions and types are single tokens. */
function expressionAt(depth: number): fc.Arbitrary<Tokens> {
  const leaf = fc.oneof(atoms.map((a) => [a]), names.map((n) => [n]));
  if (depth === 0) return leaf;
  const inner = expressionAt(depth - 1);
  const postfix = fc.tuple(
    fc.oneof(
      { weight: 3, arbitrary: leaf },
      { weight: 1, arbitrary: sep(inner, 4).map((items) => ['[', ...items, ']']) },
      { weight: 1, arbitrary: blockOf(inner, 4) },
      { weight: 1, arbitrary: inner.map((e) => ['(', ...e, ')']) },
    ),
    fc.array(fc.oneof(names.map((n): Tokens => ['.', n]), argsOf(inner), inner.map((e) => ['[', ...e, ']'])), { maxLength: 2 }),
  ).map(([primary, suffixes]) => [...primary, ...suffixes.flat()]);
  const unary = fc.tuple(fc.nat({ max: 2 }), postfix).map(([minus, p]) => [...Array<string>(minus === 2 ? 1 : 0).fill('-'), ...p]);
  const operand = fc.tuple(fc.nat({ max: 3 }), unary).map(([not, u]) => [...(not === 3 ? ['not'] : []), ...u]);
  const operator = fc.constantFrom('+', '-', '*', '/', '==', '!=', '<', '<=', '>', '>=', 'and', 'or');
  const binary = fc.tuple(operand, fc.array(fc.tuple(operator, operand), { maxLength: 2 }))
    .map(([first, rest]) => [...first, ...rest.flatMap(([op, o]) => [op, ...o])]);
  const conditional = fc.tuple(inner, inner, inner).map(([c, t, e]) => ['if', ...c, 'then', ...t, 'else', ...e]);
  return fc.oneof({ weight: 4, arbitrary: binary }, { weight: 1, arbitrary: conditional });
}

function argsOf(value: fc.Arbitrary<Tokens>): fc.Arbitrary<Tokens> {
  return sep(fc.tuple(fc.option(names), value).map(([name, v]) => (name ? [name, ':', ...v] : v)), 4).map((items) => ['(', ...items, ')']);
}

function blockOf(value: fc.Arbitrary<Tokens>, max: number): fc.Arbitrary<Tokens> {
  return sep(fc.tuple(keys, value).map(([key, v]) => [key, ':', ...v]), max).map((items) => ['{', ...items, '}']);
}

function typeAt(depth: number): fc.Arbitrary<Tokens> {
  const named = fc.constantFrom('string', 'int', 'seconds', 'Region').map((n) => [n]);
  if (depth === 0) return named;
  const inner = typeAt(depth - 1);
  const primary = fc.oneof(
    { weight: 3, arbitrary: named },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('list', 'point', 'shared.T'), fc.array(inner, { minLength: 1, maxLength: 2 }))
        .map(([name, typeArgs]) => [...name.split(/(\.)/), '<', ...typeArgs.flatMap((a, i) => (i === 0 ? a : [',', ...a])), '>']),
    },
    {
      weight: 1,
      arbitrary: sep(fc.tuple(keys, fc.boolean(), inner).map(([key, optional, type]) => [key, ...(optional ? ['?'] : []), ':', ...type]), 3)
        .map((fields) => ['{', ...fields, '}']),
    },
    {
      weight: 1,
      arbitrary: fc.array(fc.constantFrom('"x"', '"y z"'), { minLength: 1, maxLength: 3 })
        .map((members) => ['enum', '(', ...members.flatMap((m, i) => (i === 0 ? [m] : [',', m])), ')']),
    },
  );
  const optional = fc.tuple(primary, fc.boolean()).map(([t, q]) => (q ? [...t, '?'] : t));
  return fc.tuple(optional, fc.array(optional, { maxLength: 2 })).map(([first, rest]) => [...first, ...rest.flatMap((t) => ['|', ...t])]);
}

const expression = expressionAt(2);
const typeExpr = typeAt(2);
const block = blockOf(expression, 5);
const args = argsOf(expression);
const word = names.filter((n) => n !== 'enum');

const step: fc.Arbitrary<Tokens> = fc.oneof(
  fc.tuple(word, fc.option(typeExpr), fc.oneof(expression, fc.tuple(word, args).map(([gate, a]) => ['annotate', gate, ...a])))
    .map(([name, type, value]) => ['let', name, ...(type ? [':', ...type] : []), '=', ...value]),
  fc.tuple(expression, fc.option(fc.constantFrom('"too hard"', '"""\n  why\n  """'))).map(([c, reason]) => ['where', ...c, ...(reason ? ['else', reason] : [])]),
  fc.tuple(expression, word).map(([value, name]) => ['explode', ...value, 'as', name]),
  fc.tuple(word, args).map(([gate, a]) => ['validate', gate, ...a]),
  block.map((b) => ['emit', ...b]),
  fc.tuple(word, args).map(([op, a]) => [op, ...a]),
);

const declaration: fc.Arbitrary<Tokens> = fc.oneof(
  fc.tuple(word, block).map(([name, b]) => ['recipe', name, ...b]),
  word.map((alias) => ['import', '"lib/verifiers.rlr"', 'as', alias]),
  fc.tuple(word, typeExpr, fc.option(expression)).map(([name, type, value]) => ['param', name, ':', ...type, ...(value ? ['=', ...value] : [])]),
  fc.tuple(word, typeExpr).map(([name, type]) => ['type', name, '=', ...type]),
  fc.tuple(word, fc.option(typeExpr), word, block).map(([name, schema, kind, b]) => ['source', name, ...(schema ? [':', ...schema] : []), '=', kind, ...b]),
  fc.tuple(word, word, block).map(([name, provider, b]) => ['model', name, '=', provider, ...b]),
  fc.tuple(word, expression).map(([name, value]) => ['verifier', name, '=', ...value]),
  fc.tuple(word, word, fc.array(step, { maxLength: 4 })).map(([name, input, steps]) => ['stage', name, 'from', input, '{', ...steps.flat(), '}']),
  fc.tuple(word, fc.array(fc.oneof(
    fc.tuple(fc.constantFrom('1', '2'), word, block).map(([n, name, b]) => ['level', n, name, ...b]),
    fc.tuple(word, sep(fc.tuple(fc.constantFrom('1', '2', 'easy'), expression).map(([level, share]) => [level, ':', ...share]), 3))
      .map(([name, shares]) => ['phase', name, '{', ...shares, '}']),
    fc.tuple(word, expression, comma).map(([key, value, c]) => [key, ':', ...value, ...c]),
  ), { maxLength: 3 })).map(([name, entries]) => ['curriculum', name, '{', ...entries.flat(), '}']),
  fc.tuple(word, word, block).map(([name, split, b]) => ['mixture', name, 'for', split, ...b]),
  block.map((b) => ['output', ...b]),
);

/** How two generated tokens are separated: mostly a space, sometimes line breaks, comments or nothing. */
const gap = fc.constantFrom(' ', ' ', ' ', ' ', ' ', ' ', '\n', '\n  ', '\n\n\n', '', ' # why\n', '\n# about what follows\n\n');

function render(tokens: Tokens, gaps: readonly string[]): string {
  let text = '';
  tokens.forEach((token, i) => {
    let between = i === 0 ? '' : gaps[i % gaps.length];
    if (i > 0 && between === '' && !canTouch(tokens[i - 1], token)) between = ' ';
    text += between + token;
  });
  return text + '\n';
}

describe('formatting generated recipes', () => {
  it('keeps the tree, tokens and comments, and is idempotent', () => {
    let checked = 0;
    fc.assert(fc.property(fc.array(declaration, { minLength: 1, maxLength: 4 }), fc.array(gap, { minLength: 1, maxLength: 200 }), (declarations, gaps) => {
      const text = render(declarations.flat(), gaps);
      // The generator follows the grammar's rules but not its line-start gates (`stage` as a value at the start of a line); such texts are skipped.
      if (!parsesCleanly(text)) return;
      checked++;
      const formatted = format(text);
      expectCanonical(text, formatted);
      expect(applyEdits(text, formatEdits(text))).toBe(formatted);
    }), { numRuns: 200 });
    expect(checked).toBeGreaterThan(100);
  });
});
