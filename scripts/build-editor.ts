// Builds the editor support. Writes the generated files of the VS Code
// extension (TextMate grammar, language configuration, snippets) and packages
// the extension as dist/editor/rlr-<version>.vsix, offline.
//
//   node --import tsx scripts/build-editor.ts            generate and package
//   node --import tsx scripts/build-editor.ts --generate only write the generated files
//   node --import tsx scripts/build-editor.ts --check    exit 1 when a generated file is out of date
import { join, relative } from 'node:path';
import {
  generatedEditorFiles, packageExtension, repositoryRoot, staleGeneratedFiles, writeGeneratedFiles,
} from '../editor/build.ts';

const files = generatedEditorFiles();
const flags = new Set(process.argv.slice(2));

if (flags.has('--check')) {
  const stale = staleGeneratedFiles(files);
  if (stale.length) {
    console.error(`out of date (run \`npm run build:editor\`):\n${stale.map((path) => `  ${path}`).join('\n')}`);
    process.exit(1);
  }
  console.log('the generated editor files are up to date');
} else {
  writeGeneratedFiles(files);
  console.log(files.map((file) => `wrote ${file.path}`).join('\n'));
  if (!flags.has('--generate')) {
    const vsix = await packageExtension(join(repositoryRoot, 'dist', 'editor', 'vscode'));
    console.log(`packaged ${relative(process.cwd(), vsix)}`);
  }
}
