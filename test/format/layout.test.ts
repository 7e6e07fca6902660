// The canonical layout, case by case: what a messy recipe becomes, and each
// rule of compiler/format/index.ts on its own.
import { describe, expect, it } from 'vitest';
import { applyEdits, formatEdits, formatSource } from '../../compiler/format/index.ts';
import { dedent } from '../helpers.ts';
import { expectCanonical, format } from './support.ts';

/** Formats, checks the output against the input (tree, tokens, comments, idempotence) and returns it. */
function fmt(text: string, options: { indent?: number } = {}): string {
  const output = format(text, options);
  expectCanonical(text, output, options);
  return output;
}

describe('a messy recipe', () => {
  it('becomes canonical', () => {
    const messy = [
      '',
      '',
      '# A recipe written in a hurry.',
      'recipe   messy{version:"0.1.0" ,seed:1}   # the header',
      'import "lib/verifiers.rlr"   as shared',
      'param  size :int=3000 # how many',
      'param weights: list<float|int>?= [0.5,-2,3]',
      '',
      '',
      '',
      'type R={a:string,b?:int,',
      '  c: enum("x","y")}',
      'source s:{id:string}=file{path:"a.jsonl"',
      '  # the format',
      '  format:jsonl,key:"id"  # the key',
      '',
      '',
      '}',
      'stage st from s{',
      'let x=a+b*-c   # arithmetic',
      '  where not x>1 else"too big"',
      '',
      '',
      '    # a model writes the question',
      '  let q: R = writer(prompt: template("""',
      '      Write about {x}.',
      '      """), system: "s")',
      '  dedup( key : q.question [0] )',
      '  emit{prompt:x truth:q.correct verifier:shared.letter difficulty:0.5 domain:"math" # why math',
      '  }',
      '}',
      'curriculum c {',
      '  level 1 easy { stages: [st] }',
      '',
      '',
      '  # then everything',
      '  phase p { 1: 100% }',
      '  order:by_level',
      '}',
      'output{dir:"x",splits:{train:90%,',
      '   test:10%},',
      '  # nothing else',
      '}',
      '# the end',
    ].join('\n');
    expect(fmt(messy)).toMatchInlineSnapshot(`
      "# A recipe written in a hurry.
      recipe messy { version: "0.1.0" seed: 1 } # the header
      import "lib/verifiers.rlr" as shared
      param size: int = 3000 # how many
      param weights: list<float | int>? = [0.5, -2, 3]

      type R = {
        a: string
        b?: int
        c: enum("x", "y")
      }

      source s: {id: string} = file {
        path: "a.jsonl"
        # the format
        format: jsonl
        key: "id" # the key
      }

      stage st from s {
        let x = a + b * -c # arithmetic
        where not x > 1 else "too big"

        # a model writes the question
        let q: R = writer(
          prompt: template("""
            Write about {x}.
            """)
          system: "s"
        )
        dedup(key: q.question[0])
        emit {
          prompt: x
          truth: q.correct
          verifier: shared.letter
          difficulty: 0.5
          domain: "math" # why math
        }
      }

      curriculum c {
        level 1 easy { stages: [st] }

        # then everything
        phase p { 1: 100% }
        order: by_level
      }

      output {
        dir: "x"
        splits: { train: 90%, test: 10% }
        # nothing else
      }

      # the end
      "
    `);
  });
});

describe('declarations', () => {
  it('keeps one-line declarations together or apart as written, and sets multi-line ones apart', () => {
    expect(fmt(dedent(`
      param a: int = 1
      param b: int = 2


      param c: int = 3
      # about d
      source d = math_problems {
        count: a
      }
      verifier v = math()
      verifier w = math()
    `))).toMatchInlineSnapshot(`
      "param a: int = 1
      param b: int = 2

      param c: int = 3

      # about d
      source d = math_problems {
        count: a
      }

      verifier v = math()
      verifier w = math()
      "
    `);
  });

  it('keeps a comment separated by an empty line apart from the declaration below it', () => {
    expect(fmt(dedent(`
      # A library of verifiers.

      # Boxed answers.
      verifier boxed = all(format(), math())
    `))).toMatchInlineSnapshot(`
      "# A library of verifiers.

      # Boxed answers.
      verifier boxed = all(format(), math())
      "
    `);
  });
});

