// Walks every file of a program once, typing declarations and stages and
// recording facts for the checks. It never reports anything itself.
import type * as A from '../syntax/ast.ts';
import type { Program } from '../program.ts';
import { t, type RecordField, type Type, extendRecord, isAssignable, isLenient, stripOptional } from '../types/type.ts';
import { resolveTypeExpr, registryType, type TypeProblem } from '../types/resolve.ts';
import { registry, type ParamSpec } from '../../stdlib/registry/index.ts';
import { buildScopes } from './scope.ts';
import { typeExpression, matchArguments, signature, verifierInfoOf, type ExprContext } from './expressions.ts';
import type {
  BinaryFact, CallFact, DeclSymbol, EmitFact, ExpectationFact, ModelCallFact, ModuleScope, PathFact,
  PropertyBlockFact, Resolution, SecretFact, SourceInfo, StageInfo, TemplateFact, UnresolvedName, VerifierInfo,
} from './facts.ts';
import {
  curriculumProperties, emitProperties, levelProperties, mixtureProperties, outputProperties, recipeHeaderProperties,
} from './declaration-schemas.ts';

export class Analyzer {
  readonly scopes: Map<string, ModuleScope>;
  readonly types = new Map<A.Expression, Type>();
  readonly unresolved: UnresolvedName[] = [];
  readonly calls: CallFact[] = [];
  readonly binaries: BinaryFact[] = [];
  readonly expectations: ExpectationFact[] = [];
  readonly templates: TemplateFact[] = [];
  readonly propertyBlocks: PropertyBlockFact[] = [];
  readonly modelCalls: ModelCallFact[] = [];
  readonly notCallable: Array<{ file: string; node: A.Expression; what: string }> = [];
  readonly envCalls = new Set<A.Call>();
  readonly verifierInfos = new Map<A.Call, VerifierInfo>();
  readonly resolutions: Resolution[] = [];
  readonly resolutionOf = new Map<A.Identifier, Resolution>();
  readonly callOf = new Map<CallFact['node'], CallFact>();
  readonly modelCallOf = new Map<A.Call, ModelCallFact>();
  /** Bare names that denote an enum member (`format: jsonl`), not a field or a declaration. */
  readonly enumLiterals = new Set<A.Reference>();
  /**
   * References to an import alias, with the file the alias imports (undefined when unreadable).
   * Kept per analysis, not beside the tree, because the language server shares unchanged
   * declarations between the trees of successive edits.
   */
  readonly moduleRefs = new Map<A.Expression, string | undefined>();
  readonly uses = new Map<DeclSymbol, Resolution[]>();
  readonly typeProblems: Array<{ file: string; problem: TypeProblem }> = [];
  readonly stages = new Map<A.StageDecl, StageInfo>();
  readonly sources = new Map<A.SourceDecl, SourceInfo>();
  readonly paths: PathFact[] = [];
  readonly secrets: SecretFact[] = [];
  readonly misplaced: Array<{ file: string; span: A.Span; what: string; reason: string }> = [];
  /** Stage -> the stage or source symbol it reads from, for the cycle check. */
  readonly stageInputs = new Map<DeclSymbol, DeclSymbol>();
  /** The stages each curriculum level names. */
  readonly levelStages = new Map<A.LevelDecl, DeclSymbol[]>();

  private readonly symbolTypes = new Map<DeclSymbol, Type>();
  private readonly inProgress = new Set<DeclSymbol>();

  private readonly symbolOfDecl = new Map<A.Declaration, DeclSymbol>();

  constructor(readonly program: Program) {
    this.scopes = buildScopes(program);
    for (const scope of this.scopes.values()) for (const symbol of scope.all) this.symbolOfDecl.set(symbol.decl, symbol);
  }

  scope(file: string): ModuleScope {
    return this.scopes.get(file)!;
  }

  use(symbol: DeclSymbol | undefined, node: A.Identifier, file: string): void {
    if (!symbol) return;
    const resolution = { symbol, node, file };
    this.resolutions.push(resolution);
    this.resolutionOf.set(node, resolution);
    let list = this.uses.get(symbol);
    if (!list) this.uses.set(symbol, (list = []));
    list.push(resolution);
  }

  run(): this {
    for (const [file, parsed] of this.program.files) {
      for (const decl of parsed.module.declarations) this.declaration(file, decl);
    }
    return this;
  }

  resolveType(expr: A.TypeExpr, file: string): Type {
    const problems: TypeProblem[] = [];
    const type = resolveTypeExpr(expr, (name) => this.aliasType(name, file), problems);
    for (const problem of problems) this.typeProblems.push({ file, problem });
    return type;
  }

