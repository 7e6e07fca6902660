// The syntax tree. Nodes are readonly, discriminated on `kind`, and carry a
// span of offsets into their file. A part that the parser had to invent while
// recovering from an error is `null` here: later phases skip nulls quietly.

export interface Span {
  readonly start: number;
  readonly end: number;
}

interface Node {
  readonly span: Span;
}

export interface Identifier extends Node {
  readonly kind: 'Identifier';
  readonly name: string;
}

/** A reference that may be qualified by an import alias: `common.math_check`. */
export interface QualifiedName extends Node {
  readonly kind: 'QualifiedName';
  readonly module: Identifier | null;
  readonly name: Identifier;
}

export interface Module extends Node {
  readonly kind: 'Module';
  readonly declarations: readonly Declaration[];
}

export type Declaration =
  | RecipeDecl | ImportDecl | ParamDecl | TypeDecl | SourceDecl | ModelDecl
  | VerifierDecl | StageDecl | CurriculumDecl | MixtureDecl | OutputDecl;

export interface RecipeDecl extends Node {
  readonly kind: 'RecipeDecl';
  readonly name: Identifier | null;
  readonly properties: readonly Property[];
}

export interface ImportDecl extends Node {
  readonly kind: 'ImportDecl';
  readonly path: StringLiteral | null;
  readonly alias: Identifier | null;
}

export interface ParamDecl extends Node {
  readonly kind: 'ParamDecl';
  readonly name: Identifier | null;
  readonly type: TypeExpr | null;
  readonly defaultValue: Expression | null;
}

export interface TypeDecl extends Node {
  readonly kind: 'TypeDecl';
  readonly name: Identifier | null;
  readonly type: TypeExpr | null;
}

export interface SourceDecl extends Node {
  readonly kind: 'SourceDecl';
  readonly name: Identifier | null;
  readonly schema: TypeExpr | null;
  readonly sourceKind: Identifier | null;
  readonly properties: readonly Property[];
}

export interface ModelDecl extends Node {
  readonly kind: 'ModelDecl';
  readonly name: Identifier | null;
  readonly provider: Identifier | null;
  readonly properties: readonly Property[];
}

export interface VerifierDecl extends Node {
  readonly kind: 'VerifierDecl';
  readonly name: Identifier | null;
  readonly value: Expression | null;
}

export interface StageDecl extends Node {
  readonly kind: 'StageDecl';
  readonly name: Identifier | null;
  readonly input: QualifiedName | null;
  readonly steps: readonly Step[];
}

export interface CurriculumDecl extends Node {
  readonly kind: 'CurriculumDecl';
  readonly name: Identifier | null;
  readonly levels: readonly LevelDecl[];
  readonly phases: readonly PhaseDecl[];
  readonly properties: readonly Property[];
}

export interface LevelDecl extends Node {
  readonly kind: 'LevelDecl';
  readonly number: NumberLiteral | null;
  readonly name: Identifier | null;
  readonly properties: readonly Property[];
}

export interface PhaseDecl extends Node {
  readonly kind: 'PhaseDecl';
  readonly name: Identifier | null;
  readonly shares: readonly PhaseShare[];
}

/** `2: 40%` inside a phase: level 2 gets 40 % of the phase. The level may be named. */
export interface PhaseShare extends Node {
  readonly kind: 'PhaseShare';
  readonly level: NumberLiteral | Identifier;
  readonly share: Expression | null;
}

export interface MixtureDecl extends Node {
  readonly kind: 'MixtureDecl';
  readonly name: Identifier | null;
  readonly split: Identifier | null;
  readonly properties: readonly Property[];
}

export interface OutputDecl extends Node {
  readonly kind: 'OutputDecl';
  readonly properties: readonly Property[];
}

export interface Property extends Node {
  readonly kind: 'Property';
  readonly key: Identifier;
  readonly value: Expression | null;
}

// Pipeline steps ------------------------------------------------------------

export type Step = LetStep | WhereStep | ExplodeStep | ValidateStep | EmitStep | CallStep;

export interface LetStep extends Node {
  readonly kind: 'LetStep';
  readonly name: Identifier | null;
  readonly type: TypeExpr | null;
  readonly value: Expression | AnnotateExpr | null;
}

/** `annotate audio_regions(media: clip, ...)`: people produce the value; only as the value of a `let`. */
export interface AnnotateExpr extends Node {
  readonly kind: 'AnnotateExpr';
  readonly gate: Identifier | null;
  readonly args: readonly Argument[];
}

export interface WhereStep extends Node {
  readonly kind: 'WhereStep';
  readonly condition: Expression | null;
  readonly reason: StringLiteral | null;
}

export interface ExplodeStep extends Node {
  readonly kind: 'ExplodeStep';
  readonly value: Expression | null;
  readonly name: Identifier | null;
}

