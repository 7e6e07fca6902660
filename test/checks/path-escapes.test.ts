import { describe, expect, it } from 'vitest';
import { check, dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const readAll = (names: string[]) => names.map((n) => `stage from_${n} from ${n} { emit { prompt: "p" truth: "a" verifier: exact() difficulty: 0.5 domain: "d" } }`).join('\n');

describe('path-escapes-recipe', () => {
  it('reports paths that leave the recipe\'s folder: parent, absolute, home, through `..`', () => {
    expectDiagnostics(HEADER + dedent(`
      source a: {x: string} = file { path: <|"../x.jsonl"|> format: jsonl }
      source b: {x: string} = file { path: <|"/etc/x.jsonl"|> format: jsonl }
      source c: {x: string} = file { path: <|"data/../../x.jsonl"|> format: jsonl }
      source d: {x: string} = file { path: <|"~/x.jsonl"|> format: jsonl }
      source e: {x: string} = folder { glob: <|"../clips/*.wav"|> media: audio }
      source f: {x: string} = file { path: <|"C:\\\\data\\\\x.jsonl"|> format: jsonl }
      ${readAll(['a', 'b', 'c', 'd', 'e', 'f'])}
    `), [
      { code: 'path-escapes-recipe', message: 'path `../x.jsonl` escapes the recipe\'s folder', hint: 'keep data beside the recipe, or link it into the recipe\'s folder' },
      { code: 'path-escapes-recipe', message: 'path `/etc/x.jsonl` escapes the recipe\'s folder' },
      { code: 'path-escapes-recipe', message: 'path `data/../../x.jsonl` escapes the recipe\'s folder' },
      'path-escapes-recipe',
      'path-escapes-recipe',
      { code: 'path-escapes-recipe', message: 'path `C:\\data\\x.jsonl` escapes the recipe\'s folder' },
    ]);
  });

  it('accepts paths inside the folder, also through `..` that stays inside, and URLs', () => {
    expectClean(HEADER + dedent(`
      source a: {x: string} = file { path: "data/x.jsonl" format: jsonl }
      source b: {x: string} = file { path: "./data/x.jsonl" format: jsonl }
      source c: {x: string} = file { path: "data/raw/../x.jsonl" format: jsonl }
      source d: {x: string} = file { path: "..data/x.jsonl" format: jsonl }
      source e: {x: string} = file { path: "https://example.com/x.jsonl" format: jsonl }
      ${readAll(['a', 'b', 'c', 'd', 'e'])}
      output { dir: "out/run-1" }
    `));
  });

  it('checks model files, Label Studio media roots and the output folder', () => {
    expectDiagnostics(HEADER + dedent(`
      source marks: {x: string} = label_studio { path: "exports/a.json" media: image media_root: <|"/data/upload"|> }
      model enc = onnx { path: <|"../models/enc.onnx"|> task: image_classification }
      stage s from marks {
        let classes = enc(image: media)
        emit { prompt: "p" truth: "a" verifier: exact() difficulty: 0.5 domain: "d" }
      }
      output { dir: <|"../out"|> }
    `), ['path-escapes-recipe', 'path-escapes-recipe', 'path-escapes-recipe']);
  });

  it('resolves an import against the importing file, so `../` from a library may stay inside', () => {
    const main = HEADER + dedent(`
      import "../shared/v.rlr" as outside
      import "lib/a.rlr" as lib
      source problems = math_problems { count: 10 }
      stage s from problems {
        emit { prompt: question truth: answer verifier: all(lib.boxed, outside.v) difficulty: difficulty domain: "math" }
      }
    `);
    const others = {
      '/shared/v.rlr': 'verifier v = format()\n',
      '/r/lib/a.rlr': 'import "../common/b.rlr" as common\nimport "../../shared/v.rlr" as up\nverifier boxed = all(common.math_check, up.v)\n',
      '/r/common/b.rlr': 'verifier math_check = math()\n',
    };
    const escapes = check(main, others).diagnostics.filter((d) => d.code === 'path-escapes-recipe');
    expect(escapes.map((d) => [d.span.file, d.message])).toEqual([
      ['/r/lib/a.rlr', 'path `../../shared/v.rlr` escapes the recipe\'s folder'],
      ['/r/main.rlr', 'path `../shared/v.rlr` escapes the recipe\'s folder'],
    ]);
  });
});
