// The recipe grammar: rules only, with error recovery and full locations.
// How it recovers from errors is in recovery.ts; the CST it builds is turned
// into the AST by compiler/syntax/cst-to-ast.ts.
import type { CstNode, IRecognitionException, IToken, ILexingError, TokenType } from 'chevrotain';
import * as T from './tokens.ts';
import { expectationRecorder, RecoveringParser, withinEntry } from './recovery.ts';

export type { Expectation } from './recovery.ts';

class RecipeParser extends RecoveringParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, nodeLocationTracking: 'onlyOffset', maxLookahead: 3, errorMessageProvider: expectationRecorder });
    this.performSelfAnalysis();
  }

  // Each declaration (and each step below) is an alternative of the repetition
  // itself, not of a wrapper rule: Chevrotain re-synchronises a failed rule to
  // what may follow it in its parent, so a broken declaration is kept, partial,
  // and parsing resumes at the next declaration keyword.
  public module = this.RULE('module', () => {
    this.MANY(() => {
      this.OR([
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
      ]);
    });
  });

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
    // A step that is an operation starts with `name(`: a lone name is debris to skip, not a step.
    this.MANY({
      GATE: () => this.LA(1).tokenType !== T.Identifier || this.LA(2).tokenType === T.LParen,
      DEF: () => this.OR([
        { ALT: () => this.SUBRULE(this.letStep) },
        { ALT: () => this.SUBRULE(this.whereStep) },
        { ALT: () => this.SUBRULE(this.explodeStep) },
        { ALT: () => this.SUBRULE(this.validateStep) },
        { ALT: () => this.SUBRULE(this.emitStep) },
        { ALT: () => this.SUBRULE(this.callStep) },
      ]),
    });
    this.CONSUME(T.RBrace);
  });

  private letStep = this.RULE('letStep', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeExpr);
    });
    this.CONSUME(T.Equals);
    this.OR([
      { ALT: () => this.SUBRULE(this.annotateExpr) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

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
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.levelDecl) },
        { ALT: () => this.SUBRULE(this.phaseDecl) },
        { GATE: () => this.startsEntry(), ALT: () => this.SUBRULE(this.curriculumProperty) },
      ]);
    });
    this.CONSUME(T.RBrace);
  });

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
    this.MANY({ GATE: () => this.startsEntry(), DEF: () => this.SUBRULE(this.phaseShare) });
    this.CONSUME(T.RBrace);
  });

  private phaseShare = this.RULE('phaseShare', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Identifier) },
    ]);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
    this.OPTION(() => this.CONSUME(T.Comma));
  });

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
    this.MANY({ GATE: () => this.startsEntry(), DEF: () => this.SUBRULE(this.property) });
    this.CONSUME(T.RBrace);
  });

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
    this.OR([
      { ALT: () => this.SUBRULE(this.recordType) },
      { GATE: () => this.LA(1).image === 'enum', ALT: () => this.SUBRULE(this.enumType) },
      { ALT: () => this.SUBRULE(this.namedType) },
    ]);
  });

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
    this.MANY({ GATE: () => this.startsEntry(), DEF: () => this.SUBRULE(this.fieldType) });
    this.CONSUME(T.RBrace);
  });

  private fieldType = this.RULE('fieldType', () => {
    this.CONSUME(T.Name);
    this.OPTION(() => this.CONSUME(T.Question));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.OPTION2(() => this.CONSUME(T.Comma));
  });

  // Expressions, lowest precedence first ------------------------------------

  public expression = this.RULE('expression', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.conditional) },
      { ALT: () => this.SUBRULE(this.binary) },
    ]);
  }, withinEntry);

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
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]);
  }, withinEntry);

  private postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
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
      ]);
    });
  }, withinEntry);

  private primary = this.RULE('primary', () => {
    this.OR([
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
    ]);
  }, withinEntry);

  private stringLiteral = this.RULE('stringLiteral', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.TripleString) },
    ]);
  }, withinEntry);

  private listLiteral = this.RULE('listLiteral', () => {
    this.CONSUME(T.LBracket);
    // `name:` or a declaration keyword after an item means the `]` is missing.
    this.MANY({
      GATE: () => this.LA(2).tokenType !== T.Colon && !this.opensConstruct(),
      DEF: () => {
        this.SUBRULE(this.expression);
        this.OPTION(() => this.CONSUME(T.Comma));
      },
    });
    this.CONSUME(T.RBracket);
  }, withinEntry);

  private argumentList = this.RULE('argumentList', () => {
    this.CONSUME(T.LParen);
    this.MANY({
      GATE: () => !this.opensConstruct(),
      DEF: () => {
        this.SUBRULE(this.argument);
        this.OPTION(() => this.CONSUME(T.Comma));
      },
    });
    this.CONSUME(T.RParen);
  });

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

export function parseRecipe(text: string): ParseOutput {
  return parseWith(text, () => parser.module());
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
  return {
    cst,
    lexErrors: lexed.errors,
    parseErrors: parser.errors,
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
