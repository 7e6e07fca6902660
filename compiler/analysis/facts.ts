// What the analysis learns about a program. The analysis never reports; the
// checks read these facts and turn the ones that break an invariant into
// diagnostics, one check per file.
import type * as A from '../syntax/ast.ts';
import type { Type } from '../types/type.ts';
import type { ParamSpec, VerifierEntry, SourceEntry } from '../../stdlib/registry/index.ts';

export type SymbolKind = 'param' | 'type' | 'source' | 'model' | 'verifier' | 'stage' | 'curriculum' | 'mixture' | 'import';

export interface DeclSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly file: string;
  readonly decl: A.Declaration;
  readonly nameSpan: A.Span;
}

export interface ModuleScope {
  readonly file: string;
  readonly symbols: ReadonlyMap<string, DeclSymbol>;
  /** Every symbol, duplicates included, in source order. */
  readonly all: readonly DeclSymbol[];
  /** Import alias to the imported file (undefined when unreadable). */
  readonly imports: ReadonlyMap<string, string | undefined>;
}

/** Where a name was looked for and not found. */
export interface UnresolvedName {
  readonly file: string;
  readonly node: A.Identifier;
  readonly role: 'field' | 'name' | 'function' | 'type' | 'member' | 'source' | 'source-kind' | 'stage' | 'provider' | 'gate' | 'step' | 'verifier' | 'module';
  readonly candidates: readonly string[];
  /** For members: the type that lacks the member. */
  readonly owner?: Type;
  /** For fields: the fields in scope. */
  readonly fields?: readonly string[];
}

export interface ParamMatch {
  readonly param: ParamSpec;
  readonly expected: Type;
  readonly arg: A.Argument | null;
  readonly found: Type | null;
}

export type CalleeKind = 'function' | 'model' | 'verifier' | 'gate' | 'step';

export interface CallFact {
  readonly file: string;
  readonly node: A.Call | A.AnnotateExpr | A.ValidateStep | A.CallStep;
  readonly calleeName: string;
  readonly calleeKind: CalleeKind;
  readonly matches: readonly ParamMatch[];
  readonly unknownArgs: readonly A.Argument[];
  readonly extraPositional: readonly A.Argument[];
  /** Arguments for a parameter that an earlier argument already gave (by name or by position). */
  readonly repeated: ReadonlyArray<{ readonly arg: A.Argument; readonly param: string }>;
  readonly maxPositional: number;
}

export interface BinaryFact {
  readonly file: string;
  readonly node: A.BinaryExpr | A.UnaryExpr;
  readonly left: Type;
  readonly right: Type | null;
}

export interface ExpectationFact {
  readonly file: string;
  readonly node: A.Expression | A.AnnotateExpr;
  readonly what: string;
  readonly expected: Type;
  readonly found: Type;
}

export interface TemplateFact {
  readonly file: string;
  readonly literal: A.StringLiteral;
  readonly fields: Type | null;
}

export interface PropertyBlockFact {
  readonly file: string;
  readonly owner: string;
  readonly ownerSpan: A.Span;
  readonly schema: readonly ParamSpec[];
  readonly properties: readonly A.Property[];
  /** Properties the schema does not list, but that are legitimate here (none by default). */
  readonly open?: boolean;
}

export interface ModelCallFact {
  readonly file: string;
  readonly node: A.Call;
  readonly model: string;
  readonly task: string;
  readonly structured: boolean;
  /** The `let` this call is the whole value of, if any. */
  readonly binding: A.LetStep | null;
}

export interface VerifierInfo {
  readonly name: string;
  readonly truth: Type;
  readonly answer: Type;
  readonly entry: VerifierEntry | null;
}

export interface EmitFact {
  readonly file: string;
  readonly stage: A.StageDecl;
  readonly step: A.EmitStep;
  readonly truth: { node: A.Expression; type: Type } | null;
  readonly answer: { node: A.Expression; type: Type } | null;
  readonly verifier: { node: A.Expression; info: VerifierInfo } | null;
  /** The literal domain, when it is a string literal. */
  readonly domain: string | null;
  /** The literal difficulty, when it is a number literal. */
  readonly difficulty: number | null;
}

export interface StageInfo {
  readonly file: string;
  readonly decl: A.StageDecl;
  readonly input: DeclSymbol | null;
  readonly inputType: Type;
  /** The record type in scope before each step. */
  readonly scopeBefore: ReadonlyMap<A.Step, Type>;
  readonly outputType: Type;
  readonly emit: EmitFact | null;
}

export interface SourceInfo {
  readonly file: string;
  readonly decl: A.SourceDecl;
  readonly entry: SourceEntry | null;
  readonly recordType: Type;
}

export interface Resolution {
  readonly symbol: DeclSymbol;
  readonly node: A.Identifier;
  readonly file: string;
}

export interface PathFact {
  readonly file: string;
  readonly node: A.StringLiteral;
}

export interface SecretFact {
  readonly file: string;
  readonly property: A.Property;
}
