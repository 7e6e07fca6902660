// The sounds a clip is made of, each synthesised for an exact number of
// samples and scaled to unit RMS (the mixer sets its level from the SNR).
// A short raised-cosine fade at each end keeps the onsets click-free; the
// fades lie inside the sound's region, which is exactly its samples.
import type { RandomStream } from '../../../runtime/evaluate/random.ts';

export interface SoundKind {
  readonly label: string;
  /** Samples for `length` samples at `rate`, from the record's random stream. */
  synthesise(length: number, rate: number, random: RandomStream): Float32Array;
}

const FADE_SECONDS = 0.01;

function tone(frequency: number, length: number, rate: number, harmonics: readonly number[] = [1]): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    let value = 0;
    harmonics.forEach((amplitude, h) => { value += amplitude * Math.sin((2 * Math.PI * frequency * (h + 1) * i) / rate); });
    out[i] = value;
  }
  return out;
}

/** An exponential sweep from `from` to `to` Hz: equal time per octave, as people hear pitch. */
function chirp(from: number, to: number, length: number, rate: number): Float32Array {
  const out = new Float32Array(length);
  const seconds = length / rate;
  const k = Math.log(to / from) / seconds;
  for (let i = 0; i < length; i++) {
    const t = i / rate;
    out[i] = Math.sin((2 * Math.PI * from * (Math.exp(k * t) - 1)) / k);
  }
  return out;
}

export const SOUNDS: readonly SoundKind[] = [
  { label: 'low tone', synthesise: (n, rate, random) => tone(180 + random() * 120, n, rate, [1, 0.3, 0.1]) },
  { label: 'high tone', synthesise: (n, rate, random) => tone(Math.min(rate * 0.3, 1200 + random() * 800), n, rate) },
  {
    label: 'rising chirp',
    synthesise: (n, rate, random) => chirp(300 + random() * 200, Math.min(rate * 0.35, 1800 + random() * 600), n, rate),
  },
  {
    label: 'falling chirp',
    synthesise: (n, rate, random) => chirp(Math.min(rate * 0.35, 1800 + random() * 600), 300 + random() * 200, n, rate),
  },
  {
    // A hiss: white noise through a first-order high-pass, unlike the background's low rumble.
    label: 'noise burst',
    synthesise: (n, _rate, random) => {
      const out = new Float32Array(n);
      let previous = 0;
      for (let i = 0; i < n; i++) {
        const white = random() * 2 - 1;
        out[i] = white - 0.7 * previous;
        previous = white;
      }
      return out;
    },
  },
  {
    // A band-limited square wave: odd harmonics at 1/k.
    label: 'buzz',
    synthesise: (n, rate, random) => {
      const base = 100 + random() * 60;
      const odd = Array.from({ length: 15 }, (_, h) => ((h + 1) % 2 === 1 && base * (h + 1) < rate / 2 ? 1 / (h + 1) : 0));
      return tone(base, n, rate, odd);
    },
  },
  {
    // Tenth-of-a-second pips of 1 kHz with equal gaps: the region spans the first pip to the last.
    label: 'beeping',
    synthesise: (n, rate) => {
      const out = tone(Math.min(rate * 0.3, 1000), n, rate);
      const pip = Math.round(rate * 0.1);
      for (let i = 0; i < n; i++) {
        const inPip = Math.floor(i / pip) % 2 === 0 || i >= n - pip;
        if (!inPip) out[i] = 0;
      }
      return out;
    },
  },
];

/** Scales to unit RMS and fades both ends in place; returns the same array. */
export function shape(samples: Float32Array, rate: number): Float32Array {
  let power = 0;
  for (const s of samples) power += s * s;
  const rms = Math.sqrt(power / Math.max(1, samples.length));
  const scale = rms > 0 ? 1 / rms : 0;
  const fade = Math.min(Math.round(FADE_SECONDS * rate), Math.floor(samples.length / 2));
  for (let i = 0; i < samples.length; i++) {
    let gain = scale;
    if (i < fade) gain *= 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / fade);
    else if (i >= samples.length - fade) gain *= 0.5 - 0.5 * Math.cos((Math.PI * (samples.length - i - 0.5)) / fade);
    samples[i] *= gain;
  }
  return samples;
}

/** The background: a low rumble (white noise through a one-pole low-pass) at unit RMS. */
export function backgroundNoise(length: number, random: RandomStream): Float32Array {
  const out = new Float32Array(length);
  let state = 0;
  let power = 0;
  for (let i = 0; i < length; i++) {
    state = 0.9 * state + 0.1 * (random() * 2 - 1);
    out[i] = state;
    power += state * state;
  }
  const scale = 1 / Math.sqrt(power / Math.max(1, length));
  for (let i = 0; i < length; i++) out[i] *= scale;
  return out;
}
