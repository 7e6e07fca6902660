// The language server on in-memory streams, with a JSON-RPC client speaking to it:
// the real protocol without a process, for test/lsp/protocol.test.ts and bench/lsp.ts.
import { PassThrough } from 'node:stream';
import { createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { startServer, type ServerOptions } from '../../lsp/server.ts';

/** A language server on in-memory streams, and a JSON-RPC client speaking to it: the real protocol, no process. */
export function connectInMemory(options: ServerOptions): { client: MessageConnection; close: () => void } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, options);
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.listen();
  return {
    client,
    close: () => {
      client.dispose();
      server.dispose();
      toServer.end();
      toClient.end();
    },
  };
}

/** Resolves with the next `publishDiagnostics` for `uri` that satisfies `accept`. */
export function nextDiagnostics(
  client: MessageConnection, uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true,
): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve) => {
    const subscription = client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      if (params.uri !== uri || !accept(params)) return;
      subscription.dispose();
      resolve(params);
    });
  });
}
