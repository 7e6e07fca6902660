// Completion: what may be written at the cursor, read from the tokens before it (so that
// half-written text works) and from the analysis (fields in scope, declarations, the registry).
import type { IToken } from 'chevrotain';
import {
  CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position,
} from 'vscode-languageserver';
import type * as A from '../../compiler/syntax/ast.ts';
import type { DeclSymbol } from '../../compiler/analysis/facts.ts';
import {
  curriculumProperties, emitProperties, levelProperties, mixtureProperties, outputProperties, recipeHeaderProperties,
} from '../../compiler/analysis/declaration-schemas.ts';
import { registryType } from '../../compiler/types/resolve.ts';
import { builtinMembers, builtinTypeNames, stripOptional, typeToString, type Type } from '../../compiler/types/type.ts';
import { lexer } from '../../grammar/tokens.ts';
import { registry, type ParamSpec, type RegistryEntry } from '../../stdlib/registry/index.ts';
import type { DocumentAnalysis } from '../document.ts';
import { fieldsAt } from './scope.ts';
import { entryMarkdown, paramMarkdown, paramText, signatureOf } from './signatures.ts';

export interface CompletionOptions {
  /** Whether the client accepts snippets (`${1:name}` placeholders). */
  readonly snippets?: boolean;
}

const declarationSnippets: Record<string, string> = {
  recipe: 'recipe ${1:name} {\n\tversion: "${2:0.1.0}"\n\tseed: ${3:1}\n}',
  import: 'import "${1:lib/file.rlr}" as ${2:alias}',
  param: 'param ${1:name}: ${2:int} = ${3:0}',
  type: 'type ${1:Name} = {${2:field}: ${3:string}}',
  source: 'source ${1:name} = ${2:kind} {\n\t$0\n}',
  model: 'model ${1:name} = ${2|hf,onnx|} {\n\tid: "$3"\n\ttask: $4\n}',
  verifier: 'verifier ${1:name} = $0',
  stage: 'stage ${1:name} from ${2:source} {\n\t$0\n}',
  curriculum: 'curriculum ${1:name} {\n\tlevel 1 ${2:first} { stages: [$3] }\n}',
  mixture: 'mixture ${1:name} for ${2|rl,cot|} {\n\tweights: { $3 }\n\tsize: ${4:1000}\n}',
  output: 'output {\n\tdir: "${1:out}"\n\tsplits: { train: 90%, validation: 5%, test: 5% }\n}',
};

const stepSnippets: Record<string, string> = {
  let: 'let ${1:name} = $0',
  where: 'where ${1:condition} else "${2:reason}"',
  explode: 'explode ${1:list} as ${2:item}',
  validate: 'validate ',
  emit: 'emit {\n\tprompt: $1\n\ttruth: $2\n\tverifier: $3\n\tdifficulty: ${4:difficulty}\n\tdomain: "$5"\n}',
};

const expressionKeywords = ['if', 'then', 'else', 'and', 'or', 'not', 'true', 'false', 'null'];
const declarationKeywords = new Set(Object.keys(declarationSnippets));
/** Tokens after which a value follows, not a new entry, step or declaration. */
const continuing = new Set([
  'Colon', 'Equals', 'Comma', 'LParen', 'LBracket', 'Dot', 'Minus', 'Not', 'And', 'Or', 'If', 'Then', 'Else', 'Pipe',
  'EqEq', 'NotEq', 'LessEq', 'GreaterEq', 'Less', 'Greater', 'Plus', 'Star', 'Slash', 'Arrow', 'From', 'As', 'For', 'Let', 'Where',
  'Explode', 'Validate', 'Annotate', 'Level',
]);

interface Bracket {
  readonly token: IToken;
  readonly index: number;
}

/** The cursor's surroundings, from the tokens before the word being typed. */
interface Context {
  readonly document: DocumentAnalysis;
  readonly offset: number;
  readonly tokens: readonly IToken[];
  /** The brackets still open at the cursor, outermost first. */
  readonly open: readonly Bracket[];
  /** The keyword of the declaration being written, at the top level. */
  readonly declaration: IToken | undefined;
  readonly previous: IToken | undefined;
  /** True when only blanks precede the word on its line. */
  readonly lineStart: boolean;
  readonly snippets: boolean;
}

