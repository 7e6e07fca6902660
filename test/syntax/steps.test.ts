import { describe, expect, it } from 'vitest';
import type * as A from '../../compiler/syntax/ast.ts';
import { dedent } from '../helpers.ts';
import { only, parseClean, show, showArgument, showType, spanOf } from './support.ts';

function stage(source: string) {
  const parsed = parseClean(source);
  return { stage: only(parsed.module, 'StageDecl'), spans: parsed.spans };
}

function step<K extends A.Step['kind']>(steps: readonly A.Step[], index: number, kind: K): Extract<A.Step, { kind: K }> {
  const found = steps[index];
  expect(found?.kind).toBe(kind);
  return found as Extract<A.Step, { kind: K }>;
}

describe('stage', () => {
  it('has a name, an input and steps in order', () => {
    const { stage: decl, spans } = stage(dedent(`
      <|stage <|math_cot|> from <|problems|> {
        where difficulty <= 0.95
        emit { truth: answer }
      }|>
    `));
    expect(spanOf(decl)).toEqual(spans[0]);
    expect(spanOf(decl.name)).toEqual(spans[1]);
    expect(decl.input?.name.name).toBe('problems');
    expect(decl.input?.module).toBeNull();
    expect(spanOf(decl.input)).toEqual(spans[2]);
    expect(decl.steps.map((s) => s.kind)).toEqual(['WhereStep', 'EmitStep']);
  });

  it('may read from a qualified input and have no steps', () => {
    const { stage: decl, spans } = stage('stage copy from <|common.<|questions|>|> { }');
    expect(decl.input?.module?.name).toBe('common');
    expect(decl.input?.name.name).toBe('questions');
    expect(spanOf(decl.input)).toEqual(spans[0]);
    expect(spanOf(decl.input?.name)).toEqual(spans[1]);
    expect(decl.steps).toEqual([]);
  });
});

