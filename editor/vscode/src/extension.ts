// The VS Code client: starts `rlr lsp --stdio` and hands it the rlr documents.
// Everything the editor knows about the language comes from the server.
import { statSync } from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { describeServerCommand, resolveServerCommand, type ServerCommand } from './server-command.ts';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
/** Imports: the server re-checks a recipe when a file it imports changes on disk. One watcher, kept across restarts. */
let recipeFiles: vscode.FileSystemWatcher | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('rlr');
  recipeFiles = vscode.workspace.createFileSystemWatcher('**/*.rlr');
  context.subscriptions.push(
    output,
    recipeFiles,
    vscode.commands.registerCommand('rlr.restartServer', () => restart()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('rlr.server')) void restart();
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

function serverCommand(): ServerCommand {
  const settings = vscode.workspace.getConfiguration('rlr');
  return resolveServerCommand(
    { path: settings.get<string>('server.path'), args: settings.get<string[]>('server.args') },
    {
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
      platform: process.platform,
      isFile: (file) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false,
    },
  );
}

async function start(): Promise<void> {
  const command = serverCommand();
  const run = { command: command.command, args: command.args, options: { cwd: command.cwd, shell: command.shell } };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'rlr', scheme: 'file' }, { language: 'rlr', scheme: 'untitled' }],
    synchronize: { fileEvents: recipeFiles },
    outputChannel: output,
  };
  output?.appendLine(`Starting the language server (${command.origin}): ${describeServerCommand(command)}`);
  const starting = new LanguageClient('rlr', 'rlr language server', serverOptions, clientOptions);
  try {
    await starting.start();
    client = starting;
  } catch (error) {
    await starting.dispose().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    const choice = await vscode.window.showErrorMessage(
      `rlr: the language server did not start with \`${describeServerCommand(command)}\` (${reason}). ` +
        'Install rlr in the workspace (`npm install rlr`) or set `rlr.server.path`.',
      'Open Settings',
      'Show Output',
    );
    if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'rlr.server');
    if (choice === 'Show Output') output?.show(true);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop().catch(() => undefined);
}

async function restart(): Promise<void> {
  await stop();
  await start();
}
