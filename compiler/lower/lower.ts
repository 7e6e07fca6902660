// Lowers a checked program to the execution DAG. Node ids are content
// hashes of (kind, op, params, input ids), so an edit changes the id of the
// node it touches and of its descendants, and nothing else.
import type * as A from '../syntax/ast.ts';
import type { Analyzer } from '../analysis/analyzer.ts';
import type { DeclSymbol } from '../analysis/facts.ts';
import { registry, type ParamSpec } from '../../stdlib/registry/index.ts';
import { typeToString, t, type Type } from '../types/type.ts';
import { LineIndex } from '../diagnostics/line-index.ts';
import { DAG_VERSION, type Dag, type DagModel, type DagNode, type Json, type VerifierSpec, type DagExpr } from './dag-schema.ts';
import { contentId, sha256 } from './hash.ts';
import { constantValue, defaultValue, lowerExpression, type LowerContext } from './expressions.ts';
import {
  curriculumProperties, emitProperties, mixtureProperties, outputProperties, recipeHeaderProperties,
} from '../analysis/declaration-schemas.ts';

type NodeInput = Omit<DagNode, 'id'>;

class Lowerer {
  private readonly nodes = new Map<string, DagNode>();
  private readonly models = new Map<DeclSymbol, DagModel>();
  private readonly sourceNodes = new Map<A.SourceDecl, string>();
  private readonly stageNodes = new Map<A.StageDecl, string>();
  private readonly lineIndexes = new Map<string, LineIndex>();

  constructor(
    private readonly analysis: Analyzer,
    private readonly paramValues: ReadonlyMap<DeclSymbol, Json>,
  ) {}

  private ctx(file: string, inStage: boolean): LowerContext {
    return { analysis: this.analysis, file, paramValues: this.paramValues, inStage };
  }

  private location(file: string, span: A.Span): DagNode['location'] {
    let index = this.lineIndexes.get(file);
    if (!index) this.lineIndexes.set(file, (index = new LineIndex(this.analysis.program.files.get(file)!.text)));
    const position = index.position(span.start);
    return { file: relativeTo(this.analysis.program.host.directoryOf(this.analysis.program.main), file), line: position.line, column: position.column };
  }

  private add(node: NodeInput): string {
    const id = contentId({ kind: node.kind, op: node.op, params: node.params, inputs: node.inputs });
    if (!this.nodes.has(id)) this.nodes.set(id, { id, ...node });
    return id;
  }

  /** Property values with the schema's defaults filled in, as constants where possible. */
  private properties(file: string, schema: readonly ParamSpec[], properties: readonly A.Property[], inStage = false): Record<string, Json> {
    const result: Record<string, Json> = {};
    const ctx = this.ctx(file, inStage);
    for (const param of schema) {
      const property = properties.find((p) => p.key.name === param.name);
      if (property?.value) {
        const constant = constantValue(ctx, property.value);
        result[param.name] = constant !== undefined ? constant : (lowerExpression(ctx, property.value) as unknown as Json);
      } else if (param.default !== undefined) {
        result[param.name] = defaultValue(param.type, param.default as Json);
      }
    }
    return result;
  }

