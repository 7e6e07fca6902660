// The part of the VS Code API this extension uses, with VS Code's own
// signatures. The `vscode` module exists only inside the editor; this file
// stands in for `@types/vscode`, which is not among the project's dependencies.
declare module 'vscode' {
  export type Thenable<T> = PromiseLike<T>;

  export interface Disposable {
    dispose(): unknown;
  }

  export interface Event<T> {
    (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]): Disposable;
  }

  export interface Uri {
    readonly fsPath: string;
  }

  export interface WorkspaceFolder {
    readonly uri: Uri;
    readonly name: string;
    readonly index: number;
  }

  export interface WorkspaceConfiguration {
    get<T>(section: string): T | undefined;
  }

  export interface ConfigurationChangeEvent {
    affectsConfiguration(section: string): boolean;
  }

  export interface FileSystemWatcher extends Disposable {
    readonly ignoreCreateEvents: boolean;
  }

  export interface OutputChannel extends Disposable {
    appendLine(value: string): void;
    show(preserveFocus?: boolean): void;
  }

  export interface ExtensionContext {
    readonly subscriptions: Disposable[];
  }

  export namespace workspace {
    export const workspaceFolders: readonly WorkspaceFolder[] | undefined;
    export function getConfiguration(section?: string): WorkspaceConfiguration;
    export const onDidChangeConfiguration: Event<ConfigurationChangeEvent>;
    export function createFileSystemWatcher(globPattern: string): FileSystemWatcher;
  }

  export namespace window {
    export function createOutputChannel(name: string): OutputChannel;
    export function showErrorMessage<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
  }

  export namespace commands {
    export function registerCommand(command: string, callback: (...args: unknown[]) => unknown): Disposable;
    export function executeCommand<T = unknown>(command: string, ...rest: unknown[]): Thenable<T>;
  }
}
