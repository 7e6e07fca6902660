import { describe, expect, it } from 'vitest';
import { dedent } from '../helpers.ts';
import { all, only, parseClean, parseMarked, property, show, showType, spanOf } from './support.ts';

describe('recipe header', () => {
  it('has a name, properties and a span covering the block', () => {
    const { module, spans } = parseClean(dedent(`
      <|recipe <|demo|> {
        version: "0.1.0"
        seed: 42
        description: "Math, then charts."
      }|>
    `));
    const recipe = only(module, 'RecipeDecl');
    expect(spanOf(recipe)).toEqual(spans[0]);
    expect(spanOf(recipe.name)).toEqual(spans[1]);
    expect(recipe.name?.name).toBe('demo');
    expect(recipe.properties.map((p) => `${p.key.name}=${show(p.value)}`)).toEqual(['version="0.1.0"', 'seed=42', 'description="Math, then charts."']);
  });

  it('accepts a keyword as the recipe name', () => {
    for (const word of ['curriculum', 'stage', 'output', 'mixture']) {
      const { module, spans } = parseClean(`recipe <|${word}|> { seed: 1 }`);
      const recipe = only(module, 'RecipeDecl');
      expect(recipe.name?.name).toBe(word);
      expect(spanOf(recipe.name)).toEqual(spans[0]);
    }
  });

  it('accepts keywords as property keys', () => {
    const { module } = parseClean('recipe r { stage: 1, from: 2 source: 3 }');
    expect(only(module, 'RecipeDecl').properties.map((p) => p.key.name)).toEqual(['stage', 'from', 'source']);
  });
});

describe('import', () => {
  it('has a path and an alias', () => {
    const { module, spans } = parseClean('<|import <|"lib/verifiers.rlr"|> as <|shared|>|>');
    const decl = only(module, 'ImportDecl');
    expect(spanOf(decl)).toEqual(spans[0]);
    expect(decl.path?.value).toBe('lib/verifiers.rlr');
    expect(spanOf(decl.path)).toEqual(spans[1]);
    expect(decl.alias?.name).toBe('shared');
    expect(spanOf(decl.alias)).toEqual(spans[2]);
  });
});

describe('param', () => {
  it('has a type and a default', () => {
    const { module, spans } = parseClean('<|param <|size|>: <|int|> = <|3000|>|>');
    const param = only(module, 'ParamDecl');
    expect(spanOf(param)).toEqual(spans[0]);
    expect(spanOf(param.name)).toEqual(spans[1]);
    expect(showType(param.type)).toBe('int');
    expect(spanOf(param.type)).toEqual(spans[2]);
    expect(show(param.defaultValue)).toBe('3000');
    expect(spanOf(param.defaultValue)).toEqual(spans[3]);
  });

  it('may have no default', () => {
    const param = only(parseClean('param cutoff: float').module, 'ParamDecl');
    expect(showType(param.type)).toBe('float');
    expect(param.defaultValue).toBeNull();
  });

  it('takes quantities and expressions as defaults', () => {
    const { module } = parseClean(dedent(`
      param review: percent = 20%
      param margin: seconds = 500ms
      param limit: int = 2 * 1000
    `));
    expect(all(module, 'ParamDecl').map((p) => show(p.defaultValue))).toEqual(['20%', '500ms', '(* 2 1000)']);
  });
});

