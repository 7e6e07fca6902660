// temporal_split and multiple choice.
import { describe, expect, it } from 'vitest';
import type { MediaValue } from '../../runtime/values.ts';
import { call, rejection } from './call.ts';

const clip: MediaValue = { $media: 'video', path: 'clips/a.mp4', duration: 10, fps: 30, frame_count: 300 };

describe('temporal_split', () => {
  it('cuts at the ratio of the duration', () => {
    expect(call('temporal_split', { video: clip })).toEqual({ context: { ...clip, clip: { start: 0, end: 7 } }, evidence: { start: 7, end: 10 } });
  });

  it('cuts on a frame boundary when the frame rate is known', () => {
    const odd = { ...clip, duration: 3.37, fps: 24 };
    const split = call('temporal_split', { video: odd, ratio: 0.7 }) as { context: MediaValue; evidence: { start: number; end: number } };
    // 70% of 3.37 s is 2.359 s; the frame boundary before it is frame 56 of 24 fps.
    expect(split.evidence).toEqual({ start: 56 / 24, end: 3.37 });
    expect(split.context.clip).toEqual({ start: 0, end: 56 / 24 });
  });

  it('cuts at the exact instant without a frame rate', () => {
    const audioless = { $media: 'video', path: 'b.mp4', duration: 3 } as const;
    expect(call('temporal_split', { video: audioless, ratio: 0.5 })).toMatchObject({ evidence: { start: 1.5, end: 3 } });
  });

  it('splits a clip that was cut before inside its own window', () => {
    const cut = { ...clip, clip: { start: 0, end: 7 } };
    expect(call('temporal_split', { video: cut, ratio: 0.5 })).toMatchObject({ context: { clip: { start: 0, end: 3.5 } }, evidence: { start: 3.5, end: 7 } });
  });

  it('rejects a clip without a duration, a ratio out of range, a context shorter than a frame', () => {
    expect(rejection('temporal_split', { video: { $media: 'video', path: 'c.mp4' }, ratio: 0.7 })).toMatch(/duration of video `c.mp4` is unknown/);
    expect(rejection('temporal_split', { video: clip, ratio: 1 })).toMatch(/100%/);
    expect(rejection('temporal_split', { video: { ...clip, duration: 0.02 }, ratio: 0.5 })).toMatch(/shorter than one frame/);
    expect(rejection('temporal_split', { video: { $media: 'image', path: 'x.jpg' }, ratio: 0.5 })).toMatch(/should be a video/);
  });
});

describe('choices', () => {
  const question = { correct: 'the dog jumps', distractors: ['the cat sleeps', 'The Dog Jumps', 'a car passes', 'the cat sleeps', 'it rains', 'snow falls'] };
  type Choice = { options: string[]; letter: string; text: string };

  it('draws the first count - 1 distinct distractors, drops those equal to the answer, and letters the answer', () => {
    const mc = call('choices', question) as Choice;
    expect([...mc.options].sort()).toEqual(['a car passes', 'it rains', 'the cat sleeps', 'the dog jumps']);
    expect(mc.options['ABCD'.indexOf(mc.letter)]).toBe('the dog jumps');
    expect(mc.text).toBe(mc.options.map((o, i) => `${'ABCD'[i]}. ${o}`).join('\n'));
  });

  it('shuffles deterministically from the record key', () => {
    const keys = Array.from({ length: 24 }, (_, i) => `q${i}`);
    const letters = keys.map((key) => (call('choices', question, key) as Choice).letter);
    expect(keys.map((key) => (call('choices', question, key) as Choice).letter)).toEqual(letters);
    expect(new Set(letters)).toEqual(new Set(['A', 'B', 'C', 'D']));
  });

  it('honours count and letters', () => {
    const mc = call('choices', { ...question, count: 3, letters: 'XYZ' }) as Choice;
    expect(mc.options).toHaveLength(3);
    expect('XYZ').toContain(mc.letter);
  });

  it('rejects too few distractors and too few letters', () => {
    expect(rejection('choices', { correct: 'dog', distractors: ['cat', 'Dog', 'cat'] })).toMatch(/4 options need 3 distinct distractors other than the answer, found 1/);
    expect(rejection('choices', { ...question, count: 5 })).toMatch(/5 options need 5 letters, but `letters` has 4/);
  });
});

describe('options_text and letter_of', () => {
  it('renders lettered lines', () => {
    expect(call('options_text', { options: ['red', 'blue'] })).toBe('A. red\nB. blue');
    expect(call('options_text', { options: ['red', 'blue'], letters: '12' })).toBe('1. red\n2. blue');
    expect(rejection('options_text', { options: ['a', 'b', 'c'], letters: 'AB' })).toMatch(/3 options need 3 letters/);
  });

  it('maps an index to its letter', () => {
    expect(call('letter_of', { index: 0 })).toBe('A');
    expect(call('letter_of', { index: 3 })).toBe('D');
    expect(rejection('letter_of', { index: 26 })).toMatch(/no option letter for index 26/);
    expect(rejection('letter_of', { index: -1 })).toMatch(/no option letter/);
  });
});