  run(): Dag {
    const program = this.analysis.program;
    const main = program.files.get(program.main)!;
    const header = main.module.declarations.find((d): d is A.RecipeDecl => d.kind === 'RecipeDecl');
    const headerProps = header ? this.properties(program.main, recipeHeaderProperties, header.properties) : {};
    const recipeName = header?.name?.name ?? 'recipe';

    const emits: string[] = [];
    for (const info of this.analysis.stages.values()) {
      if (info.emit) emits.push(this.stage(info.decl));
    }
    emits.sort();

    let upstream = emits;
    const curriculum = main.module.declarations.find((d): d is A.CurriculumDecl => d.kind === 'CurriculumDecl');
    if (curriculum) upstream = [this.curriculum(program.main, curriculum, emits)];
    const mixtures = main.module.declarations
      .filter((d): d is A.MixtureDecl => d.kind === 'MixtureDecl')
      .map((m) => this.mixture(program.main, m, upstream));
    const output = main.module.declarations.find((d): d is A.OutputDecl => d.kind === 'OutputDecl');
    const sink = this.add({
      kind: 'sink', op: 'dataset', stage: null,
      params: { recipe: recipeName, ...(output ? this.properties(program.main, outputProperties, output.properties) : this.properties(program.main, outputProperties, [])) },
      inputs: mixtures.length ? mixtures.sort() : upstream,
      output: 'example',
      location: output ? this.location(program.main, output.span) : null,
    });

    const params: Record<string, Json> = {};
    for (const [symbol, value] of this.paramValues) if (symbol.file === program.main) params[symbol.name] = value;
    const nodes = this.reachable(sink);
    const edges = nodes.flatMap((node) => node.inputs.map((from) => ({ from, to: node.id, type: this.nodes.get(from)!.output })));
    const hash = sha256([...program.files.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([file, parsed]) => `${relativeTo(program.host.directoryOf(program.main), file)}\n${parsed.text}`).join('\0'));
    return {
      format: 'rlr-dag',
      version: DAG_VERSION,
      recipe: {
        name: recipeName,
        version: typeof headerProps.version === 'string' ? headerProps.version : '0.0.0',
        seed: typeof headerProps.seed === 'number' ? headerProps.seed : 0,
        description: typeof headerProps.description === 'string' ? headerProps.description : null,
        license: typeof headerProps.license === 'string' ? headerProps.license : null,
        hash,
      },
      params,
      models: [...this.models.values()].sort((a, b) => a.name.localeCompare(b.name)),
      nodes,
      edges,
      sink,
    };
  }

  /** Nodes the sink depends on, in a stable topological order (inputs first, ties by id). */
  private reachable(sink: string): DagNode[] {
    const order: DagNode[] = [];
    const seen = new Set<string>();
    const visit = (id: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      const node = this.nodes.get(id)!;
      for (const input of [...node.inputs].sort()) visit(input);
      order.push(node);
    };
    visit(sink);
    return order;
  }

  private source(decl: A.SourceDecl): string {
    const existing = this.sourceNodes.get(decl);
    if (existing) return existing;
    const info = this.analysis.sources.get(decl)!;
    const params = info.entry ? this.properties(info.file, info.entry.params, decl.properties) : {};
    const id = this.add({
      kind: 'source', op: info.entry?.name ?? 'unknown', stage: null,
      params: { ...params, schema: typeToString(info.recordType) },
      inputs: [], output: typeToString(info.recordType), location: this.location(info.file, decl.span),
    });
    this.sourceNodes.set(decl, id);
    return id;
  }

  private stage(decl: A.StageDecl): string {
    const existing = this.stageNodes.get(decl);
    if (existing) return existing;
    const info = this.analysis.stages.get(decl)!;
    let current = '';
    const input = info.input;
    if (input?.decl.kind === 'SourceDecl') current = this.source(input.decl);
    else if (input?.decl.kind === 'StageDecl') current = this.stage(input.decl);
    const stageName = decl.name?.name ?? '';
    const ctx = this.ctx(info.file, true);
    for (const step of decl.steps) {
      const after = this.outputAfter(info, step);
      const base = { stage: stageName, inputs: current ? [current] : [], output: typeToString(after), location: this.location(info.file, step.span) };
      current = this.add({ ...base, ...this.step(ctx, info.file, stageName, step) });
    }
    this.stageNodes.set(decl, current);
    return current;
  }

  private outputAfter(info: NonNullable<ReturnType<Analyzer['stages']['get']>>, step: A.Step): Type {
    const steps = info.decl.steps;
    const next = steps[steps.indexOf(step) + 1];
    return next ? info.scopeBefore.get(next) ?? t.error : info.outputType;
  }

