// Loads a recipe and every file it imports, through the host, and records
// the import graph so that cycles and unreadable imports can be reported.
import type { CompilerHost } from './host.ts';
import { parseFile, type ParsedFile } from './syntax/parse.ts';
import type { ImportDecl } from './syntax/ast.ts';

export interface ImportEdge {
  readonly file: string;
  readonly decl: ImportDecl;
  /** The imported file's path, or undefined when it could not be read. */
  readonly target: string | undefined;
  readonly resolvedPath: string;
}

export interface ImportCycle {
  readonly edge: ImportEdge;
  /** Files along the cycle, starting and ending with the same file. */
  readonly files: readonly string[];
}

export interface Program {
  readonly main: string;
  readonly files: ReadonlyMap<string, ParsedFile>;
  readonly imports: readonly ImportEdge[];
  readonly cycles: readonly ImportCycle[];
  readonly host: CompilerHost;
}

export function loadProgram(host: CompilerHost, main: string, mainText?: string): Program | undefined {
  const text = mainText ?? host.readFile(main);
  if (text === undefined) return undefined;
  const files = new Map<string, ParsedFile>();
  const imports: ImportEdge[] = [];
  const cycles: ImportCycle[] = [];
  const stack: string[] = [];

  const visit = (file: string, fileText: string) => {
    const parsed = host.parseFile?.(file, fileText) ?? parseFile(file, fileText);
    files.set(file, parsed);
    stack.push(file);
    for (const decl of parsed.module.declarations) {
      if (decl.kind !== 'ImportDecl' || !decl.path) continue;
      const resolvedPath = host.resolveImport(file, decl.path.value);
      const onStack = stack.indexOf(resolvedPath);
      if (onStack >= 0) {
        const edge = { file, decl, target: resolvedPath, resolvedPath };
        imports.push(edge);
        cycles.push({ edge, files: [...stack.slice(onStack), resolvedPath] });
        continue;
      }
      if (files.has(resolvedPath)) {
        imports.push({ file, decl, target: resolvedPath, resolvedPath });
        continue;
      }
      const importedText = host.readFile(resolvedPath);
      imports.push({ file, decl, target: importedText === undefined ? undefined : resolvedPath, resolvedPath });
      if (importedText !== undefined) visit(resolvedPath, importedText);
    }
    stack.pop();
  };

  visit(main, text);
  return { main, files, imports, cycles, host };
}