  private aliasType(name: A.QualifiedName, file: string): Type | undefined {
    let scope = this.scope(file);
    if (name.module) {
      const target = scope.imports.get(name.module.name);
      if (!target) return scope.imports.has(name.module.name) ? t.error : undefined;
      scope = this.scope(target);
    }
    const symbol = scope.symbols.get(name.name.name);
    if (!symbol || symbol.kind !== 'type') return undefined;
    this.use(symbol, name.name, file);
    return this.symbolValueType(symbol);
  }

  /** The type a declaration has when its name is used in an expression (or as a stage input). */
  symbolValueType(symbol: DeclSymbol): Type {
    const cached = this.symbolTypes.get(symbol);
    if (cached) return cached;
    if (this.inProgress.has(symbol)) return t.error; // a cycle, reported by its own check
    this.inProgress.add(symbol);
    const type = this.computeSymbolType(symbol);
    this.inProgress.delete(symbol);
    this.symbolTypes.set(symbol, type);
    return type;
  }

  private computeSymbolType(symbol: DeclSymbol): Type {
    const decl = symbol.decl;
    switch (decl.kind) {
      case 'ParamDecl':
        return decl.type ? this.resolveType(decl.type, symbol.file) : t.error;
      case 'TypeDecl':
        return decl.type ? this.resolveType(decl.type, symbol.file) : t.error;
      case 'ModelDecl':
        return { kind: 'model', task: this.modelTask(symbol) ?? '*' };
      case 'VerifierDecl': {
        if (!decl.value) return t.error;
        const info = verifierInfoOf(this, decl.value, { file: symbol.file, fields: null, verifierPosition: true });
        return info ? { kind: 'verifier', name: info.name, truth: info.truth, answer: info.answer } : t.error;
      }
      case 'SourceDecl':
        return this.source(symbol.file, decl).recordType;
      case 'StageDecl':
        return this.stage(symbol.file, decl).outputType;
      default:
        return t.any;
    }
  }

  /** The task a model declaration names, if it names a valid one. */
  modelTask(symbol: DeclSymbol): string | undefined {
    if (symbol.decl.kind !== 'ModelDecl') return undefined;
    const property = symbol.decl.properties.find((p) => p.key.name === 'task');
    const value = property?.value;
    if (!value) return undefined;
    const name = value.kind === 'Reference' ? value.name.name : value.kind === 'StringLiteral' ? value.value : undefined;
    return name && registry.tasks.has(name) ? name : undefined;
  }

  // Declarations ----------------------------------------------------------------

  private declaration(file: string, decl: A.Declaration): void {
    const top: ExprContext = { file, fields: null };
    switch (decl.kind) {
      case 'RecipeDecl':
        if (file !== this.program.main) this.misplaced.push({ file, span: decl.span, what: 'a `recipe` header', reason: 'belongs only in the main recipe file, not in an imported one' });
        this.block(file, 'the recipe header', decl.span, recipeHeaderProperties, decl.properties, top);
        break;
      case 'ParamDecl': {
        const symbol = this.symbolFor(decl);
        const type = symbol ? this.symbolValueType(symbol) : decl.type ? this.resolveType(decl.type, file) : t.error;
        if (decl.defaultValue) {
          const found = typeExpression(this, decl.defaultValue, top, type);
          this.expect(file, decl.defaultValue, `the default of parameter \`${decl.name?.name ?? ''}\``, type, found);
        }
        break;
      }
      case 'TypeDecl':
      case 'VerifierDecl':
      case 'ModelDecl': {
        const symbol = this.symbolFor(decl);
        if (symbol) this.symbolValueType(symbol);
        if (decl.kind === 'ModelDecl') this.model(file, decl);
        break;
      }
      case 'SourceDecl':
        this.source(file, decl);
        break;
      case 'StageDecl': {
        // Through the symbol, so that a stage on a cycle is marked in progress and analysed once.
        const symbol = this.symbolFor(decl);
        if (symbol) this.symbolValueType(symbol);
        else this.stage(file, decl);
        break;
      }
      case 'CurriculumDecl':
        this.curriculum(file, decl);
        break;
      case 'MixtureDecl':
        this.block(file, `mixture \`${decl.name?.name ?? ''}\``, decl.span, mixtureProperties, decl.properties, top, (property) => {
          if (property.key.name !== 'weights' || !property.value) return false;
          // Weight keys are domain or stage names, not fields: type only the values.
          if (property.value.kind === 'MapLiteral') {
            for (const entry of property.value.entries) {
              if (!entry.value) continue;
              const found = typeExpression(this, entry.value, top, t.float);
              this.expect(file, entry.value, `the weight of \`${entry.key.name}\``, t.union([t.float, t.percent]), found);
            }
          } else {
            const found = typeExpression(this, property.value, top);
            this.expect(file, property.value, 'mixture `weights`', t.record([]), found);
          }
          return true;
        });
        break;
      case 'OutputDecl':
        if (file !== this.program.main) this.misplaced.push({ file, span: decl.span, what: 'an `output` block', reason: 'belongs only in the main recipe file, not in an imported one' });
        this.block(file, 'the output block', decl.span, outputProperties, decl.properties, top);
        this.collectPaths(file, decl.properties, ['dir']);
        break;
      case 'ImportDecl':
        break;
    }
  }

