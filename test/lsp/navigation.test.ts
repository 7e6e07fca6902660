// Go to definition, find references and rename, as pure functions of a checked
// document and a position: on a stage, a verifier (across an import) and a `let` field.
import { describe, expect, it } from 'vitest';
import type { Location, WorkspaceEdit } from 'vscode-languageserver';
import { memoryHost } from '../../compiler/host.ts';
import { analyzeDocument } from '../../lsp/document.ts';
import { definition, prepareRename, references, rename, type Refusal } from '../../lsp/features/navigation.ts';
import { fixture, MAIN_URI, rangeOf } from './support.ts';

const LIB = '/r/lib.rlr';
const LIB_URI = 'file:///r/lib.rlr';
const library = 'verifier boxed_math = all(format(), math())\nverifier loose = any(boxed_math, exact())\n';

const at = (ranges: ReturnType<typeof fixture>['ranges'], uri = MAIN_URI): Location[] => ranges.map((range) => ({ uri, range }));

function edits(result: WorkspaceEdit | Refusal): Record<string, string[]> {
  if ('refused' in result) throw new Error(result.refused);
  return Object.fromEntries(Object.entries(result.changes ?? {}).map(([uri, list]) => [uri, list.map((e) => `${e.range.start.line}:${e.range.start.character}-${e.range.end.character} ${e.newText}`)]));
}

describe('a stage', () => {
  const source = `
    recipe t { version: "0.1.0" seed: 1 }
    source problems = math_problems { count: 10 }
    stage <|clean‸ed|> from problems {
      where difficulty > 0.2 else "too easy"
    }
    stage hard from <|cleaned|> {
      emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
    }
    curriculum c { level 1 first { stages: [hard] } }
    mixture m for rl { by: stage weights: { hard: 1 } size: 10 }
    output { dir: "out" }
  `;

  it('goes to its declaration from a stage that reads it', () => {
    const { document, ranges } = fixture(source);
    expect(definition(document, ranges[1].start)).toEqual(at([ranges[0]]));
  });

  it('finds its uses, with or without its declaration', () => {
    const { document, position, ranges } = fixture(source);
    expect(references(document, position, true)).toEqual(at(ranges));
    expect(references(document, position, false)).toEqual(at([ranges[1]]));
  });

  it('is renamed everywhere it is named, a curriculum\'s stage list and a mixture\'s weights by stage included', () => {
    const { document, text } = fixture(source);
    const position = rangeOf(text, 'hard', 0).start;
    expect(edits(rename(document, position, 'difficult'))).toEqual({
      [MAIN_URI]: [0, 1, 2].map((i) => rangeOf(text, 'hard', i)).map((r) => `${r.start.line}:${r.start.character}-${r.end.character} difficult`),
    });
  });

  it('is not renamed to a name the file already declares, to a keyword or to a non-name', () => {
    const { document, position } = fixture(source);
    expect(rename(document, position, 'problems')).toEqual({ refused: '`problems` is already declared in this file' });
    expect(rename(document, position, 'emit')).toEqual({ refused: '`emit` is a keyword' });
    expect(rename(document, position, '2x')).toMatchObject({ refused: expect.stringContaining('`2x` is not a name') });
  });
});

describe('a verifier declared in an imported file', () => {
  const source = `
    recipe t { version: "0.1.0" seed: 1 }
    import "lib.rlr" as shared
    source problems = math_problems { count: 10 }
    stage s from problems {
      emit { prompt: question truth: answer verifier: shared.<|boxed‸_math|> difficulty: difficulty domain: "math" }
    }
    output { dir: "out" }
  `;

  it('goes to the declaration in the imported file', () => {
    const { document, position } = fixture(source, { [LIB]: library });
    expect(definition(document, position)).toEqual([{ uri: LIB_URI, range: rangeOf(library, 'boxed_math') }]);
  });

  it('finds its uses in both files', () => {
    const { document, position, ranges } = fixture(source, { [LIB]: library });
    expect(references(document, position, true)).toEqual([
      { uri: LIB_URI, range: rangeOf(library, 'boxed_math', 0) },
      { uri: LIB_URI, range: rangeOf(library, 'boxed_math', 1) },
      ...at(ranges),
    ]);
  });

  it('is renamed in both files', () => {
    const { document, position, ranges } = fixture(source, { [LIB]: library });
    const line = (r: { start: { line: number; character: number }; end: { character: number } }) => `${r.start.line}:${r.start.character}-${r.end.character} boxed`;
    expect(edits(rename(document, position, 'boxed'))).toEqual({
      [LIB_URI]: [line(rangeOf(library, 'boxed_math', 0)), line(rangeOf(library, 'boxed_math', 1))],
      [MAIN_URI]: [line(ranges[0])],
    });
  });

  it('is renamed in the other open documents that import the same file', () => {
    const other = 'import "lib.rlr" as common\nverifier strict = all(common.boxed_math, exact())\n';
    const host = memoryHost({ [LIB]: library, '/r/other.rlr': other });
    const otherDocument = analyzeDocument(other, { file: '/r/other.rlr', host });
    const libraryDocument = analyzeDocument(library, { file: LIB, host });
    const changed = edits(rename(libraryDocument, rangeOf(library, 'boxed_math').start, 'boxed', [otherDocument]));
    expect(Object.keys(changed).sort()).toEqual([LIB_URI, 'file:///r/other.rlr']);
    expect(changed['file:///r/other.rlr']).toEqual([`1:${other.split('\n')[1].indexOf('boxed_math')}-${other.split('\n')[1].indexOf('boxed_math') + 10} boxed`]);
  });
});

