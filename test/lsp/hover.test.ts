// Hover, as a pure function of a checked document and a position.
import { describe, expect, it } from 'vitest';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { hover } from '../../lsp/features/hover.ts';
import { fixture } from './support.ts';

const recipe = (body: string) => `
  recipe t { version: "0.1.0" seed: 1 }
  param size: int = 10
  verifier boxed = all(format(), math())
  source problems = math_problems { count: size kinds: ["arithmetic"] }
  model tutor = hf { id: "org/model" task: text_generation }
  stage s from problems {
    ${body}
    emit { prompt: question truth: answer verifier: boxed difficulty: difficulty domain: "math" }
  }
  output { dir: "out" }
`;

function hoverText(source: string): { text: string; range: Hover['range'] } {
  const { document, position } = fixture(source);
  const result = hover(document, position);
  expect(result, 'a hover').not.toBeNull();
  return { text: (result!.contents as MarkupContent).value, range: result!.range };
}

describe('hover', () => {
  it('shows a field\'s type and the record of fields in scope where it is used', () => {
    const { text, range } = hoverText(recipe(`let hint = if difficulty > 0.5 then "hard" else "easy"
    where len(<|hi‸nt|>) > 2 else "short"`));
    expect(text).toContain('(field) hint: string');
    expect(text).toContain('bound by `let` in stage `s`');
    expect(text).toMatch(/record in scope:\n```rlr\n\{\n {2}question: string\n(.|\n)* {2}difficulty: float\n(.|\n)* {2}hint: string\n\}/);
    expect(range).toEqual(fixture(recipe(`let hint = if difficulty > 0.5 then "hard" else "easy"
    where len(<|hint|>) > 2 else "short"`)).ranges[0]);
  });

  it('shows the record a `let` adds its field to', () => {
    const { text } = hoverText(recipe('let do‸ubled = size * 2'));
    expect(text).toContain('(field) doubled: int');
    expect(text).toContain('record in scope after it:');
    expect(text).toContain('doubled: int\n}');
  });

  it('shows a field the source produces, named inside a template', () => {
    const { text } = hoverText(recipe('let prompt = template("Solve: {quest‸ion}")'));
    expect(text).toContain('(field) question: string');
    expect(text).toContain('produced by the source in source `problems` (`math_problems`)');
  });

  it('shows the type of a declaration and of a verifier\'s truth and answer', () => {
    const source = hoverText(recipe('').replace('stage s from problems', 'stage s from prob‸lems')).text;
    expect(source).toContain('source problems: {question: string, answer: string, trace: string, difficulty: float');
    expect(source).toContain('Math word and symbolic problems');
    const verifier = hoverText(recipe('').replace('verifier: boxed', 'verifier: bo‸xed')).text;
    expect(verifier).toContain('verifier boxed = all(format(), math())');
    expect(verifier).toContain('checks a truth of type `string | float`, reads an answer of type `string`');
    const param = hoverText(recipe('let n = si‸ze')).text;
    expect(param).toContain('param size: int = 10');
  });

  it('shows a model\'s call signature from its task', () => {
    const { text } = hoverText(recipe('let draft = tu‸tor(prompt: question)'));
    expect(text).toContain('model tutor = hf { task: text_generation }');
    expect(text).toContain('tutor(prompt: string');
    expect(text).toContain('*standard-library model task `text_generation`*');
  });

  it('shows a library function\'s signature, doc and reference link', () => {
    const { text } = hoverText(recipe('where le‸n(question) > 2 else "short"'));
    expect(text).toContain('len(value: list<T> | string) -> int');
    expect(text).toContain('*standard-library function*');
    expect(text).toContain('The number of items in a list or characters in a string.');
    expect(text).toContain('reference.md#function-len');
  });

  it('shows a step, a verifier called in place, a source kind and a gate', () => {
    expect(hoverText(recipe('ded‸up(key: question)')).text).toContain('dedup(key: any)');
    expect(hoverText(recipe('').replace('verifier boxed = all(format(), math())', 'verifier boxed = all(format(), ma‸th())')).text)
      .toMatch(/math\(.*\) {2}# truth: .*version 1\.\d+\.\d+/s);
    expect(hoverText(recipe('').replace('= math_problems', '= math_prob‸lems')).text).toContain('*standard-library generator*');
    expect(hoverText(recipe('validate yes_‸no(question: question)')).text).toContain('validate yes_no(');
  });

  it('shows what a property and a named argument mean', () => {
    const property = hoverText(recipe('').replace('{ count: size', '{ cou‸nt: size')).text;
    expect(property).toContain('count: int');
    expect(property).toContain('number of problems generated');
    const argument = hoverText(recipe('let r = round(1.5, dig‸its: 1)')).text;
    expect(argument).toContain('digits: int = 0');
  });

  it('shows an operator with the types of its operands and result', () => {
    const { text } = hoverText(recipe('let n = size *‸ 2'));
    expect(text).toContain('(int) * (int) -> int');
  });

  it('shows the type of any other expression', () => {
    const { text } = hoverText(recipe('let n = [1, 2, 3].len‸gth'));
    expect(text).toContain('int');
  });

  it('has nothing to say between declarations', () => {
    const { document, position } = fixture('recipe t { version: "0.1.0" seed: 1 }\n‸\noutput { dir: "out" }\n');
    expect(hover(document, position)).toBeNull();
  });
});