describe('blocks', () => {
  it('keeps a short one-line block on one line, entries separated by a space', () => {
    expect(fmt('source s = math_problems { count: 10  kinds: ["linear"] }\n')).toMatchInlineSnapshot(`
      "source s = math_problems { count: 10 kinds: ["linear"] }
      "
    `);
  });

  it('breaks a one-line block that does not fit, and never joins a block written on several lines', () => {
    expect(fmt(dedent(`
      source problems = math_problems { count: size kinds: ["arithmetic", "fractions", "linear", "percent", "systems"] }
      output {
        dir: "out"
      }
    `))).toMatchInlineSnapshot(`
      "source problems = math_problems {
        count: size
        kinds: ["arithmetic", "fractions", "linear", "percent", "systems"]
      }

      output {
        dir: "out"
      }
      "
    `);
  });

  it('keeps one empty line between entries where there were some, none after `{` or before `}`', () => {
    expect(fmt(dedent(`
      stage s from p {

        let a = 1


        let b = 2

      }
    `))).toMatchInlineSnapshot(`
      "stage s from p {
        let a = 1

        let b = 2
      }
      "
    `);
  });

  it('writes empty blocks as `{}`', () => {
    expect(fmt('stage s from p {\n}\noutput {   }\n')).toMatchInlineSnapshot(`
      "stage s from p {}
      output {}
      "
    `);
  });

  it('lays out record types like blocks, without inner spaces', () => {
    expect(fmt(dedent(`
      type Short = { label : string , score ? : float }
      type Long = {label: string, span: segment<s>, confidence: float, source: string, annotator: string?, note: string?}
      type Written = {
        label: string
      }
    `))).toMatchInlineSnapshot(`
      "type Short = {label: string, score?: float}

      type Long = {
        label: string
        span: segment<s>
        confidence: float
        source: string
        annotator: string?
        note: string?
      }

      type Written = {
        label: string
      }
      "
    `);
  });
});

