// Voice activity with Silero VAD v5: the clip at 16 kHz in windows of 512
// samples, each fed with the 64 samples before it and the recurrent state the
// previous window left; the per-window speech probabilities become regions as
// silero's own `get_speech_timestamps` makes them (hysteresis, minimum speech
// and silence, padding). Clips are not batched: each window needs the state of
// the one before, so one clip is one sequence of small runs.
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { RecordRejected } from '../../evaluate/reject.ts';
import type { Value } from '../../values.ts';
import { decodeAudio } from './audio.ts';
import { loadMedia } from './media.ts';
import type { TaskContext } from './task.ts';

export const VAD_SAMPLE_RATE = 16000;
const WINDOW = 512;
const CONTEXT = 64;
const STATE_SIZE = 2 * 1 * 128;

export interface SpeechOptions {
  /** Probability at or above which speech starts. */
  readonly threshold: number;
  /** Probability below which speech may end; `threshold - 0.15` when absent. */
  readonly negativeThreshold?: number;
  readonly minSpeechMs?: number;
  readonly minSilenceMs?: number;
  readonly speechPadMs?: number;
}

export type SpeechRegion = {
  readonly label: 'speech';
  readonly span: { readonly start: number; readonly end: number };
};

export async function voiceActivity(context: TaskContext, args: Readonly<Record<string, Value>>, signal: AbortSignal): Promise<Value> {
  const loaded = await loadMedia(args, 'audio', 'audio', context.directory);
  const samples = await decodeAudio(loaded.bytes, VAD_SAMPLE_RATE).catch((error: unknown) => {
    throw error instanceof RecordRejected ? new RecordRejected(`audio \`${loaded.media.path}\`: ${error.reason}`) : error;
  });
  const model = await context.load();
  const probabilities = await speechProbabilities(model.session, samples, signal, model.inputs, model.outputs);
  return speechRegions(probabilities, samples.length, { threshold: context.identity.threshold });
}

/** One speech probability per 512-sample window (the last one zero-padded). */
export async function speechProbabilities(
  session: InferenceSession,
  samples: Float32Array,
  signal: AbortSignal,
  inputs: readonly string[] = session.inputNames,
  outputs: readonly string[] = session.outputNames,
): Promise<Float32Array> {
  if (inputs.length < 3 || outputs.length < 2) {
    throw new Error(`voice_activity expects Silero VAD v5 (inputs: audio, state, sr; outputs: probability, state); the model has inputs ${inputs.join(', ')} and outputs ${outputs.join(', ')}`);
  }
  const [audioName, stateName, rateName] = inputs;
  const [probabilityName, nextStateName] = outputs;
  const rate = new Tensor('int64', BigInt64Array.of(BigInt(VAD_SAMPLE_RATE)), []);
  const windows = Math.ceil(samples.length / WINDOW);
  const probabilities = new Float32Array(windows);
  let state: Float32Array = new Float32Array(STATE_SIZE);
  let context: Float32Array = new Float32Array(CONTEXT);
  for (let window = 0; window < windows; window++) {
    if (window % 64 === 0) signal.throwIfAborted();
    const frame = new Float32Array(CONTEXT + WINDOW);
    frame.set(context, 0);
    frame.set(samples.subarray(window * WINDOW, (window + 1) * WINDOW), CONTEXT);
    const result = await session.run({
      [audioName]: new Tensor('float32', frame, [1, CONTEXT + WINDOW]),
      [stateName]: new Tensor('float32', state, [2, 1, 128]),
      [rateName]: rate,
    });
    probabilities[window] = (result[probabilityName].data as Float32Array)[0];
    state = result[nextStateName].data as Float32Array;
    context = frame.subarray(WINDOW);
  }
  return probabilities;
}

/**
 * Speech regions from per-window probabilities, in seconds rounded to the
 * millisecond: silero's `get_speech_timestamps` (without its maximum speech
 * length), so results match the reference implementation.
 */
export function speechRegions(probabilities: ArrayLike<number>, totalSamples: number, options: SpeechOptions): SpeechRegion[] {
  const { threshold } = options;
  const negativeThreshold = options.negativeThreshold ?? Math.max(threshold - 0.15, 0.01);
  const rate = VAD_SAMPLE_RATE;
  const minSpeech = (rate * (options.minSpeechMs ?? 250)) / 1000;
  const minSilence = (rate * (options.minSilenceMs ?? 100)) / 1000;
  const pad = (rate * (options.speechPadMs ?? 30)) / 1000;

  const speeches: { start: number; end: number }[] = [];
  let start: number | null = null;
  let silenceFrom = 0;
  for (let window = 0; window < probabilities.length; window++) {
    const probability = probabilities[window];
    const at = window * WINDOW;
    if (probability >= threshold && silenceFrom) silenceFrom = 0;
    if (probability >= threshold && start === null) {
      start = at;
      continue;
    }
    if (probability < negativeThreshold && start !== null) {
      if (!silenceFrom) silenceFrom = at;
      if (at - silenceFrom < minSilence) continue;
      if (silenceFrom - start > minSpeech) speeches.push({ start, end: silenceFrom });
      start = null;
      silenceFrom = 0;
    }
  }
  if (start !== null && totalSamples - start > minSpeech) speeches.push({ start, end: totalSamples });

  // Padding: each side grows by `pad`, or by half the gap when two regions are closer than twice that.
  speeches.forEach((speech, i) => {
    if (i === 0) speech.start = Math.max(0, Math.floor(speech.start - pad));
    if (i < speeches.length - 1) {
      const next = speeches[i + 1];
      const gap = next.start - speech.end;
      if (gap < 2 * pad) {
        speech.end += Math.floor(gap / 2);
        next.start = Math.max(0, Math.floor(next.start - gap / 2));
      } else {
        speech.end = Math.min(totalSamples, Math.floor(speech.end + pad));
        next.start = Math.max(0, Math.floor(next.start - pad));
      }
    } else {
      speech.end = Math.min(totalSamples, Math.floor(speech.end + pad));
    }
  });
  const seconds = (samples: number) => Math.round((samples / rate) * 1000) / 1000;
  return speeches.map((speech) => ({ label: 'speech', span: { start: seconds(speech.start), end: seconds(speech.end) } }));
}
