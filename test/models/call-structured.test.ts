// Structured output on its own: finding the JSON in a reply, and checking it
// against the declared type with problems worded in the recipe's types.
import { describe, expect, it } from 'vitest';
import { extractJson, outputChecker } from '../../runtime/models/structured.ts';
import type { Value } from '../../runtime/values.ts';

const QUESTION = '{question: string, correct: string, distractors: list<string>}';

function problem(typeText: string, reply: Value): string {
  const checked = outputChecker(typeText).check(reply);
  if (checked.ok) throw new Error(`expected a problem, got ${JSON.stringify(checked.value)}`);
  return checked.problem;
}

function value(typeText: string, reply: Value): Value {
  const checked = outputChecker(typeText).check(reply);
  if (!checked.ok) throw new Error(checked.problem);
  return checked.value;
}

describe('extractJson', () => {
  it('takes a bare object, a fenced block, or the first balanced object after prose', () => {
    expect(extractJson('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(extractJson('Here:\n```json\n{"a": [1, 2]}\n```\nDone.')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(extractJson('```\n[1, 2]\n```')).toEqual({ ok: true, value: [1, 2] });
    expect(extractJson('The answer is {"a": "}"} as asked. {"b": 2}')).toEqual({ ok: true, value: { a: '}' } });
    expect(extractJson('So {roughly} this: {"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(extractJson(' 42 ')).toEqual({ ok: true, value: 42 });
  });

  it('calls JSON that ends early cut off, and never completes it', () => {
    expect(extractJson('{"question": "What happens next?", "distr')).toEqual({ ok: false, problem: 'the JSON in the reply is cut off before its end' });
    expect(extractJson('```json\n{"a": [1, 2')).toEqual({ ok: false, problem: 'the JSON in the reply is cut off before its end' });
  });

  it('says when there is no JSON, or when it does not parse', () => {
    expect(extractJson('I cannot help with that.')).toEqual({ ok: false, problem: 'the reply holds no JSON: "I cannot help with that."' });
    expect(extractJson('')).toEqual({ ok: false, problem: 'the reply is empty' });
    const bad = extractJson("{'a': 1}");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toMatch(/^the JSON in the reply does not parse \(/);
  });
});

describe('outputChecker', () => {
  it('accepts a reply of the declared type, dropping fields the type does not have', () => {
    expect(value(QUESTION, '{"question": "Q", "correct": "A", "distractors": ["B"], "note": "x"}')).toEqual({ question: 'Q', correct: 'A', distractors: ['B'] });
  });

  it('words problems in the recipe\'s types, with the path to them', () => {
    expect(problem(QUESTION, '{"question": "Q", "correct": "A", "distractors": "B, C"}')).toBe('distractors: expected list<string>, found string "B, C"');
    expect(problem(QUESTION, '{"question": "Q", "correct": "A", "distractors": ["B", 3]}')).toBe('distractors[1]: expected string, found int 3');
    expect(problem(QUESTION, '{"question": "Q", "distractors": []}')).toBe('correct: missing (expected string)');
    expect(problem(QUESTION, '[1, 2]')).toBe(`expected ${QUESTION}, found a list of 2`);
    expect(problem('{n: int}', '{"n": 2.5}')).toBe('n: expected int, found float 2.5');
    expect(problem('{level: enum("easy", "hard")}', '{"level": "medium"}')).toBe('level: expected enum("easy", "hard"), found string "medium"');
    expect(problem('{items: list<{name: string, ok: bool}>}', '{"items": [{"name": "a", "ok": "yes"}]}')).toBe('items[0].ok: expected bool, found string "yes"');
  });

  it('fills absent optional fields with null', () => {
    expect(value('{title: string?, tags?: list<string>}', '{}')).toEqual({ title: null, tags: null });
    expect(value('{title: string?}', '{"title": null}')).toEqual({ title: null });
  });

  it('holds geometry as objects, from objects or arrays', () => {
    expect(value('{box: box<px>, at: point<px>}', '{"box": [1, 2, 3, 4], "at": {"x": 5, "y": 6}}')).toEqual({ box: { x1: 1, y1: 2, x2: 3, y2: 4 }, at: { x: 5, y: 6 } });
  });

  it('takes a string reply as it is, an enum reply bare or quoted, and a number as bare JSON', () => {
    expect(value('string', '  free text ')).toBe('  free text ');
    expect(value('enum("yes", "no")', ' "yes"\n')).toBe('yes');
    expect(value('enum("yes", "no")', 'no')).toBe('no');
    expect(value('float', ' 0.25\n')).toBe(0.25);
    expect(problem('float', 'The answer: 0.25')).toBe('the reply holds no JSON: "The answer: 0.25"');
    expect(value('list<int>', '[1, 2, 3]')).toEqual([1, 2, 3]);
  });

  it('checks a value that is not text (a local model\'s output) without parsing it', () => {
    expect(value('list<float>', [0.5, 1])).toEqual([0.5, 1]);
    expect(problem('list<float>', ['a'])).toBe('[0]: expected float, found string "a"');
  });

  it('refuses media in a reply', () => {
    expect(problem('{picture: image}', '{"picture": "cat.png"}')).toBe("picture: a model's JSON reply cannot hold an image");
  });
});