export function completion(document: DocumentAnalysis, position: Position, options: CompletionOptions = {}): CompletionItem[] {
  const offset = document.offsetAt(position);
  const text = document.text;
  const lexed = lexer.tokenize(text);
  if (lexed.groups.comments?.some((c: IToken) => c.startOffset < offset && offset <= c.startOffset + c.image.length)) return [];
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(text.slice(Math.max(0, offset - 200), offset))?.[0] ?? '';
  const wordStart = offset - word.length;
  const inString = lexed.tokens.find((t) => t.startOffset < offset && offset < t.startOffset + t.image.length + (isOpenString(t) ? 1 : 0) && (t.tokenType.name === 'StringLiteral' || t.tokenType.name === 'TripleString'));
  const tokens = lexed.tokens.filter((t) => t.startOffset + t.image.length <= wordStart);
  const { open, declaration } = structure(tokens);
  const lineText = text.slice(text.lastIndexOf('\n', wordStart - 1) + 1, wordStart);
  const context: Context = {
    document, offset, tokens, open, declaration, previous: tokens.at(-1), lineStart: lineText.trim() === '', snippets: options.snippets ?? true,
  };
  if (inString) return templateCompletions(context, inString);
  if (text[wordStart - 1] === '.') return memberCompletions(context, wordStart - 1);
  return completionsAt(context);
}

function isOpenString(token: IToken): boolean {
  const image = token.image;
  return image.startsWith('"""') ? !(image.length >= 6 && image.endsWith('"""')) : !(image.length >= 2 && image.endsWith('"'));
}

/** Open brackets and the current top-level declaration keyword. */
function structure(tokens: readonly IToken[]): { open: Bracket[]; declaration: IToken | undefined } {
  const open: Bracket[] = [];
  let declaration: IToken | undefined;
  const closes: Record<string, string> = { RBrace: 'LBrace', RParen: 'LParen', RBracket: 'LBracket' };
  tokens.forEach((token, index) => {
    const name = token.tokenType.name;
    if (name === 'LBrace' || name === 'LParen' || name === 'LBracket') open.push({ token, index });
    else if (closes[name]) {
      const at = open.findLastIndex((b) => b.token.tokenType.name === closes[name]);
      if (at >= 0) open.length = at;
    } else if (open.length === 0 && declarationKeywords.has(token.image) && !isValuePosition(tokens[index - 1])) declaration = token;
  });
  return { open, declaration };
}

/** After `by:` a keyword such as `stage` is a value, not a declaration. */
function isValuePosition(previous: IToken | undefined): boolean {
  return previous !== undefined && continuing.has(previous.tokenType.name);
}

function completionsAt(context: Context): CompletionItem[] {
  const { open, previous, declaration } = context;
  const name = previous?.tokenType.name;
  const innermost = open.at(-1);
  if (!innermost) return headerCompletions(context, declaration?.image);
  const opener = context.tokens[innermost.index - 1];
  const beforeOpener = context.tokens[innermost.index - 2];
  switch (innermost.token.tokenType.name) {
    case 'LParen':
      return argumentCompletions(context, innermost);
    case 'LBracket':
      // `stages: [` in a curriculum level.
      if (opener?.tokenType.name === 'Colon' && beforeOpener?.image === 'stages') return declared(context, ['stage']);
      return expressionCompletions(context);
    case 'LBrace': {
      // A stage's body.
      if (open.length === 1 && declaration?.image === 'stage') {
        if (name === 'Validate' || name === 'Annotate') return gateCompletions(context, name === 'Validate' ? 'validate' : 'annotate');
        if (name === 'Let' || name === 'As') return [];
        if (isLetTypePosition(context)) return typeCompletions(context);
        if (isStepStart(context, innermost)) return stepCompletions(context);
        return expressionCompletions(context);
      }
      if (opener?.tokenType.name === 'Colon' || opener?.tokenType.name === 'Equals' || opener?.tokenType.name === 'Pipe' || opener?.tokenType.name === 'Less') {
        // A record type (`{label: string}`) or a map value (`splits: {…}`).
        if (inTypeContext(context, innermost)) return name === 'Colon' ? typeCompletions(context) : [];
        return isEntryStart(context, innermost) ? [] : expressionCompletions(context);
      }
      const schema = blockSchema(context, opener, beforeOpener);
      if (!schema) return expressionCompletions(context);
      if (isEntryStart(context, innermost)) return propertyCompletions(context, innermost, schema);
      return valueCompletions(context, innermost, schema.params);
    }
    default:
      return [];
  }
}

