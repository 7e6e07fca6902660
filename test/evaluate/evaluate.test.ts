// The evaluator against one record: each case is an expression and its value,
// or an expression and the reason it rejects the record.
import { describe, expect, it } from 'vitest';
import type { DagExpr } from '../../compiler/lower/dag-schema.ts';
import { evaluate, recordContext, type EvalContext } from '../../runtime/evaluate/evaluate.ts';
import { RecordRejected } from '../../runtime/evaluate/reject.ts';
import type { RuntimeRecord, Value } from '../../runtime/values.ts';
import { encodeMask } from '../../stdlib/verifiers/rle.ts';

const squareRle = encodeMask(Array.from({ length: 100 }, (_, i) => (i % 10 >= 2 && i % 10 < 5 && Math.floor(i / 10) >= 1 && Math.floor(i / 10) < 8 ? 1 : 0)), 10, 10);
const square = { size: squareRle.size, counts: squareRle.counts };

const record: RuntimeRecord = {
  key: 'clip-7',
  group: 'clip-7',
  fields: {
    question: 'What happens next?',
    count: 3,
    ratio: 0.25,
    scene: null,
    tags: ['dog', 'park'],
    q: { question: 'Who barks?', answer: 'the dog', distractors: ['the cat', 'the bird', 'the cow'] },
    media: { $media: 'image', path: 'img/a.jpg', width: 640, height: 480 },
    video: { $media: 'video', path: 'v.mp4', duration: 10, fps: 25, frame_count: 250, clip: { start: 0, end: 7 } },
    sound: { $media: 'audio', path: 's.wav', duration: 2.5, sample_rate: 16000, channels: 1 },
    box: { x1: 10, y1: 20, x2: 110, y2: 70 },
    span: { start: 1.5, end: 4 },
    target: { x: 12.5, y: 3 },
    mask: square,
    regions: [{ label: 'dog', span: { start: 0, end: 3 } }, { label: 'cat', span: { start: 1, end: 4 } }],
  },
};

const context = (env: Record<string, string> = {}): EvalContext => recordContext(3, 'feedfacecafebeef', record.key, (name) => env[name]);
const run = (expr: DagExpr, rec: RuntimeRecord = record) => evaluate(expr, rec, context());

const f = (field: string): DagExpr => ({ field });
const lit = (value: Value): DagExpr => ({ lit: value as never });
const m = (e: DagExpr, name: string): DagExpr => ({ member: [e, name] });
const op = (o: string, ...args: DagExpr[]): DagExpr => ({ op: o, args });