export interface ValidateStep extends Node {
  readonly kind: 'ValidateStep';
  readonly gate: Identifier | null;
  readonly args: readonly Argument[];
}

export interface EmitStep extends Node {
  readonly kind: 'EmitStep';
  readonly properties: readonly Property[];
}

/** A standard-library step such as `dedup(key: question)`. */
export interface CallStep extends Node {
  readonly kind: 'CallStep';
  readonly operator: Identifier;
  readonly args: readonly Argument[];
}

// Types ---------------------------------------------------------------------

export type TypeExpr = NamedType | RecordType | EnumType | OptionalType | UnionType;

/** `string`, `list<T>`, `point<px>`, `Region`, `common.Region`. */
export interface NamedType extends Node {
  readonly kind: 'NamedType';
  readonly name: QualifiedName;
  readonly args: readonly TypeExpr[];
}

export interface RecordType extends Node {
  readonly kind: 'RecordType';
  readonly fields: readonly FieldType[];
}

export interface FieldType extends Node {
  readonly kind: 'FieldType';
  readonly name: Identifier;
  readonly optional: boolean;
  readonly type: TypeExpr | null;
}

export interface EnumType extends Node {
  readonly kind: 'EnumType';
  readonly members: readonly StringLiteral[];
}

export interface OptionalType extends Node {
  readonly kind: 'OptionalType';
  readonly inner: TypeExpr;
}

export interface UnionType extends Node {
  readonly kind: 'UnionType';
  readonly members: readonly TypeExpr[];
}

// Expressions ---------------------------------------------------------------

export type Expression =
  | StringLiteral | NumberLiteral | QuantityLiteral | BooleanLiteral | NullLiteral
  | ListLiteral | MapLiteral | Reference | MemberAccess | IndexAccess | Call
  | UnaryExpr | BinaryExpr | Conditional;

export interface StringLiteral extends Node {
  readonly kind: 'StringLiteral';
  readonly value: string;
  /** Offset of the first character of the value (after the opening quotes), to map template fields back to the source. */
  readonly valueStart: number;
  /** True for `"""` strings, whose value is the raw text between the quotes. */
  readonly triple: boolean;
}

export interface NumberLiteral extends Node {
  readonly kind: 'NumberLiteral';
  readonly value: number;
  readonly integer: boolean;
  readonly text: string;
}

export type QuantityUnit = 'ms' | 's' | 'min' | 'h' | 'px' | '%';

/** `30s`, `500ms`, `12px`, `20%`. */
export interface QuantityLiteral extends Node {
  readonly kind: 'QuantityLiteral';
  readonly value: number;
  readonly unit: QuantityUnit;
  readonly text: string;
}

export interface BooleanLiteral extends Node {
  readonly kind: 'BooleanLiteral';
  readonly value: boolean;
}

export interface NullLiteral extends Node {
  readonly kind: 'NullLiteral';
}

export interface ListLiteral extends Node {
  readonly kind: 'ListLiteral';
  readonly items: readonly Expression[];
}

export interface MapLiteral extends Node {
  readonly kind: 'MapLiteral';
  readonly entries: readonly Property[];
}

export interface Reference extends Node {
  readonly kind: 'Reference';
  readonly name: Identifier;
}

export interface MemberAccess extends Node {
  readonly kind: 'MemberAccess';
  readonly object: Expression;
  readonly member: Identifier | null;
}

export interface IndexAccess extends Node {
  readonly kind: 'IndexAccess';
  readonly object: Expression;
  readonly index: Expression | null;
}

export interface Call extends Node {
  readonly kind: 'Call';
  readonly callee: Expression;
  readonly args: readonly Argument[];
}

export interface Argument extends Node {
  readonly kind: 'Argument';
  readonly name: Identifier | null;
  readonly value: Expression | null;
}

export type UnaryOperator = '-' | 'not';
export type BinaryOperator = '+' | '-' | '*' | '/' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export interface UnaryExpr extends Node {
  readonly kind: 'UnaryExpr';
  readonly operator: UnaryOperator;
  readonly operand: Expression | null;
}

export interface BinaryExpr extends Node {
  readonly kind: 'BinaryExpr';
  readonly operator: BinaryOperator;
  readonly operatorSpan: Span;
  readonly left: Expression;
  readonly right: Expression | null;
}

export interface Conditional extends Node {
  readonly kind: 'Conditional';
  readonly condition: Expression | null;
  readonly then: Expression | null;
  readonly otherwise: Expression | null;
}

export type AnyNode =
  | Module | Declaration | Property | Step | TypeExpr | FieldType | Expression
  | Argument | Identifier | QualifiedName | LevelDecl | PhaseDecl | PhaseShare | AnnotateExpr;
