// The shared corpus of rlr snippets (test/editor/corpus/*.rlr) and the scope
// assertions written in it, in the style of vscode-tmgrammar-test: a comment
// line `#   ^^^ a.scope b.scope !c.scope` asserts the scopes of the columns
// its carets mark in the nearest line above that is not an assertion;
// `# <- scope` marks column 0 (`# <-- scope` columns 0 and 1). A scope matches
// any scope it is a dotted prefix of; `!scope` asserts that none matches.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const corpusFolder = join(import.meta.dirname, 'corpus');

export interface ScopeAssertion {
  /** 1-based line of the asserted text, for messages. */
  readonly line: number;
  readonly columns: readonly number[];
  /** Offsets in the file's text. */
  readonly offsets: readonly number[];
  readonly present: readonly string[];
  readonly absent: readonly string[];
  readonly source: string;
}

export interface CorpusFile {
  readonly name: string;
  readonly text: string;
  readonly assertions: readonly ScopeAssertion[];
}

const assertionLine = /^(\s*#\s*)(\^+|<-+)\s+(.+)$/;

export function readCorpus(): CorpusFile[] {
  return readdirSync(corpusFolder).filter((name) => name.endsWith('.rlr')).sort().map((name) => {
    const text = readFileSync(join(corpusFolder, name), 'utf8');
    return { name, text, assertions: parseAssertions(text, name) };
  });
}

function parseAssertions(text: string, name: string): ScopeAssertion[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const assertions: ScopeAssertion[] = [];
  let target = -1;
  lines.forEach((line, index) => {
    const match = assertionLine.exec(line);
    if (!match) {
      target = index;
      return;
    }
    if (target < 0) throw new Error(`${name}:${index + 1}: an assertion with no line above it`);
    const [, lead, marks, scopes] = match;
    const columns = marks.startsWith('<')
      ? Array.from({ length: marks.length - 1 }, (_, i) => i)
      : Array.from({ length: marks.length }, (_, i) => lead.length + i);
    const width = lines[target].length;
    if (columns.some((column) => column >= width)) throw new Error(`${name}:${index + 1}: the carets reach past the end of line ${target + 1}`);
    const words = scopes.trim().split(/\s+/);
    assertions.push({
      line: target + 1,
      columns,
      offsets: columns.map((column) => starts[target] + column),
      present: words.filter((w) => !w.startsWith('!')),
      absent: words.filter((w) => w.startsWith('!')).map((w) => w.slice(1)),
      source: `${name}:${index + 1}`,
    });
  });
  return assertions;
}

/** True when `prefix` is one of `scopes` or a dotted prefix of one. */
export function hasScope(scopes: readonly string[], prefix: string): boolean {
  return scopes.some((scope) => scope === prefix || scope.startsWith(`${prefix}.`));
}
