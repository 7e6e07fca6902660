// Real-time factor of the onnx provider's voice_activity (Silero VAD v5, one
// intra-op thread): seconds of audio per second of compute over ~60 s of
// espeak-ng speech and silence in a 22.05 kHz 16-bit WAV, against the same
// run's baseline of decoding alone (WAV parse + resampling to 16 kHz), so the
// ratio shows what the model adds. Median of several runs after a warm-up.
// Needs espeak-ng (scripts/install-system-deps.sh).
// Run: node --import tsx bench/vad.ts [runs]   (default 5)
import { loadavg } from 'node:os';
import { decodeAudio } from '../runtime/models/onnx/audio.ts';
import { createOnnxProvider } from '../runtime/models/onnx/index.ts';
import { declaredModel, SILERO } from '../test/models/fixtures/provider.ts';
import { requireEspeak, speechClip } from '../test/models/fixtures/speech.ts';
import { writeWav } from '../test/models/fixtures/wav.ts';

const runs = Number(process.argv[2] ?? 5);
const PHRASES = ['good morning everyone', 'my mother made lemon marmalade', 'can you hear me now', 'we were away a year ago', 'the weather is lovely in summer', 'hello there'];
const SILENCES = [1.5, 2.5, 1.0, 3.0, 2.0, 1.2];

requireEspeak();
const parts: (string | number)[] = [1.0];
for (let i = 0; parts.reduce<number>((seconds, part) => seconds + (typeof part === 'number' ? part : 1.5), 0) < 55; i++) {
  parts.push(PHRASES[i % PHRASES.length], SILENCES[i % SILENCES.length]);
}
const clip = speechClip(parts, 22050);
const wav = writeWav([clip.samples], clip.sampleRate);

const provider = createOnnxProvider({ intraOpNumThreads: 1 })(
  declaredModel('vad', { path: SILERO, task: 'voice_activity', threshold: 0.5 }),
  { directory: process.cwd(), env: () => undefined },
);
const signal = new AbortController().signal;
const detect = () => provider.call({ task: 'voice_activity', args: { audio: { $media: 'audio', path: 'bench.wav', bytes: wav } }, outputType: null }, signal);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function time(work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push((performance.now() - start) / 1000);
  }
  return median(samples);
}

const warm = (await detect()) as unknown[];
await decodeAudio(wav, 16000);
const decodeSeconds = await time(() => decodeAudio(wav, 16000));
const vadSeconds = await time(detect);
await provider.close();

const windows = Math.ceil((clip.duration * 16000) / 512);
const rtf = (seconds: number) => `${(clip.duration / seconds).toFixed(0)}x real time`;
console.log(`audio: ${clip.duration.toFixed(1)} s (${clip.truth.length} phrases; ${warm.length} speech regions found), ${windows} windows of 32 ms`);
console.log(`load average: ${loadavg().map((load) => load.toFixed(2)).join(' ')}; median of ${runs} runs`);
console.log(`decode only (WAV + resample 22.05 -> 16 kHz): ${(decodeSeconds * 1000).toFixed(1)} ms  ${rtf(decodeSeconds)}`);
console.log(`voice_activity (decode + Silero + regions):  ${(vadSeconds * 1000).toFixed(1)} ms  ${rtf(vadSeconds)}`);
console.log(`model: ${(((vadSeconds - decodeSeconds) / windows) * 1000).toFixed(3)} ms per window; voice_activity takes ${(vadSeconds / decodeSeconds).toFixed(1)}x the decode time`);
