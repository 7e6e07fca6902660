// Audio as the speech models want it: mono float samples at 16 kHz. WAV
// (integer PCM of 8 to 32 bits, or float) is decoded here; anything else goes
// through ffmpeg when it is installed. No WAV decoder ships with our
// dependencies, and the format is small enough to read by hand.
import { spawn } from 'node:child_process';
import { RecordRejected } from '../../evaluate/reject.ts';

export interface DecodedAudio {
  readonly sampleRate: number;
  readonly channels: number;
  /** The channels averaged, in [-1, 1]. */
  readonly samples: Float32Array;
}

const PCM = 1;
const IEEE_FLOAT = 3;
const EXTENSIBLE = 0xfffe;

/** Thrown for a WAV that is well formed but in an encoding read only by ffmpeg (ADPCM, µ-law…). */
class UnsupportedEncoding extends Error {}

export function isWav(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 0) === 'RIFF' && ascii(bytes, 8) === 'WAVE';
}

/** A RIFF/WAVE file as mono samples; a malformed file throws `RecordRejected` saying what is wrong. */
export function decodeWav(bytes: Uint8Array): DecodedAudio {
  if (!isWav(bytes)) throw new RecordRejected('not a WAV file (no RIFF/WAVE header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: { tag: number; channels: number; sampleRate: number; blockAlign: number; bits: number } | null = null;
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const id = ascii(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16) throw new RecordRejected(`WAV \`fmt \` chunk is ${size} bytes, expected at least 16`);
      if (body + 16 > bytes.length) throw new RecordRejected('WAV is cut short inside its `fmt ` chunk');
      let tag = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
      if (tag === EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) tag = view.getUint16(body + 24, true);
      format = {
        tag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new RecordRejected('WAV `data` chunk comes before its `fmt ` chunk');
      // A streamed file leaves the size unset (0 or 0xFFFFFFFF): the data runs to the end.
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      return decodeSamples(view, body, end, format);
    }
    if (size > bytes.length) break;
    offset = body + size + (size % 2);
  }
  throw new RecordRejected(format ? 'WAV has no `data` chunk' : 'WAV has no `fmt ` chunk');
}

function decodeSamples(view: DataView, start: number, end: number, format: { tag: number; channels: number; sampleRate: number; blockAlign: number; bits: number }): DecodedAudio {
  const { tag, channels, sampleRate, blockAlign, bits } = format;
  if (channels < 1) throw new RecordRejected('WAV declares no channels');
  if (sampleRate < 1) throw new RecordRejected('WAV declares a sample rate of 0');
  const read = sampleReader(tag, bits);
  const bytesPerSample = bits / 8;
  if (blockAlign !== channels * bytesPerSample) {
    throw new RecordRejected(`WAV block size ${blockAlign} does not match ${channels} channel(s) of ${bits}-bit samples`);
  }
  const frames = Math.floor((end - start) / blockAlign);
  const samples = new Float32Array(frames);
  for (let frame = 0, at = start; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++, at += bytesPerSample) sum += read(view, at);
    samples[frame] = sum / channels;
  }
  return { sampleRate, channels, samples };
}

function sampleReader(tag: number, bits: number): (view: DataView, at: number) => number {
  if (tag === PCM) {
    switch (bits) {
      case 8: return (view, at) => (view.getUint8(at) - 128) / 128;
      case 16: return (view, at) => view.getInt16(at, true) / 32768;
      case 24: return (view, at) => ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16))) / 8388608;
      case 32: return (view, at) => view.getInt32(at, true) / 2147483648;
    }
    throw new RecordRejected(`WAV has ${bits}-bit integer samples; 8, 16, 24 and 32 are read`);
  }
  if (tag === IEEE_FLOAT) {
    if (bits === 32) return (view, at) => view.getFloat32(at, true);
    if (bits === 64) return (view, at) => view.getFloat64(at, true);
    throw new RecordRejected(`WAV has ${bits}-bit float samples; 32 and 64 are read`);
  }
  throw new UnsupportedEncoding(`WAV encoding 0x${tag.toString(16)}`);
}

/**
 * Any audio as mono samples at `sampleRate`: WAV decoded here, other formats
 * (and WAV encodings other than PCM and float) through ffmpeg.
 */
export async function decodeAudio(bytes: Uint8Array, sampleRate: number): Promise<Float32Array> {
  if (isWav(bytes)) {
    try {
      const wav = decodeWav(bytes);
      return resample(wav.samples, wav.sampleRate, sampleRate);
    } catch (error) {
      if (!(error instanceof UnsupportedEncoding)) throw error;
      return ffmpegDecode(bytes, sampleRate, error.message);
    }
  }
  return ffmpegDecode(bytes, sampleRate, 'not a WAV file');
}

