// Parameter values: defaults from the recipe, overridden by `--param key=value`.
import type { Analyzer } from './analysis/analyzer.ts';
import type { DeclSymbol } from './analysis/facts.ts';
import { diagnostic, type Diagnostic } from './diagnostics/diagnostic.ts';
import { suggest } from './diagnostics/suggest.ts';
import { constantValue } from './lower/expressions.ts';
import type { Json } from './lower/dag-schema.ts';
import { stripOptional, typeToString, type Type } from './types/type.ts';

const durationUnits: Record<string, number> = { ms: 0.001, s: 1, min: 60, h: 3600, '': 1 };

/** Parses a command-line value as the parameter's type; undefined when it does not parse. */
export function parseParamValue(text: string, type: Type): Json | undefined {
  const base = stripOptional(type);
  if (base !== type && text === 'null') return null;
  switch (base.kind) {
    case 'string':
      return text;
    case 'int':
      return /^-?\d+$/.test(text) ? Number(text) : undefined;
    case 'float':
    case 'pixels':
    case 'frames': {
      const match = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(px)?$/.exec(text);
      return match && (base.kind === 'pixels' || !match[2]) ? Number(match[1]) : undefined;
    }
    case 'bool':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'percent': {
      const match = /^(-?\d+(?:\.\d+)?)%$/.exec(text);
      return match ? Number((Number(match[1]) / 100).toPrecision(12)) : undefined;
    }
    case 'seconds': {
      const match = /^(\d+(?:\.\d+)?)(ms|s|min|h|)$/.exec(text);
      return match ? Number((Number(match[1]) * durationUnits[match[2]]).toPrecision(12)) : undefined;
    }
    case 'enum':
      return base.members.includes(text) ? text : undefined;
    default:
      try {
        return JSON.parse(text) as Json;
      } catch {
        return undefined;
      }
  }
}

export interface ParamResolution {
  readonly values: Map<DeclSymbol, Json>;
  readonly diagnostics: Diagnostic[];
}

/**
 * Resolves every parameter of every file. Overrides apply to the main file's parameters.
 * `requireValues` reports parameters with neither a default nor an override (compile and run need them; check does not).
 */
export function resolveParams(analysis: Analyzer, overrides: Readonly<Record<string, string>>, requireValues: boolean): ParamResolution {
  const values = new Map<DeclSymbol, Json>();
  const diagnostics: Diagnostic[] = [];
  const main = analysis.program.main;
  const mainParams = analysis.scope(main).all.filter((s) => s.kind === 'param');
  const header = analysis.program.files.get(main)!.module.declarations.find((d) => d.kind === 'RecipeDecl');
  const anchor = { file: main, start: header?.span.start ?? 0, end: (header?.span.start ?? 0) + (header ? 6 : 0) };
  for (const name of Object.keys(overrides)) {
    if (!mainParams.some((p) => p.name === name)) {
      diagnostics.push(diagnostic('unknown-param', anchor, { name, suggestions: suggest(name, mainParams.map((p) => p.name)) }));
    }
  }
  for (const scope of analysis.scopes.values()) {
    for (const symbol of scope.all) {
      if (symbol.kind !== 'param' || symbol.decl.kind !== 'ParamDecl') continue;
      const type = analysis.symbolValueType(symbol);
      const override = symbol.file === main ? overrides[symbol.name] : undefined;
      if (override !== undefined) {
        const parsed = parseParamValue(override, type);
        if (parsed === undefined) {
          diagnostics.push(diagnostic('invalid-param-value', { file: symbol.file, start: symbol.nameSpan.start, end: symbol.nameSpan.end }, {
            name: symbol.name, type: typeToString(type), value: override,
          }));
        } else values.set(symbol, parsed);
        continue;
      }
      const declared = symbol.decl.defaultValue;
      const value = declared ? constantValue({ analysis, file: symbol.file, paramValues: values, inStage: false }, declared) : undefined;
      if (value !== undefined) values.set(symbol, value);
      else if (requireValues && !declared) {
        diagnostics.push(diagnostic('missing-param-value', { file: symbol.file, start: symbol.nameSpan.start, end: symbol.nameSpan.end }, {
          name: symbol.name, type: typeToString(type),
        }));
      }
    }
  }
  return { values, diagnostics };
}
