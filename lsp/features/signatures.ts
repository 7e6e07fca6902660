// Signatures and docs of the standard library, written from its registry for hover and completion.
import type { ParamSpec, RegistryEntry } from '../../stdlib/registry/index.ts';
import { registry } from '../../stdlib/registry/index.ts';
import { referenceLink, referencePath, type ReferenceKind } from '../../editor/reference-links.ts';

/** The published reference, which documents every code and every library entry under a stable anchor. */
const referenceBase = `https://github.com/rlr-dev/rlr/blob/main/${referencePath}`;

export function referenceUrl(kind: ReferenceKind, name: string): string {
  return referenceLink(kind, name, referenceBase);
}

/** A default written as a recipe would write it: `20%`, `60s`, `"ABCD"`. */
function literal(value: unknown, type: string): string {
  if (typeof value === 'number') {
    const base = type.replace(/\?$/, '');
    if (base === 'percent') return `${value}%`;
    if (base === 'seconds') return `${value}s`;
    if (base === 'pixels') return `${value}px`;
    return String(value);
  }
  return JSON.stringify(value);
}

export function paramText(param: ParamSpec): string {
  return param.default === undefined ? `${param.name}: ${param.type}` : `${param.name}: ${param.type} = ${literal(param.default, param.type)}`;
}

function paramList(params: readonly ParamSpec[]): string {
  const parts = params.map(paramText);
  return parts.join(', ').length <= 60 ? parts.join(', ') : `\n  ${parts.join(',\n  ')}\n`;
}

/** The signature of a registry entry in recipe syntax; `name` replaces the entry's own (a declared model's name). */
export function signatureOf(entry: RegistryEntry, name = entry.name): string {
  switch (entry.kind) {
    case 'function':
      return `${name}(${paramList(entry.params)}) -> ${entry.returns}`;
    case 'step':
      return `${name}(${paramList(entry.params)})${entry.adds === '{}' ? '' : `  # adds ${entry.adds}`}`;
    case 'verifier':
      return `${name}(${entry.combinator ? '...verifiers' + (entry.params.length ? ', ' : '') : ''}${paramList(entry.params)})  # truth: ${entry.truth}, answer: ${entry.answer}`;
    case 'gate':
      return `${entry.mode} ${name}(${paramList(entry.params)})${entry.mode === 'annotate' ? ` -> ${entry.returns}` : ''}`;
    case 'task':
      // A structured task's reply is parsed into the binding's declared type, when it declares one.
      return `${name}(${paramList(entry.params)}) -> ${entry.returns}${entry.structured ? '  # or the declared type: let x: T = …' : ''}`;
    case 'source':
      return `source ${name} = ${entry.name} {${paramList(entry.params)}}${entry.yields ? `  # yields ${entry.yields}` : ''}`;
    case 'provider':
      return `model ${name} = ${entry.name} {${paramList(entry.params)}}`;
  }
}

const kindWords: Record<RegistryEntry['kind'], string> = {
  function: 'function', step: 'step', verifier: 'verifier', gate: 'gate', task: 'model task', source: 'source kind', provider: 'model provider',
};

export function kindWord(entry: RegistryEntry): string {
  return entry.kind === 'source' && entry.generator ? 'generator' : kindWords[entry.kind];
}

/** Markdown: the signature, the doc line, the parameters and an example. */
export function entryMarkdown(entry: RegistryEntry, name = entry.name): string {
  const lines = [codeBlock(signatureOf(entry, name)), '', `*standard-library ${kindWord(entry)}${name === entry.name ? '' : ` \`${entry.name}\``}*${entry.kind === 'verifier' ? `, version ${entry.version}` : ''}`, '', entry.doc];
  if (entry.params.length) {
    lines.push('', ...entry.params.map((p) => `- \`${p.name}\`: ${p.doc}`));
  }
  if (entry.example) lines.push('', codeBlock(entry.example));
  lines.push('', `[reference](${referenceUrl(entry.kind, entry.name)})`);
  return lines.join('\n');
}

export function paramMarkdown(param: ParamSpec, owner: string): string {
  return [codeBlock(paramText(param)), '', `${param.doc}${param.doc.endsWith('.') ? '' : '.'} *(${owner})*`].join('\n');
}

export function codeBlock(code: string): string {
  return '```rlr\n' + code + '\n```';
}

/** What a standard-library name denotes, in the order a call looks it up. */
export function registryEntryNamed(name: string): RegistryEntry | undefined {
  return registry.functions.get(name) ?? registry.verifiers.get(name) ?? registry.steps.get(name) ?? registry.gates.get(name)
    ?? registry.sources.get(name) ?? registry.providers.get(name) ?? registry.tasks.get(name);
}