  private symbolFor(decl: A.Declaration): DeclSymbol | undefined {
    return this.symbolOfDecl.get(decl);
  }

  expect(file: string, node: A.Expression, what: string, expected: Type, found: Type): void {
    if (isAssignable(found, expected)) return;
    // A map written for a record type: point at the entries that do not fit, when some do not.
    const record = stripOptional(expected);
    if (node.kind === 'MapLiteral' && record.kind === 'record') {
      let entryMismatch = false;
      for (const entry of node.entries) {
        const field = record.fields.find((f) => f.name === entry.key.name);
        if (!field || !entry.value) continue;
        const entryType = this.types.get(entry.value) ?? t.error;
        if (isAssignable(entryType, field.optional ? t.optional(field.type) : field.type)) continue;
        entryMismatch = true;
        this.expect(file, entry.value, `\`${entry.key.name}\` in ${what}`, field.type, entryType);
      }
      if (entryMismatch) return;
    }
    this.expectations.push({ file, node, what, expected, found });
  }

  /**
   * Types each property of a block against its schema and records the block
   * for the property check. `special` may take over a property's typing.
   */
  block(
    file: string, owner: string, ownerSpan: A.Span, schema: readonly ParamSpec[], properties: readonly A.Property[],
    ctx: ExprContext, special?: (property: A.Property) => boolean,
  ): void {
    this.propertyBlocks.push({ file, owner, ownerSpan, schema, properties });
    const params = signature(schema);
    for (const property of properties) {
      if (!property.value || special?.(property)) continue;
      const param = params.find((p) => p.spec.name === property.key.name);
      const found = typeExpression(this, property.value, ctx, param?.type);
      if (param) this.expect(file, property.value, `property \`${property.key.name}\``, param.type, found);
    }
    this.collectSecrets(file, properties);
  }

  private collectSecrets(file: string, properties: readonly A.Property[]): void {
    for (const property of properties) {
      if (/^(?:.*_)?(?:token|secret|password|api_?key)$/i.test(property.key.name)) this.secrets.push({ file, property });
    }
  }

  /**
   * Types the properties of a block whose kind is unknown (a misspelt provider
   * or source kind): names still resolve, but a bare word that names nothing
   * is taken for an enum member, since the schema that would say is unknown.
   */
  private looseBlock(file: string, properties: readonly A.Property[]): void {
    const ctx: ExprContext = { file, fields: t.error };
    for (const property of properties) if (property.value) typeExpression(this, property.value, ctx);
    this.collectSecrets(file, properties);
  }

  private collectPaths(file: string, properties: readonly A.Property[], names: readonly string[]): void {
    for (const property of properties) {
      if (names.includes(property.key.name) && property.value?.kind === 'StringLiteral') this.paths.push({ file, node: property.value });
    }
  }

  private model(file: string, decl: A.ModelDecl): void {
    const provider = decl.provider ? registry.providers.get(decl.provider.name) : undefined;
    if (decl.provider && !provider) {
      this.unresolved.push({ file, node: decl.provider, role: 'provider', candidates: [...registry.providers.keys()] });
    }
    const top: ExprContext = { file, fields: null };
    if (!provider) {
      this.looseBlock(file, decl.properties);
      return;
    }
    const schema = provider.params.map((p) => (p.name === 'task' ? { ...p, type: `enum(${provider.tasks.map((x) => JSON.stringify(x)).join(', ')})` } : p));
    this.block(file, `model \`${decl.name?.name ?? ''}\` (${provider.name})`, decl.span, schema, decl.properties, top);
    this.collectPaths(file, decl.properties, provider.paths);
  }

