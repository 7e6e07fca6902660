// Every place a name is defined or used, across the program's files: declarations
// (from the analysis's scopes and resolutions) and fields (a `let`, an `explode … as`,
// a source's schema, an emit's keys) followed through each stage and the stages it feeds.
import type * as A from '../../compiler/syntax/ast.ts';
import type { Analyzer } from '../../compiler/analysis/analyzer.ts';
import type { DeclSymbol } from '../../compiler/analysis/facts.ts';
import { templatePlaceholders } from '../../compiler/checks/templates.ts';
import { registryType } from '../../compiler/types/resolve.ts';
import { stripOptional } from '../../compiler/types/type.ts';
import { registry } from '../../stdlib/registry/index.ts';
import type { DocumentAnalysis } from '../document.ts';
import { childrenOf } from './syntax.ts';

/** Where a field comes from. Only `let` and `explode` bindings belong to the recipe's author to rename. */
export type FieldOrigin = 'let' | 'explode' | 'schema' | 'emit' | 'step' | 'source';

export interface FieldDefinition {
  readonly name: string;
  readonly origin: FieldOrigin;
  /** The file and span of the defining name; absent for fields the standard library produces. */
  readonly file: string;
  readonly span: A.Span | null;
  /** The stage that binds it, or the source that yields it. */
  readonly owner: A.StageDecl | A.SourceDecl | null;
}

export type Target =
  | { readonly kind: 'declaration'; readonly symbol: DeclSymbol }
  | { readonly kind: 'field'; readonly field: FieldDefinition };

export interface Occurrence {
  readonly file: string;
  /** The name itself (inside a template, the placeholder's first name). */
  readonly span: A.Span;
  readonly target: Target;
  readonly isDefinition: boolean;
}

/** A key that names the same target in the analyses of different documents. */
export function targetKey(target: Target): string {
  if (target.kind === 'declaration') return `decl:${target.symbol.file}:${target.symbol.nameSpan.start}:${target.symbol.name}`;
  const field = target.field;
  return `field:${field.file}:${field.span?.start ?? `${field.owner?.span.start}:${field.origin}`}:${field.name}`;
}

export class Occurrences {
  private readonly byKey = new Map<string, Occurrence[]>();

  constructor(readonly all: readonly Occurrence[]) {
    for (const occurrence of all) {
      const key = targetKey(occurrence.target);
      let list = this.byKey.get(key);
      if (!list) this.byKey.set(key, (list = []));
      list.push(occurrence);
    }
  }

  /** The occurrence under `offset` in `file`; of two that touch it, the one that starts or ends there. */
  at(file: string, offset: number): Occurrence | undefined {
    let found: Occurrence | undefined;
    for (const occurrence of this.all) {
      if (occurrence.file !== file || offset < occurrence.span.start || offset > occurrence.span.end) continue;
      if (!found || occurrence.span.start > found.span.start) found = occurrence;
    }
    return found;
  }

  of(target: Target): readonly Occurrence[] {
    return this.byKey.get(targetKey(target)) ?? [];
  }
}

export function buildOccurrences(document: DocumentAnalysis): Occurrences {
  const analysis = document.result.analysis;
  if (!analysis) return new Occurrences([]);
  const all: Occurrence[] = [];
  for (const scope of analysis.scopes.values()) {
    for (const symbol of scope.all) {
      all.push({ file: symbol.file, span: symbol.nameSpan, target: { kind: 'declaration', symbol }, isDefinition: true });
    }
  }
  for (const resolution of analysis.resolutions) {
    all.push({ file: resolution.file, span: resolution.node.span, target: { kind: 'declaration', symbol: resolution.symbol }, isDefinition: false });
  }
  all.push(...mixtureStageWeights(analysis));
  new FieldWalker(analysis, all).run();
  return new Occurrences(all);
}

/** `weights: { hard: 1 }` in a mixture `by: stage` names the stage `hard`. */
function mixtureStageWeights(analysis: Analyzer): Occurrence[] {
  const out: Occurrence[] = [];
  for (const [file, parsed] of analysis.program.files) {
    for (const decl of parsed.module.declarations) {
      if (decl.kind !== 'MixtureDecl') continue;
      const by = decl.properties.find((p) => p.key.name === 'by')?.value;
      const byStage = (by?.kind === 'Reference' && by.name.name === 'stage') || (by?.kind === 'StringLiteral' && by.value === 'stage');
      const weights = decl.properties.find((p) => p.key.name === 'weights')?.value;
      if (!byStage || weights?.kind !== 'MapLiteral') continue;
      for (const entry of weights.entries) {
        const symbol = analysis.scopes.get(file)?.symbols.get(entry.key.name);
        if (symbol?.kind === 'stage') out.push({ file, span: entry.key.span, target: { kind: 'declaration', symbol }, isDefinition: false });
      }
    }
  }
  return out;
}

type Fields = ReadonlyMap<string, FieldDefinition>;

/** Follows fields through stages in step order, as the analysis types them. */
class FieldWalker {
  private readonly outputs = new Map<A.StageDecl, Fields>();
  private readonly inProgress = new Set<A.StageDecl>();
  private readonly sourceFields = new Map<A.SourceDecl, Fields>();
  private readonly templates: ReadonlySet<A.StringLiteral>;

  constructor(private readonly analysis: Analyzer, private readonly out: Occurrence[]) {
    this.templates = new Set(analysis.templates.map((t) => t.literal));
  }

  run(): void {
    for (const [file, parsed] of this.analysis.program.files) {
      for (const decl of parsed.module.declarations) {
        if (decl.kind === 'StageDecl') this.stage(file, decl);
        if (decl.kind === 'SourceDecl') this.source(file, decl);
      }
    }
  }

