// Completion, as a pure function of a checked document and a position, on
// complete recipes and on recipes cut off where the cursor is.
import { describe, expect, it } from 'vitest';
import type { CompletionItem } from 'vscode-languageserver';
import { completion } from '../../lsp/features/completion.ts';
import { fixture } from './support.ts';

const library = 'verifier boxed_math = all(format(), math())\ntype Region = {label: string, span: segment<s>}\n';

const recipe = (body: string, extra = '') => `
  recipe t { version: "0.1.0" seed: 1 }
  import "lib.rlr" as shared
  param size: int = 10
  source problems = math_problems { count: size }
  source clips: {scene: string?} = folder { glob: "data/*.wav" media: audio sidecar: json }
  model describer = hf { id: "org/model" task: chat_completion }
  stage s from problems {
    let hint = if difficulty > 0.5 then "hard" else "easy"
    ${body}
  }
  ${extra}
`;

function items(source: string, snippets = true): CompletionItem[] {
  const { document, position } = fixture(source, { '/r/lib.rlr': library });
  return completion(document, position, { snippets });
}

const labels = (source: string) => items(source).map((i) => i.label);

describe('completion', () => {
  it('offers the fields in scope and the library\'s functions inside a stage, with parameter snippets', () => {
    const offered = items(recipe(`where le‸
    let later = 1`));
    const names = offered.map((i) => i.label);
    expect(names).toEqual(expect.arrayContaining(['question', 'answer', 'difficulty', 'hint', 'size', 'describer', 'len', 'template', 'if', 'not']));
    expect(names).not.toContain('later');
    expect(offered.find((i) => i.label === 'hint')).toMatchObject({ kind: 5, detail: 'hint: string' });
    expect(offered.find((i) => i.label === 'len')).toMatchObject({ insertText: 'len(${1:value})', insertTextFormat: 2, detail: 'len(value: list<T> | string) -> int' });
    expect(offered.find((i) => i.label === 'to_seconds')?.insertText).toBe('to_seconds(${1:frames}, ${2:fps})');
    expect(offered.find((i) => i.label === 'describer')?.insertText).toBe('describer(prompt: ${1:prompt})');
  });

  it('inserts plain names when the editor takes no snippets', () => {
    expect(items(recipe('where ‸'), false).find((i) => i.label === 'len')).toMatchObject({ insertText: 'len' });
  });

  it('offers steps at the start of a step, with their named parameters', () => {
    expect(items(recipe('‸')).find((i) => i.label === 'dedup')?.insertText).toBe('dedup(key: ${1:key})');
    const names = labels(recipe('‸'));
    expect(names).toEqual(expect.arrayContaining(['let', 'where', 'explode', 'validate', 'emit', 'dedup', 'sample', 'shuffle_choices']));
    expect(names).not.toContain('len');
  });

  it('offers the gates of `validate` and of `annotate`', () => {
    expect(labels(recipe('validate ‸'))).toEqual(['yes_no']);
    expect(labels(recipe('let r = annotate ‸'))).toEqual(expect.arrayContaining(['audio_regions', 'image_boxes']));
  });

  it('offers the properties of an emit not yet given, then the verifiers for `verifier:`', () => {
    expect(labels(recipe('emit {\n      prompt: hint\n      ‸\n    }'))).toEqual(expect.arrayContaining(['truth', 'verifier', 'difficulty', 'domain', 'trace']));
    expect(labels(recipe('emit {\n      prompt: hint\n      ‸\n    }'))).not.toContain('prompt');
    expect(labels(recipe('emit { verifier: ‸ }'))).toEqual(expect.arrayContaining(['exact', 'math', 'choice', 'all']));
  });

  it('offers the parameters of the call the cursor is in, then values', () => {
    const names = labels(recipe('let r = round(‸'));
    expect(names.slice(0, 2)).toEqual(['value:', 'digits:']);
    expect(names).toContain('difficulty');
    expect(labels(recipe('let r = round(1.5, ‸'))).toEqual(expect.arrayContaining(['value:', 'digits:']));
    expect(labels(recipe('let d = describer(prompt: hint, ‸)'))).toEqual(expect.arrayContaining(['system:', 'media:']));
    expect(labels(recipe('let d = describer(prompt: hint, ‸)'))).not.toContain('prompt:');
  });

  it('offers members after a dot: of records, of media, of an imported module', () => {
    expect(labels(recipe('let n = hint.‸'))).toEqual(['length']);
    expect(labels(recipe('', 'stage a from clips {\n    let d = media.‸\n  }'))).toEqual(['path', 'duration', 'sample_rate', 'channels']);
    expect(labels(recipe('emit { verifier: shared.‸ }'))).toEqual(['boxed_math', 'Region']);
  });

  it('offers fields inside a template\'s braces', () => {
    expect(labels(recipe('let prompt = template("Q: {que‸}")'))).toEqual(expect.arrayContaining(['question', 'hint']));
    expect(labels(recipe('let prompt = template("Q: {{ que‸")'))).toEqual([]);
  });

  it('offers declarations at the top level, and sources and stages after `from`', () => {
    expect(labels(recipe('', '‸'))).toEqual(['recipe', 'import', 'param', 'type', 'source', 'model', 'verifier', 'stage', 'curriculum', 'mixture', 'output']);
    expect(items(recipe('', 'sta‸')).find((i) => i.label === 'stage')?.insertText).toBe('stage ${1:name} from ${2:source} {\n\t$0\n}');
    expect(labels(recipe('', 'stage t from ‸'))).toEqual(expect.arrayContaining(['problems', 'clips', 's', 'shared']));
  });

  it('offers source kinds, providers, tasks and the other values a declaration takes', () => {
    expect(labels(recipe('', 'source more = ‸'))).toEqual(expect.arrayContaining(['file', 'folder', 'math_problems', 'chart_questions']));
    expect(labels(recipe('', 'model m = ‸'))).toEqual(['hf', 'onnx']);
    expect(labels(recipe('', 'model m = hf { task: ‸ }'))).toEqual(expect.arrayContaining(['chat_completion', 'object_detection']));
    expect(labels(recipe('', 'model m = hf { id: "x" ‸ }'))).toEqual(expect.arrayContaining(['task', 'provider', 'endpoint', 'token']));
    expect(labels(recipe('', 'source more = math_problems { count: 3 ‸ }'))).toEqual(expect.arrayContaining(['min_difficulty', 'kinds']));
    expect(labels(recipe('', 'output { format: ‸ }'))).toEqual(['parquet', 'arrow']);
    expect(labels(recipe('', 'curriculum c { level 1 first { stages: [‸] } }'))).toEqual(expect.arrayContaining(['s']));
    expect(labels(recipe('', 'verifier v = ‸'))).toEqual(expect.arrayContaining(['exact', 'all']));
  });

  it('offers types where a type is written', () => {
    expect(labels(recipe('', 'param p: ‸'))).toEqual(expect.arrayContaining(['int', 'seconds', 'list', 'enum']));
    expect(labels(recipe('let q: ‸'))).toEqual(expect.arrayContaining(['string', 'point', 'shared']));
  });

  it('offers nothing inside a comment', () => {
    expect(labels(recipe('# let ‸'))).toEqual([]);
  });
});