describe('type', () => {
  it('names a record with optional fields, lists and units', () => {
    const { module, spans } = parseClean(dedent(`
      type Region = <|{label: string, <|note?: string|>, span: segment<s>, at: point<px>, tags: list<string>}|>
    `));
    const decl = only(module, 'TypeDecl');
    expect(decl.name?.name).toBe('Region');
    expect(showType(decl.type)).toBe('{label: string, note?: string, span: segment<s>, at: point<px>, tags: list<string>}');
    expect(spanOf(decl.type)).toEqual(spans[0]);
    expect(decl.type?.kind === 'RecordType' && spanOf(decl.type.fields[1])).toEqual(spans[1]);
  });

  it('reads fields one per line, without commas', () => {
    const decl = only(parseClean(dedent(`
      type Question = {
        question: string
        correct: string
        distractors: list<string>
      }
    `)).module, 'TypeDecl');
    expect(showType(decl.type)).toBe('{question: string, correct: string, distractors: list<string>}');
  });

  it('marks an optional type with `?`', () => {
    const { module, spans } = parseClean('type Maybe = <|<|list<Region>|>?|>');
    const type = only(module, 'TypeDecl').type;
    expect(type?.kind).toBe('OptionalType');
    expect(showType(type)).toBe('list<Region>?');
    expect(spanOf(type)).toEqual(spans[0]);
    expect(type?.kind === 'OptionalType' && spanOf(type.inner)).toEqual(spans[1]);
  });

  it('reads enums of strings', () => {
    const { module, spans } = parseClean('type Media = <|enum(<|"image"|>, "audio", "video")|>');
    const type = only(module, 'TypeDecl').type;
    expect(showType(type)).toBe('enum("image", "audio", "video")');
    expect(spanOf(type)).toEqual(spans[0]);
    expect(type?.kind === 'EnumType' && spanOf(type.members[0])).toEqual(spans[1]);
  });

  it('reads only `enum(…)` as an enum; `enum` alone is a type name', () => {
    const { module } = parseClean('type T = {a: enum, b: enum("x")}');
    expect(showType(only(module, 'TypeDecl').type)).toBe('{a: enum, b: enum("x")}');
    const other = parseMarked('type U = list<|(|>"a")');
    expect(other.diagnostics.map((d) => [d.code, d.span.start, d.span.end])).toEqual([['syntax-error', other.spans[0].start, other.spans[0].end]]);
  });

  it('reads unions, whose members may be optional', () => {
    const { module, spans } = parseClean('type Answer = <|<|string|> | float? | list<int>|>');
    const type = only(module, 'TypeDecl').type;
    expect(type?.kind).toBe('UnionType');
    expect(showType(type)).toBe('string | float? | list<int>');
    expect(spanOf(type)).toEqual(spans[0]);
    expect(type?.kind === 'UnionType' && spanOf(type.members[0])).toEqual(spans[1]);
  });

  it('reads nested and qualified type arguments', () => {
    const type = only(parseClean('type T = map<string, list<common.Region>>').module, 'TypeDecl').type;
    expect(showType(type)).toBe('map<string, list<common.Region>>');
    expect(type?.kind === 'NamedType' && type.args[1].kind === 'NamedType' && type.args[1].args[0].kind === 'NamedType'
      && type.args[1].args[0].name.module?.name).toBe('common');
  });
});

describe('source', () => {
  it('reads a generator with its properties', () => {
    const { module, spans } = parseClean('<|source <|problems|> = <|math_problems|> { count: 3000 kinds: ["arithmetic", "linear"] }|>');
    const source = only(module, 'SourceDecl');
    expect(spanOf(source)).toEqual(spans[0]);
    expect(spanOf(source.name)).toEqual(spans[1]);
    expect(source.sourceKind?.name).toBe('math_problems');
    expect(spanOf(source.sourceKind)).toEqual(spans[2]);
    expect(source.schema).toBeNull();
    expect(source.properties.map((p) => `${p.key.name}: ${show(p.value)}`)).toEqual(['count: 3000', 'kinds: ["arithmetic" "linear"]']);
  });

  it('reads a file source with a record schema', () => {
    const { module, spans } = parseClean(dedent(`
      source extra: <|{id: string, answer: string, solution: string?}|> = file {
        path: "data/olympiad.jsonl"
        format: jsonl
        key: "id"
      }
    `));
    const source = only(module, 'SourceDecl');
    expect(source.sourceKind?.name).toBe('file');
    expect(showType(source.schema)).toBe('{id: string, answer: string, solution: string?}');
    expect(spanOf(source.schema)).toEqual(spans[0]);
    expect(show(property(source.properties, 'format').value)).toBe('jsonl');
  });

  it('reads folder and label_studio sources', () => {
    const { module } = parseClean(dedent(`
      source clips: {scene: string?} = folder {
        glob: "data/clips/*.wav"
        media: audio
        sidecar: json
      }
      source earlier: {regions: list<Region>} = label_studio {
        path: "data/export.json"
        media: audio
      }
    `));
    const [clips, earlier] = all(module, 'SourceDecl');
    expect([clips.sourceKind?.name, showType(clips.schema)]).toEqual(['folder', '{scene: string?}']);
    expect([earlier.sourceKind?.name, showType(earlier.schema)]).toEqual(['label_studio', '{regions: list<Region>}']);
    expect(show(property(earlier.properties, 'media').value)).toBe('audio');
  });
});

describe('model', () => {
  it('has a provider and properties, including calls and quantities', () => {
    const { module, spans } = parseClean(dedent(`
      <|model <|describer|> = <|hf|> {
        id: "Qwen/Qwen2.5-VL-7B-Instruct"
        token: env("HF_TOKEN")
        timeout: 90s
        input_size: [1024, 1024]
      }|>
    `));
    const model = only(module, 'ModelDecl');
    expect(spanOf(model)).toEqual(spans[0]);
    expect(spanOf(model.name)).toEqual(spans[1]);
    expect(model.provider?.name).toBe('hf');
    expect(spanOf(model.provider)).toEqual(spans[2]);
    expect(model.properties.map((p) => `${p.key.name}: ${show(p.value)}`)).toEqual([
      'id: "Qwen/Qwen2.5-VL-7B-Instruct"', 'token: (call env "HF_TOKEN")', 'timeout: 90s', 'input_size: [1024 1024]',
    ]);
  });
});

