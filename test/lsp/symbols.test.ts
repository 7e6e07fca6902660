// The outline of a recipe, as a pure function of a checked document.
import { describe, expect, it } from 'vitest';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { documentSymbols } from '../../lsp/features/symbols.ts';
import { fixture } from './support.ts';

const outline = (symbols: DocumentSymbol[]): unknown[] =>
  symbols.map((s) => (s.children ? [s.name, s.kind, s.detail ?? null, outline(s.children)] : [s.name, s.kind, s.detail ?? null]));

describe('document symbols', () => {
  it('lists every declaration, with a stage\'s bindings, a curriculum\'s levels and phases and a type\'s fields', () => {
    const { document, ranges } = fixture(`
      recipe t { version: "0.1.0" seed: 1 }
      param size: int = 10
      type Region = {label: string, span: segment<s>}
      source problems = math_problems { count: size }
      model tutor = hf { id: "org/model" task: text_generation }
      verifier boxed = all(format(), math())
      <|stage s from problems {
        let hint = "a"
        explode [1, 2] as item
        emit { prompt: question truth: answer verifier: boxed difficulty: difficulty domain: "math" }
      }|>
      curriculum c {
        level 1 first { stages: [s] }
        phase warmup { 1: 100% }
      }
      mixture m for rl { weights: { math: 1 } size: 10 }
      output { dir: "out" }
    `);
    const symbols = documentSymbols(document);
    expect(outline(symbols)).toEqual([
      ['recipe t', SymbolKind.Namespace, null],
      ['size', SymbolKind.Constant, 'int'],
      ['Region', SymbolKind.Struct, null, [['label', SymbolKind.Field, null], ['span', SymbolKind.Field, null]]],
      ['problems', SymbolKind.Class, 'math_problems'],
      ['tutor', SymbolKind.Object, 'hf'],
      ['boxed', SymbolKind.Interface, 'verifier<string | float>'],
      ['s', SymbolKind.Function, 'from problems', [['hint', SymbolKind.Field, 'let'], ['item', SymbolKind.Field, 'explode'], ['emit', SymbolKind.Event, null]]],
      ['c', SymbolKind.Namespace, 'curriculum', [['level 1 first', SymbolKind.EnumMember, null], ['phase warmup', SymbolKind.Event, null]]],
      ['m', SymbolKind.Namespace, 'mixture for rl'],
      ['output', SymbolKind.Package, null],
    ]);
    const stage = symbols[6];
    expect(stage.range).toEqual(ranges[0]);
    expect(stage.selectionRange).toEqual({ start: { line: 6, character: 6 }, end: { line: 6, character: 7 } });
  });

  it('outlines a recipe that does not parse as far as it goes', () => {
    const { document } = fixture('recipe t { version: "0.1.0" seed: 1 }\nstage s from x {\n  let = \n}\nparam p: int = 1\n');
    expect(documentSymbols(document).map((s) => s.name)).toEqual(['recipe t', 's', 'p']);
  });
});
