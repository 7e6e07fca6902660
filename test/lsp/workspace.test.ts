// The server's memory of open documents: unsaved text wins over the disk, unchanged
// files are not parsed again, an edited one is reparsed only where it changed, and
// an analysis is kept while none of the files it read has changed.
import { describe, expect, it } from 'vitest';
import { memoryHost, type CompilerHost } from '../../compiler/host.ts';
import { Workspace } from '../../lsp/workspace.ts';
import { dedent } from '../helpers.ts';

const recipe = dedent(`
  recipe t { version: "0.1.0" seed: 1 }
  import "lib.rlr" as shared
  source problems = math_problems { count: 10 }
  stage s from problems {
    emit { prompt: question truth: answer verifier: shared.boxed difficulty: difficulty domain: "math" }
  }
  output { dir: "out" }
`);
const URI = 'file:///r/main.rlr';
const LIB_URI = 'file:///r/lib.rlr';

/** A disk whose files can change between checks. */
function disk(files: Record<string, string>): CompilerHost & { files: Record<string, string> } {
  const base = memoryHost(files);
  return { ...base, files, readFile: (path) => files[path] };
}

describe('the workspace', () => {
  it('reads imports from the disk, and from an open document\'s unsaved text first', () => {
    const host = disk({ '/r/lib.rlr': 'verifier boxed = all(format(), math())\n' });
    const workspace = new Workspace(host);
    workspace.set(URI, recipe);
    expect(workspace.analysis(URI)!.result.diagnostics).toEqual([]);
    workspace.set(LIB_URI, 'verifier renamed = all(format(), math())\n');
    expect(workspace.analysis(URI)!.result.diagnostics.map((d) => d.code)).toEqual(['unknown-name']);
    expect(workspace.dependents('/r/lib.rlr')).toEqual([URI]);
    workspace.close(LIB_URI);
    expect(workspace.analysis(URI)!.result.diagnostics).toEqual([]);
  });

  it('keeps an analysis while the files it read are unchanged, and notices a change on disk', () => {
    const host = disk({ '/r/lib.rlr': 'verifier boxed = all(format(), math())\n' });
    const workspace = new Workspace(host);
    workspace.set(URI, recipe);
    const first = workspace.analysis(URI)!;
    workspace.set(URI, recipe);
    expect(workspace.analysis(URI)).toBe(first);
    host.files['/r/lib.rlr'] = 'verifier other = exact()\n';
    const second = workspace.analysis(URI)!;
    expect(second).not.toBe(first);
    expect(second.result.diagnostics.map((d) => d.code)).toEqual(['unknown-name']);
  });

  it('notices when an import that could not be read appears', () => {
    const host = disk({});
    const workspace = new Workspace(host);
    workspace.set(URI, recipe);
    expect(workspace.analysis(URI)!.result.diagnostics.map((d) => d.code)).toContain('import-not-found');
    host.files['/r/lib.rlr'] = 'verifier boxed = all(format(), math())\n';
    expect(workspace.analysis(URI)!.result.diagnostics).toEqual([]);
  });

  it('parses an unchanged import once, and keeps the declarations an edit did not touch', () => {
    const host = disk({ '/r/lib.rlr': 'verifier boxed = all(format(), math())\n' });
    const workspace = new Workspace(host);
    workspace.set(URI, recipe);
    const first = workspace.analysis(URI)!.result.program!;
    workspace.set(URI, recipe.replace('count: 10', 'count: 20'));
    const second = workspace.analysis(URI)!.result.program!;
    expect(second.files.get('/r/lib.rlr')).toBe(first.files.get('/r/lib.rlr'));
    const [before, after] = [first, second].map((p) => p.files.get('/r/main.rlr')!.module.declarations);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).not.toBe(before[2]);
    expect(second.files.get('/r/main.rlr')!.text).toContain('count: 20');
  });

  it('forgets an import alias that an edit removed, in the declarations it kept', () => {
    const host = disk({ '/r/lib.rlr': 'verifier boxed = all(format(), math())\n' });
    const workspace = new Workspace(host);
    // The import comes last, so that removing it keeps the stage that uses it as the same tree.
    const importLast = recipe.replace('import "lib.rlr" as shared\n', '') + 'import "lib.rlr" as shared\n';
    workspace.set(URI, importLast);
    const stage = (text: string) => {
      workspace.set(URI, text);
      const analysis = workspace.analysis(URI)!;
      return { analysis, decl: analysis.result.program!.files.get('/r/main.rlr')!.module.declarations.find((d) => d.kind === 'StageDecl') };
    };
    const before = stage(importLast);
    expect(before.analysis.result.diagnostics).toEqual([]);
    const after = stage(importLast.replace('import "lib.rlr" as shared\n', ''));
    expect(after.decl).toBe(before.decl);
    expect(after.analysis.result.diagnostics.map((d) => d.code)).toEqual(['unknown-field']);
  });

  it('gives the diagnostics a fresh check gives, after edits that make and mend mistakes', () => {
    const host = disk({ '/r/lib.rlr': 'verifier boxed = all(format(), math())\n' });
    const workspace = new Workspace(host);
    const texts = [
      recipe,
      recipe.replace('shared.boxed', 'shared.boxd'),
      recipe.replace('import "lib.rlr" as shared', 'import "lib.rlr" as common'),
      recipe.replace('stage s from problems {', 'stage s from problems {\n  let x = \n'),
      recipe,
    ];
    for (const text of texts) {
      workspace.set(URI, text);
      const fresh = new Workspace(host);
      fresh.set(URI, text);
      expect(workspace.analysis(URI)!.result.diagnostics).toEqual(fresh.analysis(URI)!.result.diagnostics);
    }
  });
});
