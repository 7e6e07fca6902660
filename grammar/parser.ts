// The recipe grammar: rules only, with error recovery and full locations.
// How it recovers from errors is in recovery.ts, how it builds the CST in
// cst-builder.ts; the CST is turned into the AST by compiler/syntax/cst-to-ast.ts.
import type { CstNode, DSLMethodOpts, IOrAlt, IRecognitionException, IToken, ILexingError, TokenType } from 'chevrotain';
import * as T from './tokens.ts';
import { expectationRecorder, RecoveringParser, withinEntry } from './recovery.ts';

export type { Expectation } from './recovery.ts';

// A rule's alternatives, and the gate and body of a gated repetition, are
// fields built once rather than literals built on every call: a rule runs once
// per construct of the input, and rebuilding them (each function named by
// esbuild's keepNames under tsx) took a third of the parse time. Chevrotain's
// performance guide calls this caching arrays of alternatives.
type Alternatives = IOrAlt<unknown>[];
type GatedRepetition = DSLMethodOpts<unknown>;

class RecipeParser extends RecoveringParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, nodeLocationTracking: 'onlyOffset', maxLookahead: 3, errorMessageProvider: expectationRecorder });
    this.performSelfAnalysis();
  }

  // Each declaration (and each step below) is an alternative of the repetition
  // itself, not of a wrapper rule: Chevrotain re-synchronises a failed rule to
  // what may follow it in its parent, so a broken declaration is kept, partial,
  // and parsing resumes at the next declaration keyword. A declaration parsed
  // before any error may go to the caller at once (`ParseOptions`).
  public module = this.RULE('module', () => {
    this.MANY(() => {
      const declaration = this.OR(this.declarations) as CstNode | undefined;
      this.ACTION(() => this.release(declaration));
    });
  });

  private readonly declarations: Alternatives = [
    { ALT: () => this.SUBRULE(this.recipeDecl) },
    { ALT: () => this.SUBRULE(this.importDecl) },
    { ALT: () => this.SUBRULE(this.paramDecl) },
    { ALT: () => this.SUBRULE(this.typeDecl) },
    { ALT: () => this.SUBRULE(this.sourceDecl) },
    { ALT: () => this.SUBRULE(this.modelDecl) },
    { ALT: () => this.SUBRULE(this.verifierDecl) },
    { ALT: () => this.SUBRULE(this.stageDecl) },
    { ALT: () => this.SUBRULE(this.curriculumDecl) },
    { ALT: () => this.SUBRULE(this.mixtureDecl) },
    { ALT: () => this.SUBRULE(this.outputDecl) },
  ];

  private recipeDecl = this.RULE('recipeDecl', () => {
    this.CONSUME(T.Recipe);
    this.CONSUME(T.Name);
    this.SUBRULE(this.block);
  });

  private importDecl = this.RULE('importDecl', () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.As);
    this.CONSUME(T.Identifier);
  });

  private paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(T.Param);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  private typeDecl = this.RULE('typeDecl', () => {
    this.CONSUME(T.Type);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.typeExpr);
  });

  private sourceDecl = this.RULE('sourceDecl', () => {
    this.CONSUME(T.Source);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeExpr);
    });
    this.CONSUME(T.Equals);
    this.CONSUME2(T.Identifier, { LABEL: 'kind' });
    this.SUBRULE(this.block);
  });

  private modelDecl = this.RULE('modelDecl', () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.CONSUME2(T.Identifier, { LABEL: 'provider' });
    this.SUBRULE(this.block);
  });

  private verifierDecl = this.RULE('verifierDecl', () => {
    this.CONSUME(T.Verifier);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  private stageDecl = this.RULE('stageDecl', () => {
    this.CONSUME(T.Stage);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.From);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.LBrace);
    this.MANY(this.steps);
    this.CONSUME(T.RBrace);
  });

  // A step that is an operation starts with `name(`: a lone name is debris to skip, not a step.
  private readonly steps: GatedRepetition = {
    GATE: () => this.LA(1).tokenType !== T.Identifier || this.LA(2).tokenType === T.LParen,
    DEF: () => this.OR(this.stepAlternatives),
  };

  private readonly stepAlternatives: Alternatives = [
    { ALT: () => this.SUBRULE(this.letStep) },
    { ALT: () => this.SUBRULE(this.whereStep) },
    { ALT: () => this.SUBRULE(this.explodeStep) },
    { ALT: () => this.SUBRULE(this.validateStep) },
    { ALT: () => this.SUBRULE(this.emitStep) },
    { ALT: () => this.SUBRULE(this.callStep) },
  ];

  private letStep = this.RULE('letStep', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeExpr);
    });
    this.CONSUME(T.Equals);
    this.OR(this.letValues);
  });

  private readonly letValues: Alternatives = [
    { ALT: () => this.SUBRULE(this.annotateExpr) },
    { ALT: () => this.SUBRULE(this.expression) },
  ];

  private annotateExpr = this.RULE('annotateExpr', () => {
    this.CONSUME(T.Annotate);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.argumentList);
  });

  private whereStep = this.RULE('whereStep', () => {
    this.CONSUME(T.Where);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.SUBRULE(this.stringLiteral);
    });
  });

  private explodeStep = this.RULE('explodeStep', () => {
    this.CONSUME(T.Explode);
    this.SUBRULE(this.expression);
    this.CONSUME(T.As);
    this.CONSUME(T.Identifier);
  });

  private validateStep = this.RULE('validateStep', () => {
    this.CONSUME(T.Validate);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.argumentList);
  });

  private emitStep = this.RULE('emitStep', () => {
    this.CONSUME(T.Emit);
    this.SUBRULE(this.block);
  });

  private callStep = this.RULE('callStep', () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.argumentList);
  });

  private curriculumDecl = this.RULE('curriculumDecl', () => {
    this.CONSUME(T.Curriculum);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.OR(this.curriculumEntries));
    this.CONSUME(T.RBrace);
  });

  private readonly curriculumEntries: Alternatives = [
    { ALT: () => this.SUBRULE(this.levelDecl) },
    { ALT: () => this.SUBRULE(this.phaseDecl) },
    { GATE: () => this.startsEntry(), ALT: () => this.SUBRULE(this.curriculumProperty) },
  ];

  /** A property of a curriculum; its key is a plain name, so `level` and `phase` always open a level or a phase. */
  private curriculumProperty = this.RULE('curriculumProperty', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
    this.OPTION(() => this.CONSUME(T.Comma));
  });

  private levelDecl = this.RULE('levelDecl', () => {
    this.CONSUME(T.Level);
    this.CONSUME(T.NumberLiteral);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.block);
  });

  private phaseDecl = this.RULE('phaseDecl', () => {
    this.CONSUME(T.Phase);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(this.phaseShares);
    this.CONSUME(T.RBrace);
  });

  private readonly phaseShares: GatedRepetition = { GATE: () => this.startsEntry(), DEF: () => this.SUBRULE(this.phaseShare) };

  private phaseShare = this.RULE('phaseShare', () => {
    this.OR(this.phaseLevels);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
    this.OPTION(() => this.CONSUME(T.Comma));
  });

  private readonly phaseLevels: Alternatives = [
    { ALT: () => this.CONSUME(T.NumberLiteral) },
    { ALT: () => this.CONSUME(T.Identifier) },
  ];

  private mixtureDecl = this.RULE('mixtureDecl', () => {
    this.CONSUME(T.Mixture);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.For);
    this.CONSUME2(T.Identifier, { LABEL: 'split' });
    this.SUBRULE(this.block);
  });

  private outputDecl = this.RULE('outputDecl', () => {
    this.CONSUME(T.Output);
    this.SUBRULE(this.block);
  });

  /** `{ key: value ... }` with optional commas: the body of most declarations and map literals. */
  private block = this.RULE('block', () => {
    this.CONSUME(T.LBrace);
    this.MANY(this.properties);
    this.CONSUME(T.RBrace);
  });

  private readonly properties: GatedRepetition = { GATE: () => this.startsEntry(), DEF: () => this.SUBRULE(this.property) };

  private property = this.RULE('property', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
    this.OPTION(() => this.CONSUME(T.Comma));
  });

  private qualifiedName = this.RULE('qualifiedName', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
  });

  // Types -----------------------------------------------------------------

  public typeExpr = this.RULE('typeExpr', () => {
    this.SUBRULE(this.optionalType);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      this.SUBRULE2(this.optionalType);
    });
  });

  private optionalType = this.RULE('optionalType', () => {
    this.SUBRULE(this.primaryType);
    this.OPTION(() => this.CONSUME(T.Question));
  });

  private primaryType = this.RULE('primaryType', () => {
    this.OR(this.primaryTypes);
  });

  private readonly primaryTypes: Alternatives = [
    { ALT: () => this.SUBRULE(this.recordType) },
    { GATE: () => this.LA(1).image === 'enum', ALT: () => this.SUBRULE(this.enumType) },
    { ALT: () => this.SUBRULE(this.namedType) },
  ];

  private namedType = this.RULE('namedType', () => {
    this.SUBRULE(this.qualifiedName);
    this.OPTION(() => {
      this.CONSUME(T.Less);
      this.SUBRULE(this.typeExpr);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.typeExpr);
      });
      this.CONSUME(T.Greater);
    });
  });

  private enumType = this.RULE('enumType', () => {
    this.CONSUME(T.Identifier); // `enum`: the alternative is gated on the word
    this.CONSUME(T.LParen);
    this.SUBRULE(this.stringLiteral);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.stringLiteral);
    });
    this.CONSUME(T.RParen);
  });

  private recordType = this.RULE('recordType', () => {
    this.CONSUME(T.LBrace);
    this.MANY(this.fieldTypes);
    this.CONSUME(T.RBrace);
  });

  private readonly fieldTypes: GatedRepetition = { GATE: () => this.startsEntry(), DEF: () => this.SUBRULE(this.fieldType) };

  private fieldType = this.RULE('fieldType', () => {
    this.CONSUME(T.Name);
    this.OPTION(() => this.CONSUME(T.Question));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.OPTION2(() => this.CONSUME(T.Comma));
  });

  // Expressions, lowest precedence first ------------------------------------

  public expression = this.RULE('expression', () => {
    this.OR(this.expressions);
  }, withinEntry);

  private readonly expressions: Alternatives = [
    { ALT: () => this.SUBRULE(this.conditional) },
    { ALT: () => this.SUBRULE(this.binary) },
  ];

  private conditional = this.RULE('conditional', () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Then);
    this.SUBRULE2(this.expression);
    this.CONSUME(T.Else);
    this.SUBRULE3(this.expression);
  }, withinEntry);

  /** `a op b op c …` read flat; the AST builder applies precedence (one CST level instead of six keeps parsing fast). */
  private binary = this.RULE('binary', () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(T.BinaryOperator);
      this.SUBRULE2(this.operand);
    });
  }, withinEntry);

  /** An operand with its prefix `not`s, which bind looser than comparisons, as in Python. */
  private operand = this.RULE('operand', () => {
    this.MANY(() => this.CONSUME(T.Not));
    this.SUBRULE(this.unary);
  }, withinEntry);

  private unary = this.RULE('unary', () => {
    this.OR(this.unaries);
  }, withinEntry);

  private readonly unaries: Alternatives = [
    {
      ALT: () => {
        this.CONSUME(T.Minus);
        this.SUBRULE(this.unary);
      },
    },
    { ALT: () => this.SUBRULE(this.postfix) },
  ];

  private postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.OR(this.suffixes));
  }, withinEntry);

  private readonly suffixes: Alternatives = [
    {
      ALT: () => {
        this.CONSUME(T.Dot);
        this.CONSUME(T.Name);
      },
    },
    { ALT: () => this.SUBRULE(this.argumentList) },
    {
      ALT: () => {
        this.CONSUME(T.LBracket);
        this.SUBRULE(this.expression);
        this.CONSUME(T.RBracket);
      },
    },
  ];

  private primary = this.RULE('primary', () => {
    this.OR(this.primaries);
  }, withinEntry);

  private readonly primaries: Alternatives = [
    { ALT: () => this.SUBRULE(this.stringLiteral) },
    { ALT: () => this.CONSUME(T.NumberLiteral) },
    { ALT: () => this.CONSUME(T.Quantity) },
    { ALT: () => this.CONSUME(T.True) },
    { ALT: () => this.CONSUME(T.False) },
    { ALT: () => this.CONSUME(T.Null) },
    // A keyword that opens a declaration or a step may be an enum value (`by: stage`),
    // but not when it starts a line and something follows it on that line:
    // there the value is missing and a new declaration or step begins.
    { GATE: () => !this.opensConstruct(), ALT: () => this.CONSUME(T.ValueName) },
    { ALT: () => this.SUBRULE(this.listLiteral) },
    { ALT: () => this.SUBRULE(this.block) },
    {
      ALT: () => {
        this.CONSUME(T.LParen);
        this.SUBRULE(this.expression);
        this.CONSUME(T.RParen);
      },
    },
  ];

  private stringLiteral = this.RULE('stringLiteral', () => {
    this.OR(this.strings);
  }, withinEntry);

  private readonly strings: Alternatives = [
    { ALT: () => this.CONSUME(T.StringLiteral) },
    { ALT: () => this.CONSUME(T.TripleString) },
  ];

  private listLiteral = this.RULE('listLiteral', () => {
    this.CONSUME(T.LBracket);
    this.MANY(this.listItems);
    this.CONSUME(T.RBracket);
  }, withinEntry);

  // `name:` or a declaration keyword after an item means the `]` is missing.
  private readonly listItems: GatedRepetition = {
    GATE: () => this.LA(2).tokenType !== T.Colon && !this.opensConstruct(),
    DEF: () => {
      this.SUBRULE(this.expression);
      this.OPTION(() => this.CONSUME(T.Comma));
    },
  };

  private argumentList = this.RULE('argumentList', () => {
    this.CONSUME(T.LParen);
    this.MANY(this.argumentEntries);
    this.CONSUME(T.RParen);
  });

  private readonly argumentEntries: GatedRepetition = {
    GATE: () => !this.opensConstruct(),
    DEF: () => {
      this.SUBRULE(this.argument);
      this.OPTION(() => this.CONSUME(T.Comma));
    },
  };

  private argument = this.RULE('argument', () => {
    this.OPTION(() => {
      this.CONSUME(T.Name);
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.expression);
  });
}

