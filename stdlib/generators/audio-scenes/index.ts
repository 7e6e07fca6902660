// The `audio_scenes` generator: clips of labelled sounds (tones, chirps,
// noise bursts, buzzes, beeps, and speech where espeak-ng is installed) over
// a background rumble, with their exact regions and a multiple-choice
// question about them. Compared durations and starts differ by a margin
// that narrows with difficulty, so no answer hangs on a near tie.
import type { Json } from '../../../compiler/lower/dag-schema.ts';
import { randomFor, shuffled, type RandomStream } from '../../../runtime/evaluate/random.ts';
import type { SourceContext, SourceItem } from '../../../runtime/sources/source-item.ts';
import type { Fields } from '../../../runtime/values.ts';
import {
  GeneratorParams, balancedLetterIndex, formatSeconds, lerp, LETTERS, placeAnswer, recordKey, reportedDifficulty,
  targetDifficulty, type DifficultyBand,
} from '../kit.ts';
import { onGrid, peakOverlap, placeSounds, type Placement } from './layout.ts';
import { SOUNDS, backgroundNoise, shape } from './sounds.ts';
import { speechBank, type SpeechBank } from './speech.ts';
import { encodeWav } from './wav.ts';

export interface AudioSettings {
  readonly sounds: number;
  /** Lowest SNR in dB at difficulty 1. */
  readonly snr: number;
  readonly maxOverlap: number;
  readonly duration: number;
  readonly sampleRate: number;
}

export type QuestionKind = 'longest' | 'first' | 'last' | 'overlap';
const QUESTIONS: Record<QuestionKind, string> = {
  longest: 'Which sound lasts longest?',
  first: 'Which sound starts first?',
  last: 'Which sound ends last?',
  overlap: 'At most, how many sounds can be heard at the same time?',
};

const SPEECH = 'speech';
/** SNR of the quietest sound at difficulty 0, in dB. */
const SNR_EASY = 24;
const SNR_SPREAD = 6;
const NOISE_RMS = 0.03;
/** How far apart compared durations, starts or ends lie: wide when easy, narrow when hard. */
const MARGIN_EASY = 0.8;
const MARGIN_HARD = 0.25;
const LAYOUT_ATTEMPTS = 40;

export interface AudioPlan {
  readonly regions: readonly Placement[];
  readonly kind: QuestionKind;
  readonly question: string;
  readonly options: readonly string[];
  readonly letter: string;
  readonly answer: string;
  readonly trace: string;
  readonly difficulty: number;
  /** SNR of each sound, in dB, in region order. */
  readonly snrs: readonly number[];
  /** The spoken samples, for a clip with speech. */
  readonly speech: ReadonlyMap<string, Float32Array>;
}

export interface AudioClip extends AudioPlan { readonly samples: Float32Array }

export function audioSettings(params: Record<string, Json>): { settings: AudioSettings; band: DifficultyBand; read: GeneratorParams } {
  const read = new GeneratorParams('audio_scenes', params);
  const settings: AudioSettings = {
    sounds: read.integer('sounds', 1),
    snr: read.number('snr'),
    maxOverlap: read.integer('max_overlap', 1),
    duration: read.number('duration', (v) => v >= 2 && v <= 600, 'between 2 and 600 seconds'),
    sampleRate: read.integer('sample_rate', 4000),
  };
  return { settings, band: read.band(), read };
}

interface Layout { regions: Placement[]; margin: number; speech: Map<string, Float32Array> }

/** One clip, its question, its answer and its samples; null when no layout kept the compared values apart. */
export function composeClip(
  settings: AudioSettings, band: DifficultyBand, speech: SpeechBank, letterIndex: number, stream: (purpose: string) => RandomStream,
): AudioClip | null {
  const plan = planClip(settings, band, speech, letterIndex, stream);
  return plan && { ...plan, samples: mix(plan.regions, plan.snrs, plan.speech, settings, stream('signal')) };
}