/** `let name: |`, `let name: list<|`: the declared type of a binding. */
function isLetTypePosition(context: Context): boolean {
  const name = context.previous?.tokenType.name;
  if (name !== 'Colon' && name !== 'Pipe' && name !== 'Less') return false;
  const letIndex = context.tokens.findLastIndex((t) => t.tokenType.name === 'Let');
  return letIndex >= 0 && !context.tokens.slice(letIndex).some((t) => t.tokenType.name === 'Equals');
}

/** The tokens of the current bracket level, after its opening bracket. */
function levelTokens(context: Context, bracket: Bracket): IToken[] {
  const out: IToken[] = [];
  let depth = 0;
  for (const token of context.tokens.slice(bracket.index + 1)) {
    const name = token.tokenType.name;
    if (name === 'LBrace' || name === 'LParen' || name === 'LBracket') depth++;
    if (depth === 0) out.push(token);
    if (name === 'RBrace' || name === 'RParen' || name === 'RBracket') depth--;
  }
  return out;
}

/** At the start of an entry of a block: after `{` or `,`, or after a complete value (commas are optional). */
function isEntryStart(context: Context, bracket: Bracket): boolean {
  const previous = context.previous;
  if (!previous || previous === bracket.token || previous.tokenType.name === 'Comma') return true;
  return !continuing.has(previous.tokenType.name);
}

/** At the start of a step: after the stage's `{`, or at the start of a line after a complete step. */
function isStepStart(context: Context, bracket: Bracket): boolean {
  const previous = context.previous;
  if (!previous || previous === bracket.token) return true;
  return context.lineStart && !continuing.has(previous.tokenType.name);
}

/** The key of the entry whose value is being written at this bracket level. */
function keyBefore(context: Context, bracket: Bracket): IToken | undefined {
  const level = levelTokens(context, bracket);
  const colon = level.findLastIndex((t) => t.tokenType.name === 'Colon');
  return colon > 0 ? level[colon - 1] : undefined;
}

function inTypeContext(context: Context, bracket: Bracket): boolean {
  const declaration = context.declaration?.image;
  if (declaration === 'type') return true;
  if (declaration === 'param' || declaration === 'source') {
    // `param n: {…}` and `source s: {…} = kind {…}`: a record type before the `=`.
    return !context.tokens.slice(context.tokens.indexOf(context.declaration!), bracket.index).some((t) => t.tokenType.name === 'Equals');
  }
  const letIndex = context.tokens.slice(0, bracket.index).findLastIndex((t) => t.tokenType.name === 'Let');
  return letIndex >= 0 && !context.tokens.slice(letIndex, bracket.index).some((t) => t.tokenType.name === 'Equals');
}

interface BlockSchema {
  readonly owner: string;
  readonly params: readonly ParamSpec[];
  readonly extra?: readonly string[];
}

/** The properties a block accepts, from what opened it. */
function blockSchema(context: Context, opener: IToken | undefined, beforeOpener: IToken | undefined): BlockSchema | undefined {
  const declaration = context.declaration?.image;
  if (opener?.tokenType.name === 'Emit') return { owner: '`emit`', params: emitProperties };
  if (context.open.length === 1) {
    switch (declaration) {
      case 'recipe':
        return { owner: 'the recipe header', params: recipeHeaderProperties };
      case 'output':
        return { owner: 'the output block', params: outputProperties };
      case 'mixture':
        return { owner: 'a mixture', params: mixtureProperties };
      case 'curriculum':
        return { owner: 'a curriculum', params: curriculumProperties, extra: ['level', 'phase'] };
      case 'source': {
        const kind = registry.sources.get(opener?.image ?? '');
        return kind ? { owner: `source kind \`${kind.name}\``, params: kind.params } : undefined;
      }
      case 'model': {
        const provider = registry.providers.get(opener?.image ?? '');
        if (!provider) return undefined;
        const params = provider.params.map((p) => (p.name === 'task' ? { ...p, type: `enum(${provider.tasks.map((t) => JSON.stringify(t)).join(', ')})` } : p));
        return { owner: `model provider \`${provider.name}\``, params };
      }
      default:
        return undefined;
    }
  }
  if (declaration === 'curriculum' && context.open.length === 2 && beforeOpener?.tokenType.name === 'NumberLiteral') {
    return { owner: 'a curriculum level', params: levelProperties };
  }
  return undefined;
}

