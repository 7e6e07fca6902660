// VS Code snippets, one per kind of declaration. The choices they offer
// (file formats, media, generators, model tasks, verifiers, output formats)
// come from the registry and the compiler's declaration schemas, so a snippet
// never offers a value the checker would refuse.
import { registry, type ParamSpec } from '../stdlib/registry/index.ts';
import {
  curriculumProperties, mixtureProperties, mixtureSplits, outputProperties,
} from '../compiler/analysis/declaration-schemas.ts';

export interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

/** The members of an `enum("a", "b")` type, optional or not. */
function enumMembers(type: string): string[] {
  const match = /^enum\((.*)\)\??$/.exec(type);
  if (!match) throw new Error(`not an enum type: ${type}`);
  return JSON.parse(`[${match[1]}]`) as string[];
}

function param(params: readonly ParamSpec[], name: string, owner: string): ParamSpec {
  const found = params.find((p) => p.name === name);
  if (!found) throw new Error(`${owner} has no parameter \`${name}\``);
  return found;
}

/** A snippet choice `${n|a,b|}`; the default (or the first member) comes first. */
function choice(index: number, members: readonly string[], first?: unknown): string {
  const ordered = typeof first === 'string' && members.includes(first) ? [first, ...members.filter((m) => m !== first)] : [...members];
  return `\${${index}|${ordered.join(',')}|}`;
}

function enumChoice(index: number, params: readonly ParamSpec[], name: string, owner: string): string {
  const spec = param(params, name, owner);
  return choice(index, enumMembers(spec.type), spec.default);
}

const source = (name: string) => {
  const entry = registry.sources.get(name);
  if (!entry) throw new Error(`the registry has no source \`${name}\``);
  return entry;
};

const provider = (name: string) => {
  const entry = registry.providers.get(name);
  if (!entry) throw new Error(`the registry has no model provider \`${name}\``);
  return entry;
};

