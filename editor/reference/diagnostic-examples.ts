// Runs the example of each diagnostic code through the compiler, as rustc's
// error index runs its examples: the reference shows what `rlr` really says,
// and an example that stops producing its code is caught.
//
// An example is a fragment of a recipe, checked in a small context:
// - a fragment that starts with a step (`let`, `where`, `emit`, `dedup(…)`, …)
//   goes inside `stage example from clips { let clip = media … }`;
// - any other fragment is added after the prelude's declarations;
// - lines `--param name=value` are command-line parameters;
// - lines `# file: name.rlr` split the example into whole files, the first one
//   the recipe that is checked, with no prelude.
import { catalogue, type DiagnosticCode } from '../../compiler/diagnostics/catalogue.ts';
import { compileRecipe } from '../../compiler/compile.ts';
import { memoryHost } from '../../compiler/host.ts';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import { renderPretty, type SourceTexts } from '../../compiler/diagnostics/render.ts';
import { stepKeywords } from '../../grammar/tokens.ts';
import { keywordWord } from '../textmate/grammar.ts';

/** The declarations every fragment is checked after. */
export const examplePrelude = [
  'recipe example { version: "0.1.0" seed: 1 }',
  'param size: int = 100',
  'source math = math_problems { count: size }',
  'source clips: {question: string, answer: string, difficulty: float, span: segment<s>, box: box<px>} = folder {',
  '  glob: "clips/*.wav"',
  '  media: audio',
  '}',
].join('\n');

/** How a step fragment's stage begins; the fragment follows, then `}`. */
export const exampleStageOpening = 'stage example from clips {\n  let clip = media';

/**
 * Codes whose example cannot be run as written: why, and the parameters the
 * reference renders the catalogue's message with instead.
 */
export const unrunnableExamples: Partial<Record<DiagnosticCode, { readonly reason: string; readonly params: object }>> = {
  'expression-too-long': { reason: 'The expression stands for one of tens of thousands of terms.', params: {} },
  'missing-emit': {
    reason: 'No check reports this code at present: an `emit` without a field it needs is reported as `missing-property`.',
    params: { stage: 'example', field: 'domain' },
  },
};

export interface ExampleFile {
  readonly name: string;
  readonly text: string;
}

export interface CheckedExample {
  readonly code: DiagnosticCode;
  /** The example as the catalogue writes it. */
  readonly example: string;
  /** The recipe text to show: the fragment, or the example's files. */
  readonly files: readonly ExampleFile[];
  readonly params: Readonly<Record<string, string>>;
  /** The diagnostics of this code the compiler reported, rendered as `rlr check` prints them. */
  readonly rendered: string;
  readonly count: number;
  /** Why the example is not run, for the codes in `unrunnableExamples`. */
  readonly unrunnable?: string;
}

const steps = new Set(stepKeywords.map(keywordWord));
const isStepFragment = (fragment: string) => {
  const first = /^\s*([A-Za-z_]\w*)\s*(\()?/.exec(fragment);
  return !!first && (steps.has(first[1]) || !!first[2]);
};

function split(example: string): { files: ExampleFile[]; fragment: string | null; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const lines: string[] = [];
  for (const line of example.split('\n')) {
    const flag = /^--param\s+([A-Za-z_]\w*)=(.*)$/.exec(line.trim());
    if (flag) params[flag[1]] = flag[2];
    else lines.push(line);
  }
  const text = lines.join('\n').trim();
  if (!/^# file: /.test(text)) return { files: [], fragment: text, params };
  const files = text.split(/^# file: /m).filter(Boolean).map((part) => {
    const [name, ...body] = part.split('\n');
    return { name: name.trim(), text: `${body.join('\n').trim()}\n` };
  });
  return { files, fragment: null, params };
}

/** Checks one code's example; undefined when the catalogue gives none. */
export function checkExample(code: DiagnosticCode): CheckedExample | undefined {
  const example = (catalogue[code] as { example?: string }).example;
  if (example === undefined) return undefined;
  const { files, fragment, params } = split(example);
  const unrunnable = unrunnableExamples[code];
  if (unrunnable) {
    const entry = catalogue[code] as { severity: string; message: (p: object) => string; hint?: (p: object) => string | undefined };
    const hint = entry.hint?.(unrunnable.params);
    const rendered = `${entry.severity}[${code}]: ${entry.message(unrunnable.params)}${hint ? `\n  hint: ${hint}` : ''}`;
    return { code, example, files: fragment !== null ? [{ name: 'example.rlr', text: `${fragment}\n` }] : files, params, rendered, count: 0, unrunnable: unrunnable.reason };
  }
  let main: string;
  let hostFiles: Record<string, string>;
  let shown: ExampleFile[];
  /** Where the fragment starts in the checked file, to show its diagnostics against the fragment alone. */
  let fragmentStart = -1;
  if (fragment !== null) {
    const before = isStepFragment(fragment) ? `${examplePrelude}\n\n${exampleStageOpening}\n` : `${examplePrelude}\n\n`;
    const after = isStepFragment(fragment) ? '\n}\n' : '\n';
    main = 'example.rlr';
    hostFiles = { [main]: before + fragment + after };
    fragmentStart = before.length;
    shown = [{ name: 'example.rlr', text: `${fragment}\n` }];
  } else {
    main = files[0].name;
    hostFiles = Object.fromEntries(files.map((file) => [file.name, file.text]));
    shown = files;
  }

  const result = compileRecipe(memoryHost(hostFiles), main, { params });
  const fragmentEnd = fragmentStart + (fragment?.length ?? 0);
  const inFragment = (d: Diagnostic) => fragment !== null && d.span.file === main && d.span.start >= fragmentStart && d.span.end <= fragmentEnd;
  const ofCode = result.diagnostics.filter((d) => d.code === code);
  // The prelude's own diagnostics (an unused source) are not the example's, unless it has none of its own (a `--param`).
  const found = ofCode.some(inFragment) ? ofCode.filter(inFragment) : ofCode;
  const texts: Record<string, string> = fragment !== null ? { 'example.rlr': `${fragment}\n` } : Object.fromEntries(files.map((f) => [f.name, f.text]));
  const sources: SourceTexts = { text: (file) => texts[file], displayPath: (file) => file };
  const rendered = found.map((d) => {
    if (inFragment(d)) {
      const shifted: Diagnostic = { ...d, related: undefined, span: { file: 'example.rlr', start: d.span.start - fragmentStart, end: d.span.end - fragmentStart } };
      return withoutSummary(renderPretty([shifted], sources));
    }
    if (fragment === null) return withoutSummary(renderPretty([{ ...d, related: undefined }], sources));
    // Outside the fragment (the recipe header, for a command-line parameter): the message alone.
    return `${d.severity}[${d.code}]: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`;
  }).join('\n\n');
  return { code, example, files: shown, params, rendered, count: found.length };
}

/** renderPretty ends with a count of errors and warnings, which says nothing here. */
function withoutSummary(text: string): string {
  return text.trimEnd().split('\n\n').slice(0, -1).join('\n\n');
}