/** The clip's layout, question and answer, without synthesising its samples. */
export function planClip(
  settings: AudioSettings, band: DifficultyBand, speech: SpeechBank, letterIndex: number, stream: (purpose: string) => RandomStream,
): AudioPlan | null {
  const d = targetDifficulty(stream('difficulty'), band);
  const random = stream('layout');
  const labels = [...SOUNDS.map((s) => s.label), ...(speech.size > 0 ? [SPEECH] : [])];
  const kinds = Object.keys(QUESTIONS) as QuestionKind[];
  const kind = kinds[Math.floor(random() * kinds.length)];
  const wanted = Math.round(lerp(Math.min(2, settings.sounds), settings.sounds, d) + (random() - 0.5));
  const overlapCap = Math.max(1, Math.round(lerp(1, settings.maxOverlap, d)));
  const margin = onGrid(lerp(MARGIN_EASY, MARGIN_HARD, d));
  let layout: Layout | null = null;
  for (let count = Math.min(labels.length, Math.max(1, wanted)); count >= 1 && !layout; count--) {
    for (let attempt = 0; attempt < LAYOUT_ATTEMPTS && !layout; attempt++) {
      layout = tryLayout(shuffled(labels, random).slice(0, count), kind, margin, Math.min(overlapCap, count), d, settings, speech, random);
    }
  }
  if (!layout) return null;
  const regions = [...layout.regions].sort((a, b) => a.start - b.start || a.label.localeCompare(b.label));
  const lowest = lerp(SNR_EASY, settings.snr, d);
  const snrs = regions.map(() => Math.round((lowest + random() * SNR_SPREAD) * 10) / 10);
  const { correct, distractors, reasoning } = ask(kind, regions, labels, random);
  const options = placeAnswer(correct, distractors, letterIndex);
  const listed = regions.map((r, i) => `the ${r.label} from ${formatSeconds(r.start)} to ${formatSeconds(r.end)} (${formatSeconds(r.end - r.start)}, ${snrs[i]} dB over the background)`);
  return {
    regions, kind, question: QUESTIONS[kind], options, letter: LETTERS[letterIndex], answer: correct,
    trace: `The clip holds ${regions.length} sound${regions.length === 1 ? '' : 's'}: ${listed.join('; ')}. ${reasoning} So the answer is ${kind === 'overlap' ? correct : `the ${correct}`}.`,
    difficulty: reportedDifficulty(d, band), snrs, speech: layout.speech,
  };
}

function tryLayout(
  labels: string[], kind: QuestionKind, margin: number, overlapCap: number, d: number, settings: AudioSettings, speech: SpeechBank,
  random: RandomStream,
): Layout | null {
  const longestAllowed = Math.min(3.5, Math.max(0.8, (0.8 * settings.duration * overlapCap) / labels.length));
  const shortest = Math.min(0.4, longestAllowed / 2);
  const spoken = new Map<string, Float32Array>();
  const sounds = labels.map((label) => {
    if (label !== SPEECH) return { label, duration: onGrid(lerp(shortest, longestAllowed, random())) };
    const phrases = [...speech.keys()];
    const phrase = phrases[Math.floor(random() * phrases.length)];
    // Cut to the 10 ms grid, so the region ends exactly where the samples do.
    const duration = Math.floor((speech.get(phrase)!.length / settings.sampleRate) * 100) / 100;
    spoken.set(label, speech.get(phrase)!.subarray(0, Math.round(duration * settings.sampleRate)));
    return { label, duration };
  });
  if (kind === 'longest' && !leadsBy(sounds.map((s) => s.duration), margin)) return null;
  const placed = placeSounds(sounds, settings.duration, overlapCap, lerp(0.1, 0.8, d), random);
  if (!placed) return null;
  if (kind === 'first' && !leadsBy(placed.map((p) => -p.start), margin)) return null;
  if (kind === 'last' && !leadsBy(placed.map((p) => p.end), margin)) return null;
  return { regions: placed, margin, speech: spoken };
}

/** Whether the largest value beats the next by at least `margin` (a lone value always does). */
function leadsBy(values: number[], margin: number): boolean {
  const sorted = [...values].sort((a, b) => b - a);
  return sorted.length < 2 || sorted[0] - sorted[1] >= margin - 1e-9;
}

interface Asked { correct: string; distractors: string[]; reasoning: string }