describe('verifier', () => {
  it('is an expression: a call, a combinator of calls, or a qualified name', () => {
    const { module, spans } = parseClean(dedent(`
      verifier pick = choice(letters: "ABCD")
      verifier both = <|all(format(), math())|>
      verifier mix = weighted(point_in_mask(), format(), weights: [0.9, 0.1])
      verifier again = <|shared.boxed_math|>
    `));
    const verifiers = all(module, 'VerifierDecl');
    expect(verifiers.map((v) => `${v.name?.name} = ${show(v.value)}`)).toEqual([
      'pick = (call choice letters: "ABCD")',
      'both = (call all (call format) (call math))',
      'mix = (call weighted (call point_in_mask) (call format) weights: [0.9 0.1])',
      'again = shared.boxed_math',
    ]);
    expect(spanOf(verifiers[1].value)).toEqual(spans[0]);
    expect(spanOf(verifiers[3].value)).toEqual(spans[1]);
  });
});

describe('curriculum', () => {
  it('has levels, phases with shares, and properties', () => {
    const { module, spans } = parseClean(dedent(`
      curriculum levels {
        <|level <|1|> <|text_math|> { stages: [math_cot, math_extra] }|>
        level 2 charts { stages: [chart_qa] where: difficulty <= 0.9 }
        <|phase <|warmup|> { <|1: 70%|>, 2: 30% }|>
        phase main { 1: 20%, charts: 80% }
        order: by_level
      }
    `));
    const curriculum = only(module, 'CurriculumDecl');
    expect(curriculum.name?.name).toBe('levels');
    const [first, second] = curriculum.levels;
    expect(spanOf(first)).toEqual(spans[0]);
    expect([first.number?.value, first.name?.name]).toEqual([1, 'text_math']);
    expect(spanOf(first.number)).toEqual(spans[1]);
    expect(spanOf(first.name)).toEqual(spans[2]);
    expect(second.properties.map((p) => `${p.key.name}: ${show(p.value)}`)).toEqual(['stages: [chart_qa]', 'where: (<= difficulty 0.9)']);
    const [warmup, main] = curriculum.phases;
    expect(spanOf(warmup)).toEqual(spans[3]);
    expect(spanOf(warmup.name)).toEqual(spans[4]);
    expect(spanOf(warmup.shares[0])).toEqual(spans[5]);
    const share = (s: (typeof main.shares)[number]) => `${s.level.kind === 'NumberLiteral' ? s.level.value : s.level.name}: ${show(s.share)}`;
    expect(warmup.shares.map(share)).toEqual(['1: 70%', '2: 30%']);
    expect(main.shares.map(share)).toEqual(['1: 20%', 'charts: 80%']);
    expect(curriculum.properties.map((p) => `${p.key.name}: ${show(p.value)}`)).toEqual(['order: by_level']);
  });
});

describe('mixture', () => {
  it('names its split and reads a keyword as an enum value', () => {
    const { module, spans } = parseClean(dedent(`
      <|mixture <|rl_mix|> for <|rl|> {
        by: stage
        weights: { math: 0.4, charts: 0.6 }
        size: size
      }|>
    `));
    const mixture = only(module, 'MixtureDecl');
    expect(spanOf(mixture)).toEqual(spans[0]);
    expect(spanOf(mixture.name)).toEqual(spans[1]);
    expect(mixture.split?.name).toBe('rl');
    expect(spanOf(mixture.split)).toEqual(spans[2]);
    expect(mixture.properties.map((p) => `${p.key.name}: ${show(p.value)}`)).toEqual([
      'by: stage', 'weights: {math: 0.4, charts: 0.6}', 'size: size',
    ]);
  });
});

describe('output', () => {
  it('reads its properties', () => {
    const { module, spans } = parseClean(dedent(`
      <|output {
        dir: "out/curriculum"
        format: parquet
        splits: <|{ train: 90%, validation: 5%, test: 5% }|>
        group: source
      }|>
    `));
    const output = only(module, 'OutputDecl');
    expect(spanOf(output)).toEqual(spans[0]);
    expect(spanOf(property(output.properties, 'splits').value)).toEqual(spans[1]);
    expect(output.properties.map((p) => `${p.key.name}: ${show(p.value)}`)).toEqual([
      'dir: "out/curriculum"', 'format: parquet', 'splits: {train: 90%, validation: 5%, test: 5%}', 'group: source',
    ]);
  });
});

describe('a whole file', () => {
  it('keeps declarations in source order, with comments ignored', () => {
    const { module, comments } = parseClean(dedent(`
      # A header comment.
      recipe r { seed: 1 } # trailing
      param n: int = 3
      # between declarations
      stage s from src { where n > 1 }
      output { dir: "out" }
    `));
    expect(module.declarations.map((d) => d.kind)).toEqual(['RecipeDecl', 'ParamDecl', 'StageDecl', 'OutputDecl']);
    expect(comments.map((c) => c.image)).toEqual(['# A header comment.', '# trailing', '# between declarations']);
  });

  it('parses an empty file to an empty module', () => {
    expect(parseClean('').module.declarations).toEqual([]);
    expect(parseClean('# only a comment\n').module.declarations).toEqual([]);
  });
});
