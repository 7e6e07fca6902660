// The TextMate grammar `source.rlr`, generated from the lexer's tokens: the
// keywords, literal patterns, units and operators below are read from
// grammar/tokens.ts, so highlighting cannot drift from the language. What the
// lexer cannot say (which names a declaration introduces, where a type is
// written) follows the parser's shapes; a region spans lines only where the
// language does (`"""` strings, record types, `template(…)`), so a half-typed
// line cannot colour the rest of the file.
import type { TokenType } from 'chevrotain';
import * as T from '../../grammar/tokens.ts';
import { builtinTypeNames, type Space, type TimeBase } from '../../compiler/types/type.ts';

export const scopeName = 'source.rlr';

/** A rule of a TextMate grammar, as VS Code and vscode-textmate read it. */
export interface Rule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Captures;
  beginCaptures?: Captures;
  endCaptures?: Captures;
  patterns?: Rule[];
  include?: string;
  comment?: string;
}
type Captures = Record<string, { name?: string; patterns?: Rule[] }>;

export interface TextMateGrammar {
  $schema: string;
  name: string;
  scopeName: string;
  fileTypes: string[];
  comment: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const source = (token: TokenType): string => {
  const pattern = token.PATTERN;
  if (!(pattern instanceof RegExp)) throw new Error(`token ${token.name} has no regular expression`);
  return pattern.source;
};

const ID = source(T.Identifier);
const notWordBefore = '(?<![A-Za-z0-9_])';
const notWordAfter = '(?![A-Za-z0-9_])';
const words = (list: readonly string[]) => `${notWordBefore}(?:${list.join('|')})${notWordAfter}`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
/** Where the parser lets a declaration or a step begin: at the start of a line, or right after a bracket (`{ let x = 1 }`). */
const opens = '(?:^|(?<=[{}()\\[\\]]))\\s*';

// Keywords ------------------------------------------------------------------

/** The keyword classes, most specific first; a keyword the lexer gains later falls into the last one. */
const keywordClasses: ReadonlyArray<{ scope: string; has: (token: TokenType) => boolean }> = [
  { scope: 'keyword.declaration.rlr', has: (token) => T.declarationKeywords.includes(token) },
  { scope: 'keyword.control.step.rlr', has: (token) => T.stepKeywords.includes(token) || token === T.Annotate },
  { scope: 'keyword.control.conditional.rlr', has: (token) => [T.If, T.Then, T.Else].includes(token) },
  { scope: 'keyword.operator.logical.rlr', has: (token) => token === T.Not || (token.CATEGORIES ?? []).includes(T.BinaryOperator) },
  { scope: 'constant.language.boolean.rlr', has: (token) => token === T.True || token === T.False },
  { scope: 'constant.language.null.rlr', has: (token) => token === T.Null },
  { scope: 'keyword.other.rlr', has: () => true },
];

/** The word a keyword token matches (`recipe` for the `Recipe` token). */
export function keywordWord(token: TokenType): string {
  return /^[a-z_]+/.exec(source(token))![0];
}

/** The scope the grammar gives a keyword where the parser reads it as a keyword (not as a property key or a member). */
export function keywordScope(token: TokenType): string {
  return keywordClasses.find((c) => c.has(token))!.scope;
}

function keywordRules(): Rule[] {
  const byScope = new Map<string, string[]>();
  for (const token of T.keywordTokens) {
    const scope = keywordScope(token);
    byScope.set(scope, [...(byScope.get(scope) ?? []), keywordWord(token)]);
  }
  return [...byScope].map(([name, list]) => ({ name, match: words(list) }));
}

// Numbers -------------------------------------------------------------------

/** What each unit of the lexer's `Quantity` measures. */
const unitKinds: Record<string, string> = { ms: 'duration', s: 'duration', min: 'duration', h: 'duration', px: 'pixels', '%': 'percentage' };

/** The lexer's quantity pattern split into its number and its units, e.g. `\d+(?:\.\d+)?` and `ms|min|px|s|h|%`. */
function quantityParts(): { number: string; units: string[]; after: string } {
  const match = /^(.*)\(\?:((?:[a-z%]+\|)*[a-z%]+)\)(\(\?![^)]*\))$/.exec(source(T.Quantity));
  if (!match) throw new Error(`cannot read the units of the Quantity token: ${source(T.Quantity)}`);
  const units = match[2].split('|');
  const unknown = units.filter((u) => !(u in unitKinds));
  if (unknown.length) throw new Error(`the lexer has units the TextMate grammar does not know: ${unknown.join(', ')}`);
  return { number: match[1], units, after: match[3] };
}