/** One parser instance, reused: Chevrotain parsers are built once and reset per input. */
export const parser = new RecipeParser();

export interface ParseOutput {
  cst: CstNode;
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
  comments: IToken[];
  tokens: IToken[];
  /** The token that nests deeper than `MAX_NESTING`; the parser read only what comes before it. */
  tooDeep?: IToken;
}

/**
 * How deep brackets, type arguments and runs of prefix `-` and `not` may nest. The parser
 * and every tree walk recurse once per level; far below what exhausts the
 * stack, far above what a recipe needs.
 */
export const MAX_NESTING = 32;

export interface ParseOptions {
  /**
   * Takes each top-level declaration that ends before the first syntax error out
   * of the CST as soon as it is parsed: a caller that turns it into its AST at once
   * need not keep the CST of the whole file alive. What follows the first error
   * stays in the CST, for the caller to read the errors in context.
   */
  readonly takeDeclaration?: (node: CstNode) => void;
}

export function parseRecipe(text: string, options: ParseOptions = {}): ParseOutput {
  parser.takeDeclaration = options.takeDeclaration;
  try {
    return parseWith(text, () => parser.module());
  } finally {
    parser.takeDeclaration = undefined;
  }
}

/** Parses a type written alone, as the standard library registry writes its signatures. */
export function parseTypeText(text: string): ParseOutput {
  return parseWith(text, () => parser.typeExpr());
}