// Items -------------------------------------------------------------------------

function snippetItem(context: Context, label: string, kind: CompletionItemKind, snippet: string, plain = label): CompletionItem {
  return context.snippets
    ? { label, kind, insertText: snippet, insertTextFormat: InsertTextFormat.Snippet }
    : { label, kind, insertText: plain };
}

function markdown(value: string) {
  return { kind: MarkupKind.Markdown, value };
}

const entryKinds: Record<RegistryEntry['kind'], CompletionItemKind> = {
  function: CompletionItemKind.Function, step: CompletionItemKind.Method, verifier: CompletionItemKind.Interface,
  gate: CompletionItemKind.Event, task: CompletionItemKind.Function, source: CompletionItemKind.Class, provider: CompletionItemKind.Module,
};

/**
 * A call with its required parameters as placeholders: positional for functions, as recipes call
 * them (`to_seconds(${1:frames}, ${2:fps})`), named for steps, gates, models and verifiers (`dedup(key: ${1:key})`).
 */
function callSnippet(name: string, params: readonly ParamSpec[], positional: boolean): string {
  const required = params.filter((p) => p.default === undefined);
  if (required.length === 0) return `${name}($0)`;
  const placeholder = (p: ParamSpec, i: number) => `\${${i + 1}:${p.name}}`;
  return `${name}(${required.map((p, i) => (positional ? placeholder(p, i) : `${p.name}: ${placeholder(p, i)}`)).join(', ')})`;
}

function entryItem(context: Context, entry: RegistryEntry): CompletionItem {
  const snippet = entry.kind === 'source' || entry.kind === 'provider'
    ? `${entry.name} {\n\t${entry.params.filter((p) => p.default === undefined).map((p, i) => `${p.name}: \${${i + 1}}`).join('\n\t')}\n}`
    : entry.kind === 'verifier' && entry.combinator ? `${entry.name}(\${1:verifiers})` : callSnippet(entry.name, entry.params, entry.kind === 'function');
  return {
    ...snippetItem(context, entry.name, entryKinds[entry.kind], snippet),
    detail: signatureOf(entry).split('\n').join(' ').replace(/\s+/g, ' '),
    documentation: markdown(entryMarkdown(entry)),
    sortText: `3${entry.name}`,
  };
}

function keywordItems(context: Context, words: readonly string[], snippets: Record<string, string> = {}): CompletionItem[] {
  return words.map((word) => ({ ...snippetItem(context, word, CompletionItemKind.Keyword, snippets[word] ?? word), sortText: `4${word}` }));
}

function fieldItems(fields: Type | undefined): CompletionItem[] {
  const record = fields && stripOptional(fields);
  if (record?.kind !== 'record') return [];
  return record.fields.map((f) => ({
    label: f.name, kind: CompletionItemKind.Field, detail: `${f.name}${f.optional ? '?' : ''}: ${typeToString(f.type)}`, sortText: `0${f.name}`,
  }));
}

const symbolKinds: Record<DeclSymbol['kind'], CompletionItemKind> = {
  param: CompletionItemKind.Constant, type: CompletionItemKind.Struct, source: CompletionItemKind.Class, model: CompletionItemKind.Function,
  verifier: CompletionItemKind.Interface, stage: CompletionItemKind.Class, curriculum: CompletionItemKind.Module,
  mixture: CompletionItemKind.Module, import: CompletionItemKind.Module,
};