  source(file: string, decl: A.SourceDecl): SourceInfo {
    const existing = this.sources.get(decl);
    if (existing) return existing;
    const entry = decl.sourceKind ? registry.sources.get(decl.sourceKind.name) ?? null : null;
    const declared = decl.schema ? this.resolveType(decl.schema, file) : null;
    const top: ExprContext = { file, fields: null };
    let recordType: Type = t.error;
    if (decl.sourceKind && !entry) {
      this.unresolved.push({ file, node: decl.sourceKind, role: 'source-kind', candidates: [...registry.sources.keys()] });
      this.looseBlock(file, decl.properties);
    } else if (entry) {
      this.block(file, `source \`${decl.name?.name ?? ''}\` (${entry.name})`, decl.span, entry.params, decl.properties, top);
      this.collectPaths(file, decl.properties, entry.paths);
      if (entry.yields) {
        recordType = registryType(entry.yields);
        if (declared) this.misplaced.push({ file, span: decl.schema!.span, what: 'a record schema', reason: `is not needed: ${entry.generator ? 'generator' : 'source kind'} \`${entry.name}\` yields records of its own type` });
      } else if (declared && stripOptional(declared).kind === 'record') {
        const record = stripOptional(declared) as Extract<Type, { kind: 'record' }>;
        recordType = entry.adds ? extendRecord(record, this.sourceAdds(entry.adds, decl)) : record;
      } else if (!declared) {
        this.misplaced.push({ file, span: decl.name?.span ?? decl.span, what: `source \`${decl.name?.name ?? ''}\``, reason: 'needs a record schema: write `source name: {field: type, ...} = ...`' });
        // Its fields are unknown, so reading them is not reported again.
      } else if (!isLenient(declared)) {
        this.misplaced.push({ file, span: decl.schema!.span, what: 'a source schema', reason: 'must be a record type such as `{question: string}`' });
      }
    }
    const info: SourceInfo = { file, decl, entry, recordType };
    this.sources.set(decl, info);
    return info;
  }

  /** Fields a source kind adds; `media` is narrowed to the kind the source declares. */
  private sourceAdds(adds: string, decl: A.SourceDecl) {
    const type = registryType(adds);
    if (type.kind !== 'record') return [];
    const media = decl.properties.find((p) => p.key.name === 'media')?.value;
    const mediaName = media?.kind === 'Reference' ? media.name.name : media?.kind === 'StringLiteral' ? media.value : undefined;
    return type.fields.map((f) => {
      if (f.name !== 'media' || !mediaName) return f;
      const narrowed = mediaName === 'image' ? t.image : mediaName === 'audio' ? t.audio : mediaName === 'video' ? t.video : f.type;
      return { ...f, type: narrowed };
    });
  }

  // Stages ------------------------------------------------------------------------

  stage(file: string, decl: A.StageDecl): StageInfo {
    const existing = this.stages.get(decl);
    if (existing) return existing;
    const symbol = this.symbolFor(decl);
    let input: DeclSymbol | null = null;
    let inputType: Type = t.error;
    if (decl.input) {
      input = this.lookupQualified(file, decl.input, ['source', 'stage'], 'source');
      if (input) {
        if (symbol) this.stageInputs.set(symbol, input);
        inputType = this.inProgress.has(input) ? t.error : this.symbolValueType(input);
      }
    }
    let fields: Type = inputType;
    const scopeBefore = new Map<A.Step, Type>();
    let emit: EmitFact | null = null;
    for (const step of decl.steps) {
      scopeBefore.set(step, fields);
      const result = this.step(file, decl, step, fields);
      // Steps after an `emit` (an error of their own) are typed as if it came last, so that one misplaced emit gives one error.
      if (!result.emit || step === decl.steps.at(-1)) fields = result.fields;
      if (result.emit) emit ??= result.emit;
    }
    const info: StageInfo = { file, decl, input, inputType, scopeBefore, outputType: fields, emit };
    this.stages.set(decl, info);
    return info;
  }

