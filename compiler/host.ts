// The compiler does no I/O of its own: the CLI, the tests and the language
// server each hand it a host that reads files and resolves imports.
import type { ParsedFile } from './syntax/parse.ts';

export interface CompilerHost {
  /** The text of a file, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /** The path an import refers to, from the importing file's path and the written specifier. */
  resolveImport(fromFile: string, specifier: string): string;
  /** The folder a recipe's relative paths are resolved against. */
  directoryOf(path: string): string;
  /** Joins a folder and a relative path, normalising `.` and `..`. */
  join(directory: string, relative: string): string;
  /** A short path for messages. */
  displayPath(path: string): string;
  /**
   * Parses a file's text; when absent, the compiler parses it afresh. The language server
   * answers from its cache (unchanged files) or reparses only the edited declarations; the
   * result must equal `parseFile(path, text)`.
   */
  parseFile?(path: string, text: string): ParsedFile;
}

/** POSIX path arithmetic without touching the file system, for hosts and for the path checks. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length && parts.at(-1) !== '..') parts.pop();
      else if (!absolute) parts.push('..');
    } else parts.push(part);
  }
  return (absolute ? '/' : '') + parts.join('/');
}

export function posixDirname(path: string): string {
  const index = path.lastIndexOf('/');
  if (index < 0) return '.';
  return index === 0 ? '/' : path.slice(0, index);
}

/** An in-memory host, for tests and for the language server's open documents. */
export function memoryHost(files: Record<string, string>, fallback?: CompilerHost): CompilerHost {
  return {
    readFile: (path) => files[path] ?? fallback?.readFile(path),
    resolveImport: (from, specifier) => normalizePath(`${posixDirname(from)}/${specifier}`),
    directoryOf: posixDirname,
    join: (directory, relative) => normalizePath(relative.startsWith('/') ? relative : `${directory}/${relative}`),
    displayPath: (path) => path,
  };
}