  private step(ctx: LowerContext, file: string, stageName: string, step: A.Step): Pick<DagNode, 'kind' | 'op' | 'params'> {
    switch (step.kind) {
      case 'LetStep': {
        const name = step.name?.name ?? '';
        if (step.value?.kind === 'AnnotateExpr') {
          return { kind: 'gate', op: step.value.gate?.name ?? '', params: { mode: 'annotate', name, args: this.args(ctx, step.value) } };
        }
        const modelCall = step.value?.kind === 'Call' ? this.analysis.modelCallOf.get(step.value) : undefined;
        if (modelCall && step.value?.kind === 'Call') {
          const model = this.model(modelCall.model, file);
          const declared = step.type ? typeToString(this.analysis.resolveType(step.type, file)) : null;
          return {
            kind: 'model_call', op: modelCall.task,
            params: { name, model: model?.id ?? modelCall.model, args: this.args(ctx, step.value), output_type: declared },
          };
        }
        return { kind: 'operator', op: 'let', params: { name, value: step.value ? expr(ctx, step.value) : null } };
      }
      case 'WhereStep':
        return { kind: 'operator', op: 'filter', params: { condition: step.condition ? expr(ctx, step.condition) : null, reason: step.reason?.value ?? null } };
      case 'ExplodeStep':
        return { kind: 'operator', op: 'explode', params: { value: step.value ? expr(ctx, step.value) : null, name: step.name?.name ?? '' } };
      case 'ValidateStep':
        return { kind: 'gate', op: step.gate?.name ?? '', params: { mode: 'validate', args: this.args(ctx, step) } };
      case 'CallStep':
        return { kind: 'operator', op: step.operator.name, params: { args: this.args(ctx, step) } };
      case 'EmitStep': {
        const fields: Record<string, Json> = {};
        for (const param of emitProperties) {
          if (param.name === 'verifier') continue;
          const property = step.properties.find((p) => p.key.name === param.name);
          if (property?.value) fields[param.name] = expr(ctx, property.value);
          else if (param.default !== undefined) fields[param.name] = { lit: param.default as Json } as unknown as Json;
        }
        const verifierProperty = step.properties.find((p) => p.key.name === 'verifier');
        const verifier = verifierProperty?.value ? this.verifier(ctx, verifierProperty.value) : null;
        const info = [...this.analysis.stages.values()].find((s) => s.emit?.step === step);
        const truthType = info?.emit?.truth ? typeToString(info.emit.truth.type) : 'any';
        return { kind: 'emit', op: 'emit', params: { stage: stageName, fields, verifier: verifier as unknown as Json, truth_type: truthType } };
      }
    }
  }

  private args(ctx: LowerContext, node: A.Call | A.AnnotateExpr | A.ValidateStep | A.CallStep): Record<string, Json> {
    const call = this.analysis.callOf.get(node);
    const args: Record<string, Json> = {};
    for (const match of call?.matches ?? []) {
      if (match.arg?.value) args[match.param.name] = expr(ctx, match.arg.value);
      else if (match.param.default !== undefined) args[match.param.name] = { lit: defaultValue(match.param.type, match.param.default as Json) };
    }
    return args;
  }

  /** A verifier position: a reference to a declaration, or a standard-library call, as a shippable spec. */
  private verifier(ctx: LowerContext, value: A.Expression): VerifierSpec | null {
    if (value.kind === 'Reference' || value.kind === 'MemberAccess') {
      const node = value.kind === 'Reference' ? value.name : value.member;
      const symbol = node ? this.analysis.resolutionOf.get(node)?.symbol : undefined;
      if (symbol?.decl.kind === 'VerifierDecl' && symbol.decl.value) return this.verifier(this.ctx(symbol.file, false), symbol.decl.value);
      return null;
    }
    if (value.kind !== 'Call') return null;
    if (value.callee.kind === 'Reference' || value.callee.kind === 'MemberAccess') {
      const node = value.callee.kind === 'Reference' ? value.callee.name : value.callee.member;
      const symbol = node ? this.analysis.resolutionOf.get(node)?.symbol : undefined;
      if (symbol?.decl.kind === 'VerifierDecl' && symbol.decl.value) return this.verifier(this.ctx(symbol.file, false), symbol.decl.value);
    }
    const info = this.analysis.verifierInfos.get(value);
    const entry = info?.entry;
    if (!entry) return null;
    const params: Record<string, Json> = {};
    const call = this.analysis.callOf.get(value);
    for (const match of call?.matches ?? []) {
      if (match.arg?.value) {
        const constant = constantValue(ctx, match.arg.value);
        params[match.param.name] = constant !== undefined ? constant : (expr(ctx, match.arg.value));
      } else if (match.param.default !== undefined) {
        params[match.param.name] = defaultValue(match.param.type, match.param.default as Json);
      }
    }
    const spec: VerifierSpec = { name: entry.name, version: entry.version, params };
    if (entry.combinator) {
      spec.children = value.args.filter((a) => !a.name && a.value).map((a) => this.verifier(ctx, a.value!)).filter((c): c is VerifierSpec => c !== null);
    }
    return spec;
  }

