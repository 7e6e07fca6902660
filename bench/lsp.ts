// The language server on a 2,000-line recipe: the median time from an edit of one
// line (an incremental `didChange` over the real protocol, in-memory streams) to
// the diagnostics it publishes, against a full `checkRecipe` of the same text in the
// same process. Goal: at most half. The server's debounce is off here, so that what
// is measured is the work an edit costs, not the wait that coalesces keystrokes.
// Run: node --import tsx bench/lsp.ts
import type { Diagnostic } from 'vscode-languageserver/node';
import { checkRecipe } from '../compiler/compile.ts';
import { memoryHost } from '../compiler/host.ts';
import { recipeText } from './recipe-text.ts';
import { connectInMemory, nextDiagnostics } from '../test/lsp/in-memory.ts';

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: readonly number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

const file = '/bench/main.rlr';
const uri = 'file:///bench/main.rlr';
const text = recipeText(150);
const lines = text.split('\n');
const lineCount = lines.length - 1;

const { client, close } = connectInMemory({ host: memoryHost({}), debounce: 0 });
await client.sendRequest('initialize', { processId: null, rootUri: 'file:///bench', capabilities: {} });
await client.sendNotification('initialized', {});
const opened = nextDiagnostics(client, uri);
await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'rlr', version: 1, text } });
const initial = (await opened).diagnostics;
if (initial.length) throw new Error(`the generated recipe has ${initial.length} diagnostics: ${initial[0].message}`);

/**
 * Edit `index`: one `where` line in a stage spread over the file gets a new threshold, and every
 * third edit a longer or shorter reason, so that the declarations after it shift; every seventh
 * misspells a field, so the published diagnostics change.
 */
function editedLine(index: number): { line: number; text: string } {
  const stage = (index * 37) % 150;
  const line = lines.findIndex((l) => l.startsWith(`stage s${stage} `)) + 1;
  const reason = index % 3 === 0 ? `too easy for stage ${stage}, edit ${index}` : `too easy for stage ${stage}`;
  const field = index % 7 === 0 ? 'difficultly' : 'difficulty';
  // The threshold names the edit, so that no edit leaves the text as it was (which would publish nothing).
  return { line, text: `  where ${field} > 0.${index + 1} else "${reason}"` };
}

let version = 1;
const current = [...lines];
async function edit(index: number): Promise<number> {
  const change = editedLine(index);
  const before = current[change.line];
  current[change.line] = change.text;
  version++;
  const published = nextDiagnostics(client, uri, (p) => p.version === version);
  const start = performance.now();
  await client.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line: change.line, character: 0 }, end: { line: change.line, character: before.length } }, text: change.text }],
  });
  const { diagnostics } = await published;
  const elapsed = performance.now() - start;
  const errors = diagnostics.filter((d: Diagnostic) => d.severity === 1).length;
  const expected = current.filter((l) => l.includes('difficultly')).length;
  if (errors !== expected) throw new Error(`edit ${index}: expected ${expected} errors, got ${errors}`);
  return elapsed;
}

function fullCheck(): number {
  const whole = current.join('\n');
  const host = memoryHost({ [file]: whole });
  const start = performance.now();
  checkRecipe(host, file);
  return performance.now() - start;
}

// Warm up both paths so that neither pays for JIT or first-use costs.
for (let i = 0; i < 10; i++) {
  await edit(1000 + i);
  fullCheck();
}

const rounds = 40;
const editTimes: number[] = [];
const checkTimes: number[] = [];
// Interleaved, so that both sides see the same machine load.
for (let i = 0; i < rounds; i++) {
  editTimes.push(await edit(i));
  checkTimes.push(fullCheck());
}
await client.sendRequest('shutdown');
close();

const editMedian = median(editTimes);
const checkMedian = median(checkTimes);
console.log(`${lineCount} lines, ${rounds} one-line edits (incremental didChange over the protocol, debounce off)`);
console.log(`edit -> published diagnostics: median ${editMedian.toFixed(1)} ms, p90 ${percentile(editTimes, 0.9).toFixed(1)} ms`);
console.log(`full checkRecipe of the same text: median ${checkMedian.toFixed(1)} ms, p90 ${percentile(checkTimes, 0.9).toFixed(1)} ms`);
console.log(`edit/check = ${(editMedian / checkMedian).toFixed(2)} (goal <= 0.5)`);
