import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const stage = (steps: string, emit = 'emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }') => HEADER + dedent(`
  source problems = math_problems { count: 10 }
  stage s from problems {
  ${steps}
    ${emit}
  }
`);

describe('type-mismatch', () => {
  it('reports parameter defaults of the wrong type', () => {
    expectDiagnostics(HEADER + dedent(`
      param size: int = <|"ten"|>
      param flag: bool = <|1|>
      param ratio: float = 3
      source problems = math_problems { count: size max_difficulty: ratio }
      stage s from problems {
        where flag
        emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
      }
    `), [
      { code: 'type-mismatch', message: 'the default of parameter `size` expects `int`, found `string`' },
      { code: 'type-mismatch', message: 'the default of parameter `flag` expects `bool`, found `int`' },
    ], { only: ['type-mismatch'] });
  });

  it('hints at the conversion between a unit and a plain number, in both directions', () => {
    expectDiagnostics(HEADER + dedent(`
      param margin: seconds = <|30|>
      param review: percent = <|0.2|>
      param ratio: float = <|30s|>
      param label: string = <|3s|>
    `), [
      { code: 'type-mismatch', message: 'expects `seconds`, found `int`', hint: 'convert explicitly with a literal with a unit, such as `30s`, or `seconds(x)`' },
      { code: 'type-mismatch', message: 'expects `percent`, found `float`', hint: 'convert explicitly with a literal with a unit, such as `20%`' },
      { code: 'type-mismatch', message: 'expects `float`, found `seconds`', hint: 'convert explicitly with a division by the unit, such as `x / 1s`' },
      { code: 'type-mismatch', message: 'expects `string`, found `seconds`', hint: /^$/ },
    ], { only: ['type-mismatch'] });
  });

  it('accepts an int where a float is expected, and literals with the right unit', () => {
    expectClean(HEADER + dedent(`
      param ratio: float = 3
      param margin: seconds = 500ms
      param review: percent = 20%
      param tags: list<string> = []
      source problems = math_problems { count: 10 max_difficulty: ratio }
      stage s from problems {
        where len(tags) >= 0 and margin > 0s and review > 10%
        emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
      }
    `));
  });

  it('reports block properties, conditions, bindings, indexes and `explode` of the wrong type', () => {
    expectDiagnostics(HEADER + dedent(`
      source problems = math_problems { count: <|1.5|> }
      stage s from problems {
        where <|difficulty|>
        let steps_text: int = <|question|>
        let third = [1, 2, 3][<|0.5|>]
        let letter = <|question|>[0]
        let size = if <|kind|> then 1 else 2
        explode <|question|> as part
        emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
      }
    `), [
      { code: 'type-mismatch', message: 'property `count` expects `int`, found `float`' },
      { code: 'type-mismatch', message: '`where` expects `bool`, found `float`' },
      { code: 'type-mismatch', message: 'the binding `steps_text` expects `int`, found `string`' },
      { code: 'type-mismatch', message: 'a list index expects `int`, found `float`' },
      { code: 'type-mismatch', message: 'indexing expects `list<any>`, found `string`' },
      { code: 'type-mismatch', message: 'the condition of `if` expects `bool`, found `string`' },
      { code: 'type-mismatch', message: '`explode` expects `list<any>`, found `string`' },
    ], { only: ['type-mismatch'] });
  });

  it('reports emit fields of the wrong type, and a verifier written as a string', () => {
    expectDiagnostics(stage('', 'emit { prompt: <|3|> truth: answer verifier: <|"math"|> difficulty: <|"hard"|> domain: "math" media: <|[question]|> }'), [
      { code: 'type-mismatch', message: 'property `prompt` expects `string`, found `int`' },
      { code: 'type-mismatch', message: 'a verifier position expects `verifier<any>`, found `string`' },
      { code: 'type-mismatch', message: 'property `difficulty` expects `float`, found `string`' },
      { code: 'type-mismatch', message: 'property `media` expects `list<image | audio | video>`, found `list<string>`' },
    ], { only: ['type-mismatch'] });
  });

  it('points at the entries of a map that do not fit, not at the whole map', () => {
    expectDiagnostics(HEADER + dedent(`
      output { dir: "out" splits: { train: <|0.9|>, validation: <|0.1|> } }
    `), [
      { code: 'type-mismatch', message: '`train` in property `splits` expects `percent`, found `float`', hint: /`20%`/ },
      { code: 'type-mismatch', message: '`validation` in property `splits` expects `percent`, found `float`' },
    ], { only: ['type-mismatch', 'invalid-value'] });
  });

  it('reports a map that lacks a required entry as a whole', () => {
    expectDiagnostics(HEADER + dedent(`
      output { dir: "out" splits: <|{ validation: 50%, test: 50% }|> }
    `), [{ code: 'type-mismatch', message: 'property `splits` expects `{train: percent, validation?: percent, test?: percent}`, found `{validation: percent, test: percent}`' }]);
  });

  it('checks the declared type of a plain model call, but not of a structured one', () => {
    expectDiagnostics(HEADER + dedent(`
      type Q = {question: string, answer: string}
      source photos: {title: string} = folder { glob: "data/*.jpg" media: image }
      model captioner = hf { id: "c" task: image_to_text }
      model writer = hf { id: "w" task: chat_completion }
      stage s from photos {
        let count: int = <|captioner(image: media)|>
        let caption: string = captioner(image: media)
        let q: Q = writer(prompt: caption)
        emit { prompt: q.question truth: q.answer verifier: exact() difficulty: 0.5 domain: "images" }
      }
    `), [{ code: 'type-mismatch', message: 'the binding `count` expects `int`, found `string`' }], { only: ['type-mismatch'] });
  });
});

describe('wrong type arguments', () => {
  it('reports built-in types given the wrong arguments, with the right spelling in backticks', () => {
    expectDiagnostics(HEADER + dedent(`
      type Pair = <|list<int, int>|>
      type Spot = <|point<cm>|>
      type Area = <|box|>
      type Fine = {p: point<px>, b: box<norm>, s: segment<frames>, l: list<string>}
      param a: Pair
      param b: Spot
      param c: Area
      param d: Fine
    `), [
      { code: 'invalid-value', message: 'type `list`: wrong type arguments', hint: 'write `list<T>`' },
      { code: 'invalid-value', message: 'type `point`: wrong type arguments', hint: 'write `point<px>` or `point<norm>`' },
      { code: 'invalid-value', message: 'type `box`: wrong type arguments', hint: 'write `box<px>` or `box<norm>`' },
    ], { only: ['invalid-value', 'type-mismatch'] });
  });
});