function numberRules(): Rule[] {
  const { number, units, after } = quantityParts();
  const kinds = [...new Set(units.map((u) => unitKinds[u]))];
  const quantities = kinds.map((kind): Rule => {
    // Longer units first, so that `min` is not read as `m` … and `ms` not as `m`.
    const ofKind = units.filter((u) => unitKinds[u] === kind).sort((a, b) => b.length - a.length);
    return {
      name: `constant.numeric.${kind}.rlr`,
      match: `${notWordBefore}(${number})(${ofKind.map(escapeRegExp).join('|')})${after}`,
      captures: { 2: { name: `keyword.other.unit.${kind}.rlr` } },
    };
  });
  return [...quantities, { name: 'constant.numeric.decimal.rlr', match: `${notWordBefore}${source(T.NumberLiteral)}` }];
}

// Operators and punctuation -------------------------------------------------

const operatorScopes: ReadonlyArray<[string, TokenType[]]> = [
  ['keyword.operator.arrow.rlr', [T.Arrow]],
  ['keyword.operator.comparison.rlr', [T.EqEq, T.NotEq, T.LessEq, T.GreaterEq, T.Less, T.Greater]],
  ['keyword.operator.assignment.rlr', [T.Equals]],
  ['keyword.operator.arithmetic.rlr', [T.Plus, T.Minus, T.Star, T.Slash]],
  ['keyword.operator.optional.rlr', [T.Question]],
  ['keyword.operator.union.rlr', [T.Pipe]],
];

const punctuationScopes: ReadonlyArray<[string, TokenType]> = [
  ['punctuation.separator.key-value.rlr', T.Colon],
  ['punctuation.separator.comma.rlr', T.Comma],
  ['punctuation.accessor.rlr', T.Dot],
  ['punctuation.section.braces.begin.rlr', T.LBrace],
  ['punctuation.section.braces.end.rlr', T.RBrace],
  ['punctuation.section.parens.begin.rlr', T.LParen],
  ['punctuation.section.parens.end.rlr', T.RParen],
  ['punctuation.section.brackets.begin.rlr', T.LBracket],
  ['punctuation.section.brackets.end.rlr', T.RBracket],
];

function operatorRules(): Rule[] {
  const all = [...operatorScopes.flatMap(([, tokens]) => tokens), ...punctuationScopes.map(([, token]) => token)];
  const missing = T.allTokens.filter((token) => isSymbol(token) && !all.includes(token));
  if (missing.length) throw new Error(`tokens without a scope in the TextMate grammar: ${missing.map((t) => t.name).join(', ')}`);
  // Longest first: at one position the first rule that matches wins, so `<=` is not read as `<` then `=`.
  const ordered = operatorScopes.flatMap(([scope, tokens]) => tokens.map((token) => ({ scope, token })))
    .sort((a, b) => source(b.token).replace(/\\/g, '').length - source(a.token).replace(/\\/g, '').length);
  return [
    ...ordered.map(({ scope, token }): Rule => ({ name: scope, match: source(token) })),
    ...punctuationScopes.map(([name, token]): Rule => ({ name, match: source(token) })),
  ];
}

/** A token made of symbols only: an operator or punctuation. */
function isSymbol(token: TokenType): boolean {
  const pattern = token.PATTERN;
  return pattern instanceof RegExp && /^(?:\\?[^\w\s\\])+$/.test(pattern.source);
}

// Strings -------------------------------------------------------------------

