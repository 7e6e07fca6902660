// Writes docs/reference.md, the language reference, from the standard library's
// registry, the declaration schemas and the diagnostic catalogue.
//
//   node --import tsx scripts/build-reference.ts          write it
//   node --import tsx scripts/build-reference.ts --check  exit 1 when it is out of date
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../editor/build.ts';
import { referencePath } from '../editor/reference-links.ts';
import { buildReference } from '../editor/reference/markdown.ts';

const path = join(repositoryRoot, referencePath);
const text = buildReference();

if (process.argv.includes('--check')) {
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
    console.error(`${referencePath} is out of date: run \`npm run build:reference\``);
    process.exit(1);
  }
  console.log(`${referencePath} is up to date`);
} else {
  writeFileSync(path, text);
  console.log(`wrote ${referencePath}`);
}
