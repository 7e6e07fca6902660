// Builds the editor support: the generated files of the VS Code extension (the
// TextMate grammar, the language configuration, the snippets), the bundled
// client, and the .vsix package. scripts/build-editor.ts runs it; the tests
// regenerate in memory and package into a temporary folder.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import ts from 'typescript';
import { buildTextMateGrammar } from './textmate/grammar.ts';
import { buildLanguageConfiguration } from './language-configuration.ts';
import { buildSnippets } from './snippets.ts';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const extensionFolder = join(repositoryRoot, 'editor', 'vscode');

export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly path: string;
  readonly text: string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every file of the extension that is generated from the language's own sources. */
export function generatedEditorFiles(): GeneratedFile[] {
  return [
    { path: 'editor/vscode/syntaxes/rlr.tmLanguage.json', text: json(buildTextMateGrammar()) },
    { path: 'editor/vscode/language-configuration.json', text: json(buildLanguageConfiguration()) },
    { path: 'editor/vscode/snippets/rlr.json', text: json(buildSnippets()) },
  ];
}

export function writeGeneratedFiles(files: readonly GeneratedFile[], root = repositoryRoot): void {
  for (const file of files) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.text);
  }
}

/** The generated files whose committed text differs from what the sources give now. */
export function staleGeneratedFiles(files: readonly GeneratedFile[], root = repositoryRoot): string[] {
  return files.filter((file) => {
    const path = join(root, file.path);
    return !existsSync(path) || readFileSync(path, 'utf8') !== file.text;
  }).map((file) => file.path);
}

/** Type-checks the client against its own tsconfig (esbuild only strips types); throws with tsc's messages. */
export function typecheckClient(): void {
  const configPath = join(extensionFolder, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const problems = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
  if (problems.length) {
    const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => repositoryRoot, getNewLine: () => '\n' };
    throw new Error(`the VS Code client does not type-check:\n${ts.formatDiagnostics(problems, host)}`);
  }
}

/** What goes into the package besides the bundle; the sources and the build settings stay out. */
const packagedEntries = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'language-configuration.json', 'syntaxes', 'snippets'];

interface Manifest {
  name: string;
  version: string;
  repository?: unknown;
}

/**
 * Type-checks the client, copies the extension into `stage`, bundles the client
 * to `stage/dist/extension.js` and packages the folder with vsce, offline.
 * Returns the path of the .vsix.
 */
export async function packageExtension(stage: string, vsixPath?: string): Promise<string> {
  typecheckClient();
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const entry of packagedEntries) cpSync(join(extensionFolder, entry), join(stage, entry), { recursive: true });

  // The extension's repository is rlr's: taken from the root manifest when it names one.
  const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')) as Manifest;
  const root = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { repository?: unknown };
  if (root.repository && !manifest.repository) writeFileSync(join(stage, 'package.json'), json({ ...manifest, repository: root.repository }));

  await build({
    entryPoints: [join(extensionFolder, 'src', 'extension.ts')],
    outfile: join(stage, 'dist', 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
    legalComments: 'none',
    minify: true,
  });

  const vsix = vsixPath ?? join(dirname(stage), `${manifest.name}-${manifest.version}.vsix`);
  const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
  const flags = ['--no-dependencies', ...(root.repository || manifest.repository ? [] : ['--allow-missing-repository'])];
  const packaging = promisify(execFile)(process.execPath, [vsce, 'package', ...flags, '--out', vsix], { cwd: stage });
  // vsce asks on stdin when something is missing: a closed stdin answers no, so nothing waits for a person.
  packaging.child.stdin?.end();
  await packaging.catch((error: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`vsce package failed in ${relative(repositoryRoot, stage) || stage}:\n${error.stdout ?? ''}${error.stderr ?? error.message}`);
  });
  return vsix;
}