describe('arguments, lists and maps', () => {
  it('join when they fit and break one entry per line, outermost first, when they do not', () => {
    expect(fmt(dedent(`
      stage s from p {
        let a = f(
          x: 1,
          y: [1,
            2],
        )
        let b = annotate audio_regions(media: media, labels: ["speech", "dog", "siren", "music", "door", "engine", "bird"], qa: 20%)
        let c = f(g(h(aaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbb), cccccccccccccccccccccccc), dddddddddddddddddddddd)
        emit { weights: { math: 0.4, charts: 0.3, geometry: 0.3, audio: 0.3, video: 0.3, text: 0.3, other: 0.1 } }
      }
    `))).toMatchInlineSnapshot(`
      "stage s from p {
        let a = f(x: 1, y: [1, 2])
        let b = annotate audio_regions(
          media: media
          labels: ["speech", "dog", "siren", "music", "door", "engine", "bird"]
          qa: 20%
        )
        let c = f(
          g(h(aaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbb), cccccccccccccccccccccccc)
          dddddddddddddddddddddd
        )
        emit {
          weights: {
            math: 0.4
            charts: 0.3
            geometry: 0.3
            audio: 0.3
            video: 0.3
            text: 0.3
            other: 0.1
          }
        }
      }
      "
    `);
  });

  it('keep a comma where the next entry would otherwise continue the one before', () => {
    expect(fmt(dedent(`
      param p: list<float> = [1000000000, -2000000000, (3000000000), [4000000000][0], 5000000000, -6000000000]
      output { m: { x: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, and: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, or: ccccccccccccccccccccc } }
    `))).toMatchInlineSnapshot(`
      "param p: list<float> = [
        1000000000,
        -2000000000,
        (3000000000),
        [4000000000][0]
        5000000000,
        -6000000000
      ]

      output {
        m: {
          x: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,
          and: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,
          or: ccccccccccccccccccccc
        }
      }
      "
    `);
  });

  it('stay on one line when an entry is a keyword, which would open a declaration at the start of a line', () => {
    const text = `param p: list<string> = [stage, -1, ${'a'.repeat(40)}, ${'b'.repeat(40)}]\nmixture m for rl { by: stage }\n`;
    expect(fmt(text)).toBe(text);
    // A keyword as a key is no value: the map breaks as any other.
    expect(fmt(`param p: int = f({ stage: ${'a'.repeat(50)}, source: ${'b'.repeat(50)} })\n`)).toBe(
      `param p: int = f(\n  {\n    stage: ${'a'.repeat(50)}\n    source: ${'b'.repeat(50)}\n  }\n)\n`,
    );
  });

  it('keep a call whose only argument is a string on one line, and break around a `"""` string among others', () => {
    expect(fmt(dedent(`
      stage s from p {
        let prompt = template("A string far too long to fit in one hundred columns, which no line break could shorten anyway.")
        let short = template("""
            Two lines
              as written.
            """)
        let q = writer(system: "Reply in JSON.", prompt: template("""
            Two lines
              as written.
            """))
      }
    `))).toMatchInlineSnapshot(`
      "stage s from p {
        let prompt = template("A string far too long to fit in one hundred columns, which no line break could shorten anyway.")
        let short = template("""
            Two lines
              as written.
            """)
        let q = writer(
          system: "Reply in JSON."
          prompt: template("""
            Two lines
              as written.
            """)
        )
      }
      "
    `);
  });
});

describe('expressions', () => {
  it('puts one space around binary operators and none inside postfix chains', () => {
    expect(fmt('verifier v = f(a+b*-c,not x,(y),z.w[0] .q ( r : 1 ))\nparam p: int = if a>=b then-1 else 2\n')).toMatchInlineSnapshot(`
      "verifier v = f(a + b * -c, not x, (y), z.w[0].q(r: 1))
      param p: int = if a >= b then -1 else 2
      "
    `);
  });

  it('never breaks a long condition', () => {
    const condition = Array.from({ length: 12 }, (_, i) => `difficulty_${i} > 0.${i}`).join(' and ');
    const output = fmt(`stage s from p {\n  where ${condition} else "hard"\n}\n`);
    expect(output.split('\n')[1]).toBe(`  where ${condition} else "hard"`);
  });

  it('prints every literal exactly as written', () => {
    const literals = '[1e-6, 2.50, 0.10, 1E+3, 500ms, 2min, 12px, 20%, "\\u{1F600}", "a\\tb", "\\" "]';
    expect(fmt(`param p: list<float> = ${literals}\n`)).toBe(`param p: list<float> = ${literals}\n`);
  });

  it('formats an expression of thousands of operators without exhausting the stack', () => {
    const sum = Array.from({ length: 20000 }, (_, i) => String(i)).join('+');
    expect(format(`param p: int = ${sum}\n`)).toBe(`param p: int = ${sum.split('+').join(' + ')}\n`);
  });
});

