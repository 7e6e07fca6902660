// Conversions, numbers, strings and lists: each case is a call and its value,
// or a call and the reason it rejects the record.
import { describe, expect, it } from 'vitest';
import type { Value } from '../../runtime/values.ts';
import type { Args } from '../../stdlib/functions/index.ts';
import { call, rejection } from './call.ts';

const values: Array<[string, Args, Value]> = [
  ['str', { value: 1.5 }, '1.5'],
  ['str', { value: 0.1 + 0.2 }, '0.30000000000000004'],
  ['str', { value: 'text' }, 'text'],
  ['str', { value: null }, 'null'],
  ['str', { value: [1, 'a', true] }, '[1,"a",true]'],
  ['str', { value: { x: 1, y: 2 } }, '{"x":1,"y":2}'],
  ['str', { value: { $media: 'image', path: 'a.jpg', width: 4 } }, 'a.jpg'],
  ['int', { value: 3.9 }, 3],
  ['int', { value: -3.9 }, -3],
  ['int', { value: ' 42 ' }, 42],
  ['int', { value: '-7' }, -7],
  ['float', { value: 2 }, 2],
  ['float', { value: '2.5' }, 2.5],
  ['float', { value: '-1e3' }, -1000],
  ['float', { value: '.5' }, 0.5],
  ['round', { value: 2.5 }, 3],
  ['round', { value: -2.5 }, -3],
  ['round', { value: 1.005, digits: 2 }, 1.01],
  ['round', { value: 1234.5, digits: -2 }, 1200],
  ['round', { value: -0.4 }, 0],
  ['min', { values: [3, -1, 2] }, -1],
  ['max', { values: [3, -1, 2] }, 3],
  ['abs', { value: -2.5 }, 2.5],
  ['lower', { text: 'ÉCOLE' }, 'école'],
  ['upper', { text: 'straße' }, 'STRASSE'],
  ['trim', { text: '  a b \n' }, 'a b'],
  ['join', { items: ['a', 'b', 'c'] }, 'a, b, c'],
  ['join', { items: ['a', 'b'], separator: '; ' }, 'a; b'],
  ['join', { items: [] }, ''],
  ['len', { value: [1, 2, 3] }, 3],
  ['len', { value: 'naïve 🙂' }, 7],
  ['concat', { a: [1], b: [2, 3] }, [1, 2, 3]],
  ['contains', { collection: ['dog', 'cat'], item: 'cat' }, true],
  ['contains', { collection: ['dog', 'cat'], item: 'Cat' }, false],
  ['contains', { collection: [{ x: 1, y: 2 }], item: { y: 2, x: 1 } }, true],
  ['contains', { collection: 'a red cup', item: 'red' }, true],
  ['unique', { items: ['a', 'b', 'a', 'c', 'b'] }, ['a', 'b', 'c']],
  ['unique', { items: [{ x: 1 }, { x: 1 }, { x: 2 }] }, [{ x: 1 }, { x: 2 }]],
  ['first', { items: [4, 5] }, 4],
  ['first', { items: [] }, null],
  ['coalesce', { value: null, fallback: 'unknown' }, 'unknown'],
  ['coalesce', { value: 'kitchen', fallback: 'unknown' }, 'kitchen'],
  ['coalesce', { value: false, fallback: true }, false],
];

const rejections: Array<[string, Args, RegExp]> = [
  ['int', { value: '4.5' }, /"4.5" is not a whole number/],
  ['int', { value: 'twelve' }, /not a whole number/],
  ['float', { value: '' }, /"" is not a number/],
  ['float', { value: '0x10' }, /not a number/],
  ['float', { value: 'Infinity' }, /not a number/],
  ['min', { values: [] }, /empty/],
  ['max', { values: [] }, /empty/],
  ['round', { value: 'x' }, /`value` should be a finite number, got the string "x"/],
  ['join', { items: ['a', 1] }, /a list of strings/],
];

describe('scalar functions', () => {
  it.each(values)('%s(%j) is %j', (name, args, expected) => {
    expect(call(name, args)).toEqual(expected);
  });

  it.each(rejections)('%s(%j) rejects the record', (name, args, reason) => {
    expect(rejection(name, args)).toMatch(reason);
  });

  it('names the function in every rejection', () => {
    expect(rejection('min', { values: [] })).toMatch(/^`min`: /);
  });
});
