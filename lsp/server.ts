// The protocol glue: documents in, diagnostics out, and each request answered by
// a pure feature function over the document's current analysis.
import {
  DidChangeWatchedFilesNotification, LSPErrorCodes, ResponseError, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeResult,
} from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompilerHost } from '../compiler/host.ts';
import { uriToPath, type DocumentAnalysis } from './document.ts';
import { completion } from './features/completion.ts';
import { diagnostics } from './features/diagnostics.ts';
import { formatting } from './features/formatting.ts';
import { hover } from './features/hover.ts';
import { definition, prepareRename, references, rename } from './features/navigation.ts';
import { documentSymbols } from './features/symbols.ts';
import { Workspace } from './workspace.ts';

export interface ServerOptions {
  /** Reads files and resolves imports; open documents' text takes precedence over it. */
  readonly host: CompilerHost;
  /** How long to wait after an edit before checking, so that typing is not checked key by key (ms). */
  readonly debounce?: number;
  readonly version?: string;
}

export const DEFAULT_DEBOUNCE = 120;

/** `rlr lsp --stdio`: serves over standard input and output until the client sends `exit` or closes its end. */
export function serveStdio(options: ServerOptions): void {
  const connection = createConnection(process.stdin, process.stdout);
  // Standard output carries the protocol: a stray log line would corrupt it.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  startServer(connection, options);
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(options.host);
  const debounce = options.debounce ?? DEFAULT_DEBOUNCE;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The analysis whose diagnostics each document shows, so that an unchanged one is not sent again. */
  const published = new Map<string, DocumentAnalysis>();
  let snippets = false;
  let watchFiles = false;

  connection.onInitialize((params): InitializeResult => {
    snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', '{', '('] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
      },
      serverInfo: { name: 'rlr', ...(options.version ? { version: options.version } : {}) },
    };
  });

  connection.onInitialized(() => {
    if (watchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.rlr' }] });
  });

  const analysis = (uri: string): DocumentAnalysis | undefined => {
    try {
      return workspace.analysis(uri);
    } catch (error) {
      connection.console.error(`rlr: internal error while checking ${uri}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return undefined;
    }
  };

  const validate = (uri: string) => {
    timers.delete(uri);
    if (!workspace.isOpen(uri)) return;
    const result = analysis(uri);
    if (!result || published.get(uri) === result) return;
    published.set(uri, result);
    void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics: diagnostics(result) });
    // Documents that import this one see its unsaved text.
    for (const dependent of workspace.dependents(uriToPath(uri))) schedule(dependent, debounce);
  };

  const schedule = (uri: string, delay: number) => {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => validate(uri), delay));
  };

  documents.onDidChangeContent(({ document }) => {
    const opening = !workspace.isOpen(document.uri);
    workspace.set(document.uri, document.getText());
    schedule(document.uri, opening ? 0 : debounce);
  });

  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    const path = uriToPath(document.uri);
    const dependents = workspace.dependents(path);
    workspace.close(document.uri);
    published.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    for (const dependent of dependents) schedule(dependent, debounce);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      for (const dependent of workspace.dependents(uriToPath(change.uri))) schedule(dependent, debounce);
    }
  });

  /** Answers a request from the document's current analysis; an internal error is logged, not thrown at the editor. */
  const answer = <T>(uri: string, fallback: T, feature: (document: DocumentAnalysis) => T): T => {
    const document = analysis(uri);
    if (!document) return fallback;
    try {
      return feature(document);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`rlr: internal error in a request on ${uri}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return fallback;
    }
  };

  connection.onHover(({ textDocument, position }) => answer(textDocument.uri, null, (d) => hover(d, position)));
  connection.onCompletion(({ textDocument, position }) => answer(textDocument.uri, [], (d) => completion(d, position, { snippets })));
  connection.onDefinition(({ textDocument, position }) => answer(textDocument.uri, [], (d) => definition(d, position)));
  connection.onReferences(({ textDocument, position, context }) =>
    answer(textDocument.uri, [], (d) => references(d, position, context.includeDeclaration, workspace.others(textDocument.uri))));
  connection.onPrepareRename(({ textDocument, position }) => answer(textDocument.uri, null, (d) => {
    const prepared = prepareRename(d, position);
    if ('refused' in prepared) throw new ResponseError(LSPErrorCodes.RequestFailed, prepared.refused);
    return prepared;
  }));
  connection.onRenameRequest(({ textDocument, position, newName }) => answer(textDocument.uri, null, (d) => {
    const edit = rename(d, position, newName, workspace.others(textDocument.uri));
    if ('refused' in edit) throw new ResponseError(LSPErrorCodes.RequestFailed, edit.refused);
    return edit;
  }));
  connection.onDocumentSymbol(({ textDocument }) => answer(textDocument.uri, [], (d) => documentSymbols(d)));
  connection.onDocumentFormatting(({ textDocument, options: formattingOptions }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    try {
      return formatting(document.getText(), formattingOptions);
    } catch (error) {
      connection.console.error(`rlr: the formatter failed on ${textDocument.uri}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  });

  connection.onShutdown(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}