export function buildSnippets(): Record<string, Snippet> {
  const generators = [...registry.sources.values()].filter((s) => s.generator).map((s) => s.name);
  const verifiers = [...registry.verifiers.values()].filter((v) => !v.combinator && v.params.every((p) => 'default' in p)).map((v) => v.name);
  const hf = provider('hf');
  const onnx = provider('onnx');
  return {
    'Recipe header': {
      prefix: 'recipe',
      description: 'The recipe header: its name, version and seed.',
      body: ['recipe ${1:name} {', '\tversion: "${2:0.1.0}"', '\tseed: ${3:1}', '}', '$0'],
    },
    Import: {
      prefix: 'import',
      description: 'Import the declarations of another file under a name.',
      body: ['import "${1:lib/verifiers.rlr}" as ${2:shared}'],
    },
    Parameter: {
      prefix: 'param',
      description: 'A parameter, overridden with `--param name=value`.',
      body: ['param ${1:size}: ${2|int,float,string,bool,percent,seconds,pixels|} = ${3:1000}'],
    },
    Type: {
      prefix: 'type',
      description: 'A named record type.',
      body: ['type ${1:Region} = {${2:label: string, span: segment<s>}}'],
    },
    'Source: file': {
      prefix: 'source-file',
      description: source('file').doc,
      body: [
        'source ${1:rows}: {${2:id: string, question: string, answer: string}} = file {',
        '\tpath: "${3:data/rows.jsonl}"',
        `\tformat: ${enumChoice(4, source('file').params, 'format', 'file')}`,
        '\tkey: "${5:id}"',
        '}',
      ],
    },
    'Source: folder': {
      prefix: 'source-folder',
      description: source('folder').doc,
      body: [
        'source ${1:clips}: {${2:scene: string?}} = folder {',
        '\tglob: "${3:data/clips/*.wav}"',
        `\tmedia: ${choice(4, enumMembers(param(source('folder').params, 'media', 'folder').type), 'audio')}`,
        `\tsidecar: ${enumChoice(5, source('folder').params, 'sidecar', 'folder')}`,
        '}',
      ],
    },
    'Source: Label Studio export': {
      prefix: 'source-label-studio',
      description: source('label_studio').doc,
      body: [
        'source ${1:marked}: {${2:regions: list<{label: string, span: segment<s>\\}>}} = label_studio {',
        '\tpath: "${3:data/export.json}"',
        `\tmedia: ${choice(4, enumMembers(param(source('label_studio').params, 'media', 'label_studio').type), 'audio')}`,
        '}',
      ],
    },
    'Source: rollouts': {
      prefix: 'source-rollouts',
      description: source('rollouts').doc,
      body: [
        'source ${1:attempts} = rollouts {',
        `\t${param(source('rollouts').params, 'dataset', 'rollouts').name}: "\${2:out/quickstart}"`,
        `\t${param(source('rollouts').params, 'responses', 'rollouts').name}: "\${3:rollouts.jsonl}"`,
        '}',
      ],
    },
    'Source: generator': {
      prefix: 'source-generator',
      description: `A generator of examples with exact answers: ${generators.map((name) => `\`${name}\``).join(', ')}.`,
      body: [`source \${1:problems} = ${choice(2, generators)} { count: \${3:1000} }`],
    },
    'Model: Hugging Face': {
      prefix: 'model-hf',
      description: hf.doc,
      body: [
        'model ${1:writer} = hf {',
        '\tid: "${2:Qwen/Qwen2.5-7B-Instruct}"',
        `\ttask: ${enumChoice(3, hf.params, 'task', 'hf')}`,
        '\ttoken: env("${4:HF_TOKEN}")',
        '}',
      ],
    },
    'Model: ONNX': {
      prefix: 'model-onnx',
      description: onnx.doc,
      body: [
        'model ${1:vad} = onnx {',
        '\tpath: "${2:models/model.onnx}"',
        `\ttask: ${enumChoice(3, onnx.params, 'task', 'onnx')}`,
        '}',
      ],
    },
    Verifier: {
      prefix: 'verifier',
      description: 'A named verifier, to use in an `emit`.',
      body: [`verifier \${1:check} = ${choice(2, verifiers, 'math')}($3)`],
    },
    'Stage with emit': {
      prefix: 'stage',
      description: 'A stage that reads a source or another stage, filters, and emits an example.',
      body: [
        'stage ${1:name} from ${2:problems} {',
        '\twhere ${3:difficulty <= 0.9} else "${4:too hard}"',
        '\temit {',
        '\t\tprompt: template("${5:{question\\}}")',
        '\t\ttruth: ${6:answer}',
        '\t\tverifier: ${7:check}',
        '\t\tdifficulty: ${8:difficulty}',
        '\t\tdomain: "${9:math}"',
        '\t}',
        '}',
      ],
    },
    Curriculum: {
      prefix: 'curriculum',
      description: 'Curriculum levels over stages, with phases of level weights.',
      body: [
        'curriculum ${1:levels} {',
        '\tlevel 1 ${2:easy} { stages: [${3:name}] where: difficulty < ${4:0.5} }',
        '\tlevel 2 ${5:hard} { stages: [${6:name}] where: difficulty >= ${4:0.5} }',
        '\tphase ${7:warmup} { 1: 70%, 2: 30% }',
        '\tphase ${8:main} { 1: 30%, 2: 70% }',
        `\torder: ${enumChoice(9, curriculumProperties, 'order', 'curriculum')}`,
        '}',
      ],
    },
    Mixture: {
      prefix: 'mixture',
      description: 'Weights over domains or stages for the RL or CoT split.',
      body: [
        `mixture \${1:rl_mix} for ${choice(2, mixtureSplits)} {`,
        `\tby: ${enumChoice(3, mixtureProperties, 'by', 'mixture')}`,
        '\tweights: { ${4:math}: ${5:1.0} }',
        '\tsize: ${6:1000}',
        `\ton_short: ${enumChoice(7, mixtureProperties, 'on_short', 'mixture')}`,
        '}',
      ],
    },
    Output: {
      prefix: 'output',
      description: 'Where and how the dataset is written.',
      body: [
        'output {',
        '\tdir: "${1:out/name}"',
        `\tformat: ${enumChoice(2, outputProperties, 'format', 'output')}`,
        '\tsplits: { train: ${3:90%}, validation: ${4:5%}, test: ${5:5%} }',
        '}',
      ],
    },
  };
}