/** Decodes with ffmpeg from stdin to 32-bit float mono on stdout. */
function ffmpegDecode(bytes: Uint8Array, sampleRate: number, what: string): Promise<Float32Array> {
  return new Promise((done, fail) => {
    const ffmpeg = spawn('ffmpeg', ['-v', 'error', '-i', 'pipe:0', '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', 'pipe:1'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    ffmpeg.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    ffmpeg.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // ffmpeg may stop reading early (it found the input unreadable); its exit code says why.
    ffmpeg.stdin.on('error', () => {});
    ffmpeg.on('error', (error: NodeJS.ErrnoException) => {
      fail(error.code === 'ENOENT'
        ? new RecordRejected(`${what}; other audio formats need ffmpeg, which is not installed (scripts/install-system-deps.sh)`)
        : error);
    });
    ffmpeg.on('close', (code) => {
      if (code !== 0) {
        const message = Buffer.concat(err).toString('utf8').trim().split('\n')[0] || `ffmpeg exited with ${code}`;
        fail(new RecordRejected(`audio does not decode (${what}; ffmpeg: ${message})`));
        return;
      }
      const data = Buffer.concat(out);
      const samples = new Float32Array(Math.floor(data.byteLength / 4));
      new Uint8Array(samples.buffer).set(data.subarray(0, samples.length * 4));
      done(samples);
    });
    ffmpeg.stdin.end(bytes);
  });
}

// Band-limited resampling: a Kaiser-windowed sinc, its cutoff a little below
// the lower Nyquist frequency. Output samples fall on a few fractional offsets
// of the input grid (`to / gcd(from, to)` of them), so each offset's taps are
// computed once and the inner loop is a plain dot product.
const ZERO_CROSSINGS = 8;
const TABLE_STEPS = 512;
const KAISER_BETA = 8;
const PASSBAND = 0.94;
/** More offsets than this (rates with a small common divisor) have their taps computed per sample. */
const MAX_PHASES = 4096;
const kernel = kaiserSinc();

function kaiserSinc(): Float32Array {
  const table = new Float32Array(ZERO_CROSSINGS * TABLE_STEPS + 2);
  const norm = besselI0(KAISER_BETA);
  for (let i = 0; i < table.length; i++) {
    const t = i / TABLE_STEPS;
    const x = t / ZERO_CROSSINGS;
    const window = x <= 1 ? besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / norm : 0;
    table[i] = (t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t)) * window;
  }
  return table;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** `samples` at rate `from` resampled to rate `to`; the same array when the rates agree. */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return samples;
  const divisor = gcd(from, to);
  const up = to / divisor;
  const down = from / divisor;
  const cutoff = Math.min(1, to / from) * PASSBAND;
  const half = Math.ceil(ZERO_CROSSINGS / cutoff);
  const taps = 2 * half;
  // The taps of offset `fraction` (the output sample lies `fraction` past input sample n) for inputs n - half + 1 … n + half.
  const fill = (weights: Float32Array, at: number, fraction: number) => {
    let total = 0;
    for (let k = 0; k < taps; k++) {
      const position = Math.abs(k - half + 1 - fraction) * cutoff * TABLE_STEPS;
      const index = position | 0;
      const weight = index + 1 < kernel.length ? kernel[index] + (kernel[index + 1] - kernel[index]) * (position - index) : 0;
      weights[at + k] = weight;
      total += weight;
    }
    for (let k = 0; k < taps; k++) weights[at + k] /= total;
  };
  const tabulated = up <= MAX_PHASES;
  const weights = new Float32Array(tabulated ? up * taps : taps);
  if (tabulated) for (let phase = 0; phase < up; phase++) fill(weights, phase * taps, phase / up);

  const out = new Float32Array(Math.round((samples.length * up) / down));
  for (let i = 0; i < out.length; i++) {
    const phase = (i * down) % up;
    const first = (i * down - phase) / up - half + 1;
    let at = 0;
    if (tabulated) at = phase * taps;
    else fill(weights, 0, phase / up);
    let sum = 0;
    if (first >= 0 && first + taps <= samples.length) {
      for (let k = 0; k < taps; k++) sum += samples[first + k] * weights[at + k];
    } else {
      // Near the ends the signal continues as silence.
      for (let k = Math.max(0, -first); k < taps && first + k < samples.length; k++) sum += samples[first + k] * weights[at + k];
    }
    out[i] = sum;
  }
  return out;
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}
