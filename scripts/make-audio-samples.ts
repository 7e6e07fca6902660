// The sample inputs of recipes/audio-regions.rlr: three short clips (16 kHz
// mono 16-bit WAV) of espeak-ng speech and synthetic sounds (a siren sweep,
// a music chord, a door knock of noise, a dog bark) placed at known times,
// each with a JSON sidecar, and a Label Studio JSON export that marks the
// sounds of two of them, as an earlier annotation project would have.
//
//   node --import tsx scripts/make-audio-samples.ts [recipe-folder]
//
// writes `data/clips/*.wav|json` and `data/label-studio-export.json` under the
// recipe folder (`recipes/` by default). The output is the same on every run
// with the same espeak-ng. espeak-ng is Debian's `espeak-ng`, installed by
// scripts/install-system-deps.sh.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeWav, resample } from '../runtime/models/onnx/audio.ts';

export const SAMPLE_RATE = 16000;
export const CLIPS_FOLDER = 'data/clips';
export const EXPORT_FILE = 'data/label-studio-export.json';

export type SoundLabel = 'speech' | 'dog' | 'siren' | 'music' | 'door';

/** A sound as placed in a clip: from its first to its last audible sample, in seconds (to the millisecond). */
export interface PlacedSound {
  readonly label: SoundLabel;
  readonly start: number;
  readonly end: number;
}

export interface SampleClip {
  readonly stem: string;
  /** Relative to the recipe folder. */
  readonly file: string;
  readonly duration: number;
  readonly sidecar: { readonly scene: string; readonly recorded_at: string };
  /** Every sound in order of start: what a careful annotator marks. */
  readonly sounds: readonly PlacedSound[];
}

export interface AudioSamples {
  readonly clips: readonly SampleClip[];
  /** The clips the Label Studio export marks, by stem. */
  readonly exported: readonly string[];
}

type Part =
  | { readonly label: 'speech'; readonly at: number; readonly text: string }
  | { readonly label: Exclude<SoundLabel, 'speech'>; readonly at: number; readonly length: number };

interface ClipPlan {
  readonly stem: string;
  readonly duration: number;
  readonly sidecar: SampleClip['sidecar'];
  readonly parts: readonly Part[];
}

// Speech stays clear of the other sounds, so that the voice-activity model's
// regions can be compared with where the speech was put; the synthetic sounds
// overlap each other. Each clip has four labels (a four-option question), one
// sound that lasts clearly longest and one that clearly starts first.
const PLANS: readonly ClipPlan[] = [
  {
    stem: 'street', duration: 3.5,
    sidecar: { scene: 'street corner', recorded_at: '2024-04-18T08:12:00Z' },
    parts: [
      { label: 'speech', at: 0.25, text: 'wait for the bus' },
      { label: 'siren', at: 1.45, length: 1.95 },
      { label: 'door', at: 2.0, length: 0.25 },
      { label: 'dog', at: 2.7, length: 0.3 },
    ],
  },
  {
    stem: 'living-room', duration: 3.5,
    sidecar: { scene: 'living room', recorded_at: '2024-04-18T19:40:00Z' },
    parts: [
      { label: 'music', at: 0.2, length: 0.8 },
      { label: 'door', at: 0.6, length: 0.25 },
      { label: 'dog', at: 0.7, length: 0.3 },
      { label: 'speech', at: 1.3, text: 'the weather is lovely in summer' },
    ],
  },
  {
    stem: 'yard', duration: 4.0,
    sidecar: { scene: 'back yard', recorded_at: '2024-04-19T16:05:00Z' },
    parts: [
      { label: 'dog', at: 0.2, length: 0.3 },
      { label: 'speech', at: 0.8, text: 'come here boy' },
      { label: 'music', at: 1.95, length: 1.9 },
      { label: 'siren', at: 2.4, length: 0.8 },
    ],
  },
];

/** The clips the earlier Label Studio project marked. */
const EXPORTED = ['street', 'yard'];

/** Writes the clips, their sidecars and the Label Studio export under `recipeFolder`; returns where every sound is. */
export function makeAudioSamples(recipeFolder: string): AudioSamples {
  requireEspeak();
  const folder = path.join(recipeFolder, CLIPS_FOLDER);
  mkdirSync(folder, { recursive: true });
  const clips = PLANS.map((plan) => {
    const { samples, sounds } = renderClip(plan);
    const file = `${CLIPS_FOLDER}/${plan.stem}.wav`;
    writeFileSync(path.join(recipeFolder, file), pcm16Wav(samples, SAMPLE_RATE));
    writeFileSync(path.join(folder, `${plan.stem}.json`), JSON.stringify(plan.sidecar, null, 2) + '\n');
    const clip: SampleClip = { stem: plan.stem, file, duration: plan.duration, sidecar: plan.sidecar, sounds };
    checkUnambiguous(clip);
    return clip;
  });
  const exportPath = path.join(recipeFolder, EXPORT_FILE);
  writeFileSync(exportPath, JSON.stringify(labelStudioExport(clips.filter((clip) => EXPORTED.includes(clip.stem))), null, 2) + '\n');
  return { clips, exported: EXPORTED };
}

