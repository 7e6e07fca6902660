// Hover: the type of a declaration or a field (with the record of fields in scope), the
// signature and docs of what a call or a block names in the registry, an operator's types.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type * as A from '../../compiler/syntax/ast.ts';
import type { DeclSymbol, PropertyBlockFact } from '../../compiler/analysis/facts.ts';
import { stripOptional, typeToString, type Type } from '../../compiler/types/type.ts';
import { registry, type ParamSpec, type RegistryEntry } from '../../stdlib/registry/index.ts';
import type { DocumentAnalysis } from '../document.ts';
import type { FieldDefinition, Occurrence } from './occurrences.ts';
import { scopeAfter } from './scope.ts';
import { codeBlock, entryMarkdown, paramMarkdown } from './signatures.ts';
import { nodesAt } from './syntax.ts';

export function hover(document: DocumentAnalysis, position: Position): Hover | null {
  const offset = document.offsetAt(position);
  const occurrence = document.occurrences.at(document.file, offset);
  const parsed = document.parsed;
  if (!parsed) return null;
  const path = nodesAt(parsed.module, offset);
  const found = occurrence
    ? occurrenceHover(document, occurrence, path)
    : registryHover(document, path) ?? expressionHover(document, path, offset);
  if (!found) return null;
  return { contents: { kind: MarkupKind.Markdown, value: found.value }, range: document.range(found.span) };
}

interface Found {
  readonly value: string;
  readonly span: A.Span;
}

// Declarations and fields -------------------------------------------------------------

function occurrenceHover(document: DocumentAnalysis, occurrence: Occurrence, path: readonly A.AnyNode[]): Found | null {
  const target = occurrence.target;
  const value = target.kind === 'declaration'
    ? declarationHover(document, target.symbol)
    : fieldHover(document, target.field, occurrence, path);
  return value ? { value, span: occurrence.span } : null;
}

const kindWords: Record<DeclSymbol['kind'], string> = {
  param: 'parameter', type: 'type', source: 'source', model: 'model', verifier: 'verifier', stage: 'stage',
  curriculum: 'curriculum', mixture: 'mixture', import: 'import',
};

function declarationHover(document: DocumentAnalysis, symbol: DeclSymbol): string {
  const analysis = document.result.analysis!;
  const decl = symbol.decl;
  const text = document.result.program?.files.get(symbol.file)?.text ?? '';
  const where = symbol.file === document.file ? '' : ` in \`${document.result.program?.host.displayPath(symbol.file) ?? symbol.file}\``;
  const lines: string[] = [];
  switch (decl.kind) {
    case 'ParamDecl':
    case 'TypeDecl':
    case 'VerifierDecl':
    case 'ImportDecl':
      lines.push(codeBlock(excerpt(text, decl.span)));
      break;
    case 'SourceDecl':
      lines.push(codeBlock(`source ${symbol.name}: ${typeToString(analysis.symbolValueType(symbol))}`));
      break;
    case 'StageDecl': {
      const input = analysis.stages.get(decl)?.input;
      lines.push(codeBlock(`stage ${symbol.name}${input ? ` from ${input.name}` : ''}: ${typeToString(analysis.symbolValueType(symbol))}`));
      break;
    }
    case 'ModelDecl': {
      const task = analysis.modelTask(symbol);
      lines.push(codeBlock(`model ${symbol.name} = ${decl.provider?.name ?? '?'} { task: ${task ?? '?'} }`));
      break;
    }
    default:
      lines.push(codeBlock(`${decl.kind === 'CurriculumDecl' ? 'curriculum' : 'mixture'} ${symbol.name}`));
  }
  lines.push('', `*${kindWords[symbol.kind]}${where}*`);
  const type = symbol.kind === 'import' ? undefined : analysis.symbolValueType(symbol);
  if (type?.kind === 'verifier') lines.push('', `checks a truth of type \`${typeToString(type.truth)}\`, reads an answer of type \`${typeToString(type.answer)}\``);
  if (decl.kind === 'ImportDecl' && symbol.kind === 'import') {
    const target = analysis.scopes.get(symbol.file)?.imports.get(symbol.name);
    lines.push('', target ? `imports \`${document.result.program?.host.displayPath(target) ?? target}\`` : 'the file cannot be read');
  }
  if (decl.kind === 'ModelDecl') {
    const task = analysis.modelTask(symbol);
    const entry = task ? registry.tasks.get(task) : undefined;
    if (entry) lines.push('', '---', '', entryMarkdown(entry, symbol.name));
  } else if (decl.kind === 'SourceDecl' && decl.sourceKind) {
    const entry = registry.sources.get(decl.sourceKind.name);
    if (entry) lines.push('', entry.doc);
  }
  return lines.join('\n');
}

