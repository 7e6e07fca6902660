// Tokenises rlr text with the TextMate grammar as VS Code does: vscode-textmate
// with the Oniguruma regular expressions compiled to WebAssembly.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import oniguruma from 'vscode-oniguruma';
import textmate, { type IGrammar, type StateStack } from 'vscode-textmate';
import { scopeName, type TextMateGrammar } from '../../editor/textmate/grammar.ts';

export interface Tokenized {
  /** One entry per character of the text (line breaks included, with the scopes open across them). */
  readonly scopesAt: ReadonlyArray<readonly string[]>;
  /** The grammar's state after each line. */
  readonly statesAfterLine: readonly StateStack[];
  /** The state after a line that leaves no region open. */
  readonly closed: StateStack;
}

// Both packages are CommonJS, whose named exports Node cannot see from an ES module.
const { INITIAL, parseRawGrammar, Registry } = textmate;

let onigLoaded: Promise<void> | undefined;

function loadOniguruma(): Promise<void> {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('vscode-oniguruma/release/onig.wasm'));
  onigLoaded ??= oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return onigLoaded;
}

/** Loads a grammar (the generated object, or the file's JSON text as VS Code reads it). */
export async function loadGrammar(grammar: TextMateGrammar | string): Promise<IGrammar> {
  await loadOniguruma();
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => oniguruma.createOnigScanner(patterns),
      createOnigString: (text) => oniguruma.createOnigString(text),
    }),
    loadGrammar: async (name) => (name === scopeName ? parseRawGrammar(typeof grammar === 'string' ? grammar : JSON.stringify(grammar), 'rlr.tmLanguage.json') : null),
  });
  const loaded = await registry.loadGrammar(scopeName);
  if (!loaded) throw new Error('the rlr grammar did not load');
  return loaded;
}

export function tokenize(grammar: IGrammar, text: string): Tokenized {
  const scopesAt: Array<readonly string[]> = [];
  const statesAfterLine: StateStack[] = [];
  let state: StateStack = INITIAL;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    // vscode-textmate reads the line with its line break; a region still open after the line covers the break too.
    const lineScopes: Array<readonly string[]> = Array.from({ length: line.length + 1 }, () => [scopeName]);
    for (const token of result.tokens) {
      for (let i = token.startIndex; i < Math.min(token.endIndex, line.length + 1); i++) lineScopes[i] = token.scopes;
    }
    state = result.ruleStack;
    // It does not always extend such a region over the break: ask the next line.
    if (lineScopes[line.length].length === 1) lineScopes[line.length] = grammar.tokenizeLine('', state).tokens[0].scopes;
    scopesAt.push(...lineScopes);
    statesAfterLine.push(state);
  }
  scopesAt.length = text.length;
  return { scopesAt, statesAfterLine, closed: grammar.tokenizeLine('', INITIAL).ruleStack };
}

/** The scopes (outermost first, without the root) as one readable string, for failure messages. */
export const showScopes = (scopes: readonly string[]) => scopes.filter((s) => s !== scopeName).join(' ');