function parseWith(text: string, rule: () => CstNode): ParseOutput {
  const lexed = T.lexer.tokenize(text);
  const tooDeep = firstTooDeep(lexed.tokens);
  parser.input = tooDeep ? lexed.tokens.slice(0, lexed.tokens.indexOf(tooDeep)) : lexed.tokens;
  const cst = rule();
  const parseErrors = parser.errors;
  // Otherwise the parser holds on to this input's tokens until the next parse.
  parser.input = [];
  return {
    cst,
    lexErrors: lexed.errors,
    parseErrors,
    comments: lexed.groups.comments ?? [],
    tokens: lexed.tokens,
    ...(tooDeep ? { tooDeep } : {}),
  };
}

function firstTooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  let prefixRun = 0;
  let typeArgumentRun = 0;
  let previous: TokenType | undefined;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === T.LParen || type === T.LBracket || type === T.LBrace) depth++;
    else if (type === T.RParen || type === T.RBracket || type === T.RBrace) depth = Math.max(0, depth - 1);
    prefixRun = type === T.Minus || type === T.Not ? prefixRun + 1 : 0;
    // `list<list<…` nests without brackets: count the type names opened in a row.
    if (type === T.Less && previous === T.Identifier) typeArgumentRun++;
    else if (type !== T.Identifier && type !== T.Dot) typeArgumentRun = 0;
    if (depth > MAX_NESTING || prefixRun > MAX_NESTING || typeArgumentRun > MAX_NESTING) return token;
    previous = type;
  }
  return undefined;
}
