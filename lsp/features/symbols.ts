// The outline: every declaration, with a stage's bindings and emit, a curriculum's levels
// and phases, and a record type's fields beneath it.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type * as A from '../../compiler/syntax/ast.ts';
import { typeToString } from '../../compiler/types/type.ts';
import type { DocumentAnalysis } from '../document.ts';

export function documentSymbols(document: DocumentAnalysis): DocumentSymbol[] {
  const parsed = document.parsed;
  if (!parsed) return [];
  const analysis = document.result.analysis;
  const symbolOf = (decl: A.Declaration) => analysis?.scopes.get(document.file)?.all.find((s) => s.decl === decl);
  const make = (name: string, kind: SymbolKind, span: A.Span, selection: A.Span, detail?: string, children?: DocumentSymbol[]): DocumentSymbol => ({
    name: name || '?', kind, range: document.range(span), selectionRange: document.range(selection), ...(detail ? { detail } : {}), ...(children?.length ? { children } : {}),
  });
  const out: DocumentSymbol[] = [];
  for (const decl of parsed.module.declarations) {
    const name = 'name' in decl ? decl.name : null;
    const selection = name?.span ?? { start: decl.span.start, end: decl.span.start };
    const symbol = symbolOf(decl);
    const type = symbol && analysis && symbol.kind !== 'import' ? typeToString(analysis.symbolValueType(symbol)) : undefined;
    switch (decl.kind) {
      case 'RecipeDecl':
        out.push(make(`recipe ${decl.name?.name ?? ''}`.trim(), SymbolKind.Namespace, decl.span, selection));
        break;
      case 'ImportDecl':
        out.push(make(decl.alias?.name ?? '', SymbolKind.Module, decl.span, decl.alias?.span ?? selection, decl.path ? `"${decl.path.value}"` : undefined));
        break;
      case 'ParamDecl':
        out.push(make(decl.name?.name ?? '', SymbolKind.Constant, decl.span, selection, type));
        break;
      case 'TypeDecl':
        out.push(make(decl.name?.name ?? '', SymbolKind.Struct, decl.span, selection, undefined, decl.type?.kind === 'RecordType' ? recordFields(document, decl.type) : []));
        break;
      case 'SourceDecl':
        out.push(make(decl.name?.name ?? '', SymbolKind.Class, decl.span, selection, decl.sourceKind?.name));
        break;
      case 'ModelDecl':
        out.push(make(decl.name?.name ?? '', SymbolKind.Object, decl.span, selection, decl.provider?.name));
        break;
      case 'VerifierDecl':
        out.push(make(decl.name?.name ?? '', SymbolKind.Interface, decl.span, selection, type));
        break;
      case 'StageDecl':
        out.push(make(decl.name?.name ?? '', SymbolKind.Function, decl.span, selection, decl.input ? `from ${decl.input.module ? `${decl.input.module.name}.` : ''}${decl.input.name.name}` : undefined, stageChildren(document, decl)));
        break;
      case 'CurriculumDecl':
        out.push(make(decl.name?.name ?? '', SymbolKind.Namespace, decl.span, selection, 'curriculum', [
          ...decl.levels.map((l) => make(`level ${l.number?.text ?? '?'} ${l.name?.name ?? ''}`.trim(), SymbolKind.EnumMember, l.span, l.name?.span ?? l.span)),
          ...decl.phases.map((p) => make(`phase ${p.name?.name ?? ''}`.trim(), SymbolKind.Event, p.span, p.name?.span ?? p.span)),
        ].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)));
        break;
      case 'MixtureDecl':
        out.push(make(decl.name?.name ?? '', SymbolKind.Namespace, decl.span, selection, `mixture for ${decl.split?.name ?? '?'}`));
        break;
      case 'OutputDecl':
        out.push(make('output', SymbolKind.Package, decl.span, selection));
        break;
    }
  }
  return out;
}

function stageChildren(document: DocumentAnalysis, decl: A.StageDecl): DocumentSymbol[] {
  const children: DocumentSymbol[] = [];
  for (const step of decl.steps) {
    if ((step.kind === 'LetStep' || step.kind === 'ExplodeStep') && step.name) {
      children.push({ name: step.name.name, kind: SymbolKind.Field, range: document.range(step.span), selectionRange: document.range(step.name.span), detail: step.kind === 'LetStep' ? 'let' : 'explode' });
    } else if (step.kind === 'EmitStep') {
      children.push({ name: 'emit', kind: SymbolKind.Event, range: document.range(step.span), selectionRange: document.range({ start: step.span.start, end: step.span.start + 4 }) });
    }
  }
  return children;
}

function recordFields(document: DocumentAnalysis, type: A.RecordType): DocumentSymbol[] {
  return type.fields.map((f) => ({ name: f.name.name, kind: SymbolKind.Field, range: document.range(f.span), selectionRange: document.range(f.name.span) }));
}