/** The document's declarations (and import aliases) of the given kinds. */
function declared(context: Context, kinds: readonly DeclSymbol['kind'][]): CompletionItem[] {
  const analysis = context.document.result.analysis;
  if (!analysis) return [];
  const scope = analysis.scopes.get(context.document.file);
  if (!scope) return [];
  const items: CompletionItem[] = [];
  for (const symbol of scope.symbols.values()) {
    if (!kinds.includes(symbol.kind) && symbol.kind !== 'import') continue;
    const type = symbol.kind === 'import' ? undefined : analysis.symbolValueType(symbol);
    const item: CompletionItem = { label: symbol.name, kind: symbolKinds[symbol.kind], detail: `${symbol.kind}${type ? ` ${typeToString(type)}` : ''}`, sortText: `1${symbol.name}` };
    if (symbol.kind === 'model') {
      const task = analysis.modelTask(symbol);
      const entry = task ? registry.tasks.get(task) : undefined;
      if (entry) {
        Object.assign(item, snippetItem(context, symbol.name, CompletionItemKind.Function, callSnippet(symbol.name, entry.params, false)));
        item.detail = signatureOf(entry, symbol.name).split('\n').join(' ').replace(/\s+/g, ' ');
        item.documentation = markdown(entryMarkdown(entry, symbol.name));
      }
    }
    items.push(item);
  }
  return items;
}

// Contexts ----------------------------------------------------------------------

/** At the top level, or in a declaration's header (outside any bracket). */
function headerCompletions(context: Context, declaration: string | undefined): CompletionItem[] {
  const previous = context.previous;
  const name = previous?.tokenType.name;
  const header = declaration && context.declaration ? context.tokens.slice(context.tokens.indexOf(context.declaration)) : [];
  const afterEquals = header.some((t) => t.tokenType.name === 'Equals');
  if (name === 'From' && declaration === 'stage') return declared(context, ['source', 'stage']);
  if (name === 'For' && declaration === 'mixture') return keywordItems(context, ['rl', 'cot']);
  const typePosition = ((declaration === 'param' || declaration === 'source') && !afterEquals && (name === 'Colon' || name === 'Pipe' || name === 'Less'))
    || (declaration === 'type' && afterEquals && (name === 'Equals' || name === 'Pipe' || name === 'Less'));
  if (typePosition) return typeCompletions(context);
  if (name === 'Equals' && declaration === 'source') return [...registry.sources.values()].map((e) => entryItem(context, e));
  if (name === 'Equals' && declaration === 'model') return [...registry.providers.values()].map((e) => entryItem(context, e));
  if (declaration === 'verifier' && afterEquals) return verifierCompletions(context);
  if (previous && continuing.has(name!)) return declaration === 'param' || declaration === 'verifier' ? expressionCompletions(context) : [];
  return keywordItems(context, Object.keys(declarationSnippets), declarationSnippets);
}

function stepCompletions(context: Context): CompletionItem[] {
  return [
    ...keywordItems(context, Object.keys(stepSnippets), stepSnippets),
    ...[...registry.steps.values()].map((e) => entryItem(context, e)),
  ];
}

function gateCompletions(context: Context, mode: 'annotate' | 'validate'): CompletionItem[] {
  return [...registry.gates.values()].filter((g) => g.mode === mode).map((g) => entryItem(context, g));
}

function verifierCompletions(context: Context): CompletionItem[] {
  return [...declared(context, ['verifier']), ...[...registry.verifiers.values()].map((e) => entryItem(context, e))];
}

function typeCompletions(context: Context): CompletionItem[] {
  const builtins = builtinTypeNames.map((name) => ({ label: name, kind: CompletionItemKind.TypeParameter, sortText: `2${name}` }));
  const enumItem = snippetItem(context, 'enum', CompletionItemKind.TypeParameter, 'enum("${1:a}", "${2:b}")');
  return [...declared(context, ['type']), ...builtins, enumItem];
}

