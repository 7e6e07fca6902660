// `rlr fmt`, run as a user runs it: a child process, files on disk, exit codes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { format, root } from './support.ts';

function rlr(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/rlr.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const canonical = 'param size: int = 10\noutput { dir: "out" }\n';
const messy = 'param  size:int=10\noutput{dir:"out"}\n';
const broken = 'stage s from p {\n  where difficulty < @ 0.5\n}\n';

/** A fresh folder with the three recipes. */
function workspace(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'rlr-fmt-'));
  writeFileSync(path.join(folder, 'canonical.rlr'), canonical);
  writeFileSync(path.join(folder, 'messy.rlr'), messy);
  writeFileSync(path.join(folder, 'broken.rlr'), broken);
  return folder;
}

const read = (folder: string, name: string) => readFileSync(path.join(folder, name), 'utf8');

describe('rlr fmt --check', () => {
  it('changes nothing, lists the files that would change and exits 1', () => {
    const folder = workspace();
    const result = rlr(['fmt', '--check', 'canonical.rlr', 'messy.rlr'], folder);
    expect(result).toMatchObject({ code: 1, stdout: 'messy.rlr\n', stderr: '' });
    expect(read(folder, 'messy.rlr')).toBe(messy);
  });

  it('exits 0 and prints nothing when every file is formatted', () => {
    const folder = workspace();
    expect(rlr(['fmt', '--check', 'canonical.rlr'], folder)).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 2 on a syntax error, printing the diagnostic as `rlr check` does', () => {
    const folder = workspace();
    const result = rlr(['fmt', '--check', 'broken.rlr', 'messy.rlr'], folder);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('messy.rlr\n');
    expect(result.stderr).toContain('broken.rlr:2:22: error[invalid-character]: unexpected character `@`');
    expect(result.stderr).toContain('2 |   where difficulty < @ 0.5');
    expect(result.stderr).toContain('  |                      ^');
  });
});

describe('rlr fmt', () => {
  it('rewrites the files that change, in place, and prints them', () => {
    const folder = workspace();
    const untouched = statSync(path.join(folder, 'canonical.rlr')).mtimeMs;
    const result = rlr(['fmt', 'canonical.rlr', 'messy.rlr'], folder);
    expect(result).toMatchObject({ code: 0, stdout: 'messy.rlr\n', stderr: '' });
    expect(read(folder, 'messy.rlr')).toBe(format(messy));
    expect(read(folder, 'messy.rlr')).toBe(canonical);
    expect(statSync(path.join(folder, 'canonical.rlr')).mtimeMs).toBe(untouched);
    // No temporary file is left behind.
    expect(readdirSync(folder).sort()).toEqual(['broken.rlr', 'canonical.rlr', 'messy.rlr']);
    expect(rlr(['fmt', 'messy.rlr'], folder)).toMatchObject({ code: 0, stdout: '' });
  });

  it('leaves a file with syntax errors as it is, formats the others, and exits 2', () => {
    const folder = workspace();
    const result = rlr(['fmt', 'broken.rlr', 'messy.rlr'], folder);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error[invalid-character]');
    expect(read(folder, 'broken.rlr')).toBe(broken);
    expect(read(folder, 'messy.rlr')).toBe(canonical);
  });

  it('exits 2 on a file it cannot read, and on a usage error', () => {
    const folder = workspace();
    expect(rlr(['fmt', 'missing.rlr'], folder)).toMatchObject({ code: 2, stderr: 'error: cannot read `missing.rlr`\n' });
    expect(rlr(['fmt'], folder).code).toBe(2);
    expect(rlr(['fmt', '--chek', 'messy.rlr'], folder).code).toBe(2);
  });
});
