import { describe, expect, it } from 'vitest';
import { scoreWith } from '../../stdlib/verifiers/index.ts';
import { extractDuration, extractSegment } from '../../stdlib/verifiers/temporal.ts';

describe('segment extraction', () => {
  it.each([
    ['[12.5, 30]', [12.5, 30]],
    ['(12.5, 30.0)', [12.5, 30]],
    ['from 12.5s to 30s', [12.5, 30]],
    ['between 0:12 and 0:30', [12, 30]],
    ['00:01:02.5 - 00:01:10', [62.5, 70]],
    ['12 s – 30 s', [12, 30]],
    ['it starts at 40 and ends at 20... no: 10 to 20', [10, 20]],
    ['[30, 12]', [12, 30]],
  ])('%s', (response, segment) => {
    expect(extractSegment(response)).toEqual(segment);
  });

  it('finds nothing without a span', () => {
    expect(extractSegment('at 12 seconds')).toBeNull();
  });
});

describe('segment_iou', () => {
  it('scores the temporal IoU, or pass/fail when binary', () => {
    expect(scoreWith({ name: 'segment_iou' }, '[10, 20]', [10, 20]).score).toBe(1);
    expect(scoreWith({ name: 'segment_iou' }, '[10, 20]', [15, 25]).score).toBeCloseTo(1 / 3, 9);
    expect(scoreWith({ name: 'segment_iou' }, '[0, 5]', [10, 20]).score).toBe(0);
    expect(scoreWith({ name: 'segment_iou', params: { binary: true, threshold: 0.3 } }, '[10, 20]', [15, 25]).score).toBe(1);
    expect(scoreWith({ name: 'segment_iou', params: { binary: true, threshold: 0.5 } }, '[10, 20]', [15, 25]).score).toBe(0);
    expect(scoreWith({ name: 'segment_iou' }, 'no idea', [15, 25]).score).toBeNull();
  });

  it('rejects inverted truths', () => {
    expect(() => scoreWith({ name: 'segment_iou' }, '[1, 2]', [5, 2])).toThrow(/start < end/);
  });
});

describe('duration extraction', () => {
  it.each([
    ['It lasts 12.5 seconds.', 12.5],
    ['about 12.5 s', 12.5],
    ['800 ms', 0.8],
    ['2 minutes 5 seconds', 125],
    ['1 min and 5 s', 65],
    ['1h 2m 3s', 3723],
    ['1:05', 65],
    ['01:02:03.5', 3723.5],
    ['The dog barks for 3 s and the car for 4.5 s, so the car: 4.5', 4.5],
    ['\\boxed{7.25}', 7.25],
    ['Answer: 3 seconds. The other sound lasted 9 seconds.', 3],
  ])('%s -> %d', (response, seconds) => {
    expect(extractDuration(response)).toBeCloseTo(seconds, 9);
  });
});

describe('duration', () => {
  it('applies absolute and relative tolerance', () => {
    expect(scoreWith({ name: 'duration' }, '12.4 s', 12.8).score).toBe(1);
    expect(scoreWith({ name: 'duration' }, '12.2 s', 12.8).score).toBe(0);
    expect(scoreWith({ name: 'duration', params: { abs_tol: 0, rel_tol: 0.1 } }, '11.6 s', 12.8).score).toBe(1);
    expect(scoreWith({ name: 'duration', params: { abs_tol: 0, rel_tol: 0.05 } }, '11.6 s', 12.8).score).toBe(0);
    expect(scoreWith({ name: 'duration' }, 'it is long', 12.8).score).toBeNull();
  });

  it('rejects negative durations', () => {
    expect(() => scoreWith({ name: 'duration' }, '1 s', -1)).toThrow(/number >= 0/);
  });
});