describe('steps', () => {
  it('let binds a value, with or without a type', () => {
    const { stage: decl, spans } = stage(dedent(`
      stage s from src {
        <|let <|speech|> = vad(audio: media)|>
        let q: <|Question|> = <|writer(prompt: "Write one.")|>
      }
    `));
    const plain = step(decl.steps, 0, 'LetStep');
    expect(spanOf(plain)).toEqual(spans[0]);
    expect(spanOf(plain.name)).toEqual(spans[1]);
    expect(plain.type).toBeNull();
    expect(show(plain.value)).toBe('(call vad audio: media)');
    const typed = step(decl.steps, 1, 'LetStep');
    expect(typed.name?.name).toBe('q');
    expect(showType(typed.type)).toBe('Question');
    expect(spanOf(typed.type)).toEqual(spans[2]);
    expect(spanOf(typed.value)).toEqual(spans[3]);
  });

  it('let can take its value from people with annotate', () => {
    const { stage: decl, spans } = stage(dedent(`
      stage s from clips {
        let regions: list<Region> = <|annotate <|audio_regions|>(
          media: media
          labels: ["speech", "dog"]
          qa: 20%
        )|>
      }
    `));
    const annotated = step(decl.steps, 0, 'LetStep');
    expect(showType(annotated.type)).toBe('list<Region>');
    expect(annotated.value?.kind).toBe('AnnotateExpr');
    expect(show(annotated.value)).toBe('(annotate audio_regions media: media labels: ["speech" "dog"] qa: 20%)');
    expect(spanOf(annotated.value)).toEqual(spans[0]);
    expect(annotated.value?.kind === 'AnnotateExpr' && spanOf(annotated.value.gate)).toEqual(spans[1]);
  });

  it('a value named annotate is a reference, not a gate', () => {
    const { stage: decl } = stage('stage s from src { let x = annotate }');
    expect(show(step(decl.steps, 0, 'LetStep').value)).toBe('annotate');
  });

  it('where filters, with an optional reason', () => {
    const { stage: decl, spans } = stage(dedent(`
      stage s from src {
        <|where <|media.duration >= 2s|> else <|"clip shorter than two seconds"|>|>
        where len(regions) >= 2
      }
    `));
    const filtered = step(decl.steps, 0, 'WhereStep');
    expect(spanOf(filtered)).toEqual(spans[0]);
    expect(show(filtered.condition)).toBe('(>= media.duration 2s)');
    expect(spanOf(filtered.condition)).toEqual(spans[1]);
    expect(filtered.reason?.value).toBe('clip shorter than two seconds');
    expect(spanOf(filtered.reason)).toEqual(spans[2]);
    expect(step(decl.steps, 1, 'WhereStep').reason).toBeNull();
  });

  it('explode turns a list into one record per item', () => {
    const { stage: decl, spans } = stage('stage s from src { <|explode <|nouns|> as <|phrase|>|> }');
    const exploded = step(decl.steps, 0, 'ExplodeStep');
    expect(spanOf(exploded)).toEqual(spans[0]);
    expect(show(exploded.value)).toBe('nouns');
    expect(spanOf(exploded.value)).toEqual(spans[1]);
    expect(exploded.name?.name).toBe('phrase');
    expect(spanOf(exploded.name)).toEqual(spans[2]);
  });

  it('validate asks people through a gate', () => {
    const { stage: decl, spans } = stage(dedent(`
      stage s from src {
        <|validate <|yes_no|>(
          question: template("Is the point on the {phrase}?")
          media: media
          qa: 20%
        )|>
      }
    `));
    const validated = step(decl.steps, 0, 'ValidateStep');
    expect(spanOf(validated)).toEqual(spans[0]);
    expect(validated.gate?.name).toBe('yes_no');
    expect(spanOf(validated.gate)).toEqual(spans[1]);
    expect(validated.args.map(showArgument)).toEqual(['question: (call template "Is the point on the {phrase}?")', 'media: media', 'qa: 20%']);
  });

  it('a standard-library operation is a call step', () => {
    const { stage: decl, spans } = stage('stage s from src { <|<|dedup|>(key: q.question)|> sample(<|0.5|>) }');
    const dedup = step(decl.steps, 0, 'CallStep');
    expect(spanOf(dedup)).toEqual(spans[0]);
    expect(dedup.operator.name).toBe('dedup');
    expect(spanOf(dedup.operator)).toEqual(spans[1]);
    expect(dedup.args.map(showArgument)).toEqual(['key: q.question']);
    const sample = step(decl.steps, 1, 'CallStep');
    expect(sample.args[0].name).toBeNull();
    expect(spanOf(sample.args[0].value)).toEqual(spans[2]);
  });

  it('emit writes the example, with keyword keys allowed', () => {
    const { stage: decl, spans } = stage(dedent(`
      stage s from src {
        <|emit {
          prompt: template("{question}")
          media: [image]
          <|truth: answer|>
          verifier: shared.boxed_math
          difficulty: 0.5
        }|>
      }
    `));
    const emitted = step(decl.steps, 0, 'EmitStep');
    expect(spanOf(emitted)).toEqual(spans[0]);
    expect(spanOf(emitted.properties[2])).toEqual(spans[1]);
    expect(emitted.properties.map((p) => `${p.key.name}: ${show(p.value)}`)).toEqual([
      'prompt: (call template "{question}")', 'media: [image]', 'truth: answer', 'verifier: shared.boxed_math', 'difficulty: 0.5',
    ]);
  });

  it('every step kind in one stage, in order', () => {
    const { stage: decl } = stage(dedent(`
      stage all_kinds from src {
        let a = 1
        let b: int = 2
        let c = annotate boxes(media: media)
        where a < b else "never"
        explode items as item
        validate yes_no(question: "ok?")
        dedup(key: item)
        emit { truth: item }
      }
    `));
    expect(decl.steps.map((s) => s.kind)).toEqual([
      'LetStep', 'LetStep', 'LetStep', 'WhereStep', 'ExplodeStep', 'ValidateStep', 'CallStep', 'EmitStep',
    ]);
  });
});
