// The recipe grammar: rules only, with error recovery and full locations.
// The CST it builds is turned into the AST by compiler/syntax/cst-to-ast.ts.
import { CstParser, type CstNode, type IRecognitionException, type IToken, type ILexingError } from 'chevrotain';
import * as T from './tokens.ts';

class RecipeParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, nodeLocationTracking: 'full', maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  public module = this.RULE('module', () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  private declaration = this.RULE('declaration', () => {
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
    this.MANY(() => this.SUBRULE(this.step));
    this.CONSUME(T.RBrace);
  });

  private step = this.RULE('step', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.letStep) },
      { ALT: () => this.SUBRULE(this.whereStep) },
      { ALT: () => this.SUBRULE(this.explodeStep) },
      { ALT: () => this.SUBRULE(this.validateStep) },
      { ALT: () => this.SUBRULE(this.emitStep) },
      { ALT: () => this.SUBRULE(this.callStep) },
    ]);
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
        { ALT: () => this.SUBRULE(this.property) },
      ]);
    });
    this.CONSUME(T.RBrace);
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
    this.MANY(() => this.SUBRULE(this.phaseShare));
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
    this.MANY(() => this.SUBRULE(this.property));
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
      { ALT: () => this.SUBRULE(this.enumType) },
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
    this.CONSUME(T.Identifier); // `enum`, checked when the AST is built
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
    this.MANY(() => this.SUBRULE(this.fieldType));
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
      { ALT: () => this.SUBRULE(this.orExpr) },
    ]);
  });

  private conditional = this.RULE('conditional', () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Then);
    this.SUBRULE2(this.expression);
    this.CONSUME(T.Else);
    this.SUBRULE3(this.expression);
  });

  private orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  private andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  private notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  private comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.EqEq) },
        { ALT: () => this.CONSUME(T.NotEq) },
        { ALT: () => this.CONSUME(T.LessEq) },
        { ALT: () => this.CONSUME(T.GreaterEq) },
        { ALT: () => this.CONSUME(T.Less) },
        { ALT: () => this.CONSUME(T.Greater) },
      ]);
      this.SUBRULE2(this.additive);
    });
  });

  private additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Minus) },
      ]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  private multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
      ]);
      this.SUBRULE2(this.unary);
    });
  });

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
  });

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
  });

  private primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.stringLiteral) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Quantity) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
      { ALT: () => this.CONSUME(T.Identifier) },
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
  });

  private stringLiteral = this.RULE('stringLiteral', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.TripleString) },
    ]);
  });

  private listLiteral = this.RULE('listLiteral', () => {
    this.CONSUME(T.LBracket);
    this.MANY(() => {
      this.SUBRULE(this.expression);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  private argumentList = this.RULE('argumentList', () => {
    this.CONSUME(T.LParen);
    this.MANY(() => {
      this.SUBRULE(this.argument);
      this.OPTION(() => this.CONSUME(T.Comma));
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
}

export function parseRecipe(text: string): ParseOutput {
  return parseWith(text, () => parser.module());
}

/** Parses a type written alone, as the standard library registry writes its signatures. */
export function parseTypeText(text: string): ParseOutput {
  return parseWith(text, () => parser.typeExpr());
}

function parseWith(text: string, rule: () => CstNode): ParseOutput {
  const lexed = T.lexer.tokenize(text);
  parser.input = lexed.tokens;
  const cst = rule();
  return {
    cst,
    lexErrors: lexed.errors,
    parseErrors: parser.errors,
    comments: lexed.groups.comments ?? [],
    tokens: lexed.tokens,
  };
}