const values: Array<[string, DagExpr, Value]> = [
  ['a literal', lit([1, 'a']), [1, 'a']],
  ['a field', f('question'), 'What happens next?'],
  ['an absent optional field', f('weather'), null],
  ['a record member', m(f('q'), 'answer'), 'the dog'],
  ['a member of null', m(f('scene'), 'name'), null],
  ['a nested member of null', m(m(f('scene'), 'place'), 'name'), null],
  ['image width', m(f('media'), 'width'), 640],
  ['image path', m(f('media'), 'path'), 'img/a.jpg'],
  ['the duration of a cut clip', m(f('video'), 'duration'), 7],
  ['the frame count of a cut clip', m(f('video'), 'frame_count'), 175],
  ['video fps', m(f('video'), 'fps'), 25],
  ['audio sample rate', m(f('sound'), 'sample_rate'), 16000],
  ['audio channels', m(f('sound'), 'channels'), 1],
  ['box width', m(f('box'), 'width'), 100],
  ['box height', m(f('box'), 'height'), 50],
  ['box center', m(f('box'), 'center'), { x: 60, y: 45 }],
  ['box corner', m(f('box'), 'x2'), 110],
  ['segment length', m(f('span'), 'length'), 2.5],
  ['mask area', m(f('mask'), 'area'), 21],
  ['mask width', m(f('mask'), 'width'), 10],
  ['mask height', m(f('mask'), 'height'), 10],
  ['mask bbox', m(f('mask'), 'bbox'), { x1: 2, y1: 1, x2: 5, y2: 8 }],
  ['list length', m(f('tags'), 'length'), 2],
  ['string length in characters', m(lit('naïve 🙂'), 'length'), 7],
  ['an index', { index: [m(f('q'), 'distractors'), lit(2)] }, 'the cow'],
  ['an index into null', { index: [f('scene'), lit(0)] }, null],
  ['a list', { list: [f('count'), lit('x')] }, [3, 'x']],
  ['a record', { record: { a: f('count'), b: m(f('q'), 'answer') } }, { a: 3, b: 'the dog' }],
  ['addition', op('+', f('count'), lit(0.5)), 3.5],
  ['subtraction', op('-', lit(1), lit(3)), -2],
  ['multiplication', op('*', f('ratio'), lit(8)), 2],
  ['division', op('/', lit(7), lit(2)), 3.5],
  ['units already in base units', op('/', m(f('media'), 'width'), lit(1)), 640],
  ['negation', op('neg', f('count')), -3],
  ['string concatenation', op('+', lit('a'), lit('b')), 'ab'],
  ['list concatenation', op('+', f('tags'), lit(['cat'])), ['dog', 'park', 'cat']],
  ['less than', op('<', f('count'), lit(4)), true],
  ['at least', op('>=', f('count'), lit(4)), false],
  ['string order', op('<', lit('apple'), lit('banana')), true],
  ['deep equality of records', op('==', f('target'), lit({ y: 3, x: 12.5 })), true],
  ['inequality', op('!=', f('tags'), lit(['dog', 'park'])), false],
  ['equality with null', op('==', f('scene'), lit(null)), true],
  ['and', op('and', lit(true), lit(false)), false],
  ['or', op('or', lit(false), lit(true)), true],
  ['not', op('not', lit(false)), true],
  ['and short-circuits past a rejecting operand', op('and', lit(false), { index: [f('tags'), lit(9)] }), false],
  ['or short-circuits past a rejecting operand', op('or', lit(true), { index: [f('tags'), lit(9)] }), true],
  ['if then', { if: [op('>', f('count'), lit(2)), lit('many'), lit('few')] }, 'many'],
  ['if else, without evaluating the other branch', { if: [lit(false), { index: [f('tags'), lit(9)] }, lit('few')] }, 'few'],
  ['a function call', { call: 'len', args: { value: f('tags') } }, 2],
  ['a nested call', { call: 'upper', args: { text: { call: 'join', args: { items: f('tags'), separator: lit('+') } } } }, 'DOG+PARK'],
  ['a member of a call result', m({ call: 'earliest_region', args: { regions: f('regions'), min_margin: lit(0.5) } }, 'label'), 'dog'],
];

const rejections: Array<[string, DagExpr, RegExp]> = [
  ['an index out of range', { index: [f('tags'), lit(2)] }, /index 2 is out of range for a list of 2/],
  ['a negative index', { index: [f('tags'), lit(-1)] }, /index -1 is out of range/],
  ['a fractional index', { index: [f('tags'), lit(0.5)] }, /whole number/],
  ['division by zero', op('/', f('count'), lit(0)), /division by zero/],
  ['arithmetic on null', op('+', f('scene'), lit(1)), /`\+` needs a number, got null/],
  ['a condition that is null', { if: [f('scene'), lit(1), lit(2)] }, /condition of `if` is null/],
  ['an unknown image size', m(lit({ $media: 'image', path: 'x.png' }), 'width'), /width of image `x.png` is unknown/],
  ['a member media do not have', m(f('media'), 'fps'), /the fps of image `img\/a.jpg` is unknown/],
  ['min of an empty list', { call: 'min', args: { values: lit([]) } }, /`min`: the list is empty/],
  ['a tie in longest_region', { call: 'longest_region', args: { regions: f('regions'), min_margin: lit(0) } }, /`longest_region`: ambiguous/],
  ['too few distractors in choices', { call: 'choices', args: { correct: lit('a'), distractors: lit(['b']), count: lit(4), letters: lit('ABCD') } }, /found 1/],
];