/** Values: fields in scope (inside a stage), parameters, declarations that can be called, the library's functions. */
function expressionCompletions(context: Context): CompletionItem[] {
  const stage = context.declaration?.image === 'stage' ? stageDecl(context) : undefined;
  const fields = stage ? fieldsAt(context.document, stage, context.offset) : undefined;
  return [
    ...fieldItems(fields),
    ...declared(context, stage ? ['param', 'model', 'verifier'] : ['param', 'verifier']),
    ...[...registry.functions.values()].map((e) => entryItem(context, e)),
    ...keywordItems(context, expressionKeywords),
  ];
}

function stageDecl(context: Context): A.StageDecl | undefined {
  const start = context.declaration?.startOffset;
  const decl = context.document.parsed?.module.declarations.find((d) => d.span.start === start);
  return decl?.kind === 'StageDecl' ? decl : undefined;
}

function propertyCompletions(context: Context, bracket: Bracket, schema: BlockSchema): CompletionItem[] {
  const level = levelTokens(context, bracket);
  const present = new Set(level.filter((t, i) => level[i + 1]?.tokenType.name === 'Colon').map((t) => t.image));
  const items = schema.params.filter((p) => !present.has(p.name)).map((p) => ({
    ...snippetItem(context, p.name, CompletionItemKind.Property, `${p.name}: $0`, `${p.name}: `),
    detail: paramText(p),
    documentation: markdown(paramMarkdown(p, schema.owner)),
    sortText: `${p.default === undefined ? '0' : '1'}${p.name}`,
  }));
  return [...items, ...keywordItems(context, schema.extra ?? [])];
}

/** The value of a property: an enum's members, a verifier, or any value. */
function valueCompletions(context: Context, bracket: Bracket, params: readonly ParamSpec[]): CompletionItem[] {
  const key = keyBefore(context, bracket)?.image;
  const param = params.find((p) => p.name === key);
  if (key === 'verifier' && params === emitProperties) return verifierCompletions(context);
  const members = param ? enumMembers(registryType(param.type)) : [];
  if (members.length) return members.map((m) => ({ label: m, kind: CompletionItemKind.EnumMember, detail: param!.type, sortText: `0${m}` }));
  return expressionCompletions(context);
}

function enumMembers(type: Type): string[] {
  const base = stripOptional(type);
  if (base.kind === 'enum') return [...base.members];
  if (base.kind === 'union') return base.members.flatMap(enumMembers);
  return [];
}

/** Inside `callee(`: the callee's parameters by name at the start of an argument, else values. */
function argumentCompletions(context: Context, bracket: Bracket): CompletionItem[] {
  const callee = context.tokens[bracket.index - 1];
  const qualifier = context.tokens[bracket.index - 2];
  const entry = callee ? calleeEntry(context, callee, qualifier) : undefined;
  const level = levelTokens(context, bracket);
  const previous = context.previous;
  const atArgumentStart = !previous || previous === bracket.token || previous.tokenType.name === 'Comma'
    || (context.lineStart && !continuing.has(previous.tokenType.name));
  const values = entry?.kind === 'verifier' && entry.combinator ? verifierCompletions(context) : expressionCompletions(context);
  if (!entry || !atArgumentStart) {
    const key = keyBefore(context, bracket)?.image;
    const param = entry?.params.find((p) => p.name === key);
    const members = param && previous?.tokenType.name === 'Colon' ? enumMembers(registryType(param.type)) : [];
    if (members.length) return members.map((m) => ({ label: m, kind: CompletionItemKind.EnumMember, detail: param!.type, sortText: `0${m}` }));
    return values;
  }
  const given = new Set(level.filter((t, i) => level[i + 1]?.tokenType.name === 'Colon').map((t) => t.image));
  const params = entry.params.filter((p) => !given.has(p.name)).map((p) => ({
    ...snippetItem(context, `${p.name}:`, CompletionItemKind.Variable, `${p.name}: $0`, `${p.name}: `),
    filterText: p.name,
    detail: paramText(p),
    documentation: markdown(paramMarkdown(p, `\`${callee!.image}\``)),
    sortText: `0${p.name}`,
  }));
  return [...params, ...values];
}