  private model(name: string, file: string): DagModel | undefined {
    const symbol = this.analysis.scope(file).symbols.get(name) ?? [...this.analysis.scopes.values()].map((s) => s.symbols.get(name)).find((s) => s?.kind === 'model');
    if (!symbol || symbol.decl.kind !== 'ModelDecl') return undefined;
    const cached = this.models.get(symbol);
    if (cached) return cached;
    const decl = symbol.decl;
    const provider = decl.provider ? registry.providers.get(decl.provider.name) : undefined;
    if (!provider) return undefined;
    const values = this.properties(symbol.file, provider.params, decl.properties);
    const identity: Record<string, Json> = {};
    const runtime: Record<string, Json> = {};
    const secrets: Record<string, { env: string }> = {};
    for (const [key, value] of Object.entries(values)) {
      if (value && typeof value === 'object' && !Array.isArray(value) && 'env' in value && typeof value.env === 'string') {
        secrets[key] = { env: value.env };
      } else if (provider.identity.includes(key)) identity[key] = value;
      else runtime[key] = value;
    }
    const model: DagModel = {
      id: contentId({ provider: provider.name, identity }),
      name: symbol.name, provider: provider.name, task: this.analysis.modelTask(symbol) ?? '', identity, runtime, secrets,
    };
    this.models.set(symbol, model);
    return model;
  }

  private curriculum(file: string, decl: A.CurriculumDecl, emits: string[]): string {
    const ctx = this.ctx(file, false);
    const levels = decl.levels.map((level) => {
      const where = level.properties.find((p) => p.key.name === 'where')?.value;
      const stages = (this.analysis.levelStages.get(level) ?? []).map((s) => s.name);
      return {
        level: level.number?.value ?? 0,
        name: level.name?.name ?? '',
        stages,
        where: where ? expr({ ...ctx, inStage: true }, where) : { lit: true },
      };
    });
    const phases = decl.phases.map((phase) => ({
      name: phase.name?.name ?? '',
      shares: Object.fromEntries(phase.shares.map((s) => {
        const ref = s.level;
        const level = ref.kind === 'NumberLiteral' ? ref.value : decl.levels.find((l) => l.name?.name === ref.name)?.number?.value ?? 0;
        const value = s.share ? constantValue(ctx, s.share) : null;
        return [String(level), value ?? null];
      })),
    }));
    return this.add({
      kind: 'curriculum', op: 'curriculum', stage: null,
      params: { name: decl.name?.name ?? '', ...this.properties(file, curriculumProperties, decl.properties), levels: levels as unknown as Json, phases: phases as unknown as Json },
      inputs: emits, output: 'example', location: this.location(file, decl.span),
    });
  }

  private mixture(file: string, decl: A.MixtureDecl, inputs: string[]): string {
    return this.add({
      kind: 'mixture', op: 'mixture', stage: null,
      params: { name: decl.name?.name ?? '', split: decl.split?.name ?? 'rl', ...this.properties(file, mixtureProperties, decl.properties) },
      inputs, output: 'example', location: this.location(file, decl.span),
    });
  }
}

function expr(ctx: LowerContext, value: A.Expression): Json {
  return lowerExpression(ctx, value) as DagExpr as unknown as Json;
}

/** A path relative to the main recipe's folder, so DAGs do not depend on where the checkout lives. */
function relativeTo(directory: string, file: string): string {
  const dir = directory.endsWith('/') ? directory : `${directory}/`;
  if (file.startsWith(dir)) return file.slice(dir.length);
  const from = directory.split('/').filter(Boolean);
  const to = file.split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

export function lowerProgram(analysis: Analyzer, paramValues: ReadonlyMap<DeclSymbol, Json>): Dag {
  return new Lowerer(analysis, paramValues).run();
}
