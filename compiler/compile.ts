// The compiler's entry points: check a recipe, or check and lower it to a DAG.
import type { CompilerHost } from './host.ts';
import { loadProgram, type Program } from './program.ts';
import { analyze, type Analyzer } from './analysis/analyzer.ts';
import { checks } from './checks/index.ts';
import { diagnostic, hasErrors, normalizeDiagnostics, type Diagnostic } from './diagnostics/diagnostic.ts';
import { resolveParams } from './params.ts';
import { lowerProgram } from './lower/lower.ts';
import { Dag } from './lower/dag-schema.ts';

export interface CompileOptions {
  /** `--param key=value` overrides for the main file's parameters. */
  readonly params?: Readonly<Record<string, string>>;
  /** The main file's text, when the host should not read it (an editor's unsaved buffer). */
  readonly text?: string;
}

export interface CheckResult {
  readonly program: Program | undefined;
  readonly analysis: Analyzer | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export interface CompileResult extends CheckResult {
  /** Present only when there are no errors. */
  readonly dag: Dag | undefined;
}

/** Parses, resolves and type-checks; runs every check and returns all diagnostics, sorted. */
export function checkRecipe(host: CompilerHost, file: string, options: CompileOptions = {}): CheckResult {
  return run(host, file, options, false);
}

export function compileRecipe(host: CompilerHost, file: string, options: CompileOptions = {}): CompileResult {
  let result = run(host, file, options, true);
  const main = result.program?.files.get(file);
  if (main && !main.module.declarations.some((d) => d.kind === 'RecipeDecl')) {
    const missing = diagnostic('missing-recipe-header', { file, start: 0, end: 0 }, {});
    result = { ...result, diagnostics: normalizeDiagnostics([...result.diagnostics, missing]) };
  }
  if (!result.analysis || hasErrors(result.diagnostics)) return { ...result, dag: undefined };
  const { values } = resolveParams(result.analysis, options.params ?? {}, true);
  const dag = Dag.parse(lowerProgram(result.analysis, values));
  return { ...result, dag };
}

function run(host: CompilerHost, file: string, options: CompileOptions, requireValues: boolean): CheckResult {
  const program = loadProgram(host, file, options.text);
  if (!program) return { program: undefined, analysis: undefined, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  for (const parsed of program.files.values()) diagnostics.push(...parsed.diagnostics);
  try {
    const analysis = analyze(program);
    for (const check of checks) diagnostics.push(...check({ analysis }));
    diagnostics.push(...resolveParams(analysis, options.params ?? {}, requireValues).diagnostics);
    return { program, analysis, diagnostics: normalizeDiagnostics(diagnostics) };
  } catch (error) {
    // Thousands of chained operators or calls exhaust the stack of the recursive analysis:
    // say so as a diagnostic rather than crash.
    if (!(error instanceof RangeError)) throw error;
    diagnostics.push(diagnostic('expression-too-long', { file, start: 0, end: 0 }, {}));
    return { program, analysis: undefined, diagnostics: normalizeDiagnostics(diagnostics) };
  }
}
