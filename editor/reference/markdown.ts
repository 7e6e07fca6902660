// The language reference, docs/reference.md, generated from the registry of
// the standard library, the compiler's declaration schemas and the diagnostic
// catalogue; each entry under the anchor `referenceAnchor` gives it.
import { registry, type ParamSpec, type RegistryEntry } from '../../stdlib/registry/index.ts';
import {
  curriculumProperties, emitProperties, levelProperties, mixtureProperties, outputProperties, recipeHeaderProperties,
} from '../../compiler/analysis/declaration-schemas.ts';
import { catalogue, diagnosticCodes, type DiagnosticCode } from '../../compiler/diagnostics/catalogue.ts';
import { registryType } from '../../compiler/types/resolve.ts';
import { stripOptional, type Type } from '../../compiler/types/type.ts';
import { referenceAnchor, type ReferenceKind } from '../reference-links.ts';
import { checkExample, examplePrelude, exampleStageOpening } from './diagnostic-examples.ts';

const code = (text: string) => {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`;
};
/** Text inside a table cell: pipes escaped, on one line. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const anchor = (kind: ReferenceKind, name: string) => `<a id="${referenceAnchor(kind, name)}"></a>`;
const link = (kind: ReferenceKind, name: string) => `[${code(name)}](#${referenceAnchor(kind, name)})`;
const block = (language: string, text: string) => `\`\`\`${language}\n${text.trimEnd()}\n\`\`\``;

/** A default value in recipe syntax, in the parameter's unit (`20%`, `60s`, `24px`); an enum member alone is bare (`format: parquet`). */
function renderValue(value: unknown, type: Type | undefined, nested = false): string {
  const base = type ? stripOptional(type) : undefined;
  if (value === null) return 'null';
  if (typeof value === 'number') {
    const unit = base?.kind === 'percent' ? '%' : base?.kind === 'seconds' ? 's' : base?.kind === 'pixels' ? 'px' : '';
    return `${value}${unit}`;
  }
  if (typeof value === 'string') return !nested && base?.kind === 'enum' && /^[A-Za-z_]\w*$/.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => renderValue(v, base?.kind === 'list' ? base.element : undefined, true)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = base?.kind === 'record' ? base.fields : [];
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${renderValue(v, fields.find((f) => f.name === k)?.type, true)}`).join(', ')}}`;
  }
  return String(value);
}

function renderDefault(param: ParamSpec, typeVars: readonly string[]): string {
  if (!('default' in param) || param.default === undefined) return 'required';
  return code(renderValue(param.default, registryType(param.type, typeVars)));
}

function paramTable(params: readonly ParamSpec[], heading: string, typeVars: readonly string[] = []): string {
  if (params.length === 0) return `No ${heading}s.`;
  const rows = params.map((p) => `| ${code(p.name)} | ${cell(code(p.type))} | ${renderDefault(p, typeVars)} | ${cell(p.doc)} |`);
  return [`| ${heading} | type | default | |`, '|---|---|---|---|', ...rows].join('\n');
}

/** `name(a: T, b: U = 1)`: the parameters as a call shows them. */
function callSignature(name: string, params: readonly ParamSpec[], typeVars: readonly string[] = []): string {
  const args = params.map((p) => `${p.name}: ${p.type}${'default' in p && p.default !== undefined ? ` = ${renderValue(p.default, registryType(p.type, typeVars))}` : ''}`);
  return `${name}(${args.join(', ')})`;
}

function entrySection(entry: RegistryEntry): string {
  const parts = [`${anchor(entry.kind, entry.name)}\n### ${code(entry.name)}`];
  switch (entry.kind) {
    case 'function': {
      const typeVars = entry.generics ?? [];
      parts.push(code(`${callSignature(entry.name, entry.params, typeVars)} -> ${entry.returns}`), entry.doc);
      if (typeVars.length) parts.push(`${typeVars.map(code).join(', ')} stands for any type, the same wherever it appears.`);
      parts.push(paramTable(entry.params, 'parameter', typeVars));
      break;
    }
    case 'step':
      parts.push(code(callSignature(entry.name, entry.params)), entry.doc);
      if (entry.adds !== '{}') parts.push(`Adds the fields ${code(entry.adds)} to each record.`);
      parts.push(paramTable(entry.params, 'parameter'));
      break;
    case 'source':
      parts.push(entry.doc);
      if (entry.generator) parts.push(`A generator${entry.level ? ` meant for curriculum level ${entry.level}` : ''}; its records have the type ${code(entry.yields ?? 'any')}.`);
      else if (entry.yields) parts.push(`Its records have the type ${code(entry.yields)}.`);
      else parts.push(`The recipe declares the record type${entry.adds ? `; each record also has ${code(entry.adds)}` : ''}.`);
      if (entry.paths.length) parts.push(`Paths (${entry.paths.map(code).join(', ')}) are relative to the recipe and must stay inside its folder.`);
      parts.push(paramTable(entry.params, 'property'));
      break;
    case 'provider':
      parts.push(entry.doc, `Tasks: ${entry.tasks.map((task) => link('task', task)).join(', ')}.`);
      parts.push(`The properties ${entry.identity.map(code).join(', ')} identify the model: changing one changes the ids of its calls, so they are made again; the others change only how calls are made, and every cached call is reused.`);
      parts.push(paramTable(entry.params, 'property'));
      break;
    case 'task': {
      const providers = [...registry.providers.values()].filter((p) => p.tasks.includes(entry.name));
      parts.push(code(`model_name${callSignature('', entry.params)} -> ${entry.returns}`), entry.doc);
      parts.push(`Offered by ${providers.map((p) => link('provider', p.name)).join(' and ')}.` +
        (entry.structured ? ' A call may declare its output type (`let x: T = model(…)`); the reply is then read as JSON of that type.' : ''));
      parts.push(paramTable(entry.params, 'argument'));
      break;
    }
    case 'gate':
      parts.push(code(`${entry.mode} ${callSignature(entry.name, entry.params)}${entry.mode === 'annotate' ? ` -> ${entry.returns}` : ''}`), entry.doc);
      parts.push(`Media: ${entry.media === 'any' ? 'any (or none)' : code(entry.media)}.`);
      parts.push(paramTable(entry.params, 'argument'));
      break;
    case 'verifier':
      parts.push(code(entry.combinator ? `${entry.name}(verifier, …${entry.params.length ? `, ${callSignature('', entry.params).slice(1, -1)}` : ''})` : callSignature(entry.name, entry.params)), entry.doc);
      parts.push(`Version ${entry.version}. Checks a ground truth of type ${code(entry.truth)} against an answer read as ${code(entry.answer)}.` +
        (entry.combinator ? ' Takes other verifiers as positional arguments.' : ''));
      parts.push(paramTable(entry.params, 'parameter'));
      break;
  }
  if (entry.example) parts.push(block('rlr', entry.example));
  return parts.join('\n\n');
}

const kindSections: ReadonlyArray<{ kind: RegistryEntry['kind']; title: string; intro: string }> = [
  { kind: 'function', title: 'Functions', intro: 'Pure functions, called in expressions: `let n = len(items)`.' },
  { kind: 'step', title: 'Steps', intro: 'Steps of a stage that change the set of records: `dedup(key: question)`.' },
  { kind: 'source', title: 'Sources', intro: 'Kinds of source: `source name = kind { … }`, with a record type (`source name: {…} = kind { … }`) where the kind does not give one.' },
  { kind: 'provider', title: 'Model providers', intro: 'What a `model name = provider { … }` declaration accepts.' },
  { kind: 'task', title: 'Model tasks', intro: 'A model is called like a function, as the whole value of a `let`; its task decides the arguments and the result.' },
  { kind: 'gate', title: 'Gates', intro: 'People in the loop: `let x = annotate gate(…)` (people produce a value) and `validate gate(…)` (people answer yes or no).' },
  { kind: 'verifier', title: 'Verifiers', intro: 'Reward functions, named with `verifier name = …` or used directly in an `emit`. The scoring rules are in [verifiers.md](verifiers.md).' },
];

const blocks: ReadonlyArray<{ name: string; title: string; params: readonly ParamSpec[]; intro: string }> = [
  { name: 'recipe', title: 'The `recipe` header', params: recipeHeaderProperties, intro: '`recipe name { … }` opens the main file of a recipe.' },
  { name: 'emit', title: '`emit`', params: emitProperties, intro: 'The last step of a stage: the example it writes.' },
  { name: 'curriculum', title: '`curriculum`', params: curriculumProperties, intro: 'Levels (`level 1 name { … }`) and phases (`phase name { 1: 70%, 2: 30% }`) besides these properties.' },
  { name: 'level', title: '`level`', params: levelProperties, intro: 'A curriculum level: `level 1 name { stages: [...] where: difficulty < 0.5 }`.' },
  { name: 'mixture', title: '`mixture`', params: mixtureProperties, intro: '`mixture name for rl { … }` (or `for cot`): the proportions of one dataset.' },
  { name: 'output', title: '`output`', params: outputProperties, intro: 'Where and how the dataset is written.' },
];

function diagnosticSection(diagnosticCode: DiagnosticCode): string {
  const entry = catalogue[diagnosticCode] as { severity: string; summary: string };
  const parts = [`${anchor('code', diagnosticCode)}\n### ${code(diagnosticCode)}`, `${entry.severity === 'error' ? 'Error' : entry.severity === 'warning' ? 'Warning' : 'Information'}. ${entry.summary}`];
  const checked = checkExample(diagnosticCode);
  if (checked) {
    for (const file of checked.files) {
      if (file.text.trim()) parts.push(`${checked.files.length > 1 ? `${code(file.name)}:\n\n` : ''}${block('rlr', file.text)}`);
    }
    const params = Object.entries(checked.params);
    if (params.length) parts.push(`Checked with ${params.map(([k, v]) => code(`--param ${k}=${v}`)).join(' ')}${checked.files.some((f) => f.text.trim()) ? '' : ' against the prelude'}:`);
    if (checked.unrunnable) parts.push(`${checked.unrunnable} The message reads:`);
    parts.push(block('text', checked.rendered));
  }
  return parts.join('\n\n');
}

export function buildReference(): string {
  const toc = [
    '- [Blocks](#blocks)',
    ...kindSections.map((s) => `- [${s.title}](#${s.title.toLowerCase().replace(/ /g, '-')})`),
    '- [Diagnostics](#diagnostics)',
  ];
  const sections = [
    '# rlr language reference',
    '<!-- Generated by scripts/build-reference.ts (npm run build:reference) from stdlib/registry, compiler/analysis/declaration-schemas.ts and compiler/diagnostics/catalogue.ts. Do not edit by hand. -->',
    'Every function, step, source, model provider and task, gate and verifier of the standard library, the properties of each block, and every diagnostic `rlr` reports, with an example. The [README](../README.md) gives the tour of the language. Types are written in rlr\'s own syntax; a default in a unit (`20%`, `60s`, `24px`) is the value you would write.',
    toc.join('\n'),
    '## Blocks',
    ...blocks.map((b) => `${anchor('block', b.name)}\n### ${b.title}\n\n${b.intro}\n\n${paramTable(b.params, 'property')}`),
    ...kindSections.flatMap((section) => [
      `## ${section.title}`,
      section.intro,
      ...registry.entries.filter((e) => e.kind === section.kind).map(entrySection),
    ]),
    '## Diagnostics',
    'Every diagnostic has a stable code. Each example below was checked when this page was generated, and shows what `rlr check` reports for it. A fragment that starts with a step is checked inside a stage; any other fragment after the declarations of this prelude:',
    block('rlr', `${examplePrelude}\n\n${exampleStageOpening}\n  # a fragment that starts with a step goes here\n}`),
    ...diagnosticCodes.map(diagnosticSection),
  ];
  return `${sections.join('\n\n')}\n`;
}