/** A declaration's text, cut to its first lines. */
function excerpt(text: string, span: A.Span): string {
  const lines = text.slice(span.start, span.end).split('\n');
  return lines.length > 12 ? [...lines.slice(0, 12), '  …'].join('\n') : lines.join('\n');
}

const originWords: Record<FieldDefinition['origin'], string> = {
  let: 'bound by `let`', explode: 'bound by `explode … as`', schema: 'declared in the source\'s schema',
  emit: 'a property of the example the stage emits', step: 'added by a standard-library step', source: 'produced by the source',
};

function fieldHover(document: DocumentAnalysis, field: FieldDefinition, occurrence: Occurrence, path: readonly A.AnyNode[]): string {
  const { scope, type } = fieldTypes(document, field, occurrence, path);
  const lines = [codeBlock(`(field) ${field.name}: ${type ? typeToString(type) : 'unknown'}`), ''];
  const owner = field.owner;
  const ownerName = owner?.name ? `${owner.kind === 'StageDecl' ? 'stage' : 'source'} \`${owner.name.name}\`` : 'this stage';
  let origin = `${originWords[field.origin]} in ${ownerName}`;
  if (field.origin === 'source' && owner?.kind === 'SourceDecl' && owner.sourceKind) origin += ` (\`${owner.sourceKind.name}\`)`;
  lines.push(`*${origin}*`);
  if (scope && stripOptional(scope).kind === 'record') {
    lines.push('', `record in scope${occurrence.isDefinition && field.origin !== 'schema' ? ' after it' : ''}:`, codeBlock(recordText(scope)));
  }
  return lines.join('\n');
}

/** A record type, one field per line when long. */
function recordText(type: Type): string {
  const base = stripOptional(type);
  if (base.kind !== 'record') return typeToString(type);
  const fields = base.fields.map((f) => `${f.name}${f.optional ? '?' : ''}: ${typeToString(f.type)}`);
  return fields.join(', ').length <= 60 ? `{${fields.join(', ')}}` : `{\n  ${fields.join('\n  ')}\n}`;
}

/** The record in scope where a field occurs, and the field's type there. */
function fieldTypes(document: DocumentAnalysis, field: FieldDefinition, occurrence: Occurrence, path: readonly A.AnyNode[]): { scope?: Type; type?: Type } {
  const analysis = document.result.analysis!;
  const lookup = (scope: Type | undefined) => {
    const base = scope && stripOptional(scope);
    const found = base?.kind === 'record' ? base.fields.find((f) => f.name === field.name) : undefined;
    return { scope, type: found ? (found.optional ? { kind: 'optional', inner: found.type } as Type : found.type) : undefined };
  };
  if (field.origin === 'schema' && field.owner?.kind === 'SourceDecl') return lookup(analysis.sources.get(field.owner)?.recordType);
  const stage = path.find((n): n is A.StageDecl => n.kind === 'StageDecl');
  const info = stage ? analysis.stages.get(stage) : undefined;
  const step = info ? stage!.steps.find((s) => s.span.start <= occurrence.span.start && occurrence.span.end <= s.span.end) : undefined;
  if (!info || !step) return {};
  if (occurrence.isDefinition) return lookup(scopeAfter(info, step));
  const reference = path.findLast((n): n is A.Reference => n.kind === 'Reference' && n.name.span.start === occurrence.span.start);
  const result = lookup(info.scopeBefore.get(step));
  const typed = reference ? analysis.types.get(reference) : undefined;
  return typed ? { scope: result.scope, type: typed } : result;
}