describe('a `let` field', () => {
  const source = `
    recipe t { version: "0.1.0" seed: 1 }
    source problems = math_problems { count: 10 }
    stage first from problems {
      let <|hi‸nt|> = if difficulty > 0.5 then "hard" else "easy"
      let prompt = template("({<|hint|>}) {question}")
      where len(<|hint|>) > 2 else "short"
    }
    stage second from first {
      let hint_again = <|hint|>
      emit { prompt: prompt truth: answer verifier: math() difficulty: difficulty domain: <|hint|> }
    }
    output { dir: "out" }
  `;

  it('goes to its binding from its uses, in its stage, in a template and in a stage downstream', () => {
    const { document, ranges } = fixture(source);
    for (const use of ranges.slice(1)) expect(definition(document, use.start)).toEqual(at([ranges[0]]));
  });

  it('finds its uses across the stages it flows into', () => {
    const { document, position, ranges } = fixture(source);
    expect(references(document, position, true)).toEqual(at(ranges));
  });

  it('is renamed with its uses, template placeholders included', () => {
    const { document, position, ranges } = fixture(source);
    const renamed = edits(rename(document, position, 'mood'));
    expect(renamed[MAIN_URI]).toEqual(ranges.map((r) => `${r.start.line}:${r.start.character}-${r.end.character} mood`));
  });

  it('is told apart from a later binding of the same name', () => {
    const { document, position, ranges } = fixture(`
      recipe t { version: "0.1.0" seed: 1 }
      source problems = math_problems { count: 10 }
      stage s from problems {
        let <|n‸|> = 1
        let n = <|n|> + 1
        where n > 1 else "x"
      }
    `);
    expect(references(document, position, true)).toEqual(at(ranges));
  });
});

describe('what cannot be renamed', () => {
  const source = `
    recipe t { version: "0.1.0" seed: 1 }
    source problems = math_problems { count: 10 }
    stage s from problems {
      let r = round(difficulty, digits: 1)
      emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
    }
  `;
  const refusal = (needle: string, offset = 1) => {
    const { document, text } = fixture(source);
    const { start } = rangeOf(text, needle);
    const result = prepareRename(document, { line: start.line, character: start.character + offset });
    return 'refused' in result ? result.refused : 'allowed';
  };

  it('refuses keywords, library names, properties, parameters and fields the recipe does not bind, saying why', () => {
    expect(refusal('stage')).toBe('`stage` is a keyword and cannot be renamed');
    expect(refusal('round')).toBe('`round` is a standard-library function and cannot be renamed');
    expect(refusal('math_problems')).toBe('`math_problems` is a standard-library generator and cannot be renamed');
    expect(refusal('math()')).toBe('`math` is a standard-library verifier and cannot be renamed');
    expect(refusal('count')).toBe('`count` is a property name and cannot be renamed');
    expect(refusal('digits')).toBe('`digits` is a parameter name and cannot be renamed');
    expect(refusal('question')).toBe('`question` is produced by the source and cannot be renamed here');
    expect(refusal('"math"', 0)).toBe('there is no name here to rename');
  });

  it('allows a declaration and a binding, and names the range to replace', () => {
    const { document, text } = fixture(source);
    expect(prepareRename(document, rangeOf(text, 'problems').start)).toEqual({ range: rangeOf(text, 'problems'), placeholder: 'problems' });
    expect(refusal('r =')).toBe('allowed');
  });
});
