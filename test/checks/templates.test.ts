import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

// Video clips with a structured question, so templates can reach fields, members and record members.
const stage = (steps: string) => HEADER + dedent(`
  type Question = {question: string, correct: string, distractors: list<string>}
  source clips: {title: string?} = folder { glob: "data/*.mp4" media: video }
  model writer = hf { id: "w" task: chat_completion }
  stage s from clips {
    let q: Question = writer(prompt: "Write a question.")
  ${steps}
    emit { prompt: q.question truth: q.correct verifier: exact() difficulty: 0.5 domain: "video" }
  }
`);

describe('template-unknown-field', () => {
  it('reports a misspelt field with a suggestion, spanning the placeholder', () => {
    expectDiagnostics(stage(`  let p = template("Title: <|{titel}|>")`), [
      { code: 'template-unknown-field', message: 'template field `{titel}` is not in scope', hint: /did you mean `title`/ },
    ]);
  });

  it('follows dotted paths into records and media, and reports the first member that is missing', () => {
    expectDiagnostics(stage(`
      let p = template("{q.question} {q.distractors.length} {media.duration} {media.fps}")
      let r = template("<|{q.questoin}|> and <|{media.lenght}|>")
    `), [
      { code: 'template-unknown-field', message: 'template field `{q.questoin}` is not in scope', hint: /did you mean `question`/ },
      { code: 'template-unknown-field', message: 'template field `{media.lenght}` is not in scope' },
    ]);
  });

  it('accepts literal braces written `{{` and `}}`, also around a placeholder', () => {
    expectClean(stage(`
      let boxed = template("Give the answer in \\\\boxed{{}}.")
      let json = template("Reply as {{\\"question\\": ...}} about {title}.")
      let wrapped = template("{{ {title} }}")
      let spaced = template("{ title }")
    `));
  });

  it('maps spans back to the source through escapes and triple-quoted strings', () => {
    expectDiagnostics(stage(`
      let a = template("caf\\u00e9\\n\\t<|{titel}|>")
      let b = template("""
        A clip called {title}.
        <|{q.answer}|>
        """)
    `), [
      { code: 'template-unknown-field', message: '`{titel}`' },
      { code: 'template-unknown-field', message: '`{q.answer}`', hint: 'fields in scope: `question`, `correct`, `distractors`' },
    ]);
  });

  it('sees the fields bound by earlier steps only', () => {
    expectDiagnostics(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      stage s from problems {
        let early = template("<|{hint}|>")
        let hint = "think"
        let late = template("{hint} {question}")
        emit { prompt: late truth: answer verifier: math() difficulty: difficulty domain: "math" }
      }
    `), [{ code: 'template-unknown-field', message: '`{hint}`' }], { only: ['template-unknown-field'] });
  });

  it('reports a placeholder outside a stage, where no field is in scope', () => {
    expectDiagnostics(HEADER + dedent(`
      param greeting: string = template("Hello <|{who}|>")
      source problems = math_problems { count: 10 }
      stage s from problems {
        emit { prompt: question system: greeting truth: answer verifier: math() difficulty: difficulty domain: "math" }
      }
    `), [{ code: 'template-unknown-field', hint: 'write `{{` and `}}` for literal braces' }]);
  });

  it('says nothing about templates in a stage whose input is unknown', () => {
    expectDiagnostics(HEADER + dedent(`
      stage s from <|nowhere|> {
        emit { prompt: template("{question}") truth: "a" verifier: exact() difficulty: 0.5 domain: "d" }
      }
    `), ['unknown-name'], { only: ['unknown-name', 'unknown-field', 'template-unknown-field'] });
  });
});

describe('template-syntax', () => {
  it('reports unbalanced braces and placeholders that are not field names', () => {
    expectDiagnostics(stage(`
      let a = template("<|{|>title")
      let b = template("title<|}|> and more")
      let c = template("<|{|>1st}")
      let d = template("<|{|>}")
    `), [
      { code: 'template-syntax', message: 'template: a `{` is never closed', hint: 'write `{{` and `}}` for literal braces' },
      { code: 'template-syntax', message: 'template: a `}` has no matching `{`' },
      { code: 'template-syntax', message: 'template: `{1st}` is not a field name' },
      { code: 'template-syntax', message: 'template: `{}` is not a field name' },
    ]);
  });
});
