// Unit crossings and geometry constructors.
import { describe, expect, it } from 'vitest';
import type { Value } from '../../runtime/values.ts';
import type { Args } from '../../stdlib/functions/index.ts';
import { call, rejection } from './call.ts';

const image = { $media: 'image', path: 'photo.jpg', width: 200, height: 100 } as const;

const values: Array<[string, Args, Value]> = [
  ['to_seconds', { frames: 45, fps: 30 }, 1.5],
  ['to_frames', { seconds: 2.3, fps: 10 }, 23],
  ['to_frames', { seconds: 1.99, fps: 30 }, 59],
  ['seconds', { value: 4 }, 4],
  ['pixels', { value: 12 }, 12],
  ['percent_of', { value: 0.2 }, 0.2],
  ['point_to_px', { point: { x: 0.5, y: 0.25 }, image }, { x: 100, y: 25 }],
  ['point_to_norm', { point: { x: 50, y: 50 }, image }, { x: 0.25, y: 0.5 }],
  ['box_to_px', { box: { x1: 0.1, y1: 0.2, x2: 0.5, y2: 1 }, image }, { x1: 20, y1: 20, x2: 100, y2: 100 }],
  ['box_to_norm', { box: { x1: 20, y1: 20, x2: 100, y2: 100 }, image }, { x1: 0.1, y1: 0.2, x2: 0.5, y2: 1 }],
  ['segment_to_seconds', { segment: { start: 30, end: 75 }, fps: 30 }, { start: 1, end: 2.5 }],
  ['segment_to_frames', { segment: { start: 1.01, end: 2.01 }, fps: 30 }, { start: 30, end: 61 }],
  ['segment_to_frames', { segment: { start: 1, end: 2 }, fps: 30 }, { start: 30, end: 60 }],
  ['segment', { start: 1.5, end: 4 }, { start: 1.5, end: 4 }],
  ['segment', { start: 2, end: 2 }, { start: 2, end: 2 }],
  ['point', { x: 120, y: 64 }, { x: 120, y: 64 }],
  ['box', { x1: 10, y1: 20, x2: 110, y2: 90 }, { x1: 10, y1: 20, x2: 110, y2: 90 }],
];

const rejections: Array<[string, Args, RegExp]> = [
  ['segment', { start: 4, end: 1.5 }, /ends \(1.5 s\) before it starts \(4 s\)/],
  ['box', { x1: 10, y1: 0, x2: 5, y2: 10 }, /x2 = 5 is left of its left edge x1 = 10/],
  ['box', { x1: 0, y1: 10, x2: 5, y2: 0 }, /y2 = 0 is above/],
  ['to_seconds', { frames: 10, fps: 0 }, /`fps` should be greater than 0/],
  ['point_to_px', { point: { x: 0.5, y: 0.5 }, image: { $media: 'image', path: 'x.jpg' } }, /size of image `x.jpg` is unknown/],
  ['point_to_px', { point: { x: 0.5 }, image }, /`point` should be a point/],
];

describe('unit functions', () => {
  it.each(values)('%s(%j) is %j', (name, args, expected) => {
    expect(call(name, args)).toEqual(expected);
  });

  it.each(rejections)('%s(%j) rejects the record', (name, args, reason) => {
    expect(rejection(name, args)).toMatch(reason);
  });
});
