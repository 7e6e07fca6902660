// Which `rlr` runs the language server: the setting, else the workspace's own
// install, else the one on the PATH. Pure, so it is tested without VS Code.
import path from 'node:path';

export const defaultServerArgs: readonly string[] = ['lsp', '--stdio'];

export interface ServerSettings {
  /** `rlr.server.path`; empty or absent means "find it". */
  readonly path?: string | null;
  /** `rlr.server.args`; absent means `lsp --stdio`. */
  readonly args?: readonly string[] | null;
}

export interface ServerEnvironment {
  /** File-system paths of the workspace folders, in order. */
  readonly workspaceFolders: readonly string[];
  readonly platform: NodeJS.Platform;
  readonly isFile: (file: string) => boolean;
}

export interface ServerCommand {
  readonly command: string;
  readonly args: string[];
  /** The folder the server runs in: the first workspace folder, if any. */
  readonly cwd: string | undefined;
  /** Windows runs `.cmd` shims (what npm installs in `node_modules/.bin`) only through a shell. */
  readonly shell: boolean;
  /** Where the command came from, for messages. */
  readonly origin: 'setting' | 'workspace' | 'path';
}

export function resolveServerCommand(settings: ServerSettings, environment: ServerEnvironment): ServerCommand {
  const paths = environment.platform === 'win32' ? path.win32 : path.posix;
  const windows = environment.platform === 'win32';
  const args = [...(settings.args ?? defaultServerArgs)];
  const cwd = environment.workspaceFolders[0];
  const needsShell = (command: string) => windows && !/\.exe$/i.test(command);

  const configured = settings.path?.trim();
  if (configured) {
    const expanded = configured.replace(/^\$\{workspaceFolder\}/, cwd ?? '.');
    const command = paths.isAbsolute(expanded) || !cwd || !/[\\/]/.test(expanded) ? expanded : paths.resolve(cwd, expanded);
    return { command, args, cwd, shell: needsShell(command), origin: 'setting' };
  }
  for (const folder of environment.workspaceFolders) {
    const command = paths.join(folder, 'node_modules', '.bin', windows ? 'rlr.cmd' : 'rlr');
    if (environment.isFile(command)) return { command, args, cwd, shell: needsShell(command), origin: 'workspace' };
  }
  return { command: 'rlr', args, cwd, shell: windows, origin: 'path' };
}

/** The command as a person would type it, for messages. */
export function describeServerCommand(command: ServerCommand): string {
  return [command.command, ...command.args].map((part) => (/[\s"]/.test(part) ? JSON.stringify(part) : part)).join(' ');
}
