// Region questions: exact answers, and ties within the margin reject the record.
import { describe, expect, it } from 'vitest';
import type { Value } from '../../runtime/values.ts';
import type { Args } from '../../stdlib/functions/index.ts';
import { call, rejection } from './call.ts';

const region = (label: string, start: number, end: number) => ({ label, span: { start, end } });

const scene = [
  region('siren', 2, 5),
  region('dog', 0.5, 6.5),
  region('speech', 4, 4.5),
  region('dog', 7, 8),
];

const values: Array<[string, Args, Value]> = [
  ['longest_region', { regions: scene }, region('dog', 0.5, 6.5)],
  ['longest_region', { regions: scene, min_margin: 2.9 }, region('dog', 0.5, 6.5)],
  ['longest_region', { regions: [region('door', 0, 1)] }, region('door', 0, 1)],
  ['earliest_region', { regions: scene }, region('dog', 0.5, 6.5)],
  ['earliest_region', { regions: scene, min_margin: 1.4 }, region('dog', 0.5, 6.5)],
  ['max_overlap', { regions: scene }, 3],
  ['max_overlap', { regions: [region('a', 0, 1), region('b', 1, 2)] }, 1],
  ['max_overlap', { regions: [region('a', 0, 1), region('b', 0.5, 0.5)] }, 1],
  ['max_overlap', { regions: [] }, 0],
  ['region_labels', { regions: scene }, ['dog', 'siren', 'speech']],
  ['total_duration', { regions: scene }, 7],
  ['total_duration', { regions: scene, label: 'dog' }, 7],
  ['total_duration', { regions: scene, label: 'siren' }, 3],
  ['total_duration', { regions: scene, label: 'cat' }, 0],
  ['durations_trace', { regions: scene.slice(0, 2) }, 'dog: from 0.50 s to 6.50 s, lasting 6.00 s.\nsiren: from 2.00 s to 5.00 s, lasting 3.00 s.'],
  ['durations_trace', { regions: [region('hum', 0.1234, 1.0005)], digits: 3 }, 'hum: from 0.123 s to 1.001 s, lasting 0.877 s.'],
];

const rejections: Array<[string, Args, RegExp]> = [
  ['longest_region', { regions: [region('dog', 0, 3), region('cat', 5, 8)] }, /ambiguous: the longest region `dog` \(3 s\) leads `cat` \(3 s\) by 0 s/],
  ['longest_region', { regions: scene, min_margin: 3 }, /leads `siren` \(3 s\) by 3 s, not more than the margin 3 s/],
  // Float noise in the lengths is not a lead: 0.3 - 0.1 and 0.2 - 0 are the same length.
  ['longest_region', { regions: [region('a', 0.1, 0.3), region('b', 0, 0.2)] }, /ambiguous/],
  ['longest_region', { regions: [] }, /no regions/],
  ['earliest_region', { regions: [region('a', 1, 2), region('b', 1.2, 3)], min_margin: 0.25 }, /ambiguous: the earliest region `a`/],
  ['earliest_region', { regions: [region('a', 1, 2), region('b', 1, 3)] }, /ambiguous/],
  ['max_overlap', { regions: [{ label: 'x' }] }, /region 0 is not \{label: string, span: \{start, end\}\}/],
  ['total_duration', { regions: [region('x', 3, 1)] }, /ends at 1 s, before it starts at 3 s/],
];

describe('region functions', () => {
  it.each(values)('%s(%j) is %j', (name, args, expected) => {
    expect(call(name, args)).toEqual(expected);
  });

  it.each(rejections)('%s(%j) rejects the record', (name, args, reason) => {
    expect(rejection(name, args)).toMatch(reason);
  });
});
