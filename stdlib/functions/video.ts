// temporal_split: the first part of a clip is what the model sees, the rest
// is the evidence for what happens next.
import { formatNumber } from '../../runtime/evaluate/display.ts';
import type { MediaValue } from '../../runtime/values.ts';
import { define, type FunctionImpl } from './types.ts';

export const video: [string, FunctionImpl][] = [
  define('temporal_split', (a) => {
    const clip = a.media('video', 'video');
    const ratio = a.number('ratio');
    if (!(ratio > 0 && ratio < 1)) return a.reject(`the ratio ${formatNumber(ratio * 100)}% leaves no context or no evidence; it must be between 0% and 100%`);
    // A clip already cut keeps its own window; the cut is placed inside it.
    const start = clip.clip?.start ?? 0;
    const end = clip.clip?.end ?? clip.duration;
    if (end === undefined || !Number.isFinite(end) || end <= start) return a.reject(`the duration of video \`${clip.path}\` is unknown`);
    let cut = start + ratio * (end - start);
    // On a frame boundary, so the context's last frame is whole and the evidence starts on a frame.
    if (clip.fps !== undefined && clip.fps > 0) cut = Math.floor(Number((cut * clip.fps).toPrecision(12))) / clip.fps;
    if (cut <= start) return a.reject(`the first ${formatNumber(ratio * 100)}% of video \`${clip.path}\` is shorter than one frame`);
    const context: MediaValue = { ...clip, clip: { start, end: cut } };
    return { context, evidence: { start: cut, end } };
  }),
];
