// The `rlr` command line, run as a user runs it: a child process, exit codes, output formats.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Dag } from '../compiler/lower/dag-schema.ts';

const root = path.resolve(import.meta.dirname, '..');

function rlr(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/rlr.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const work = mkdtempSync(path.join(tmpdir(), 'rlr-cli-'));
const broken = path.join(work, 'broken.rlr');
writeFileSync(broken, [
  'recipe broken { version: "0.1.0" seed: 1 }',
  'source problems = math_problems { count: 10 }',
  'stage s from problems {',
  '  where difficultly > 0.5',
  '  emit { prompt: question truth: answer verifier: math() difficulty: 0.5 domain: "math" }',
  '}',
  '',
].join('\n'));

describe('rlr check', () => {
  it('exits 0 and prints nothing for the example recipes', () => {
    const result = rlr(['check', 'recipes/curriculum.rlr', 'recipes/audio-regions.rlr', 'recipes/video-prediction.rlr', 'recipes/geometric-points.rlr']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('exits 1 and renders file:line:col, the line, a caret and a hint', () => {
    const result = rlr(['check', broken], work);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('broken.rlr:4:9: error[unknown-field]: field `difficultly` is not produced upstream');
    expect(result.stderr).toContain('4 |   where difficultly > 0.5');
    expect(result.stderr).toContain('  |         ^^^^^^^^^^^');
    expect(result.stderr).toContain('hint: did you mean `difficulty`?');
  });

  it('--format json follows the documented schema', () => {
    const result = rlr(['check', '--format', 'json', broken], work);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ errors: 1, warnings: 0, files: 1 });
    expect(report.diagnostics[0]).toMatchObject({
      code: 'unknown-field', severity: 'error', file: 'broken.rlr',
      start: { line: 4, column: 9 }, end: { line: 4, column: 20 }, hint: 'did you mean `difficulty`?',
    });
  });

  it('--format github prints workflow annotations', () => {
    const result = rlr(['check', '--format', 'github', broken], work);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=broken\.rlr,line=4,col=9,endLine=4,endColumn=20,title=rlr unknown-field::field `difficultly` is not produced upstream%0Adid you mean `difficulty`\?\n$/);
  });

  it('exits 2 for an unreadable file and for a usage error, without a stack trace', () => {
    const missing = rlr(['check', 'no-such-file.rlr']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read `no-such-file.rlr`');
    const usage = rlr(['check', '--format', 'xml', broken]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('reports a bad --param value against the declared type', () => {
    const result = rlr(['check', 'recipes/curriculum.rlr', '--param', 'size=lots']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('`--param size=lots` is not a valid `int`');
    const unknown = rlr(['check', 'recipes/curriculum.rlr', '--param', 'sise=10']);
    expect(unknown.stderr).toContain('did you mean `size`?');
  });

  it('prints help with every subcommand, and help for each', () => {
    const help = rlr(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['check', 'compile', 'graph']) expect(help.stdout).toContain(command);
    const checkHelp = rlr(['check', '--help']);
    expect(checkHelp.code).toBe(0);
    expect(checkHelp.stdout).toContain('--format <format>');
  });
});

describe('rlr compile and graph', () => {
  it('writes a DAG that validates against the schema, with parameters applied', () => {
    const out = path.join(work, 'dag.json');
    const result = rlr(['compile', 'recipes/curriculum.rlr', '-o', out, '--param', 'size=17']);
    expect(result.code).toBe(0);
    const dag = Dag.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(dag.params.size).toBe(17);
    const math = dag.nodes.find((n) => n.kind === 'source' && n.op === 'math_problems')!;
    expect(math.params.count).toBe(17);
  });

  it('refuses to compile a recipe with errors', () => {
    const result = rlr(['compile', broken], work);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  });

  it('draws mermaid and dot with one node per DAG node', () => {
    const out = path.join(work, 'dag2.json');
    rlr(['compile', 'recipes/geometric-points.rlr', '-o', out]);
    const dag = Dag.parse(JSON.parse(readFileSync(out, 'utf8')));
    const mermaid = rlr(['graph', 'recipes/geometric-points.rlr']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout.startsWith('flowchart TD')).toBe(true);
    expect(mermaid.stdout.match(/-->/g)).toHaveLength(dag.edges.length);
    const dot = rlr(['graph', '--format', 'dot', 'recipes/geometric-points.rlr']);
    expect(dot.stdout).toMatch(/^digraph "geometric_points" \{/);
    expect(dot.stdout.match(/ -> /g)).toHaveLength(dag.edges.length);
    expect(dot.stdout).toContain('shape=box3d'); // model calls
  });
});