/** Throws, saying how to install it, unless espeak-ng runs here. */
export function requireEspeak(): void {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('espeak-ng is not installed; run scripts/install-system-deps.sh (it installs the Debian packages espeak-ng and ffmpeg)');
  }
}

function renderClip(plan: ClipPlan): { samples: Float32Array; sounds: PlacedSound[] } {
  const samples = new Float32Array(Math.round(plan.duration * SAMPLE_RATE));
  const sounds: PlacedSound[] = [];
  for (const part of plan.parts) {
    const offset = Math.round(part.at * SAMPLE_RATE);
    const sound = part.label === 'speech' ? speak(part.text) : SYNTHS[part.label](Math.round(part.length * SAMPLE_RATE));
    const [first, last] = audibleExtent(sound);
    if (offset + sound.length > samples.length) throw new Error(`clip \`${plan.stem}\`: the ${part.label} at ${part.at} s runs past the clip's ${plan.duration} s`);
    for (let i = 0; i < sound.length; i++) samples[offset + i] += sound[i];
    sounds.push({ label: part.label, start: millis((offset + first) / SAMPLE_RATE), end: millis((offset + last + 1) / SAMPLE_RATE) });
  }
  addRoomNoise(samples, 0.002);
  return { samples, sounds: sounds.sort((a, b) => a.start - b.start) };
}

const millis = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** A phrase as espeak-ng says it, at 16 kHz, peaking at 0.6. */
function speak(text: string): Float32Array {
  const folder = mkdtempSync(path.join(tmpdir(), 'rlr-espeak-'));
  try {
    const file = path.join(folder, 'speech.wav');
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', file, text], { stdio: 'ignore' });
    const wav = decodeWav(new Uint8Array(readFileSync(file)));
    return scaledTo(resample(wav.samples, wav.sampleRate, SAMPLE_RATE), 0.6);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The first and last sample above 2 % of the peak: where the sound is audible. */
function audibleExtent(samples: Float32Array): [number, number] {
  const floor = peakOf(samples) * 0.02;
  let first = 0;
  while (first < samples.length - 1 && Math.abs(samples[first]) <= floor) first++;
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]) <= floor) last--;
  return [first, last];
}

function peakOf(samples: Float32Array): number {
  let peak = 0;
  for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
  return peak;
}

function scaledTo(samples: Float32Array, peak: number): Float32Array {
  const gain = peak / (peakOf(samples) || 1);
  return samples.map((sample) => sample * gain);
}

/** 10 ms ramps at both ends, so a sound starts and stops without a click. */
function ramped(samples: Float32Array): Float32Array {
  const ramp = Math.min(Math.round(0.01 * SAMPLE_RATE), samples.length >> 1);
  for (let i = 0; i < ramp; i++) {
    const gain = (i + 1) / (ramp + 1);
    samples[i] *= gain;
    samples[samples.length - 1 - i] *= gain;
  }
  return samples;
}

/** Deterministic uniform noise in [-1, 1). */
function noise(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2 ** 32) * 2 - 1;
  }
  return out;
}

const SYNTHS: Record<Exclude<SoundLabel, 'speech'>, (length: number) => Float32Array> = {
  // A wailing siren: a sine swept between 650 and 1350 Hz twice a second.
  siren: (length) => {
    const out = new Float32Array(length);
    let phase = 0;
    for (let i = 0; i < length; i++) {
      const t = i / SAMPLE_RATE;
      phase += (2 * Math.PI * (1000 + 350 * Math.sin(2 * Math.PI * 2 * t))) / SAMPLE_RATE;
      out[i] = 0.3 * Math.sin(phase);
    }
    return ramped(out);
  },
  // Music: an A major chord of three notes with a few harmonics and a slow tremolo.
  music: (length) => {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) {
      const t = i / SAMPLE_RATE;
      let sum = 0;
      for (const frequency of [440, 554.37, 659.25]) {
        for (let harmonic = 1; harmonic <= 3; harmonic++) sum += Math.sin(2 * Math.PI * frequency * harmonic * t) / harmonic;
      }
      out[i] = 0.12 * sum * (0.8 + 0.2 * Math.sin(2 * Math.PI * 5 * t));
    }
    return ramped(out);
  },
  // A door knock: low-passed noise.
  door: (length) => {
    const white = noise(length, 0x5eed);
    const out = new Float32Array(length);
    let low = 0;
    for (let i = 0; i < length; i++) {
      low += 0.2 * (white[i] - low);
      out[i] = low;
    }
    return ramped(scaledTo(out, 0.5));
  },
  // A bark: a harsh 450 Hz tone falling in pitch, with harmonics and a little noise.
  dog: (length) => {
    const rough = noise(length, 0xd09);
    const out = new Float32Array(length);
    let phase = 0;
    for (let i = 0; i < length; i++) {
      phase += (2 * Math.PI * (520 - 180 * (i / length))) / SAMPLE_RATE;
      let sum = 0;
      for (let harmonic = 1; harmonic <= 5; harmonic++) sum += Math.sin(harmonic * phase) / harmonic;
      out[i] = 0.25 * sum + 0.05 * rough[i];
    }
    return ramped(out);
  },
};