  /** Resolves `name` or `alias.name` to a declaration of one of the allowed kinds. */
  lookupQualified(file: string, name: A.QualifiedName, kinds: readonly string[], role: 'source' | 'stage' | 'name'): DeclSymbol | null {
    let scope = this.scope(file);
    if (name.module) {
      if (!scope.imports.has(name.module.name)) {
        this.unresolved.push({ file, node: name.module, role: 'module', candidates: [...scope.imports.keys()] });
        return null;
      }
      this.use(scope.all.find((s) => s.kind === 'import' && s.name === name.module!.name), name.module, file);
      const target = scope.imports.get(name.module.name);
      if (!target) return null;
      scope = this.scope(target);
    }
    const symbol = scope.symbols.get(name.name.name);
    if (symbol && kinds.includes(symbol.kind)) {
      this.use(symbol, name.name, file);
      return symbol;
    }
    this.unresolved.push({
      file, node: name.name, role,
      candidates: [...scope.symbols.values()].filter((s) => kinds.includes(s.kind)).map((s) => s.name),
    });
    return null;
  }

  private step(file: string, stage: A.StageDecl, step: A.Step, fields: Type): { fields: Type; emit?: EmitFact } {
    const ctx: ExprContext = { file, fields };
    switch (step.kind) {
      case 'LetStep': {
        if (!step.value) return { fields: withBinding(fields, step.name, step.type ? this.resolveType(step.type, file) : t.error) };
        if (step.value.kind === 'AnnotateExpr') {
          const type = this.gate(file, step.value, step.value.gate, step.value.args, 'annotate', ctx);
          return { fields: withBinding(fields, step.name, step.type ? this.resolveType(step.type, file) : type) };
        }
        const valueCtx: ExprContext = { ...ctx, binding: step };
        const declared = step.type ? this.resolveType(step.type, file) : undefined;
        const found = typeExpression(this, step.value, valueCtx, declared);
        // A structured model call is parsed into the declared type, so that type is not checked against it.
        const isStructuredCall = step.value.kind === 'Call' && !!this.modelCallOf.get(step.value)?.structured;
        if (declared && !isStructuredCall) this.expect(file, step.value, `the binding \`${step.name?.name ?? ''}\``, declared, found);
        return { fields: withBinding(fields, step.name, declared ?? found) };
      }
      case 'WhereStep':
        if (step.condition) {
          const found = typeExpression(this, step.condition, ctx, t.bool);
          this.expect(file, step.condition, '`where`', t.bool, found);
        }
        return { fields };
      case 'ExplodeStep': {
        if (!step.value) return { fields: withBinding(fields, step.name, t.error) };
        const found = stripOptional(typeExpression(this, step.value, ctx));
        if (found.kind === 'list') return { fields: withBinding(fields, step.name, found.element) };
        this.expect(file, step.value, '`explode`', t.list(t.any), found);
        return { fields: withBinding(fields, step.name, t.error) };
      }
      case 'ValidateStep':
        this.gate(file, step, step.gate, step.args, 'validate', ctx);
        return { fields };
      case 'CallStep': {
        const entry = registry.steps.get(step.operator.name);
        if (!entry) {
          this.unresolved.push({ file, node: step.operator, role: 'step', candidates: [...registry.steps.keys()] });
          for (const arg of step.args) if (arg.value) typeExpression(this, arg.value, ctx);
          return { fields };
        }
        matchArguments(this, step, entry.name, 'step', signature(entry.params), step.args, ctx);
        const adds = registryType(entry.adds);
        return { fields: fields.kind === 'record' && adds.kind === 'record' ? extendRecord(fields, adds.fields) : fields };
      }
      case 'EmitStep':
        return this.emit(file, stage, step, ctx);
    }
  }

  private gate(
    file: string, node: A.AnnotateExpr | A.ValidateStep, gateName: A.Identifier | null, args: readonly A.Argument[],
    mode: 'annotate' | 'validate', ctx: ExprContext,
  ): Type {
    const entry = gateName ? registry.gates.get(gateName.name) : undefined;
    if (!entry || entry.mode !== mode) {
      if (gateName) {
        this.unresolved.push({
          file, node: gateName, role: 'gate',
          candidates: [...registry.gates.values()].filter((g) => g.mode === mode).map((g) => g.name),
        });
      }
      for (const arg of args) if (arg.value) typeExpression(this, arg.value, ctx);
      return t.error;
    }
    matchArguments(this, node, entry.name, 'gate', signature(entry.params), args, ctx);
    return registryType(entry.returns);
  }