// The registry --------------------------------------------------------------------------

/** A library name under the cursor: a function or verifier called, a step, a gate, a source kind, a provider, a property or an argument. */
function registryHover(document: DocumentAnalysis, path: readonly A.AnyNode[]): Found | null {
  const analysis = document.result.analysis;
  const identifier = path.at(-1)?.kind === 'Identifier' ? (path.at(-1) as A.Identifier) : undefined;
  if (!identifier || !analysis) return null;
  const parent = path.at(-2);
  const grandparent = path.at(-3);
  const entry = (e: RegistryEntry | undefined, name?: string) => (e ? { value: entryMarkdown(e, name), span: identifier.span } : null);
  const param = (spec: ParamSpec | undefined, owner: string) => (spec ? { value: paramMarkdown(spec, owner), span: identifier.span } : null);
  switch (parent?.kind) {
    case 'Reference':
      if (grandparent?.kind === 'Call' && grandparent.callee === parent) {
        const fact = analysis.callOf.get(grandparent);
        if (fact?.calleeKind === 'function') return entry(registry.functions.get(fact.calleeName));
        if (fact?.calleeKind === 'verifier') return entry(registry.verifiers.get(fact.calleeName));
        return entry(registry.functions.get(identifier.name) ?? registry.verifiers.get(identifier.name));
      }
      return null;
    case 'CallStep':
      return entry(registry.steps.get(identifier.name));
    case 'AnnotateExpr':
    case 'ValidateStep':
      return parent.gate === identifier ? entry(registry.gates.get(identifier.name)) : null;
    case 'SourceDecl':
      return parent.sourceKind === identifier ? entry(registry.sources.get(identifier.name)) : null;
    case 'ModelDecl':
      return parent.provider === identifier ? entry(registry.providers.get(identifier.name)) : null;
    case 'Property': {
      if (parent.key !== identifier) return null;
      const block = analysis.propertyBlocks.find((b: PropertyBlockFact) => b.properties.includes(parent));
      return param(block?.schema.find((p) => p.name === identifier.name), block?.owner ?? 'a block');
    }
    case 'Argument': {
      if (parent.name !== identifier || !grandparent) return null;
      const call = analysis.callOf.get(grandparent as Parameters<typeof analysis.callOf.get>[0]);
      return param(call?.matches.find((m) => m.param.name === identifier.name)?.param, call ? `\`${call.calleeName}\`` : 'a call');
    }
    default:
      return null;
  }
}

// Operators and other expressions ------------------------------------------------------

function expressionHover(document: DocumentAnalysis, path: readonly A.AnyNode[], offset: number): Found | null {
  const analysis = document.result.analysis;
  if (!analysis) return null;
  const binary = path.findLast((n): n is A.BinaryExpr => n.kind === 'BinaryExpr' && n.operatorSpan.start <= offset && offset <= n.operatorSpan.end);
  if (binary) {
    const left = analysis.types.get(binary.left);
    const right = binary.right ? analysis.types.get(binary.right) : undefined;
    const result = analysis.types.get(binary);
    const show = (t: Type | undefined) => (t ? typeToString(t) : 'unknown');
    return { value: codeBlock(`(${show(left)}) ${binary.operator} (${show(right)}) -> ${show(result)}`), span: binary.operatorSpan };
  }
  const expression = path.findLast((n) => analysis.types.has(n as A.Expression)) as A.Expression | undefined;
  return expression ? typedExpression(analysis.types.get(expression)!, expression) : null;
}

function typedExpression(type: Type, expression: A.Expression): Found | null {
  if (type.kind === 'error') return null;
  return { value: codeBlock(typeToString(type)), span: expression.span };
}
