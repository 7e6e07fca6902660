// Which rlr the extension starts: the setting, the workspace's own, the PATH's.
import { describe, expect, it } from 'vitest';
import { describeServerCommand, resolveServerCommand } from '../../editor/vscode/src/server-command.ts';

const linux = (files: string[] = [], workspaceFolders = ['/home/me/project']) =>
  ({ workspaceFolders, platform: 'linux' as const, isFile: (file: string) => files.includes(file) });

describe('the language server command', () => {
  it('is `rlr lsp --stdio` on the PATH when nothing else is found', () => {
    expect(resolveServerCommand({}, linux())).toEqual({
      command: 'rlr', args: ['lsp', '--stdio'], cwd: '/home/me/project', shell: false, origin: 'path',
    });
  });

  it('prefers the workspace install, in the first folder that has one', () => {
    const env = linux(['/b/node_modules/.bin/rlr'], ['/a', '/b']);
    expect(resolveServerCommand({ path: '' }, env)).toMatchObject({ command: '/b/node_modules/.bin/rlr', origin: 'workspace', cwd: '/a' });
  });

  it('prefers the setting to everything, resolving a relative path against the first folder', () => {
    const env = linux(['/home/me/project/node_modules/.bin/rlr']);
    expect(resolveServerCommand({ path: 'bin/rlr.js', args: ['lsp', '--stdio', '--log'] }, env)).toMatchObject({
      command: '/home/me/project/bin/rlr.js', args: ['lsp', '--stdio', '--log'], origin: 'setting',
    });
    expect(resolveServerCommand({ path: '${workspaceFolder}/tools/rlr' }, env).command).toBe('/home/me/project/tools/rlr');
    expect(resolveServerCommand({ path: '/opt/rlr/bin/rlr' }, env).command).toBe('/opt/rlr/bin/rlr');
    expect(resolveServerCommand({ path: 'rlr-nightly' }, env).command).toBe('rlr-nightly');
  });

  it('uses the .cmd shim and a shell on Windows', () => {
    const env = { workspaceFolders: ['C:\\work\\app'], platform: 'win32' as const, isFile: (f: string) => f === 'C:\\work\\app\\node_modules\\.bin\\rlr.cmd' };
    expect(resolveServerCommand({}, env)).toMatchObject({ command: 'C:\\work\\app\\node_modules\\.bin\\rlr.cmd', shell: true, origin: 'workspace' });
    expect(resolveServerCommand({ path: 'C:\\tools\\rlr.exe' }, env).shell).toBe(false);
  });

  it('works without a workspace folder', () => {
    expect(resolveServerCommand({}, linux([], []))).toMatchObject({ command: 'rlr', cwd: undefined });
  });

  it('prints as a person would type it', () => {
    expect(describeServerCommand(resolveServerCommand({ path: '/opt/my tools/rlr' }, linux()))).toBe('"/opt/my tools/rlr" lsp --stdio');
  });
});
