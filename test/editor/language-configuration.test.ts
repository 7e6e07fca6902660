// The language configuration's patterns do what they say on rlr text.
import { describe, expect, it } from 'vitest';
import { buildLanguageConfiguration } from '../../editor/language-configuration.ts';

const configuration = buildLanguageConfiguration();

describe('the language configuration', () => {
  it('comments with `#` and closes `"""` as well as `"`', () => {
    expect(configuration.comments.lineComment).toBe('#');
    expect(configuration.autoClosingPairs.map((p) => p.open)).toEqual(expect.arrayContaining(['{', '[', '(', '"', '"""']));
  });

  it('takes names and quantities as words', () => {
    const words = (text: string) => text.match(new RegExp(configuration.wordPattern, 'g'));
    expect(words('timeout: 500ms, review: 20%, size_hint = 1e-6')).toEqual(['timeout', '500ms', 'review', '20%', 'size_hint', '1e-6']);
  });

  it('indents after a line that leaves a bracket open, and not after one that closes it', () => {
    const increase = new RegExp(configuration.indentationRules.increaseIndentPattern);
    for (const line of ['stage s from p {', '  let q: Question = writer(', '  labels: [  # the labels', 'x = f("a)", b,']) expect(increase.test(line), line).toBe(true);
    for (const line of ['  splits: { train: 90% }', '  prompt: "{question}"', '# a comment {']) expect(increase.test(line), line).toBe(false);
    expect(new RegExp(configuration.indentationRules.decreaseIndentPattern).test('  }')).toBe(true);
  });
});
