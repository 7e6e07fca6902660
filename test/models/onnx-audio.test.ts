// Audio decoding for the speech models: WAV encodings, channels mixed to mono,
// band-limited resampling, and reasons for files that cannot be read.
import { describe, expect, it } from 'vitest';
import { RecordRejected } from '../../runtime/evaluate/reject.ts';
import { decodeAudio, decodeWav, resample } from '../../runtime/models/onnx/audio.ts';
import { writeWav } from './fixtures/wav.ts';

const tone = (frequency: number, rate: number, seconds: number, amplitude = 0.5) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / rate));

const rms = (samples: Float32Array, from = 0, to = samples.length) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] ** 2;
  return Math.sqrt(sum / (to - from));
};

/** A WAV with a hand-written `fmt ` chunk, for the encodings the test writer does not make. */
function customWav(format: { tag: number; channels: number; rate: number; bits: number; extensible?: boolean }, data: Uint8Array): Uint8Array {
  const fmtSize = format.extensible ? 40 : 16;
  const bytes = new Uint8Array(12 + 8 + fmtSize + 8 + data.length);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((char, i) => view.setUint8(at + i, char.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  const blockAlign = (format.channels * format.bits) / 8;
  view.setUint16(20, format.extensible ? 0xfffe : format.tag, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.rate, true);
  view.setUint32(28, format.rate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, format.bits, true);
  if (format.extensible) {
    view.setUint16(36, 22, true);
    view.setUint16(38, format.bits, true);
    view.setUint16(44, format.tag, true); // the sub-format GUID begins with the format tag
  }
  ascii(20 + fmtSize, 'data');
  view.setUint32(24 + fmtSize, data.length, true);
  bytes.set(data, 28 + fmtSize);
  return bytes;
}

describe('WAV decoding', () => {
  it('reads 16-bit PCM', () => {
    const wav = decodeWav(writeWav([Float32Array.of(0, 0.5, -0.5, 1)], 8000));
    expect(wav.sampleRate).toBe(8000);
    // The writer scales by 32767 and rounds half up; the reader divides by 32768.
    expect(Array.from(wav.samples)).toEqual([0, 16384 / 32768, -16383 / 32768, 32767 / 32768]);
  });

  it('mixes stereo 32-bit float to mono', () => {
    const wav = decodeWav(writeWav([Float32Array.of(0.5, 1), Float32Array.of(-0.5, 0)], 48000, 'float32'));
    expect(wav.channels).toBe(2);
    expect(Array.from(wav.samples)).toEqual([0, 0.5]);
  });

  it('reads 24-bit PCM inside WAVE_FORMAT_EXTENSIBLE', () => {
    // 0x400000 is half of full scale; 0xC00000 is minus half.
    const data = Uint8Array.of(0x00, 0x00, 0x40, 0x00, 0x00, 0xc0);
    const wav = decodeWav(customWav({ tag: 1, channels: 1, rate: 16000, bits: 24, extensible: true }, data));
    expect(Array.from(wav.samples)).toEqual([0.5, -0.5]);
  });

  it('runs the data of a streamed file (size left 0) to the end', () => {
    const bytes = writeWav([Float32Array.of(0.25, 0.25, 0.25)], 16000);
    new DataView(bytes.buffer).setUint32(40, 0, true);
    expect(decodeWav(bytes).samples).toHaveLength(3);
  });

  it('rejects what it cannot read, saying why', () => {
    const reason = (bytes: Uint8Array) => {
      try {
        decodeWav(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(RecordRejected);
        return (error as RecordRejected).reason;
      }
      throw new Error('expected a rejection');
    };
    expect(reason(new TextEncoder().encode('ID3 not a wav at all'))).toBe('not a WAV file (no RIFF/WAVE header)');
    expect(reason(writeWav([new Float32Array(4)], 8000).slice(0, 36))).toBe('WAV has no `data` chunk');
    expect(reason(customWav({ tag: 1, channels: 1, rate: 8000, bits: 12 }, new Uint8Array(6)))).toBe('WAV has 12-bit integer samples; 8, 16, 24 and 32 are read');
    expect(reason(customWav({ tag: 3, channels: 0, rate: 8000, bits: 32 }, new Uint8Array(8)))).toBe('WAV declares no channels');
  });
});

describe('resampling', () => {
  it('keeps a tone in the passband at its frequency and level', () => {
    const out = resample(tone(1000, 44100, 1), 44100, 16000);
    expect(out).toHaveLength(16000);
    const reference = tone(1000, 16000, 1);
    let error = 0;
    for (let i = 100; i < 15900; i++) error = Math.max(error, Math.abs(out[i] - reference[i]));
    expect(error).toBeLessThan(0.01);
  });

  it('removes a tone above the new Nyquist frequency instead of folding it down', () => {
    // 11 kHz would alias to 5 kHz at 16 kHz.
    const out = resample(tone(11000, 44100, 1), 44100, 16000);
    expect(rms(out, 200, 15800)).toBeLessThan(0.005);
  });

  it('upsamples too', () => {
    const out = resample(tone(440, 8000, 0.5), 8000, 16000);
    expect(out).toHaveLength(8000);
    expect(rms(out, 200, 7800)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });
});

describe('decodeAudio', () => {
  it('gives 16 kHz mono from any WAV rate', async () => {
    const samples = await decodeAudio(writeWav([tone(300, 22050, 2)], 22050), 16000);
    expect(samples).toHaveLength(32000);
  });

  it('hands µ-law WAV (encoding 7) to ffmpeg when it is installed, and says what it needs otherwise', async () => {
    const mulaw = customWav({ tag: 7, channels: 1, rate: 8000, bits: 8 }, new Uint8Array(8000).fill(0xff));
    const outcome = await decodeAudio(mulaw, 16000).then((samples) => samples.length, (error: RecordRejected) => error.reason);
    if (typeof outcome === 'number') expect(outcome).toBe(16000);
    else expect(outcome).toMatch(/^WAV encoding 0x7; other audio formats need ffmpeg/);
  });
});
