import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

// Audio clips with a voice-activity model, so calls of every kind can be written in one stage.
const stage = (steps: string, top = '') => HEADER + dedent(`
  ${top}
  source clips: {labels: list<string>} = folder { glob: "data/*.wav" media: audio }
  model vad = onnx { path: "models/vad.onnx" task: voice_activity }
  stage s from clips {
  ${steps}
    emit { prompt: "p" truth: "a" verifier: exact() difficulty: 0.5 domain: "audio" }
  }
`);

describe('unknown-argument', () => {
  it('suggests the parameter a misspelt argument was meant to be, and does not also call it missing', () => {
    expectDiagnostics(stage(`
      let speech = vad(<|audoi|>: media)
      let phrases = noun_phrases(<|txt|>: "a red cup")
    `), [
      { code: 'unknown-argument', message: '`vad` has no parameter `audoi`', hint: /did you mean `audio`/ },
      { code: 'unknown-argument', message: '`noun_phrases` has no parameter `txt`', hint: /did you mean `text`/ },
    ], { only: ['unknown-argument', 'missing-argument'] });
  });

  it('lists the parameters when nothing is close', () => {
    expectDiagnostics(stage(`  let speech = vad(audio: media, <|threshold_db|>: 3)`), [
      { code: 'unknown-argument', hint: 'parameters: `audio`' },
    ]);
  });

  it('checks the arguments of verifiers, gates and steps too', () => {
    expectDiagnostics(stage(`
      let regions = annotate audio_regions(media: media, labels: labels, <|review|>: 20%)
      dedup(<|keys|>: labels)
    `, 'verifier close = numeric(<|rel_tl|>: 0.05)\n'), [
      { code: 'unknown-argument', message: '`numeric` has no parameter `rel_tl`', hint: /did you mean `rel_tol`/ },
      { code: 'unknown-argument', message: '`audio_regions` has no parameter `review`' },
      { code: 'unknown-argument', message: '`dedup` has no parameter `keys`', hint: /did you mean `key`/ },
    ], { only: ['unknown-argument', 'missing-argument'] });
  });
});

describe('missing-argument', () => {
  it('reports a required parameter that is not given, at the callee', () => {
    expectDiagnostics(stage(`
      let speech = <|vad|>()
      let split = <|longest_region|>(min_margin: 1s)
    `), [
      { code: 'missing-argument', message: '`vad` needs the argument `audio`', hint: 'add `audio: <audio>`' },
      { code: 'missing-argument', message: '`longest_region` needs the argument `regions`' },
    ], { only: ['missing-argument'] });
  });

  it('reports the `weights` of `weighted`, whose verifiers are positional', () => {
    expectDiagnostics(stage('', 'verifier mixed = <|weighted|>(exact(), format())\n'), [
      { code: 'missing-argument', message: '`weighted` needs the argument `weights`' },
    ], { only: ['missing-argument', 'too-many-arguments'] });
  });

  it('does not ask for parameters that have defaults', () => {
    expectClean(stage(`
      let speech = vad(audio: media)
      let phrases = noun_phrases("a red cup on a plate")
      let winner = longest_region(speech)
      let shown = round(1.5)
    `), { only: ['missing-argument'] });
  });
});

describe('too-many-arguments', () => {
  it('reports each positional argument beyond the last parameter', () => {
    expectDiagnostics(stage(`
      let speech = vad(media, <|media|>)
      let phrases = noun_phrases("a", 3, true, <|4|>)
    `), [
      { code: 'too-many-arguments', message: '`vad` takes at most 1 positional argument', hint: 'name the arguments, as in `f(key: value)`' },
      { code: 'too-many-arguments', message: '`noun_phrases` takes at most 3 positional arguments' },
    ]);
  });

  it('accepts positional arguments up to the number of parameters, and any number of verifiers in a combinator', () => {
    expectClean(stage(`
      let phrases = noun_phrases("a red cup", 3, true)
    `, 'verifier strict = all(format(), exact(), normalized())\nverifier shaped = weighted(format(), exact(), weights: [0.2, 0.8])\n'), { only: ['too-many-arguments', 'missing-argument'] });
  });
});

describe('an argument given twice', () => {
  it('reports a positional argument that fills a parameter already named, and a name repeated', () => {
    expectDiagnostics(stage(`
      let shown = round(value: 1.5, <|2|>)
      let again = round(1.5, <|value|>: 2.5)
    `), [
      { code: 'duplicate-argument', message: '`round` gets the argument `value` more than once' },
      { code: 'duplicate-argument', message: '`round` gets the argument `value` more than once' },
    ]);
  });
});

describe('argument-type-mismatch', () => {
  it('reports an argument of the wrong type, at the argument', () => {
    expectDiagnostics(stage(`
      let split = temporal_split(video: <|media|>)
      let count = len(<|3|>)
      limit(count: <|1.5|>)
    `), [
      { code: 'argument-type-mismatch', message: 'argument `video` of `temporal_split` expects `video`, found `audio`' },
      { code: 'argument-type-mismatch', message: 'argument `value` of `len` expects `list<any> | string`, found `int`' },
      { code: 'argument-type-mismatch', message: 'argument `count` of `limit` expects `int`, found `float`' },
    ]);
  });

  it('hints at a unit when a plain number is given for one', () => {
    expectDiagnostics(stage(`
      let speech = vad(audio: media)
      let winner = longest_region(speech, min_margin: <|0.5|>)
      let regions = annotate audio_regions(media: media, labels: labels, qa: <|0.2|>)
    `, 'verifier timing = duration(abs_tol: <|1|>)\n'), [
      { code: 'argument-type-mismatch', message: '`abs_tol` of `duration` expects `seconds`, found `int`', hint: /`30s`/ },
      { code: 'argument-type-mismatch', message: '`min_margin` of `longest_region` expects `seconds`, found `float`', hint: /`seconds\(x\)`/ },
      // There is no `percent(x)` function, so the hint names only the literal.
      { code: 'argument-type-mismatch', message: '`qa` of `audio_regions` expects `percent`', hint: /^convert explicitly with a literal with a unit, such as `20%`$/ },
    ], { only: ['argument-type-mismatch'] });
  });

  it('binds a generic parameter from the first argument', () => {
    expectDiagnostics(stage(`
      let first_label = coalesce(first(labels), <|3|>)
      let fallback = coalesce(first(labels), "none")
    `), [{ code: 'argument-type-mismatch', message: 'argument `fallback` of `coalesce` expects `string`, found `int`' }]);
  });

  it('accepts ints for floats, seconds literals for seconds and named arguments in any order', () => {
    expectClean(stage(`
      let speech = vad(audio: media)
      let winner = longest_region(min_margin: 250ms, regions: speech)
      let shown = round(digits: 2, value: 3)
      let regions = annotate audio_regions(media: media, labels: labels, qa: 10%)
    `, 'verifier timing = duration(abs_tol: 0.5s, rel_tol: 0)\n'), { only: ['argument-type-mismatch'] });
  });
});