function tripleQuote(): string {
  const match = /^((?:\\?")+)/.exec(source(T.TripleString));
  if (!match || match[1].replace(/\\/g, '') !== '"""') throw new Error(`unexpected TripleString pattern: ${source(T.TripleString)}`);
  return '"""';
}

const escape: Rule = { name: 'constant.character.escape.rlr', match: '\\\\(?:u\\{[0-9A-Fa-f]+\\}|.)' };

/** `{field}` and `{a.b}` fill in fields; `{{` and `}}` are literal braces; any other brace is a template error. */
const interpolation: Rule[] = [
  { name: 'constant.character.escape.brace.rlr', match: '\\{\\{|\\}\\}' },
  {
    name: 'meta.interpolation.rlr',
    match: `(\\{)\\s*(${ID}(?:\\.${ID})*)\\s*(\\})`,
    captures: {
      1: { name: 'punctuation.definition.interpolation.begin.rlr' },
      2: { name: 'variable.other.field.rlr' },
      3: { name: 'punctuation.definition.interpolation.end.rlr' },
    },
  },
  { name: 'invalid.illegal.template-brace.rlr', match: '[{}]' },
];

function stringRule(quote: string, name: string, patterns: Rule[], contentName?: string): Rule {
  const single = quote === '"';
  return {
    name,
    ...(contentName ? { contentName } : {}),
    begin: quote,
    // A one-line string the lexer reads to the end of its line when it is not closed; a `"""` string runs on.
    end: single ? '(")|$' : quote,
    beginCaptures: { 0: { name: 'punctuation.definition.string.begin.rlr' } },
    endCaptures: { [single ? 1 : 0]: { name: 'punctuation.definition.string.end.rlr' } },
    ...(patterns.length ? { patterns } : {}),
  };
}

// Types ---------------------------------------------------------------------

/** Arguments of `point<…>`, `box<…>` and `segment<…>`; typed against the compiler's own, so a new one fails to compile here. */
const typeArguments: Record<Space | TimeBase, true> = { px: true, norm: true, s: true, frames: true };

function typeRules(): Record<string, Rule> {
  return {
    type: {
      comment: 'A type, as written after `param x:`, `let x:`, `source x:` and `type X =`.',
      patterns: [
        { include: '#comment' },
        { include: '#record-type' },
        {
          name: 'meta.type.enum.rlr',
          begin: `${notWordBefore}(enum)\\s*(\\()`,
          end: '\\)',
          beginCaptures: { 1: { name: 'storage.type.enum.rlr' }, 2: { name: 'punctuation.section.parens.begin.rlr' } },
          endCaptures: { 0: { name: 'punctuation.section.parens.end.rlr' } },
          patterns: [{ include: '#comment' }, { include: '#string' }, { name: 'punctuation.separator.comma.rlr', match: ',' }],
        },
        { name: 'support.type.primitive.rlr', match: words(builtinTypeNames.filter((n) => !(n in typeArguments))) },
        { name: 'support.type.unit.rlr', match: words(Object.keys(typeArguments)) },
        { include: '#keyword' },
        {
          match: `(${ID})(?:\\s*(\\.)\\s*(${ID}))?`,
          captures: { 1: { name: 'entity.name.type.rlr' }, 2: { name: 'punctuation.accessor.rlr' }, 3: { name: 'entity.name.type.rlr' } },
        },
        { name: 'punctuation.definition.typeparameters.begin.rlr', match: '<' },
        { name: 'punctuation.definition.typeparameters.end.rlr', match: '>' },
        { name: 'keyword.operator.optional.rlr', match: '\\?' },
        { name: 'keyword.operator.union.rlr', match: '\\|' },
        { name: 'punctuation.separator.comma.rlr', match: ',' },
      ],
    },
    'record-type': {
      name: 'meta.type.record.rlr',
      begin: '\\{',
      end: '\\}',
      beginCaptures: { 0: { name: 'punctuation.section.braces.begin.rlr' } },
      endCaptures: { 0: { name: 'punctuation.section.braces.end.rlr' } },
      patterns: [
        { include: '#comment' },
        { include: '#property-key' },
        { name: 'punctuation.separator.key-value.rlr', match: ':' },
        { include: '#type' },
      ],
    },
  };
}

/** A declaration or step that names something and may annotate it with a type: `param n: int = 3`. */
function typedHeader(keyword: TokenType, nameScope: string, endsAt: string): Rule {
  return {
    begin: `${opens}(${keywordWord(keyword)})\\s+(${ID})\\s*(:)`,
    end: endsAt,
    beginCaptures: {
      1: { name: keywordScope(keyword) },
      2: { name: nameScope },
      3: { name: 'punctuation.separator.key-value.rlr' },
    },
    patterns: [{ include: '#type' }],
  };
}

function header(keyword: TokenType, nameScope: string): Rule {
  return {
    match: `${opens}(${keywordWord(keyword)})\\s+(${ID})`,
    captures: { 1: { name: keywordScope(keyword) }, 2: { name: nameScope } },
  };
}

// The grammar ---------------------------------------------------------------

export function buildTextMateGrammar(): TextMateGrammar {
  const comment = /^#(.*)$/.exec(source(T.Comment));
  if (!comment) throw new Error(`unexpected Comment pattern: ${source(T.Comment)}`);
  const triple = tripleQuote();
  const untilTypeEnds = '(?==)|$';

  const repository: Record<string, Rule> = {
    comment: {
      name: 'comment.line.number-sign.rlr',
      match: `(#)${comment[1]}`,
      captures: { 1: { name: 'punctuation.definition.comment.rlr' } },
    },
    string: {
      patterns: [
        stringRule(triple, 'string.quoted.triple.rlr', []),
        stringRule('"', 'string.quoted.double.rlr', [escape]),
      ],
    },
    'template-string': {
      patterns: [
        stringRule(triple, 'string.quoted.triple.template.rlr', interpolation),
        // In a one-line template a backslash escapes anything but a brace: `\{x}` still fills in `x`.
        stringRule('"', 'string.quoted.double.template.rlr', [{ ...escape, match: '\\\\(?:u\\{[0-9A-Fa-f]+\\}|[^{}])' }, ...interpolation]),
      ],
    },
    template: {
      comment: '`template("… {field} …")`: the one call whose string fills in fields.',
      name: 'meta.function-call.template.rlr',
      begin: `${notWordBefore}(?<!\\.)(template)\\s*(\\()`,
      end: '\\)',
      beginCaptures: { 1: { name: 'support.function.builtin.template.rlr' }, 2: { name: 'punctuation.section.parens.begin.rlr' } },
      endCaptures: { 0: { name: 'punctuation.section.parens.end.rlr' } },
      patterns: [
        { include: '#comment' },
        { include: '#template-string' },
        {
          begin: '\\(',
          end: '\\)',
          beginCaptures: { 0: { name: 'punctuation.section.parens.begin.rlr' } },
          endCaptures: { 0: { name: 'punctuation.section.parens.end.rlr' } },
          patterns: [{ include: '$self' }],
        },
        { include: '$self' },
      ],
    },
    env: {
      comment: '`env("NAME")`: the only way to give a secret.',
      name: 'meta.function-call.env.rlr',
      begin: `${notWordBefore}(?<!\\.)(env)\\s*(\\()`,
      end: '\\)|$',
      beginCaptures: { 1: { name: 'support.function.builtin.env.rlr' }, 2: { name: 'punctuation.section.parens.begin.rlr' } },
      endCaptures: { 0: { name: 'punctuation.section.parens.end.rlr' } },
      patterns: [
        { include: '#comment' },
        stringRule('"', 'string.quoted.double.rlr', [escape], 'variable.other.constant.environment.rlr'),
        { include: '$self' },
      ],
    },
    declaration: {
      patterns: [
        {
          match: `${opens}(${keywordWord(T.Import)})\\s+("(?:[^"\\\\]|\\\\.)*")\\s+(${keywordWord(T.As)})\\s+(${ID})`,
          captures: {
            1: { name: keywordScope(T.Import) },
            2: { patterns: [{ include: '#string' }] },
            3: { name: keywordScope(T.As) },
            4: { name: 'entity.name.namespace.import.rlr' },
          },
        },
        typedHeader(T.Param, 'entity.name.variable.parameter.rlr', untilTypeEnds),
        typedHeader(T.Source, 'entity.name.function.source.rlr', untilTypeEnds),
        typedHeader(T.Let, 'entity.name.variable.field.rlr', untilTypeEnds),
        {
          begin: `${opens}(${keywordWord(T.Type)})\\s+(${ID})\\s*(=)`,
          end: '$',
          beginCaptures: {
            1: { name: keywordScope(T.Type) },
            2: { name: 'entity.name.type.rlr' },
            3: { name: 'keyword.operator.assignment.rlr' },
          },
          patterns: [{ include: '#type' }],
        },
        header(T.Recipe, 'entity.name.namespace.recipe.rlr'),
        header(T.Param, 'entity.name.variable.parameter.rlr'),
        header(T.Type, 'entity.name.type.rlr'),
        header(T.Source, 'entity.name.function.source.rlr'),
        header(T.Model, 'entity.name.function.model.rlr'),
        header(T.Verifier, 'entity.name.function.verifier.rlr'),
        header(T.Stage, 'entity.name.function.stage.rlr'),
        header(T.Curriculum, 'entity.name.section.curriculum.rlr'),
        header(T.Mixture, 'entity.name.section.mixture.rlr'),
        header(T.Phase, 'entity.name.section.phase.rlr'),
        header(T.Let, 'entity.name.variable.field.rlr'),
        {
          match: `${opens}(${keywordWord(T.Level)})\\s+(\\d+)\\s+(${ID})`,
          captures: {
            1: { name: keywordScope(T.Level) },
            2: { name: 'constant.numeric.decimal.rlr' },
            3: { name: 'entity.name.section.level.rlr' },
          },
        },
        {
          comment: '`explode items as item` names each item.',
          match: `${notWordBefore}(${keywordWord(T.As)})\\s+(${ID})`,
          captures: { 1: { name: keywordScope(T.As) }, 2: { name: 'entity.name.variable.field.rlr' } },
        },
        {
          comment: '`= file {`, `= hf {`: the kind of a source, the provider of a model.',
          match: `(=)\\s*(${ID})(?=\\s*\\{)`,
          captures: { 1: { name: 'keyword.operator.assignment.rlr' }, 2: { name: 'support.class.rlr' } },
        },
      ],
    },
    number: { patterns: numberRules() },
    member: {
      patterns: [
        {
          match: `(\\.)\\s*(${ID})(?=\\s*\\()`,
          captures: { 1: { name: 'punctuation.accessor.rlr' }, 2: { name: 'entity.name.function.call.rlr' } },
        },
        {
          match: `(\\.)\\s*(${ID})`,
          captures: { 1: { name: 'punctuation.accessor.rlr' }, 2: { name: 'variable.other.member.rlr' } },
        },
      ],
    },
    'property-key': {
      comment: 'A key of a block, a record field or a named argument: any name, keywords included, before `:`.',
      match: `${notWordBefore}(${ID})\\s*(\\?)?(?=\\s*:)`,
      captures: { 1: { name: 'support.type.property-name.rlr' }, 2: { name: 'keyword.operator.optional.rlr' } },
    },
    keyword: { patterns: keywordRules() },
    call: { name: 'entity.name.function.call.rlr', match: `${notWordBefore}${ID}(?=\\s*\\()` },
    operator: { patterns: operatorRules() },
    identifier: { name: 'variable.other.rlr', match: ID },
    ...typeRules(),
  };

  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'rlr',
    scopeName,
    fileTypes: ['rlr'],
    comment: 'Generated by scripts/build-editor.ts from grammar/tokens.ts; do not edit.',
    patterns: [
      { include: '#comment' },
      { include: '#template' },
      { include: '#env' },
      { include: '#string' },
      { include: '#declaration' },
      { include: '#number' },
      { include: '#member' },
      { include: '#property-key' },
      { include: '#keyword' },
      { include: '#call' },
      { include: '#operator' },
      { include: '#identifier' },
    ],
    repository,
  };
}
