// Every diagnostic code, its parameters, its message and its hint. Codes are
// stable kebab-case strings; checks pass a code and parameters, never prose.
import { didYouMean } from './suggest.ts';

type Severity = 'error' | 'warning' | 'info';

interface Entry<P> {
  readonly severity: Severity;
  readonly summary: string;
  readonly message: (params: P) => string;
  readonly hint?: (params: P) => string | undefined;
  /** A recipe fragment that triggers the diagnostic, for the reference docs. */
  readonly example?: string;
}

function entry<P>(e: Entry<P>): Entry<P> {
  return e;
}

const list = (items: readonly string[]) => items.map((i) => `\`${i}\``).join(', ');

export const catalogue = {
  'syntax-error': entry<{ found: string; expected: string }>({
    severity: 'error',
    summary: 'The text does not follow the grammar.',
    message: (p) => `unexpected ${p.found}; expected ${p.expected}`,
    example: 'stage s from src { let = 1 }',
  }),
  'invalid-character': entry<{ text: string }>({
    severity: 'error',
    summary: 'A character that no token starts with.',
    message: (p) => `unexpected character \`${p.text}\``,
    hint: () => 'strings use double quotes; comments start with `#`',
    example: 'param n: int = 3 @',
  }),
  'unknown-name': entry<{ name: string; what: string; suggestions: readonly string[] }>({
    severity: 'error',
    summary: 'A name that is not declared, imported or provided by the standard library.',
    message: (p) => `unknown ${p.what} \`${p.name}\``,
    hint: (p) => didYouMean(p.suggestions),
    example: 'stage s from sourse { }',
  }),
  'unknown-field': entry<{ field: string; available: readonly string[]; suggestions: readonly string[] }>({
    severity: 'error',
    summary: 'A field read in a stage that nothing upstream produces.',
    message: (p) => `field \`${p.field}\` is not produced upstream`,
    hint: (p) => didYouMean(p.suggestions) ?? (p.available.length ? `fields in scope: ${list(p.available)}` : 'no fields are in scope here'),
    example: 'stage s from math { where difficultly > 0.5 }',
  }),
  'unknown-member': entry<{ member: string; type: string; available: readonly string[]; suggestions: readonly string[] }>({
    severity: 'error',
    summary: 'A member that the value\'s type does not have.',
    message: (p) => `type \`${p.type}\` has no member \`${p.member}\``,
    hint: (p) => didYouMean(p.suggestions) ?? (p.available.length ? `members: ${list(p.available)}` : undefined),
    example: 'let d = clip.lenght',
  }),
  'duplicate-declaration': entry<{ name: string; what: string }>({
    severity: 'error',
    summary: 'Two declarations share a name; every occurrence is reported.',
    message: (p) => `\`${p.name}\` is declared more than once`,
    hint: (p) => (/header|output|level/.test(p.what) ? 'keep one of them' : `rename one of the ${p.what} declarations`),
    example: 'verifier v = exact()\nverifier v = math()',
  }),
  'duplicate-property': entry<{ name: string }>({
    severity: 'error',
    summary: 'A property written twice in one block.',
    message: (p) => `property \`${p.name}\` is set more than once`,
    hint: () => 'keep one of them',
  }),
  'unknown-property': entry<{ name: string; owner: string; suggestions: readonly string[]; allowed: readonly string[] }>({
    severity: 'error',
    summary: 'A property that this kind of block does not accept.',
    message: (p) => `${p.owner} has no property \`${p.name}\``,
    hint: (p) => didYouMean(p.suggestions) ?? `allowed: ${list(p.allowed)}`,
    example: 'output { dir: "out" shards: 4 }',
  }),
  'missing-property': entry<{ name: string; owner: string; type: string }>({
    severity: 'error',
    summary: 'A required property is absent.',
    message: (p) => `${p.owner} needs the property \`${p.name}\``,
    hint: (p) => `add \`${p.name}: <${p.type}>\``,
  }),
  'missing-argument': entry<{ name: string; callee: string; type: string }>({
    severity: 'error',
    summary: 'A required parameter of an operator, model call, gate or verifier is not given.',
    message: (p) => `\`${p.callee}\` needs the argument \`${p.name}\``,
    hint: (p) => `add \`${p.name}: <${p.type}>\``,
  }),
  'unknown-argument': entry<{ name: string; callee: string; suggestions: readonly string[]; allowed: readonly string[] }>({
    severity: 'error',
    summary: 'A named argument that the callee does not take.',
    message: (p) => `\`${p.callee}\` has no parameter \`${p.name}\``,
    hint: (p) => didYouMean(p.suggestions) ?? (p.allowed.length ? `parameters: ${list(p.allowed)}` : `\`${p.callee}\` takes no parameters`),
  }),
  'duplicate-argument': entry<{ name: string; callee: string }>({
    severity: 'error',
    summary: 'An argument given twice, by position and by name or by name twice.',
    message: (p) => `\`${p.callee}\` gets the argument \`${p.name}\` more than once`,
    hint: () => 'keep one of them; positional arguments fill the parameters in order',
  }),
  'too-many-arguments': entry<{ callee: string; max: number }>({
    severity: 'error',
    summary: 'More positional arguments than the callee has parameters.',
    message: (p) => `\`${p.callee}\` takes at most ${p.max} positional argument${p.max === 1 ? '' : 's'}`,
    hint: () => 'name the arguments, as in `f(key: value)`',
  }),
  'argument-type-mismatch': entry<{ name: string; callee: string; expected: string; found: string; hint?: string }>({
    severity: 'error',
    summary: 'An argument whose type does not match the parameter.',
    message: (p) => `argument \`${p.name}\` of \`${p.callee}\` expects \`${p.expected}\`, found \`${p.found}\``,
    hint: (p) => p.hint,
  }),
  'type-mismatch': entry<{ what: string; expected: string; found: string; hint?: string }>({
    severity: 'error',
    summary: 'A value whose type does not fit where it is used.',
    message: (p) => `${p.what} expects \`${p.expected}\`, found \`${p.found}\``,
    hint: (p) => p.hint,
  }),
  'invalid-value': entry<{ what: string; reason: string; hint?: string }>({
    severity: 'error',
    summary: 'A value of the right type that is not allowed here.',
    message: (p) => `${p.what}: ${p.reason}`,
    hint: (p) => p.hint,
  }),
  'invalid-operator': entry<{ operator: string; left: string; right: string; hint?: string }>({
    severity: 'error',
    summary: 'An operator applied to types it does not accept.',
    message: (p) => (p.right ? `\`${p.operator}\` cannot combine \`${p.left}\` and \`${p.right}\`` : `\`${p.operator}\` cannot apply to \`${p.left}\``),
    hint: (p) => p.hint,
  }),
  'mixed-units': entry<{ operator: string; left: string; right: string; conversion: string }>({
    severity: 'error',
    summary: 'Values in different units combined without an explicit conversion.',
    message: (p) => `\`${p.operator}\` mixes \`${p.left}\` and \`${p.right}\``,
    hint: (p) => `convert explicitly with ${p.conversion}`,
    example: 'where span.start > 30',
  }),
  'not-callable': entry<{ name: string; what: string }>({
    severity: 'error',
    summary: 'Something that is not a function, model or verifier is called.',
    message: (p) => `\`${p.name}\` is a ${p.what}, not something that can be called`,
  }),
  'model-call-position': entry<{ model: string }>({
    severity: 'error',
    summary: 'A model call nested inside a larger expression; each call is its own cached step.',
    message: (p) => `the call to model \`${p.model}\` must be the whole value of a \`let\``,
    hint: (p) => `write \`let result = ${p.model}(...)\` and use \`result\` afterwards`,
  }),
  'missing-output-type': entry<{ model: string; task: string }>({
    severity: 'error',
    summary: 'A structured model call without a declared output type.',
    message: (p) => `the \`${p.task}\` call to \`${p.model}\` needs a declared output type`,
    hint: () => 'annotate the binding, as in `let q: {question: string, answer: string} = writer(...)`',
  }),
  'template-unknown-field': entry<{ field: string; available: readonly string[]; suggestions: readonly string[] }>({
    severity: 'error',
    summary: 'A template interpolates a field that is not in scope.',
    message: (p) => `template field \`{${p.field}}\` is not in scope`,
    hint: (p) => didYouMean(p.suggestions) ?? (p.available.length ? `fields in scope: ${list(p.available)}` : undefined) ?? 'write `{{` and `}}` for literal braces',
    example: 'let p = template("Solve {questoin}")',
  }),
  'template-syntax': entry<{ reason: string }>({
    severity: 'error',
    summary: 'A template string with unbalanced braces.',
    message: (p) => `template: ${p.reason}`,
    hint: () => 'write `{{` and `}}` for literal braces',
  }),
  'verifier-type-mismatch': entry<{ verifier: string; role: string; expected: string; found: string }>({
    severity: 'error',
    summary: 'The stage emits a ground truth (or answer) that the verifier cannot check.',
    message: (p) => `verifier \`${p.verifier}\` checks a ${p.role} of type \`${p.expected}\`, but the stage emits \`${p.found}\``,
    hint: (p) => `emit a \`${p.expected}\` or choose a verifier for \`${p.found}\``,
    example: 'emit { truth: box verifier: point_in_mask() ... }',
  }),
  'missing-emit': entry<{ stage: string; field: string }>({
    severity: 'error',
    summary: 'An `emit` without one of the fields every example needs.',
    message: (p) => `\`emit\` in stage \`${p.stage}\` needs \`${p.field}\``,
  }),
  'emit-not-last': entry<{ stage: string }>({
    severity: 'error',
    summary: 'Steps after `emit`: an emitted example leaves the pipeline.',
    message: (p) => `\`emit\` must be the last step of stage \`${p.stage}\``,
    hint: () => 'move the steps before `emit`',
  }),
  'mixture-unknown-domain': entry<{ name: string; by: string; suggestions: readonly string[]; known: readonly string[] }>({
    severity: 'error',
    summary: 'A mixture weight on a domain or stage that no stage emits.',
    message: (p) => `mixture weight on unknown ${p.by} \`${p.name}\``,
    hint: (p) => didYouMean(p.suggestions) ?? (p.known.length ? `known ${p.by}s: ${list(p.known)}` : undefined),
  }),
  'mixture-negative-weight': entry<{ name: string; value: number }>({
    severity: 'error',
    summary: 'A negative mixture weight.',
    message: (p) => `weight of \`${p.name}\` is negative (${p.value})`,
    hint: () => 'weights are proportions: use 0 to exclude',
  }),
  'mixture-weights-sum': entry<{ sum: number }>({
    severity: 'warning',
    summary: 'Mixture weights that do not sum to 1; they are normalised.',
    message: (p) => `mixture weights sum to ${Number(p.sum.toFixed(6))}, not 1; they will be normalised`,
    hint: () => 'write weights that sum to 1 to make the proportions explicit',
  }),
  'curriculum-empty-level': entry<{ level: string; reason: string }>({
    severity: 'error',
    summary: 'A curriculum level that can select no example.',
    message: (p) => `curriculum level \`${p.level}\` selects nothing: ${p.reason}`,
  }),
  'stage-cycle': entry<{ cycle: readonly string[] }>({
    severity: 'error',
    summary: 'Stages that read from each other in a cycle.',
    message: (p) => `stages form a cycle: ${p.cycle.map((s) => `\`${s}\``).join(' -> ')}`,
    hint: () => 'a stage must read from a source or from a stage upstream of it',
  }),
  'import-cycle': entry<{ cycle: readonly string[] }>({
    severity: 'error',
    summary: 'Recipe files that import each other in a cycle.',
    message: (p) => `import cycle: ${p.cycle.join(' -> ')}`,
    hint: () => 'move the shared declarations into a file that both import',
  }),
  'import-not-found': entry<{ path: string }>({
    severity: 'error',
    summary: 'An imported file that cannot be read.',
    message: (p) => `cannot read imported file \`${p.path}\``,
    hint: () => 'import paths are relative to the importing file',
  }),
  'unused-declaration': entry<{ name: string; what: string }>({
    severity: 'warning',
    summary: 'A declaration that nothing uses.',
    message: (p) => `${p.what} \`${p.name}\` is never used`,
    hint: () => 'remove it, or use it',
  }),
  'secret-literal': entry<{ property: string }>({
    severity: 'error',
    summary: 'A secret written into the recipe instead of referenced from the environment.',
    message: (p) => `\`${p.property}\` holds a literal secret`,
    hint: (p) => `reference an environment variable instead: \`${p.property}: env("HF_TOKEN")\``,
  }),
  'path-escapes-recipe': entry<{ path: string }>({
    severity: 'error',
    summary: 'A file path that leaves the recipe\'s folder.',
    message: (p) => `path \`${p.path}\` escapes the recipe's folder`,
    hint: () => 'keep data beside the recipe, or link it into the recipe\'s folder',
  }),
  'expression-too-long': entry<Record<string, never>>({
    severity: 'error',
    summary: 'An expression with so many chained operators or calls that it cannot be analysed.',
    message: () => 'an expression is too long to analyse (thousands of chained operators, calls or members)',
    hint: () => 'split it into several `let` steps or parameters',
  }),
  'missing-recipe-header': entry<Record<string, never>>({
    severity: 'error',
    summary: 'The main recipe file has no `recipe` header.',
    message: () => 'the recipe has no `recipe` header',
    hint: () => 'start the file with `recipe my_recipe { version: "0.1.0" seed: 1 }`',
  }),
  'misplaced-declaration': entry<{ what: string; reason: string }>({
    severity: 'error',
    summary: 'A declaration that is not allowed where it is written.',
    message: (p) => `${p.what} ${p.reason}`,
  }),
  'unknown-param': entry<{ name: string; suggestions: readonly string[] }>({
    severity: 'error',
    summary: 'A `--param` for a parameter the recipe does not declare.',
    message: (p) => `the recipe has no parameter \`${p.name}\``,
    hint: (p) => didYouMean(p.suggestions),
  }),
  'invalid-param-value': entry<{ name: string; type: string; value: string }>({
    severity: 'error',
    summary: 'A `--param` value that does not parse as the parameter\'s type.',
    message: (p) => `\`--param ${p.name}=${p.value}\` is not a valid \`${p.type}\``,
  }),
  'missing-param-value': entry<{ name: string; type: string }>({
    severity: 'error',
    summary: 'A parameter without a default, not given on the command line.',
    message: (p) => `parameter \`${p.name}\` has no default and no value`,
    hint: (p) => `pass \`--param ${p.name}=<${p.type}>\` or give it a default`,
  }),
} as const;

export type DiagnosticCode = keyof typeof catalogue;
export type ParamsOf<C extends DiagnosticCode> = (typeof catalogue)[C] extends Entry<infer P> ? P : never;
export const diagnosticCodes = Object.keys(catalogue) as DiagnosticCode[];