describe('evaluate', () => {
  it.each(values)('%s', (_name, expr, expected) => {
    expect(run(expr)).toEqual(expected);
  });

  it.each(rejections)('rejects %s', (_name, expr, reason) => {
    let caught: unknown;
    try {
      run(expr);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RecordRejected);
    expect((caught as RecordRejected).reason).toMatch(reason);
  });

  it('reads environment variables through the context', () => {
    expect(evaluate({ env: 'HF_TOKEN' }, record, context({ HF_TOKEN: 'secret' }))).toBe('secret');
    expect(evaluate({ call: 'env', args: { name: lit('HF_TOKEN') } }, record, context({ HF_TOKEN: 'secret' }))).toBe('secret');
  });

  it('fails the run, not the record, when an environment variable is missing', () => {
    expect(() => run({ env: 'NOT_SET' })).toThrow(/environment variable `NOT_SET` is not set/);
    expect(() => run({ env: 'NOT_SET' })).not.toThrow(RecordRejected);
  });

  it('draws random choices from the seed, node and record key', () => {
    const mc: DagExpr = { call: 'choices', args: { correct: m(f('q'), 'answer'), distractors: m(f('q'), 'distractors'), count: lit(4), letters: lit('ABCD') } };
    const at = (key: string, seed = 3, node = 'feedfacecafebeef') => evaluate(mc, { ...record, key }, recordContext(seed, node, key, () => undefined));
    expect(at('clip-7')).toEqual(at('clip-7'));
    const keys = Array.from({ length: 12 }, (_, i) => `clip-${i}`);
    const letters = new Set(keys.map((key) => (at(key) as { letter: string }).letter));
    expect(letters.size).toBeGreaterThan(1);
    const options = (value: Value) => JSON.stringify((value as { options: string[] }).options);
    expect(keys.some((key) => options(at(key)) !== options(at(key, 4)))).toBe(true);
    expect(keys.some((key) => options(at(key)) !== options(at(key, 3, 'feedfacecafebee0')))).toBe(true);
  });

  it('gives two different calls at one node independent streams', () => {
    const point = (margin: number): DagExpr => ({ call: 'sample_point', args: { mask: f('mask'), strategy: lit('central'), margin: lit(margin) } });
    const both = run({ list: [point(0), point(0), point(1)] }) as Value[];
    expect(both[0]).toEqual(both[1]);
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);
    const differs = keys.some((key) => {
      const [a, , b] = evaluate({ list: [point(0), point(0), point(1)] }, { ...record, key }, recordContext(3, 'n', key, () => undefined)) as Value[];
      return JSON.stringify(a) !== JSON.stringify(b);
    });
    expect(differs).toBe(true);
  });
});

describe('templates', () => {
  const cases: Array<[string, string, RuntimeRecord['fields'], string]> = [
    ['fields and members', 'Q: {q.question} ({count})', record.fields, 'Q: Who barks? (3)'],
    ['spaces inside braces', '{ q.answer }', record.fields, 'the dog'],
    ['literal braces', '\\boxed{{}} and {{count}}', record.fields, '\\boxed{} and {count}'],
    ['numbers without float noise', '{a} {b} {c} {d}', { a: 1.5000000001, b: 0.1 + 0.2, c: 2, d: -0.00000012345678 }, '1.5 0.3 2 -0.000000123457'],
    ['lists joined with commas', '{tags}', record.fields, 'dog, park'],
    ['points', 'at {target}', record.fields, 'at (12.5, 3)'],
    ['computed members', '{box.center} {box.width} {video.duration}', record.fields, '(60, 45) 100 7'],
    ['boxes and segments', '{box} {span}', record.fields, '[10, 20, 110, 70] 1.5 to 4'],
    ['null as nothing', '[{scene}]', record.fields, '[]'],
    ['media by path', '{media}', record.fields, 'img/a.jpg'],
    ['a multi-line text', 'A\n{count}\nB', record.fields, 'A\n3\nB'],
  ];

  it.each(cases)('renders %s', (_name, template, fields, expected) => {
    expect(evaluate({ template }, { ...record, fields }, context())).toBe(expected);
  });

  it('renders a template given as a call', () => {
    expect(run({ call: 'template', args: { text: lit('{count} tags') } })).toBe('3 tags');
  });

  it('rejects a placeholder whose path cannot be followed', () => {
    expect(() => run({ template: '{media.fps}' })).toThrow(RecordRejected);
  });
});
