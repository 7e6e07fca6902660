import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';
import { diagnosticCodes } from '../../compiler/diagnostics/catalogue.ts';

const EMIT = 'emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }';

describe('unknown-field', () => {
  it('suggests the field a misspelt one was meant to be', () => {
    expectDiagnostics(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      stage s from problems {
        where <|difficultly|> > 0.5
        ${EMIT}
      }
    `), [{ code: 'unknown-field', message: 'field `difficultly` is not produced upstream', hint: /did you mean `difficulty`/ }]);
  });

  it('lists the fields in scope when nothing is close', () => {
    expectDiagnostics(HEADER + dedent(`
      source rows: {id: string, text: string} = file { path: "data/rows.jsonl" format: jsonl }
      stage s from rows {
        let shown = <|caption|>
        emit { prompt: text truth: id verifier: exact() difficulty: 0.5 domain: "text" }
      }
    `), [{ code: 'unknown-field', hint: 'fields in scope: `id`, `text`, `row`' }], { only: ['unknown-field'] });
  });

  it('reports a field read before the step that binds it', () => {
    expectDiagnostics(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      stage s from problems {
        where len(<|hint|>) > 0
        let hint = "Think step by step."
        where len(hint) > 0
        ${EMIT}
      }
    `), [{ code: 'unknown-field', message: 'field `hint` is not produced upstream' }]);
  });

  it('reports nothing more in a stage whose input is unknown or unreadable', () => {
    expectDiagnostics(HEADER + dedent(`
      import "lib/missing.rlr" as lib
      source problems = math_problems { count: 10 }
      stage a from <|problemz|> {
        where difficulty > 0.5
        let hint = question
        ${EMIT}
      }
      stage b from lib.rows {
        ${EMIT}
      }
    `), [{ code: 'unknown-name', message: 'unknown source or stage `problemz`', hint: /did you mean `problems`/ }], {
      only: ['unknown-name', 'unknown-field', 'verifier-type-mismatch', 'unused-declaration'],
    });
  });
});

describe('unknown-member', () => {
  it('reports a member that the value\'s type lacks, with a suggestion or the members', () => {
    expectDiagnostics(HEADER + dedent(`
      source clips: {title: string?} = folder { glob: "data/*.wav" media: audio }
      stage s from clips {
        where media.duration > 2s
        where media.<|lenght|> > 2s
        where media.<|fps|> > 2
        emit { prompt: "p" truth: "a" verifier: exact() difficulty: 0.5 domain: "audio" }
      }
    `), [
      { code: 'unknown-member', message: 'type `audio` has no member `lenght`', hint: 'members: `path`, `duration`, `sample_rate`, `channels`' },
      { code: 'unknown-member', message: 'type `audio` has no member `fps`' },
    ], { only: ['unknown-member', 'mixed-units'] });
  });
});

describe('unknown-name', () => {
  it('names the kind of thing that was looked for, with suggestions', () => {
    expectDiagnostics(HEADER + dedent(`
      param size: int = 10
      type Region = {label: string}
      source problems = math_problems { count: <|sise|> }
      source clips: {regions: list<<|Regoin|>>} = folder { glob: "data/*.wav" media: audio }
      source rows: {q: string} = <|fil|> { path: "data/q.jsonl" format: jsonl }
      model captioner = <|hff|> { id: "c" task: image_to_text }
      stage s from problems {
        <|dedupe|>(key: question)
        let regions = annotate <|audio_regionz|>(media: media, labels: ["a"])
        emit { prompt: question truth: answer verifier: <|mathh|>() difficulty: difficulty domain: "math" }
      }
      curriculum c { level 1 all { stages: [<|ss|>] } }
    `), [
      { code: 'unknown-name', message: 'unknown name `sise`', hint: /did you mean `size`/ },
      { code: 'unknown-name', message: 'unknown type `Regoin`', hint: /did you mean `Region`/ },
      { code: 'unknown-name', message: 'unknown source kind `fil`', hint: /did you mean `file`/ },
      { code: 'unknown-name', message: 'unknown model provider `hff`', hint: /did you mean `hf`/ },
      { code: 'unknown-name', message: 'unknown step `dedupe`', hint: /did you mean `dedup`/ },
      { code: 'unknown-name', message: 'unknown gate `audio_regionz`', hint: /did you mean `audio_regions`/ },
      { code: 'unknown-name', message: 'unknown verifier `mathh`', hint: /did you mean `math`/ },
      { code: 'unknown-name', message: 'unknown stage `ss`', hint: /did you mean `s`/ },
    ], { only: ['unknown-name'] });
  });

  it('does not take the enum words of a misspelt provider or source kind for unknown names', () => {
    expectDiagnostics(HEADER + dedent(`
      param size: int = 10
      source rows: {q: string} = <|fil|> { path: "data/q.jsonl" format: jsonl key: "q" }
      model writer = <|hff|> { id: "w" task: chat_completion rpm: size }
    `), ['unknown-name', 'unknown-name'], { only: diagnosticCodes.filter((c) => c !== 'unused-declaration') });
  });

  it('reports an unknown import alias and an unknown name in an imported file', () => {
    expectDiagnostics(HEADER + dedent(`
      import "lib/verifiers.rlr" as shared
      source problems = math_problems { count: 10 }
      stage s from problems {
        emit { prompt: question truth: answer verifier: shared.<|boxed|> difficulty: difficulty domain: "math" }
      }
      stage t from <|sharde|>.problems {
        emit { prompt: question truth: answer verifier: shared.math_answer difficulty: difficulty domain: "math" }
      }
    `), [
      { code: 'unknown-name', message: 'unknown name `boxed`' },
      { code: 'unknown-name', message: 'unknown import alias `sharde`', hint: /did you mean `shared`/ },
    ], { only: ['unknown-name'], files: { '/r/lib/verifiers.rlr': 'verifier math_answer = math()\n' } });
  });

  it('accepts enum members written as bare words', () => {
    expectClean(HEADER + dedent(`
      source rows: {q: string, a: string} = file { path: "data/q.jsonl" format: jsonl }
      stage s from rows {
        emit { prompt: q truth: a verifier: exact() difficulty: 0.5 domain: "text" }
      }
      mixture m for rl { by: stage weights: { s: 1.0 } size: 10 on_short: fail }
      output { dir: "out" format: arrow compression: none group: record }
    `));
  });
});