  private emit(file: string, stage: A.StageDecl, step: A.EmitStep, ctx: ExprContext): { fields: Type; emit: EmitFact } {
    let truth: EmitFact['truth'] = null;
    let answer: EmitFact['answer'] = null;
    let verifier: EmitFact['verifier'] = null;
    let domain: string | null = null;
    let difficulty: number | null = null;
    this.block(file, `\`emit\` in stage \`${stage.name?.name ?? ''}\``, step.span, emitProperties, step.properties, ctx, (property) => {
      if (!property.value) return false;
      switch (property.key.name) {
        case 'truth':
          truth = { node: property.value, type: typeExpression(this, property.value, ctx) };
          return true;
        case 'verifier': {
          const info = verifierInfoOf(this, property.value, ctx);
          if (info) verifier = { node: property.value, info };
          return true;
        }
        case 'answer': {
          const type = typeExpression(this, property.value, ctx);
          answer = { node: property.value, type };
          return true;
        }
        case 'domain':
          if (property.value.kind === 'StringLiteral') domain = property.value.value;
          return false;
        case 'difficulty':
          if (property.value.kind === 'NumberLiteral') difficulty = property.value.value;
          return false;
        default:
          return false;
      }
    });
    const fact: EmitFact = { file, stage, step, truth, answer, verifier, domain, difficulty };
    const truthType = (fact.truth as EmitFact['truth'])?.type ?? t.error;
    const [prompt, media, ...rest] = exampleFields;
    const example = t.record([prompt, media, { name: 'truth', type: truthType, optional: false }, ...rest]);
    return { fields: example, emit: fact };
  }

  // Curriculum ------------------------------------------------------------------------

  private curriculum(file: string, decl: A.CurriculumDecl): void {
    const top: ExprContext = { file, fields: null };
    this.block(file, `curriculum \`${decl.name?.name ?? ''}\``, decl.span, curriculumProperties, decl.properties, top);
    const exampleFields = t.record([
      { name: 'difficulty', type: t.float, optional: false },
      { name: 'domain', type: t.string, optional: false },
      { name: 'stage', type: t.string, optional: false },
    ]);
    for (const level of decl.levels) {
      this.block(file, `level \`${level.name?.name ?? ''}\``, level.span, levelProperties, level.properties, top, (property) => {
        if (!property.value) return false;
        if (property.key.name === 'stages') {
          this.levelStages.set(level, this.stageList(file, property.value));
          return true;
        }
        if (property.key.name === 'where') {
          const found = typeExpression(this, property.value, { file, fields: exampleFields }, t.bool);
          this.expect(file, property.value, 'a level\'s `where`', t.bool, found);
          return true;
        }
        return false;
      });
    }
    for (const phase of decl.phases) {
      for (const share of phase.shares) {
        if (!share.share) continue;
        const found = typeExpression(this, share.share, top, t.percent);
        this.expect(file, share.share, 'a phase share', t.percent, found);
      }
    }
  }

  /** `stages: [a, common.b]`: each item names a stage. */
  stageList(file: string, value: A.Expression): DeclSymbol[] {
    const items = value.kind === 'ListLiteral' ? value.items : [value];
    const symbols: DeclSymbol[] = [];
    for (const item of items) {
      const name = item.kind === 'Reference'
        ? { kind: 'QualifiedName' as const, module: null, name: item.name, span: item.span }
        : item.kind === 'MemberAccess' && item.object.kind === 'Reference' && item.member
          ? { kind: 'QualifiedName' as const, module: item.object.name, name: item.member, span: item.span }
          : null;
      if (!name) {
        const found = typeExpression(this, item, { file, fields: null });
        this.expectations.push({ file, node: item, what: '`stages`', expected: { kind: 'typevar', name: 'stage name' }, found });
        continue;
      }
      const symbol = this.lookupQualified(file, name, ['stage'], 'stage');
      if (symbol) symbols.push(symbol);
    }
    return symbols;
  }
}

/** The fields of an emitted example, in order, but for `truth` (the third), whose type each emit gives. */
const exampleFields: readonly RecordField[] = [
  { name: 'prompt', type: t.string, optional: false },
  { name: 'media', type: t.list(t.union([t.image, t.audio, t.video])), optional: false },
  { name: 'difficulty', type: t.float, optional: false },
  { name: 'domain', type: t.string, optional: false },
  { name: 'trace', type: t.string, optional: true },
  { name: 'answer', type: t.string, optional: true },
  { name: 'group', type: t.string, optional: true },
];

/**
 * The fields in scope once `name` is bound. Unknown fields (an unresolved input) stay
 * unknown: a new binding does not make the rest of them unknown names.
 */
function withBinding(fields: Type, name: A.Identifier | null, type: Type): Type {
  if (!name || fields.kind !== 'record') return fields;
  return extendRecord(fields, [{ name: name.name, type, optional: false }]);
}

export function analyze(program: Program): Analyzer {
  return new Analyzer(program).run();
}
