// Compares the TextMate grammar's scopes with the Chevrotain lexer's tokens
// (and, for keywords written where a name goes, with the parser's reading).
import type { CstElement, CstNode, IToken, TokenType } from 'chevrotain';
import * as T from '../../grammar/tokens.ts';
import { parseRecipe } from '../../grammar/parser.ts';
import { keywordScope } from '../../editor/textmate/grammar.ts';
import { hasScope } from './corpus.ts';
import { showScopes, type Tokenized } from './tokenize.ts';

/** The scope a name gets where the parser reads a keyword as a name (`where:` as a key, `.source` as a member). */
const nameScopes: Record<string, string> = {
  property: 'support.type.property-name',
  fieldType: 'support.type.property-name',
  argument: 'support.type.property-name',
  postfix: 'variable.other.member',
  recipeDecl: 'entity.name.namespace.recipe',
};

/** The rule in which the parser consumed each token as a `Name`, by offset. */
function namePositions(cst: CstNode): Map<number, string> {
  const positions = new Map<number, string>();
  const visit = (node: CstNode) => {
    for (const [key, children] of Object.entries(node.children)) {
      for (const child of children as CstElement[]) {
        if ('children' in child) visit(child);
        else if (key === 'Name') positions.set(child.startOffset, node.name);
      }
    }
  };
  visit(cst);
  return positions;
}

export interface Agreement {
  readonly problems: string[];
  /** The keyword tokens the lexer produced, for coverage. */
  readonly keywords: ReadonlySet<string>;
}

/**
 * Every keyword token gets its keyword scope (or, where the parser reads it as a
 * name, that name's scope); identifiers get no keyword scope; strings, numbers and
 * comments get their scopes on exactly the characters of their tokens.
 */
export function checkAgreement(text: string, tokenized: Tokenized): Agreement {
  const parsed = parseRecipe(text);
  const problems: string[] = [];
  if (parsed.lexErrors.length || parsed.parseErrors.length) {
    problems.push(`does not parse: ${[...parsed.lexErrors.map((e) => e.message), ...parsed.parseErrors.map((e) => e.message)].join('; ')}`);
  }
  const names = namePositions(parsed.cst);
  const tokens: IToken[] = [...parsed.tokens, ...parsed.comments];
  const keywords = new Set<string>();
  const at = (offset: number) => tokenized.scopesAt[offset];
  const where = (token: IToken) => `\`${token.image.split('\n')[0]}\` at ${token.startLine}:${token.startColumn}`;
  const every = (token: IToken, test: (scopes: readonly string[]) => boolean, expected: string) => {
    for (let i = token.startOffset; i <= token.endOffset!; i++) {
      if (!test(at(i))) {
        problems.push(`${where(token)}: expected ${expected}, found ${showScopes(at(i)) || 'no scope'} at offset ${i - token.startOffset}`);
        return;
      }
    }
  };

  const kinds: Array<{ scope: string; tokens: readonly TokenType[] }> = [
    { scope: 'string', tokens: [T.StringLiteral, T.TripleString] },
    { scope: 'constant.numeric', tokens: [T.NumberLiteral, T.Quantity] },
    { scope: 'comment', tokens: [T.Comment] },
  ];
  const covered = new Map(kinds.map((kind) => [kind.scope, new Set<number>()]));

  for (const token of tokens) {
    const type = token.tokenType;
    if (T.keywordTokens.includes(type)) {
      const rule = names.get(token.startOffset);
      const expected = rule ? nameScopes[rule] : keywordScope(type);
      if (!expected) problems.push(`${where(token)}: read as a name in rule ${rule}, which the test does not know`);
      else every(token, (scopes) => hasScope(scopes, expected.replace(/\.rlr$/, '')), expected);
      if (!rule) keywords.add(token.image);
    } else if (type === T.Identifier) {
      every(token, (scopes) => !hasScope(scopes, 'keyword') && !hasScope(scopes, 'constant') && !hasScope(scopes, 'string'), 'no keyword, constant or string scope');
    }
    for (const kind of kinds) {
      if (!kind.tokens.includes(type)) continue;
      every(token, (scopes) => hasScope(scopes, kind.scope), kind.scope);
      for (let i = token.startOffset; i <= token.endOffset!; i++) covered.get(kind.scope)!.add(i);
    }
    if (type === T.Quantity) {
      const unit = /[a-z%]+$/.exec(token.image)![0];
      for (let i = token.endOffset! - unit.length + 1; i <= token.endOffset!; i++) {
        if (!hasScope(at(i), 'keyword.other.unit')) problems.push(`${where(token)}: the unit has no keyword.other.unit scope`);
      }
    }
  }

  // The other way round: no string, number or comment scope outside its tokens (a region that leaks).
  for (const kind of kinds) {
    const inside = covered.get(kind.scope)!;
    for (let i = 0; i < text.length; i++) {
      if (inside.has(i) || !hasScope(at(i), kind.scope)) continue;
      const line = text.slice(0, i).split('\n').length;
      problems.push(`${kind.scope} scope outside any ${kind.scope} token at line ${line}: ${JSON.stringify(text.slice(i, i + 20))}`);
      break;
    }
  }
  return { problems, keywords };
}
