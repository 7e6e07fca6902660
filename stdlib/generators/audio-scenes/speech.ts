// Spoken phrases from espeak-ng, where it is installed (Debian's `espeak-ng`
// package; scripts/install-system-deps.sh). Each phrase is spoken once per
// process and sample rate, trimmed to its voiced extent (so its region is
// exact), and resampled to the clip's rate.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeWav } from './wav.ts';

const run = promisify(execFile);

export const PHRASES = [
  'hello there',
  'good morning everyone',
  'please close the door behind you',
  'the train leaves at half past nine',
  'turn left at the next corner',
  'one two three four five six',
  'thank you',
  'can you hear me now',
] as const;

/** Phrase text to samples at the bank's rate; empty when espeak-ng is not installed. */
export type SpeechBank = ReadonlyMap<string, Float32Array>;

let available: Promise<boolean> | undefined;

/** Whether `espeak-ng` runs here; asked once per process. */
export function speechAvailable(): Promise<boolean> {
  available ??= run('espeak-ng', ['--version'], { timeout: 10_000 }).then(() => true, () => false);
  return available;
}

const banks = new Map<number, Promise<SpeechBank>>();

/** Every phrase spoken at `sampleRate`; an empty bank when espeak-ng is missing. */
export function speechBank(sampleRate: number): Promise<SpeechBank> {
  let bank = banks.get(sampleRate);
  if (!bank) {
    bank = (async () => {
      if (!(await speechAvailable())) return new Map<string, Float32Array>();
      const spoken = await Promise.all(PHRASES.map(async (phrase) => [phrase, await speak(phrase, sampleRate)] as const));
      return new Map(spoken);
    })();
    banks.set(sampleRate, bank);
    // A failed synthesis is reported to this caller, and tried afresh by the next.
    bank.catch(() => banks.delete(sampleRate));
  }
  return bank;
}

async function speak(phrase: string, sampleRate: number): Promise<Float32Array> {
  const { stdout } = await run('espeak-ng', ['-v', 'en-us', '-s', '150', '--stdout', phrase], {
    encoding: 'buffer', maxBuffer: 16 * 1024 * 1024, timeout: 30_000,
  });
  const wav = decodeWav(new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength));
  return resample(trimSilence(wav.samples), wav.sampleRate, sampleRate);
}

/** The samples from the first to the last one louder than 2 % of the peak. */
export function trimSilence(samples: Float32Array): Float32Array {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  const threshold = peak * 0.02;
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]) <= threshold) first++;
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]) <= threshold) last--;
  return samples.slice(first, last + 1);
}

const LOBES = 8;

/** Band-limited resampling with a Lanczos kernel, its cutoff at the lower Nyquist frequency. */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return samples;
  const ratio = to / from;
  const cutoff = Math.min(1, ratio);
  const out = new Float32Array(Math.round(samples.length * ratio));
  const reach = LOBES / cutoff;
  for (let i = 0; i < out.length; i++) {
    const centre = i / ratio;
    let sum = 0;
    let weights = 0;
    for (let j = Math.max(0, Math.ceil(centre - reach)); j <= Math.min(samples.length - 1, Math.floor(centre + reach)); j++) {
      const t = (j - centre) * cutoff;
      const w = sinc(t) * sinc(t / LOBES);
      sum += samples[j] * w;
      weights += w;
    }
    out[i] = weights !== 0 ? sum / weights : 0;
  }
  return out;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}
