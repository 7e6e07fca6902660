// Top-level names of each file: one namespace per file for every kind of declaration.
import type * as A from '../syntax/ast.ts';
import type { Program } from '../program.ts';
import type { DeclSymbol, ModuleScope, SymbolKind } from './facts.ts';

const kindOf: Partial<Record<A.Declaration['kind'], SymbolKind>> = {
  ParamDecl: 'param', TypeDecl: 'type', SourceDecl: 'source', ModelDecl: 'model', VerifierDecl: 'verifier',
  StageDecl: 'stage', CurriculumDecl: 'curriculum', MixtureDecl: 'mixture', ImportDecl: 'import',
};

function declName(decl: A.Declaration): A.Identifier | null {
  switch (decl.kind) {
    case 'ImportDecl':
      return decl.alias;
    case 'RecipeDecl':
    case 'OutputDecl':
      return null;
    default:
      return decl.name;
  }
}

export function buildScopes(program: Program): Map<string, ModuleScope> {
  const scopes = new Map<string, ModuleScope>();
  for (const [file, parsed] of program.files) {
    const symbols = new Map<string, DeclSymbol>();
    const all: DeclSymbol[] = [];
    for (const decl of parsed.module.declarations) {
      const kind = kindOf[decl.kind];
      const name = declName(decl);
      if (!kind || !name) continue;
      const symbol: DeclSymbol = { name: name.name, kind, file, decl, nameSpan: name.span };
      all.push(symbol);
      if (!symbols.has(name.name)) symbols.set(name.name, symbol);
    }
    const imports = new Map<string, string | undefined>();
    for (const edge of program.imports) {
      if (edge.file === file && edge.decl.alias) imports.set(edge.decl.alias.name, edge.target);
    }
    scopes.set(file, { file, symbols, all, imports });
  }
  return scopes;
}