/** White noise of the given amplitude, as a quiet room adds. */
function addRoomNoise(samples: Float32Array, amplitude: number): void {
  const hiss = noise(samples.length, 0x2545f491);
  for (let i = 0; i < samples.length; i++) samples[i] += hiss[i] * amplitude;
}

/** Mono samples in [-1, 1] as a 16-bit PCM RIFF/WAVE file. */
function pcm16Wav(samples: Float32Array, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((char, i) => view.setUint8(at + i, char.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((sample, i) => view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, sample)) * 32767), true));
  return bytes;
}

/**
 * The recipe asks which sound lasts longest (margin 0.5 s) and which starts first
 * (margin 0.25 s), with four options: a clip for which either has no clear answer,
 * or with fewer than four labels, would be rejected, so the samples must not be one.
 */
function checkUnambiguous(clip: SampleClip): void {
  const length = (sound: PlacedSound) => sound.end - sound.start;
  const [longest, second] = [...clip.sounds].sort((a, b) => length(b) - length(a));
  const [earliest, next] = clip.sounds;
  const labels = new Set(clip.sounds.map((sound) => sound.label)).size;
  const problem = length(longest) - length(second) <= 0.5 ? `the ${longest.label} does not outlast the ${second.label} by more than 0.5 s`
    : next.start - earliest.start <= 0.25 ? `the ${earliest.label} does not start more than 0.25 s before the ${next.label}`
      : labels < 4 ? `it has ${labels} labels, not 4`
        : null;
  if (problem) throw new Error(`clip \`${clip.stem}\`: ${problem} (espeak-ng spoke a phrase longer or shorter than planned): ${JSON.stringify(clip.sounds)}`);
}

// ---- the earlier Label Studio project's JSON export ----

/** A region id as Label Studio's audio editor makes them, derived here from the task and position so the file is the same on every run. */
const regionId = (task: number, index: number) => `wavesurfer_${(task * 97 + index * 13).toString(36).padStart(4, '0')}`;

/**
 * A Label Studio JSON export (Export -> JSON) of a project whose config has an
 * `<Audio name="audio" value="$audio"/>` and `<Labels name="label" toName="audio">`;
 * its media were served as local files from the annotator's machine.
 */
export function labelStudioExport(clips: readonly SampleClip[]): Record<string, unknown>[] {
  return clips.map((clip, index) => {
    const id = 41 + index;
    const created = `2024-04-22T10:${String(10 + index * 7).padStart(2, '0')}:31.402118Z`;
    const updated = `2024-04-22T10:${String(14 + index * 7).padStart(2, '0')}:02.915530Z`;
    return {
      id,
      annotations: [{
        id: 118 + index,
        completed_by: 2,
        result: clip.sounds.map((sound, position) => ({
          original_length: clip.duration,
          value: { start: sound.start, end: sound.end, channel: 0, labels: [sound.label] },
          id: regionId(id, position),
          from_name: 'label',
          to_name: 'audio',
          type: 'labels',
          origin: 'manual',
        })),
        was_cancelled: false,
        ground_truth: false,
        created_at: updated,
        updated_at: updated,
        draft_created_at: null,
        lead_time: 48.317 + index * 6.5,
        prediction: {},
        result_count: 0,
        unique_id: `6f0c1e52-93a4-4b0e-b8d2-0${index}a7c3d91e55`,
        import_id: null,
        last_action: null,
        task: id,
        project: 3,
        updated_by: 2,
        parent_prediction: null,
        parent_annotation: null,
        last_created_by: null,
      }],
      file_upload: null,
      drafts: [],
      predictions: [],
      data: { audio: `/data/local-files/?d=home/ann/field-recordings/clips/${clip.stem}.wav` },
      meta: {},
      created_at: created,
      updated_at: updated,
      inner_id: index + 1,
      total_annotations: 1,
      cancelled_annotations: 0,
      total_predictions: 0,
      comment_count: 0,
      unresolved_comment_count: 0,
      last_comment_updated_at: null,
      project: 3,
      updated_by: 2,
      comment_authors: [],
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const folder = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'recipes'));
  const { clips } = makeAudioSamples(folder);
  for (const clip of clips) {
    console.log(`${clip.file} (${clip.duration} s): ${clip.sounds.map((s) => `${s.label} ${s.start}-${s.end} s`).join(', ')}`);
  }
  console.log(`${EXPORT_FILE}: Label Studio export marking ${EXPORTED.join(', ')}`);
}