describe('comments', () => {
  it('stay where they were: after code on its line, on lines of their own, at the end of a block', () => {
    expect(fmt(dedent(`
      # before everything
      recipe r { version: "0.1.0", seed: 1 } # after a one-line block
      stage s from p { # after the brace
        # before a step

        let a = f(x, # after an argument
          y)
        emit {
          prompt: a # after a property
          # at the end of the block
        }
        # at the end of the stage
      }
      # at the end of the file
    `))).toMatchInlineSnapshot(`
      "# before everything
      recipe r { version: "0.1.0" seed: 1 } # after a one-line block

      stage s from p { # after the brace
        # before a step

        let a = f(
          x # after an argument
          y
        )
        emit {
          prompt: a # after a property
          # at the end of the block
        }
        # at the end of the stage
      }

      # at the end of the file
      "
    `);
  });

  it('in the middle of an expression keep their line, and the expression goes on below', () => {
    expect(fmt(dedent(`
      param p: int = 1 + # one
        2 *
        # three
        3
    `))).toMatchInlineSnapshot(`
      "param p: int = 1 + # one
        2 *
        # three
        3
      "
    `);
  });

  it('never leave a keyword used as a value at the start of a line with more after it', () => {
    expect(fmt('mixture m for rl {\n  by: # the stage, not the domain\n  stage\n  weights: f(a, # one\n stage\n .x, -1)\n}\n')).toMatchInlineSnapshot(`
      "mixture m for rl {
        by: # the stage, not the domain
          stage
        weights: f(
          a # one
          stage
            .x,
          -1
        )
      }
      "
    `);
  });

  it('lose the blanks at their end, and nothing else', () => {
    expect(fmt('param p: int = 1 #  spaced   comment   \t\n')).toBe('param p: int = 1 #  spaced   comment\n');
  });
});

describe('files', () => {
  it('formats an empty file, or one with only comments', () => {
    expect(format('')).toBe('');
    expect(format('\n\n  \n')).toBe('');
    expect(format('\n\n# one\n\n\n\n# two   \n\n')).toBe('# one\n\n# two\n');
  });

  it('reads CRLF line ends and writes LF', () => {
    expect(format('param a: int = 1\r\n\r\n\r\nparam b: int = 2 # two\r\n')).toBe('param a: int = 1\n\nparam b: int = 2 # two\n');
  });

  it('indents by the width asked for', () => {
    expect(fmt('stage s from p {\n  emit {\n    a: 1\n  }\n}\n', { indent: 4 })).toBe('stage s from p {\n    emit {\n        a: 1\n    }\n}\n');
  });

  it('refuses a file with syntax errors, with its diagnostics', () => {
    const result = formatSource('stage s from p {\n  where difficulty < @ 0.5\n}\n', { file: 'broken.rlr' });
    expect(result).toMatchObject({ error: [{ code: 'invalid-character', span: { file: 'broken.rlr', start: 38, end: 39 } }] });
    const unclosed = formatSource('output { dir: "x"\n');
    expect('error' in unclosed && unclosed.error.map((d) => d.code)).toEqual(['syntax-error']);
  });
});

describe('formatEdits', () => {
  it('replaces only what differs between tokens', () => {
    const text = 'param  size :int=3000\nparam b: int = 2\n';
    expect(formatEdits(text)).toEqual([
      { start: 6, end: 7, newText: '' },
      { start: 11, end: 12, newText: '' },
      { start: 13, end: 13, newText: ' ' },
      { start: 16, end: 16, newText: ' ' },
      { start: 17, end: 17, newText: ' ' },
    ]);
    expect(applyEdits(text, formatEdits(text))).toBe(format(text));
  });

  it('returns no edits for a canonical text or one with syntax errors', () => {
    expect(formatEdits('param a: int = 1\n')).toEqual([]);
    expect(formatEdits('param a: = 1\n')).toEqual([]);
  });

  it('turns commas and comment blanks into edits too', () => {
    const text = 'output { a: 1, b: { c: 1 d: 2 } } # c   \n';
    expect(formatEdits(text)).toEqual([
      { start: 13, end: 14, newText: '' },
      { start: 24, end: 24, newText: ',' },
      { start: 37, end: 40, newText: '' },
    ]);
    expect(applyEdits(text, formatEdits(text))).toBe('output { a: 1 b: { c: 1, d: 2 } } # c\n');
  });
});
