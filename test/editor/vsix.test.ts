// The extension packages offline into a .vsix that holds what VS Code loads.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { packageExtension } from '../../editor/build.ts';

/** Every entry of a zip file with its bytes. */
function readZip(path: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

interface Contributions {
  main: string;
  contributes: {
    languages: Array<{ id: string; extensions: string[]; configuration: string }>;
    grammars: Array<{ scopeName: string; path: string }>;
    snippets: Array<{ path: string }>;
    configuration: { properties: Record<string, { default: unknown }> };
  };
}

describe('the VS Code extension package', () => {
  const folder = mkdtempSync(join(tmpdir(), 'rlr-vsix-'));
  let entries: Map<string, Buffer>;
  let manifest: Contributions;
  const text = (name: string) => entries.get(name)!.toString('utf8');

  beforeAll(async () => {
    const vsix = await packageExtension(join(folder, 'stage'), join(folder, 'rlr.vsix'));
    entries = await readZip(vsix);
    manifest = JSON.parse(text('extension/package.json')) as Contributions;
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('holds the manifest, the grammar, the snippets, the configuration, the client and the license', () => {
    expect([...entries.keys()]).toEqual(expect.arrayContaining([
      'extension.vsixmanifest',
      'extension/package.json',
      'extension/syntaxes/rlr.tmLanguage.json',
      'extension/snippets/rlr.json',
      'extension/language-configuration.json',
      'extension/dist/extension.js',
      'extension/LICENSE.txt',
      'extension/readme.md',
    ]));
  });

  it('leaves the sources and the build settings out', () => {
    expect([...entries.keys()].filter((name) => /\/src\/|tsconfig|\.ts$|node_modules/.test(name))).toEqual([]);
  });

  it('points every contribution at a file it holds', () => {
    const inside = (path: string) => `extension/${path.replace(/^\.\//, '')}`;
    const { contributes } = manifest;
    expect(contributes.languages[0]).toMatchObject({ id: 'rlr', extensions: ['.rlr'] });
    expect(contributes.grammars[0].scopeName).toBe('source.rlr');
    for (const path of [manifest.main, contributes.languages[0].configuration, contributes.grammars[0].path, contributes.snippets[0].path]) {
      expect(entries.has(inside(path)), path).toBe(true);
    }
    expect(JSON.parse(text(inside(contributes.grammars[0].path))).scopeName).toBe('source.rlr');
    expect(Object.keys(JSON.parse(text(inside(contributes.snippets[0].path)))).length).toBeGreaterThan(10);
    expect(contributes.configuration.properties['rlr.server.path'].default).toBe('');
    expect(contributes.configuration.properties['rlr.server.args'].default).toEqual(['lsp', '--stdio']);
  });

  it('bundles a client that loads with only `vscode` left outside', () => {
    const module = { exports: {} as Record<string, unknown> };
    const nodeRequire = createRequire(import.meta.url);
    const requireInExtension = (name: string) => {
      // Inside VS Code; here every export is a class the client may extend, and none is called.
      if (name === 'vscode') return new Proxy({}, { get: () => class {} });
      if (name.startsWith('node:') || nodeRequire('node:module').isBuiltin(name)) return nodeRequire(name);
      throw new Error(`the bundle requires \`${name}\`, which the package does not hold`);
    };
    new Function('require', 'module', 'exports', text('extension/dist/extension.js'))(requireInExtension, module, module.exports);
    expect(typeof module.exports.activate).toBe('function');
    expect(typeof module.exports.deactivate).toBe('function');
  });
});
