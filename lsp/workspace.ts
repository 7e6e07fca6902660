// The open documents and what is known about them. Open documents' unsaved text
// takes precedence over the files on disk; each file's last parse is kept, so an
// unchanged file (an import, most often) is not parsed again and an edited one
// is reparsed only where it changed; a document whose inputs did not change
// keeps its analysis.
import type { CompilerHost } from '../compiler/host.ts';
import { parseFile, type ParsedFile } from '../compiler/syntax/parse.ts';
import { analyzeDocument, uriToPath, type DocumentAnalysis } from './document.ts';
import { reparse } from './reparse.ts';

export class Workspace {
  private readonly documents = new Map<string, { readonly uri: string; readonly text: string }>();
  private readonly parses = new Map<string, ParsedFile>();
  private readonly analyses = new Map<string, DocumentAnalysis>();
  /** The base host, with open documents read from memory and parses answered from the cache. */
  readonly host: CompilerHost;

  constructor(base: CompilerHost) {
    this.host = {
      readFile: (path) => this.documents.get(path)?.text ?? base.readFile(path),
      resolveImport: (from, specifier) => base.resolveImport(from, specifier),
      directoryOf: (path) => base.directoryOf(path),
      join: (directory, relative) => base.join(directory, relative),
      displayPath: (path) => base.displayPath(path),
      parseFile: (path, text) => this.parse(path, text),
    };
  }

  /** Opens a document or records its new text. */
  set(uri: string, text: string): void {
    this.documents.set(uriToPath(uri), { uri, text });
  }

  close(uri: string): void {
    const path = uriToPath(uri);
    this.documents.delete(path);
    this.analyses.delete(path);
  }

  isOpen(uri: string): boolean {
    return this.documents.has(uriToPath(uri));
  }

  /** The document's analysis, computed again only when the text of one of the files it read has changed. */
  analysis(uri: string): DocumentAnalysis | undefined {
    const path = uriToPath(uri);
    const document = this.documents.get(path);
    if (!document) return undefined;
    const known = this.analyses.get(path);
    if (known && this.isCurrent(known)) return known;
    const analysis = analyzeDocument(document.text, { file: path, uri: document.uri, host: this.host });
    this.analyses.set(path, analysis);
    return analysis;
  }

  /** True when every file the analysis read still has the text it read. */
  isCurrent(analysis: DocumentAnalysis): boolean {
    for (const [path, text] of analysis.inputs) if (this.host.readFile(path) !== text) return false;
    return true;
  }

  /** The open documents whose last analysis read `path` (the document at `path` itself excluded). */
  dependents(path: string): string[] {
    const uris: string[] = [];
    for (const [file, analysis] of this.analyses) {
      if (file !== path && analysis.inputs.has(path)) uris.push(analysis.uri);
    }
    return uris;
  }

  /** Current analyses of the other open documents, for references and renames that cross files. */
  others(uri: string): DocumentAnalysis[] {
    const path = uriToPath(uri);
    return [...this.documents.values()].filter((d) => uriToPath(d.uri) !== path).flatMap((d) => this.analysis(d.uri) ?? []);
  }

  private parse(path: string, text: string): ParsedFile {
    const previous = this.parses.get(path);
    const parsed = previous ? reparse(previous, text) : parseFile(path, text);
    this.parses.set(path, parsed);
    return parsed;
  }
}
