// noun_phrases: noun chunks of captions, in order, distinct.
import { describe, expect, it } from 'vitest';
import { call } from './call.ts';

const captions: Array<[string, string[]]> = [
  ['A white ceramic plate with grilled chicken on a wooden table', ['white ceramic plate', 'grilled chicken', 'wooden table']],
  ['A man in a T-shirt riding a red bicycle down the busy street.', ['man', 'T-shirt', 'red bicycle', 'busy street']],
  ['Two dogs playing with their ball in the park near a large, old oak tree', ['Two dogs', 'ball', 'park', 'large, old oak tree']],
  ['the Eiffel Tower at night', ['Eiffel Tower', 'night']],
  ["a woman's handbag on the chair", ["woman's handbag", 'chair']],
  ['It is on the table next to the table.', ['table']],
  ['', []],
];

describe('noun_phrases', () => {
  it.each(captions)('%j -> %j', (text, expected) => {
    expect(call('noun_phrases', { text })).toEqual(expected);
  });

  it('keeps determiners when asked', () => {
    expect(call('noun_phrases', { text: captions[0][0], strip_determiners: false })).toEqual(['A white ceramic plate', 'grilled chicken', 'a wooden table']);
  });

  it('keeps at most `max`, the earliest', () => {
    expect(call('noun_phrases', { text: captions[1][0], max: 2 })).toEqual(['man', 'T-shirt']);
    expect(call('noun_phrases', { text: captions[1][0], max: 0 })).toEqual([]);
  });
});