  /** The fields a stage passes on, walking it once. */
  private stage(file: string, decl: A.StageDecl): Fields {
    const done = this.outputs.get(decl);
    if (done) return done;
    if (this.inProgress.has(decl)) return new Map(); // a cycle, reported by its own check
    this.inProgress.add(decl);
    const fields = new Map(this.input(decl));
    for (const step of decl.steps) {
      this.uses(file, step, fields);
      this.bind(file, decl, step, fields);
    }
    this.inProgress.delete(decl);
    this.outputs.set(decl, fields);
    return fields;
  }

  private input(decl: A.StageDecl): Fields {
    const input = this.analysis.stages.get(decl)?.input;
    if (input?.decl.kind === 'StageDecl') return this.stage(input.file, input.decl);
    if (input?.decl.kind === 'SourceDecl') return this.source(input.file, input.decl);
    return new Map();
  }

  /** A source's fields: those its schema names (with their place), then those the library adds. */
  private source(file: string, decl: A.SourceDecl): Fields {
    const done = this.sourceFields.get(decl);
    if (done) return done;
    const fields = new Map<string, FieldDefinition>();
    const schema = decl.schema ? this.recordFields(file, decl.schema) : null;
    if (schema) {
      for (const { file: at, field } of schema) {
        const definition: FieldDefinition = { name: field.name.name, origin: 'schema', file: at, span: field.name.span, owner: decl };
        fields.set(definition.name, definition);
        this.out.push({ file: at, span: field.name.span, target: { kind: 'field', field: definition }, isDefinition: true });
      }
    }
    const info = this.analysis.sources.get(decl);
    const recordType = info ? stripOptional(info.recordType) : undefined;
    if (recordType?.kind === 'record') {
      for (const field of recordType.fields) {
        if (!fields.has(field.name)) fields.set(field.name, { name: field.name, origin: 'source', file, span: null, owner: decl });
      }
    }
    this.sourceFields.set(decl, fields);
    return fields;
  }

  /** The fields of a record type written in place or named by a `type` declaration. */
  private recordFields(file: string, type: A.TypeExpr): Array<{ file: string; field: A.FieldType }> | null {
    if (type.kind === 'RecordType') return type.fields.map((field) => ({ file, field }));
    if (type.kind === 'OptionalType') return this.recordFields(file, type.inner);
    if (type.kind !== 'NamedType') return null;
    const symbol = this.analysis.resolutionOf.get(type.name.name)?.symbol;
    if (symbol?.decl.kind !== 'TypeDecl' || !symbol.decl.type) return null;
    return this.recordFields(symbol.file, symbol.decl.type);
  }

  private bind(file: string, stage: A.StageDecl, step: A.Step, fields: Map<string, FieldDefinition>): void {
    const define = (name: A.Identifier | null, origin: FieldOrigin) => {
      if (!name) return;
      const definition: FieldDefinition = { name: name.name, origin, file, span: name.span, owner: stage };
      fields.set(name.name, definition);
      this.out.push({ file, span: name.span, target: { kind: 'field', field: definition }, isDefinition: true });
    };
    switch (step.kind) {
      case 'LetStep':
        define(step.name, 'let');
        break;
      case 'ExplodeStep':
        define(step.name, 'explode');
        break;
      case 'CallStep': {
        const entry = registry.steps.get(step.operator.name);
        const adds = entry ? registryType(entry.adds) : undefined;
        if (adds?.kind === 'record') {
          for (const field of adds.fields) fields.set(field.name, { name: field.name, origin: 'step', file, span: step.operator.span, owner: stage });
        }
        break;
      }
      case 'EmitStep':
        // After an emit, the record is the example: its keys are what a stage reading this one sees.
        fields.clear();
        for (const property of step.properties) define(property.key, 'emit');
        break;
      default:
        break;
    }
  }

  /** Records each use of a field in scope inside one step. */
  private uses(file: string, step: A.Step, fields: Fields): void {
    const visit = (node: A.AnyNode, parent: A.AnyNode | null) => {
      if (node.kind === 'Reference') {
        const isCallee = parent?.kind === 'Call' && parent.callee === node;
        const field = fields.get(node.name.name);
        if (field && !isCallee && !this.analysis.resolutionOf.has(node.name) && !this.analysis.enumLiterals.has(node)) {
          this.out.push({ file, span: node.name.span, target: { kind: 'field', field }, isDefinition: false });
        }
        return;
      }
      if (node.kind === 'StringLiteral' && this.templates.has(node)) this.templateUses(file, node, fields);
      for (const child of childrenOf(node)) visit(child, node);
    };
    // The names a step binds and the keys of its blocks are not uses; only values are.
    switch (step.kind) {
      case 'LetStep':
      case 'ExplodeStep':
        if (step.value) visit(step.value, step);
        break;
      case 'WhereStep':
        if (step.condition) visit(step.condition, step);
        break;
      case 'ValidateStep':
      case 'CallStep':
        for (const arg of step.args) if (arg.value) visit(arg.value, arg);
        break;
      case 'EmitStep':
        for (const property of step.properties) if (property.value) visit(property.value, property);
        break;
    }
  }

  private templateUses(file: string, literal: A.StringLiteral, fields: Fields): void {
    const text = this.analysis.program.files.get(file)!.text;
    const source = text.slice(literal.valueStart, literal.span.end - (literal.triple ? 3 : 1));
    for (const part of templatePlaceholders(source).parts) {
      const field = fields.get(part.path[0]);
      if (!field) continue;
      // `{ name }` may have spaces inside its braces.
      const start = literal.valueStart + part.start + 1 + (source.slice(part.start + 1).length - source.slice(part.start + 1).trimStart().length);
      this.out.push({ file, span: { start, end: start + part.path[0].length }, target: { kind: 'field', field }, isDefinition: false });
    }
  }
}
