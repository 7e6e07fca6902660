import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const photos = (steps: string, emit = 'emit { prompt: "p" truth: "a" verifier: exact() difficulty: 0.5 domain: "images" }') => HEADER + dedent(`
  type Q = {question: string, answer: string}
  param size: int = 3
  source photos: {title: string} = folder { glob: "data/*.jpg" media: image }
  model captioner = hf { id: "c" task: image_to_text }
  model writer = hf { id: "w" task: chat_completion }
  model encoder = onnx { path: "models/enc.onnx" task: generic }
  stage s from photos {
  ${steps}
    ${emit}
  }
`);

describe('model-call-position', () => {
  it('accepts a model call that is the whole value of a `let`', () => {
    expectClean(photos(`
      let caption = captioner(image: media)
      let q: Q = writer(prompt: template("Ask about: {caption}"))
      let vector: list<float> = encoder(input: media)
      where len(vector) > size
    `, 'emit { prompt: q.question truth: q.answer verifier: exact() difficulty: 0.5 domain: "images" }'));
  });

  it('reports a model call nested inside another expression', () => {
    expectDiagnostics(photos(`
      let shout = upper(<|captioner(image: media)|>)
      let longer = len(<|captioner(image: media)|>) + 1
      where <|captioner(image: media)|> != ""
    `), [
      { code: 'model-call-position', message: 'the call to model `captioner` must be the whole value of a `let`', hint: 'write `let result = captioner(...)` and use `result` afterwards' },
      'model-call-position',
      'model-call-position',
    ]);
  });

  it('reports a model call written directly in `emit`', () => {
    expectDiagnostics(photos('', 'emit { prompt: <|captioner(image: media)|> truth: "a" verifier: exact() difficulty: 0.5 domain: "images" }'), [
      'model-call-position',
    ], { only: ['model-call-position', 'missing-output-type'] });
  });
});

describe('missing-output-type', () => {
  it('reports a call whose task returns raw values without a declared type', () => {
    expectDiagnostics(photos(`
      let vector = <|encoder(input: media)|>
    `), [{ code: 'missing-output-type', message: 'the `generic` call to `encoder` needs a declared output type', hint: /let q: \{question: string, answer: string\}/ }]);
  });

  it('accepts a chat completion without a type: it returns text', () => {
    expectClean(photos(`
      let reply = writer(prompt: "Describe the photo.", media: [media])
      where reply != ""
    `), { only: ['missing-output-type', 'model-call-position'] });
  });
});

describe('not-callable', () => {
  it('reports a parameter, a field and a value called like functions', () => {
    expectDiagnostics(photos(`
      let a = <|size|>(3)
      let b = <|title|>("x")
      let c = <|"text"|>(1)
    `), [
      { code: 'not-callable', message: '`size` is a parameter, not something that can be called' },
      { code: 'not-callable', message: '`title` is a field, not something that can be called' },
      { code: 'not-callable', message: '`this` is a value, not something that can be called' },
    ], { only: ['not-callable', 'unknown-name'] });
  });
});

describe('standard-library names shared with declarations', () => {
  it('calls the standard-library verifier when a stage has the same name', () => {
    expectClean(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      stage math from problems {
        emit { prompt: question truth: answer verifier: math() difficulty: 0.5 domain: "math" }
      }
    `), { only: ['not-callable', 'unknown-name'] });
  });
});