/** What a call's name denotes: a declared model's task, or a library entry of the kind its place allows. */
function calleeEntry(context: Context, callee: IToken, before: IToken | undefined): RegistryEntry | undefined {
  if (callee.tokenType.name !== 'Identifier' && !/^[A-Za-z_]/.test(callee.image)) return undefined;
  const name = callee.image;
  if (before?.tokenType.name === 'Annotate' || before?.tokenType.name === 'Validate') return registry.gates.get(name);
  const analysis = context.document.result.analysis;
  const symbol = before?.tokenType.name === 'Dot' ? undefined : analysis?.scopes.get(context.document.file)?.symbols.get(name);
  if (symbol?.kind === 'model' && analysis) {
    const task = analysis.modelTask(symbol);
    return task ? registry.tasks.get(task) : undefined;
  }
  // `dedup(` where a step starts, not inside an expression.
  if (context.declaration?.image === 'stage' && context.open.length === 2 && registry.steps.has(name) && (!before || !continuing.has(before.tokenType.name))) {
    return registry.steps.get(name);
  }
  return registry.functions.get(name) ?? registry.verifiers.get(name);
}

/** `{field}` inside a template: the fields in scope. */
function templateCompletions(context: Context, literal: IToken): CompletionItem[] {
  const inside = context.document.text.slice(literal.startOffset, context.offset);
  if (!/\{[A-Za-z0-9_. ]*$/.test(inside) || /\{\{[A-Za-z0-9_. ]*$/.test(inside)) return [];
  const stage = context.declaration?.image === 'stage' ? stageDecl(context) : undefined;
  if (!stage) return [];
  const chain = /\{\s*([A-Za-z0-9_.]*)$/.exec(inside)?.[1] ?? '';
  const path = chain.split('.');
  path.pop();
  return memberItems(resolveChain(fieldsAt(context.document, stage, context.offset), path));
}

/** After `x.`: an imported module's declarations, or the members of a value's type. */
function memberCompletions(context: Context, dot: number): CompletionItem[] {
  const chain = /([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/.exec(context.document.text.slice(Math.max(0, dot - 300), dot))?.[1];
  if (!chain) return [];
  const path = chain.split('.');
  const analysis = context.document.result.analysis;
  const scope = analysis?.scopes.get(context.document.file);
  if (analysis && scope && path.length === 1 && scope.imports.has(path[0])) {
    const target = scope.imports.get(path[0]);
    const module = target ? analysis.scopes.get(target) : undefined;
    return [...(module?.symbols.values() ?? [])].filter((s) => s.kind !== 'import').map((s) => ({
      label: s.name, kind: symbolKinds[s.kind], detail: `${s.kind} ${typeToString(analysis.symbolValueType(s))}`, sortText: `0${s.name}`,
    }));
  }
  const stage = context.declaration?.image === 'stage' ? stageDecl(context) : undefined;
  let root: Type | undefined = stage ? fieldsAt(context.document, stage, context.offset) : undefined;
  const first = path[0];
  const field = root && stripOptional(root).kind === 'record' ? (stripOptional(root) as Extract<Type, { kind: 'record' }>).fields.find((f) => f.name === first) : undefined;
  if (field) root = { kind: 'record', fields: [field] };
  else {
    const symbol = scope?.symbols.get(first);
    root = symbol && analysis ? { kind: 'record', fields: [{ name: first, type: analysis.symbolValueType(symbol), optional: false }] } : undefined;
  }
  return memberItems(resolveChain(root, path));
}

/** Follows `a.b.c` through records and the members of media and geometry types. */
function resolveChain(scope: Type | undefined, path: readonly string[]): Type | undefined {
  let type = scope;
  for (const name of path) {
    if (!type) return undefined;
    type = members(type).find((m) => m.name === name)?.type;
  }
  return type;
}

function members(type: Type): Array<{ name: string; type: Type; optional?: boolean }> {
  const base = stripOptional(type);
  if (base.kind === 'record') return [...base.fields];
  return builtinMembers(base) ?? [];
}

function memberItems(type: Type | undefined): CompletionItem[] {
  if (!type) return [];
  return members(type).map((m) => ({
    label: m.name, kind: CompletionItemKind.Field, detail: `${m.name}${m.optional ? '?' : ''}: ${typeToString(m.type)}`, sortText: `0${m.name}`,
  }));
}
