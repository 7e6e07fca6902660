// The server speaks the real protocol: a JSON-RPC client over in-memory streams
// initializes it, opens a recipe with an error, receives its diagnostics, edits the
// recipe (and an imported file it has open), asks for hover and completion, and shuts it down.
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { CompletionItem, Hover, InitializeResult, Location } from 'vscode-languageserver/node';
import { memoryHost } from '../../compiler/host.ts';
import { dedent } from '../helpers.ts';
import { connectInMemory, nextDiagnostics } from './in-memory.ts';

const recipeUri = 'file:///r/main.rlr';
const libraryUri = 'file:///r/lib.rlr';
const recipe = dedent(`
  recipe t { version: "0.1.0" seed: 1 }
  import "lib.rlr" as shared
  source problems = math_problems { count: 10 }
  stage s from problems {
    let hint = if difficulty > 0.5 then "hard" else "easy"
    where len(hnt) > 2 else "too short"
    emit { prompt: question truth: answer verifier: shared.boxed difficulty: difficulty domain: "math" }
  }
  output { dir: "out" }
`);
// On disk: an editor's unsaved text must win over it.
const disk = { '/r/lib.rlr': 'verifier boxed = all(format(), math())\n' };

/** The position `at` characters into the first occurrence of `needle`. */
function positionOf(text: string, needle: string, at: number) {
  const offset = text.indexOf(needle) + at;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

let session: { client: MessageConnection; close: () => void } | undefined;
afterEach(() => session?.close());

async function initialize(): Promise<MessageConnection> {
  session = connectInMemory({ host: memoryHost(disk), debounce: 0 });
  const { client } = session;
  const result: InitializeResult = await client.sendRequest('initialize', {
    processId: null, rootUri: 'file:///r', capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } },
  });
  expect(result.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, renameProvider: { prepareProvider: true } });
  await client.sendNotification('initialized', {});
  return client;
}

describe('the protocol over in-memory streams', () => {
  it('publishes diagnostics with a code and a link, answers hover and completion, and shuts down', async () => {
    const client = await initialize();
    const published = nextDiagnostics(client, recipeUri);
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: recipeUri, languageId: 'rlr', version: 1, text: recipe } });
    const { diagnostics, version } = await published;
    expect(version).toBe(1);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'unknown-field', severity: 1, source: 'rlr',
      range: { start: { line: 5, character: 12 }, end: { line: 5, character: 15 } },
      codeDescription: { href: expect.stringMatching(/reference\.md#code-unknown-field$/) },
    });
    expect(diagnostics[0].message).toContain('did you mean `hint`?');

    // An incremental edit that fixes the typo clears the error.
    const fixed = nextDiagnostics(client, recipeUri, (p) => p.version === 2);
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri: recipeUri, version: 2 },
      contentChanges: [{ range: { start: { line: 5, character: 12 }, end: { line: 5, character: 15 } }, text: 'hint' }],
    });
    expect((await fixed).diagnostics).toEqual([]);

    const hover: Hover = await client.sendRequest('textDocument/hover', { textDocument: { uri: recipeUri }, position: positionOf(recipe, 'len(hnt)', 5) });
    expect(hover.contents).toMatchObject({ kind: 'markdown', value: expect.stringContaining('(field) hint: string') });

    const items: CompletionItem[] = await client.sendRequest('textDocument/completion', { textDocument: { uri: recipeUri }, position: positionOf(recipe, 'len(hnt)', 4) });
    const labels = items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['hint', 'question', 'difficulty', 'len', 'template']));
    expect(items.find((i) => i.label === 'round')).toMatchObject({ insertTextFormat: 2, insertText: 'round(${1:value})' });

    const definition: Location[] = await client.sendRequest('textDocument/definition', { textDocument: { uri: recipeUri }, position: positionOf(recipe, 'shared.boxed', 9) });
    expect(definition).toEqual([{ uri: libraryUri, range: { start: { line: 0, character: 9 }, end: { line: 0, character: 14 } } }]);

    await client.sendRequest('shutdown');
  });

  it('checks a recipe against the unsaved text of an open import, and re-checks it when that text changes', async () => {
    const client = await initialize();
    const first = nextDiagnostics(client, recipeUri);
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: recipeUri, languageId: 'rlr', version: 1, text: recipe.replace('hnt', 'hint') } });
    expect((await first).diagnostics).toEqual([]);

    // The library is renamed in the editor, not yet saved: the recipe's use no longer resolves.
    const broken = nextDiagnostics(client, recipeUri, (p) => p.diagnostics.length > 0);
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: libraryUri, languageId: 'rlr', version: 1, text: 'verifier boxed_math = all(format(), math())\n' } });
    expect((await broken).diagnostics.map((d) => d.code)).toEqual(['unknown-name']);

    // Closing the library falls back to the file on disk.
    const restored = nextDiagnostics(client, recipeUri, (p) => p.diagnostics.length === 0);
    await client.sendNotification('textDocument/didClose', { textDocument: { uri: libraryUri } });
    expect((await restored).diagnostics).toEqual([]);
    await client.sendRequest('shutdown');
  });

  it('refuses to rename a keyword or a library name, with a message', async () => {
    const client = await initialize();
    const published = nextDiagnostics(client, recipeUri);
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: recipeUri, languageId: 'rlr', version: 1, text: recipe } });
    await published;
    await expect(client.sendRequest('textDocument/prepareRename', { textDocument: { uri: recipeUri }, position: positionOf(recipe, 'len(', 1) }))
      .rejects.toThrow('`len` is a standard-library function and cannot be renamed');
    await expect(client.sendRequest('textDocument/rename', { textDocument: { uri: recipeUri }, position: positionOf(recipe, 'stage s', 2), newName: 'x' }))
      .rejects.toThrow('`stage` is a keyword and cannot be renamed');
    await client.sendRequest('shutdown');
  });
});
