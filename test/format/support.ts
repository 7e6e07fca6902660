// Helpers for the formatter's tests: the recipes to format, trees without
// positions, and the tokens and comments of a text in order.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { lexer } from '../../grammar/tokens.ts';
import { formatSource } from '../../compiler/format/index.ts';
import { parseFile } from '../../compiler/syntax/parse.ts';

export const root = path.resolve(import.meta.dirname, '../..');

/** Every recipe the project ships or tests with, read now: others edit them while these tests run. */
export function corpus(): Array<{ name: string; text: string }> {
  const folders = ['recipes', 'recipes/lib', 'test/golden', 'test/human/fixtures'];
  return folders.flatMap((folder) =>
    readdirSync(path.join(root, folder))
      .filter((name) => name.endsWith('.rlr'))
      .sort()
      .map((name) => ({ name: `${folder}/${name}`, text: readFileSync(path.join(root, folder, name), 'utf8') })));
}

/** The formatted text, failing the test when the formatter refuses. */
export function format(text: string, options: { indent?: number } = {}): string {
  const result = formatSource(text, options);
  if ('error' in result) throw new Error(`refused to format: ${result.error.map((d) => d.message).join('; ')}\n${text}`);
  return result.text;
}

export function parsesCleanly(text: string): boolean {
  return parseFile('t.rlr', text).diagnostics.length === 0;
}

/** The syntax tree without spans: what a text means, not where it says it. */
export function tree(text: string): unknown {
  const parsed = parseFile('t.rlr', text);
  expect(parsed.diagnostics.map((d) => d.message)).toEqual([]);
  return JSON.parse(JSON.stringify(parsed.module, (key, value) => (key === 'span' || key === 'operatorSpan' || key === 'valueStart' ? undefined : value)));
}

/**
 * Tokens (commas aside: the formatter writes its own) and comments, in
 * order. Equal sequences mean every comment survived and kept its place
 * among the tokens.
 */
export function tokensAndComments(text: string): string[] {
  const lexed = lexer.tokenize(text);
  return [...lexed.tokens.filter((t) => t.tokenType.name !== 'Comma'), ...(lexed.groups.comments ?? [])]
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((t) => (t.tokenType.name === 'Comment' ? t.image.trimEnd() : t.image));
}

export function comments(text: string): string[] {
  return (lexer.tokenize(text).groups.comments ?? []).map((c) => c.image.trimEnd());
}

/** What every formatted text must satisfy, whatever it came from. */
export function expectCanonical(input: string, output: string, options: { indent?: number } = {}): void {
  expect(tree(output)).toEqual(tree(input));
  expect(format(output, options)).toBe(output);
  expect(tokensAndComments(output)).toEqual(tokensAndComments(input));
  expect([...comments(output)].sort()).toEqual([...comments(input)].sort());
  expect(output).not.toMatch(/[ \t]+\n/);
  expect(output).not.toMatch(/^\n/);
  expect(output).not.toMatch(/\n\n\n/);
  if (output !== '') expect(output).toMatch(/[^\n]\n$/);
}
