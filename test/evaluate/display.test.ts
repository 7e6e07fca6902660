// Numbers in prompts and traces read as a person would write them.
import { describe, expect, it } from 'vitest';
import { display, formatNumber } from '../../runtime/evaluate/display.ts';
import type { Value } from '../../runtime/values.ts';

describe('formatNumber', () => {
  it.each([
    [3, '3'],
    [-0, '0'],
    [1.5000000001, '1.5'],
    [0.1 + 0.2, '0.3'],
    [1 / 3, '0.333333'],
    [2 / 3, '0.666667'],
    [1234.56789012, '1234.56789'],
    [1e21, '1000000000000000000000'],
    [0.00000012345678, '0.000000123457'],
    [-7.25, '-7.25'],
  ])('%d reads %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});

describe('display', () => {
  it.each<[Value, string]>([
    ['text', 'text'],
    [true, 'true'],
    [null, ''],
    [[1, 'a', [2, 3]], '1, a, 2, 3'],
    [{ x: 1.25, y: 2 }, '(1.25, 2)'],
    [{ x1: 0, y1: 1, x2: 2, y2: 3 }, '[0, 1, 2, 3]'],
    [{ start: 0.5, end: 2 }, '0.5 to 2'],
    [{ size: [4, 6], counts: [24] }, 'mask 6x4'],
    [{ label: 'dog', span: { start: 0, end: 1.5 } }, '{label: dog, span: 0 to 1.5}'],
  ])('%j reads %s', (value, expected) => {
    expect(display(value)).toBe(expected);
  });
});
