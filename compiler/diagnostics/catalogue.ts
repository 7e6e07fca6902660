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
    example: 'output { dir: "out/a" dir: "out/b" }',
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
    example: 'model writer = hf { task: chat_completion }',
  }),
  'missing-argument': entry<{ name: string; callee: string; type: string }>({
    severity: 'error',
    summary: 'A required parameter of an operator, model call, gate or verifier is not given.',
    message: (p) => `\`${p.callee}\` needs the argument \`${p.name}\``,
    hint: (p) => `add \`${p.name}: <${p.type}>\``,
    example: 'let shown = round(digits: 2)',
  }),
  'unknown-argument': entry<{ name: string; callee: string; suggestions: readonly string[]; allowed: readonly string[] }>({
    severity: 'error',
    summary: 'A named argument that the callee does not take.',
    message: (p) => `\`${p.callee}\` has no parameter \`${p.name}\``,
    hint: (p) => didYouMean(p.suggestions) ?? (p.allowed.length ? `parameters: ${list(p.allowed)}` : `\`${p.callee}\` takes no parameters`),
    example: 'let shown = round(difficulty, places: 2)',
  }),
  'duplicate-argument': entry<{ name: string; callee: string }>({
    severity: 'error',
    summary: 'An argument given twice, by position and by name or by name twice.',
    message: (p) => `\`${p.callee}\` gets the argument \`${p.name}\` more than once`,
    hint: () => 'keep one of them; positional arguments fill the parameters in order',
    example: 'let shown = round(difficulty, value: 0.5)',
  }),
  'too-many-arguments': entry<{ callee: string; max: number }>({
    severity: 'error',
    summary: 'More positional arguments than the callee has parameters.',
    message: (p) => `\`${p.callee}\` takes at most ${p.max} positional argument${p.max === 1 ? '' : 's'}`,
    hint: () => 'name the arguments, as in `f(key: value)`',
    example: 'let shown = round(difficulty, 2, 3)',
  }),
  'argument-type-mismatch': entry<{ name: string; callee: string; expected: string; found: string; hint?: string }>({
    severity: 'error',
    summary: 'An argument whose type does not match the parameter.',
    message: (p) => `argument \`${p.name}\` of \`${p.callee}\` expects \`${p.expected}\`, found \`${p.found}\``,
    hint: (p) => p.hint,
    example: 'let shown = round(answer)',
  }),
  'type-mismatch': entry<{ what: string; expected: string; found: string; hint?: string }>({
    severity: 'error',
    summary: 'A value whose type does not fit where it is used.',
    message: (p) => `${p.what} expects \`${p.expected}\`, found \`${p.found}\``,
    hint: (p) => p.hint,
    example: 'param limit: int = "ten"',
  }),
  'invalid-value': entry<{ what: string; reason: string; hint?: string }>({
    severity: 'error',
    summary: 'A value of the right type that is not allowed here.',
    message: (p) => `${p.what}: ${p.reason}`,
    hint: (p) => p.hint,
    example: 'output { dir: "out" shard_rows: 0 }',
  }),
  'invalid-operator': entry<{ operator: string; left: string; right: string; hint?: string }>({
    severity: 'error',
    summary: 'An operator applied to types it does not accept.',
    message: (p) => (p.right ? `\`${p.operator}\` cannot combine \`${p.left}\` and \`${p.right}\`` : `\`${p.operator}\` cannot apply to \`${p.left}\``),
    hint: (p) => p.hint,
    example: 'let doubled = question * 2',
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
    example: 'let more = size(2)',
  }),
  'model-call-position': entry<{ model: string }>({
    severity: 'error',
    summary: 'A model call nested inside a larger expression; each call is its own cached step.',
    message: (p) => `the call to model \`${p.model}\` must be the whole value of a \`let\``,
    hint: (p) => `write \`let result = ${p.model}(...)\` and use \`result\` afterwards`,
    example: 'model asr = hf { id: "openai/whisper-large-v3" task: speech_recognition }\nstage transcribed from clips { where len(asr(audio: media)) > 0 else "silent" }',
  }),
  'missing-output-type': entry<{ model: string; task: string }>({
    severity: 'error',
    summary: 'A structured model call without a declared output type.',
    message: (p) => `the \`${p.task}\` call to \`${p.model}\` needs a declared output type`,
    hint: () => 'annotate the binding, as in `let q: {question: string, answer: string} = writer(...)`',
    example: 'model encoder = onnx { path: "models/encoder.onnx" task: generic }\nstage embedded from clips { let embedding = encoder(input: media) }',
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
    example: 'let prompt = template("Solve {question")',
  }),
  'verifier-type-mismatch': entry<{ verifier: string; role: string; expected: string; found: string }>({
    severity: 'error',
    summary: 'The stage emits a ground truth (or answer) that the verifier cannot check.',
    message: (p) => `verifier \`${p.verifier}\` checks a ${p.role} of type \`${p.expected}\`, but the stage emits \`${p.found}\``,
    hint: (p) => `emit a \`${p.expected}\` or choose a verifier for \`${p.found}\``,
    example: 'emit { prompt: "Point at the box." truth: box verifier: point_in_mask() difficulty: 0.5 domain: "vision" }',
  }),
  'rollout-verifier-misplaced': entry<{ stage: string | null; combinator: string | null }>({
    severity: 'error',
    summary: '`rollout()` outside the emit of a stage over a `rollouts` source, or inside a combination.',
    message: (p) => (p.combinator !== null
      ? `\`rollout()\` cannot be combined by \`${p.combinator}\`: it stands for a whole verifier, the one each rollout's example was written with`
      : `\`rollout()\` is the verifier each rollout's example was written with, but stage \`${p.stage ?? ''}\` does not read a \`rollouts\` source`),
    hint: (p) => (p.combinator !== null
      ? 'make `rollout()` the whole verifier of the emit'
      : 'read the stage from `source attempts = rollouts { dataset: … responses: … }` (directly or through other stages), or choose a verifier such as `math()`'),
    example: 'source m = math_problems { count: 10 }\nstage s from m { emit { prompt: question truth: answer verifier: rollout() difficulty: difficulty domain: "math" } }',
  }),
  'missing-emit': entry<{ stage: string; field: string }>({
    severity: 'error',
    summary: 'An `emit` without one of the fields every example needs.',
    message: (p) => `\`emit\` in stage \`${p.stage}\` needs \`${p.field}\``,
    example: 'emit { prompt: question truth: answer verifier: math() difficulty: difficulty }',
  }),
  'emit-not-last': entry<{ stage: string }>({
    severity: 'error',
    summary: 'Steps after `emit`: an emitted example leaves the pipeline.',
    message: (p) => `\`emit\` must be the last step of stage \`${p.stage}\``,
    hint: () => 'move the steps before `emit`',
    example: 'emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }\nwhere difficulty > 0.5 else "too easy"',
  }),
  'mixture-unknown-domain': entry<{ name: string; by: string; suggestions: readonly string[]; known: readonly string[] }>({
    severity: 'error',
    summary: 'A mixture weight on a domain or stage that no stage emits.',
    message: (p) => `mixture weight on unknown ${p.by} \`${p.name}\``,
    hint: (p) => didYouMean(p.suggestions) ?? (p.known.length ? `known ${p.by}s: ${list(p.known)}` : undefined),
    example: 'stage solve from math { emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" } }\nmixture rl_mix for rl { weights: { maths: 1.0 } size: 100 }',
  }),
  'mixture-negative-weight': entry<{ name: string; value: number }>({
    severity: 'error',
    summary: 'A negative mixture weight.',
    message: (p) => `weight of \`${p.name}\` is negative (${p.value})`,
    hint: () => 'weights are proportions: use 0 to exclude',
    example: 'stage solve from math { emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" } }\nmixture rl_mix for rl { by: stage weights: { solve: -1 } size: 100 }',
  }),
  'mixture-weights-sum': entry<{ sum: number }>({
    severity: 'warning',
    summary: 'Mixture weights that do not sum to 1; they are normalised.',
    message: (p) => `mixture weights sum to ${Number(p.sum.toFixed(6))}, not 1; they will be normalised`,
    hint: () => 'write weights that sum to 1 to make the proportions explicit',
    example: 'stage solve from math { emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" } }\nmixture rl_mix for rl { weights: { math: 0.5 } size: 100 }',
  }),
  'curriculum-empty-level': entry<{ level: string; reason: string }>({
    severity: 'error',
    summary: 'A curriculum level that can select no example.',
    message: (p) => `curriculum level \`${p.level}\` selects nothing: ${p.reason}`,
    example: 'stage solve from math { emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" } }\ncurriculum levels { level 1 beyond { stages: [solve] where: difficulty > 1.5 } }',
  }),
  'stage-cycle': entry<{ cycle: readonly string[] }>({
    severity: 'error',
    summary: 'Stages that read from each other in a cycle.',
    message: (p) => `stages form a cycle: ${p.cycle.map((s) => `\`${s}\``).join(' -> ')}`,
    hint: () => 'a stage must read from a source or from a stage upstream of it',
    example: 'stage first from second { }\nstage second from first { }',
  }),
  'import-cycle': entry<{ cycle: readonly string[] }>({
    severity: 'error',
    summary: 'Recipe files that import each other in a cycle.',
    message: (p) => `import cycle: ${p.cycle.join(' -> ')}`,
    hint: () => 'move the shared declarations into a file that both import',
    example: '# file: main.rlr\nrecipe main { version: "0.1.0" seed: 1 }\nimport "shared.rlr" as shared\n# file: shared.rlr\nimport "main.rlr" as main',
  }),
  'import-not-found': entry<{ path: string }>({
    severity: 'error',
    summary: 'An imported file that cannot be read.',
    message: (p) => `cannot read imported file \`${p.path}\``,
    hint: () => 'import paths are relative to the importing file',
    example: 'import "lib/missing.rlr" as missing',
  }),
  'unused-declaration': entry<{ name: string; what: string }>({
    severity: 'warning',
    summary: 'A declaration that nothing uses.',
    message: (p) => `${p.what} \`${p.name}\` is never used`,
    hint: () => 'remove it, or use it',
    example: 'verifier unused = exact()',
  }),
  'secret-literal': entry<{ property: string }>({
    severity: 'error',
    summary: 'A secret written into the recipe instead of referenced from the environment.',
    message: (p) => `\`${p.property}\` holds a literal secret`,
    hint: (p) => `reference an environment variable instead: \`${p.property}: env("HF_TOKEN")\``,
    example: 'model writer = hf { id: "meta-llama/Llama-3.3-70B-Instruct" task: chat_completion token: "hf_abc123" }',
  }),
  'path-escapes-recipe': entry<{ path: string }>({
    severity: 'error',
    summary: 'A file path that leaves the recipe\'s folder.',
    message: (p) => `path \`${p.path}\` escapes the recipe's folder`,
    hint: () => 'keep data beside the recipe, or link it into the recipe\'s folder',
    example: 'source rows: {text: string} = file { path: "../private/rows.jsonl" format: jsonl }',
  }),
  'expression-too-long': entry<Record<string, never>>({
    severity: 'error',
    summary: 'An expression with so many chained operators or calls that it cannot be analysed.',
    message: () => 'an expression is too long to analyse (thousands of chained operators, calls or members)',
    hint: () => 'split it into several `let` steps or parameters',
    example: 'param total: int = 0 + 1 + 2 + … + 59999',
  }),
  'missing-recipe-header': entry<Record<string, never>>({
    severity: 'error',
    summary: 'The main recipe file has no `recipe` header.',
    message: () => 'the recipe has no `recipe` header',
    hint: () => 'start the file with `recipe my_recipe { version: "0.1.0" seed: 1 }`',
    example: '# file: lib.rlr\nverifier letter = choice(letters: "ABCD")',
  }),
  'misplaced-declaration': entry<{ what: string; reason: string }>({
    severity: 'error',
    summary: 'A declaration that is not allowed where it is written.',
    message: (p) => `${p.what} ${p.reason}`,
    example: 'source rows = file { path: "data/rows.jsonl" format: jsonl }',
  }),
  'unknown-param': entry<{ name: string; suggestions: readonly string[] }>({
    severity: 'error',
    summary: 'A `--param` for a parameter the recipe does not declare.',
    message: (p) => `the recipe has no parameter \`${p.name}\``,
    hint: (p) => didYouMean(p.suggestions),
    example: '--param sise=10',
  }),
  'invalid-param-value': entry<{ name: string; type: string; value: string }>({
    severity: 'error',
    summary: 'A `--param` value that does not parse as the parameter\'s type.',
    message: (p) => `\`--param ${p.name}=${p.value}\` is not a valid \`${p.type}\``,
    example: '--param size=ten',
  }),
  'missing-param-value': entry<{ name: string; type: string }>({
    severity: 'error',
    summary: 'A parameter without a default, not given on the command line.',
    message: (p) => `parameter \`${p.name}\` has no default and no value`,
    hint: (p) => `pass \`--param ${p.name}=<${p.type}>\` or give it a default`,
    example: 'param steps: int',
  }),
} as const;

export type DiagnosticCode = keyof typeof catalogue;
export type ParamsOf<C extends DiagnosticCode> = (typeof catalogue)[C] extends Entry<infer P> ? P : never;
export const diagnosticCodes = Object.keys(catalogue) as DiagnosticCode[];
