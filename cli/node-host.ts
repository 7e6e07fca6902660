// The compiler host the CLI uses: real files, POSIX paths, paths shown relative to the working directory.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CompilerHost } from '../compiler/host.ts';

export function nodeHost(cwd = process.cwd()): CompilerHost {
  return {
    readFile(file) {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    resolveImport: (from, specifier) => path.resolve(path.dirname(from), specifier),
    directoryOf: (file) => path.dirname(file),
    join: (directory, relative) => path.resolve(directory, relative),
    displayPath: (file) => {
      const relative = path.relative(cwd, file);
      return relative.startsWith('..') ? file : relative;
    },
  };
}