function ask(kind: QuestionKind, regions: readonly Placement[], labels: readonly string[], random: RandomStream): Asked {
  const duration = (r: Placement) => onGrid(r.end - r.start);
  if (kind === 'overlap') {
    const peak = peakOverlap(regions);
    const sounding = regions.filter((r) => r.start <= peak.from && r.end >= peak.to).map((r) => `the ${r.label}`);
    const reasoning = peak.count === 1
      ? 'No two sounds overlap, so at most one is heard at a time.'
      : `From ${formatSeconds(peak.from)} to ${formatSeconds(peak.to)} ${sounding.join(', ')} all sound together: ${peak.count} at once, and no moment has more.`;
    const numbers = Array.from({ length: Math.max(6, peak.count + 4) }, (_, i) => i + 1)
      .filter((n) => n !== peak.count)
      .sort((a, b) => Math.abs(a - peak.count) - Math.abs(b - peak.count) || a - b)
      .slice(0, 3);
    return { correct: String(peak.count), distractors: shuffled(numbers.map(String), random), reasoning };
  }
  const ranked = [...regions].sort(kind === 'longest'
    ? (a, b) => duration(b) - duration(a)
    : kind === 'first' ? (a, b) => a.start - b.start : (a, b) => b.end - a.end);
  const [winner, runnerUp] = ranked;
  let reasoning: string;
  if (!runnerUp) reasoning = `The ${winner.label} is the only sound.`;
  else if (kind === 'longest') {
    reasoning = `Durations: ${ranked.map((r) => `${r.label} ${formatSeconds(duration(r))}`).join(', ')}. The longest is the ${winner.label}, `
      + `${formatSeconds(duration(winner) - duration(runnerUp))} longer than the ${runnerUp.label}.`;
  } else if (kind === 'first') {
    reasoning = `The earliest start is the ${winner.label} at ${formatSeconds(winner.start)}, `
      + `${formatSeconds(runnerUp.start - winner.start)} before the ${runnerUp.label}.`;
  } else {
    reasoning = `The latest end is the ${winner.label} at ${formatSeconds(winner.end)}, `
      + `${formatSeconds(winner.end - runnerUp.end)} after the ${runnerUp.label}.`;
  }
  // The runner-up first (the most tempting wrong answer), then other sounds heard, then sounds absent from the clip.
  const present = ranked.slice(1).map((r) => r.label);
  const absent = shuffled(labels.filter((l) => !regions.some((r) => r.label === l)), random);
  const distractors = [...present.slice(0, 1), ...shuffled(present.slice(1), random), ...absent].slice(0, 3);
  return { correct: winner.label, distractors: shuffled(distractors, random), reasoning };
}

function mix(regions: readonly Placement[], snrs: readonly number[], speech: ReadonlyMap<string, Float32Array>, settings: AudioSettings, random: RandomStream): Float32Array {
  const rate = settings.sampleRate;
  const out = backgroundNoise(Math.round(settings.duration * rate), random);
  for (let i = 0; i < out.length; i++) out[i] *= NOISE_RMS;
  regions.forEach((region, i) => {
    const start = Math.round(region.start * rate);
    const length = Math.round(region.end * rate) - start;
    const spoken = speech.get(region.label);
    const raw = spoken ? Float32Array.from(spoken.subarray(0, length)) : SOUNDS.find((s) => s.label === region.label)!.synthesise(length, rate, random);
    const samples = shape(raw, rate);
    const gain = NOISE_RMS * 10 ** (snrs[i] / 20);
    for (let j = 0; j < samples.length && start + j < out.length; j++) out[start + j] += gain * samples[j];
  });
  // Scaling the whole mix keeps every SNR as it was.
  let peak = 0;
  for (const s of out) peak = Math.max(peak, Math.abs(s));
  if (peak > 0.98) for (let i = 0; i < out.length; i++) out[i] *= 0.98 / peak;
  return out;
}

export function clipFields(key: string, clip: AudioClip, settings: AudioSettings): Fields {
  return {
    audio: {
      $media: 'audio', path: `audio_scenes/${key}.wav`, bytes: encodeWav(clip.samples, settings.sampleRate),
      duration: clip.samples.length / settings.sampleRate, sample_rate: settings.sampleRate, channels: 1,
    },
    question: clip.question,
    answer: clip.answer,
    options: [...clip.options],
    letter: clip.letter,
    regions: clip.regions.map((r) => ({ label: r.label, span: { start: r.start, end: r.end } })),
    trace: clip.trace,
    difficulty: clip.difficulty,
  };
}

export async function* audioScenes(params: Record<string, Json>, context: SourceContext): AsyncGenerator<SourceItem> {
  const { settings, band, read } = audioSettings(params);
  const total = read.total(context);
  const speech = await speechBank(settings.sampleRate);
  for (let index = 0; index < total; index++) {
    const key = recordKey('clip', index);
    const clip = composeClip(settings, band, speech, balancedLetterIndex(context, index), (purpose) => randomFor(context.seed, context.nodeId, key, purpose));
    yield clip ? { key, fields: clipFields(key, clip, settings) } : { key, rejected: 'no layout kept the compared sounds apart by the margin' };
  }
}
