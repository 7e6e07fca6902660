// The TextMate grammar against the lexer, over one shared corpus and every recipe.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IGrammar } from 'vscode-textmate';
import { keywordTokens } from '../../grammar/tokens.ts';
import { generatedEditorFiles, repositoryRoot, staleGeneratedFiles } from '../../editor/build.ts';
import { keywordWord } from '../../editor/textmate/grammar.ts';
import { checkAgreement } from './agreement.ts';
import { hasScope, readCorpus } from './corpus.ts';
import { loadGrammar, showScopes, tokenize } from './tokenize.ts';

const grammarFile = join(repositoryRoot, 'editor/vscode/syntaxes/rlr.tmLanguage.json');
const corpus = readCorpus();
const recipes = globSync(['recipes/*.rlr', 'recipes/lib/*.rlr'], { cwd: repositoryRoot }).sort();

let grammar: IGrammar;
beforeAll(async () => {
  // What ships: the committed grammar file, which the last test keeps equal to the generated one.
  grammar = await loadGrammar(readFileSync(grammarFile, 'utf8'));
});

describe('the TextMate grammar agrees with the lexer', () => {
  it.each(corpus.map((file) => [file.name, file.text]))('on the corpus snippet %s', (_name, text) => {
    expect(checkAgreement(text, tokenize(grammar, text)).problems).toEqual([]);
  });

  it('and the corpus uses every keyword as a keyword', () => {
    const seen = new Set(corpus.flatMap((file) => [...checkAgreement(file.text, tokenize(grammar, file.text)).keywords]));
    expect(keywordTokens.map(keywordWord).filter((word) => !seen.has(word))).toEqual([]);
  });
});

describe('the TextMate grammar gives the expected scopes', () => {
  for (const file of corpus) {
    it(`in ${file.name}`, () => {
      expect(file.assertions.length).toBeGreaterThan(0);
      const { scopesAt } = tokenize(grammar, file.text);
      const failures: string[] = [];
      for (const assertion of file.assertions) {
        for (const offset of assertion.offsets) {
          const scopes = scopesAt[offset];
          const missing = assertion.present.filter((scope) => !hasScope(scopes, scope));
          const unwanted = assertion.absent.filter((scope) => hasScope(scopes, scope));
          if (missing.length || unwanted.length) {
            failures.push(`${assertion.source} (line ${assertion.line}, \`${file.text[offset]}\`): ` +
              `${missing.length ? `missing ${missing.join(' ')}` : ''}${unwanted.length ? ` unwanted ${unwanted.join(' ')}` : ''}; has ${showScopes(scopes)}`);
            break;
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('every recipe tokenises without leaks', () => {
  it('finds the recipes', () => expect(recipes.length).toBeGreaterThan(0));

  it.each(recipes)('%s', (path) => {
    const text = readFileSync(join(repositoryRoot, path), 'utf8');
    const tokenized = tokenize(grammar, text);
    expect(checkAgreement(text, tokenized).problems).toEqual([]);
    // Every region the grammar opened is closed by the end of the file.
    expect(tokenized.statesAfterLine.at(-1)!.equals(tokenized.closed)).toBe(true);
  });
});

describe('the generated editor files', () => {
  it('are up to date with the lexer, the registry and the declaration schemas (npm run build:editor)', () => {
    expect(staleGeneratedFiles(generatedEditorFiles())).toEqual([]);
  });
});
