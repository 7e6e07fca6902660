// The `audio_scenes` generator: WAV files whose header says what the record
// declares, regions that are where the sound is (loud inside, background
// just before), answers recomputed here from the regions with no near ties,
// letters that the `choice` verifier accepts and that are balanced, speech
// where espeak-ng is installed, and output that depends only on the seed.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Json } from '../../compiler/lower/dag-schema.ts';
import { compileRecipe } from '../../compiler/compile.ts';
import { nodeHost } from '../../cli/node-host.ts';
import { randomFor } from '../../runtime/evaluate/random.ts';
import { runDag } from '../../runtime/run/run.ts';
import type { SourceContext } from '../../runtime/sources/source-item.ts';
import type { MediaValue } from '../../runtime/values.ts';
import { audioScenes, audioSettings, planClip } from '../../stdlib/generators/audio-scenes/index.ts';
import { speechAvailable, speechBank } from '../../stdlib/generators/audio-scenes/speech.ts';
import { balancedLetterIndex } from '../../stdlib/generators/kit.ts';
import { generators } from '../../stdlib/generators/index.ts';
import { prepareCached } from '../../stdlib/verifiers/index.ts';
import { collect, expectDeclaredRecords } from './collect.ts';

const choice = prepareCached({ name: 'choice', params: { letters: 'ABCD' } });
const context: SourceContext = { directory: '.', seed: 21, nodeId: 'audio-node' };
const RATE = 8000;

const params = (overrides: Record<string, Json> = {}): Record<string, Json> => ({
  count: 24, min_difficulty: 0, max_difficulty: 1, sounds: 4, snr: 0, max_overlap: 3, duration: 6, sample_rate: RATE, ...overrides,
});

interface Region { label: string; span: { start: number; end: number } }
interface ClipRecord {
  key: string;
  audio: MediaValue;
  question: string;
  answer: string;
  options: string[];
  letter: string;
  regions: Region[];
  trace: string;
  difficulty: number;
}

async function generate(overrides: Record<string, Json> = {}, ctx: SourceContext = context): Promise<ClipRecord[]> {
  return collect<ClipRecord>(audioScenes(params(overrides), ctx));
}

/** The header of a RIFF/WAVE file, read field by field, and its 16-bit samples. */
function readWav(bytes: Uint8Array): { format: number; channels: number; rate: number; bits: number; samples: Float64Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
  expect(view.getUint32(4, true)).toBe(bytes.length - 8);
  const dataBytes = view.getUint32(40, true);
  expect(dataBytes).toBe(bytes.length - 44);
  const samples = new Float64Array(dataBytes / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(44 + 2 * i, true) / 32768;
  return { format: view.getUint16(20, true), channels: view.getUint16(22, true), rate: view.getUint32(24, true), bits: view.getUint16(34, true), samples };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function rms(samples: Float64Array, from: number, to: number): number {
  const a = Math.max(0, Math.round(from * RATE));
  const b = Math.min(samples.length, Math.round(to * RATE));
  let sum = 0;
  for (let i = a; i < b; i++) sum += samples[i] ** 2;
  return Math.sqrt(sum / Math.max(1, b - a));
}

const covered = (regions: Region[], from: number, to: number) => regions.some((r) => r.span.start < to && r.span.end > from);

/** The answer worked out from the regions alone, and how clearly it wins. */
function solve(record: ClipRecord): { answer: string; lead: number } {
  const spans = record.regions.map((r) => ({ label: r.label, ...r.span, length: r.span.end - r.span.start }));
  const best = (score: (s: typeof spans[number]) => number) => {
    const ranked = [...spans].sort((a, b) => score(b) - score(a));
    return { answer: ranked[0].label, lead: ranked.length > 1 ? score(ranked[0]) - score(ranked[1]) : Infinity };
  };
  if (record.question === 'Which sound lasts longest?') return best((s) => s.length);
  if (record.question === 'Which sound starts first?') return best((s) => -s.start);
  if (record.question === 'Which sound ends last?') return best((s) => s.end);
  expect(record.question).toBe('At most, how many sounds can be heard at the same time?');
  let most = 0;
  for (const s of spans) most = Math.max(most, spans.filter((o) => o.start <= s.start && o.end > s.start).length);
  return { answer: String(most), lead: Infinity };
}

describe('audio_scenes', () => {
  const clips = generate();

  it('is registered under its registry name and yields exactly its declared record type', async () => {
    expect(generators.get('audio_scenes')).toBe(audioScenes);
    expectDeclaredRecords('audio_scenes', await clips);
  });

  it('writes 16-bit mono PCM WAV files whose header gives the declared rate and duration', async () => {
    for (const record of await clips) {
      expect(record.key).toMatch(/^clip-\d{9}$/);
      expect(record.audio).toMatchObject({ $media: 'audio', path: `audio_scenes/${record.key}.wav`, sample_rate: RATE, channels: 1, duration: 6 });
      const wav = readWav(record.audio.bytes!);
      expect(wav).toMatchObject({ format: 1, channels: 1, rate: RATE, bits: 16 });
      expect(wav.samples.length / wav.rate).toBe(record.audio.duration);
    }
  });

  it('labels regions inside the clip, one sound each, where the sound is loud and the moment before is not', async () => {
    const quiet = await generate({ count: 16, max_difficulty: 0.5 });
    for (const record of quiet) {
      const { samples } = readWav(record.audio.bytes!);
      const labels = record.regions.map((r) => r.label);
      expect(new Set(labels).size).toBe(labels.length);
      const gaps: number[] = [];
      for (let t = 0; t + 0.1 <= 6; t += 0.1) if (!covered(record.regions, t - 0.05, t + 0.15)) gaps.push(rms(samples, t, t + 0.1));
      const background = Math.max(...gaps);
      for (const { label, span } of record.regions) {
        expect(span.start).toBeGreaterThan(0);
        expect(span.end).toBeLessThanOrEqual(6);
        expect(span.end - span.start).toBeGreaterThanOrEqual(0.2);
        expect(rms(samples, span.start, span.end), `${record.key} ${label}`).toBeGreaterThan(2 * background);
        if (label === 'speech' || covered(record.regions.filter((r) => r.label !== label), span.start - 0.06, span.start)) continue;
        expect(rms(samples, span.start - 0.06, span.start - 0.01), `${record.key}: before the ${label}`).toBeLessThan(1.3 * background);
        expect(rms(samples, span.start + 0.01, span.start + 0.06), `${record.key}: the ${label} starts`).toBeGreaterThan(2 * background);
      }
    }
  });

  it('answers what the regions say, never by a near tie, and the choice verifier scores the letter 1', async () => {
    const kinds = new Set<string>();
    for (const record of await clips) {
      kinds.add(record.question);
      const { answer, lead } = solve(record);
      expect(record.answer, record.trace).toBe(answer);
      expect(lead, record.trace).toBeGreaterThanOrEqual(0.25 - 1e-9);
      expect(record.options).toHaveLength(4);
      expect(new Set(record.options).size).toBe(4);
      expect(record.options['ABCD'.indexOf(record.letter)]).toBe(record.answer);
      expect(choice.score(record.letter, record.letter).score).toBe(1);
      expect(choice.score(choice.renderTruth(record.letter), record.letter).score).toBe(1);
      expect(choice.score([...'ABCD'].find((l) => l !== record.letter)!, record.letter).score).toBe(0);
      expect(record.trace).toContain(`So the answer is`);
      for (const { label, span } of record.regions) expect(record.trace).toContain(`the ${label} from ${span.start.toFixed(2)} s to ${span.end.toFixed(2)} s`);
      // Any two sounds overlap clearly or keep clearly apart.
      for (const a of record.regions) {
        for (const b of record.regions) {
          if (a === b) continue;
          const overlap = Math.min(a.span.end, b.span.end) - Math.max(a.span.start, b.span.start);
          expect(Math.abs(overlap)).toBeGreaterThanOrEqual(0.2 - 1e-9);
        }
      }
    }
    expect(kinds.size).toBe(4);
  });

  it('balances the correct letter across A-D over 400 clips', async () => {
    const { settings, band } = audioSettings(params());
    const speech = await speechBank(RATE);
    const letters: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
    for (let index = 0; index < 400; index++) {
      const key = `clip-${index}`;
      const plan = planClip(settings, band, speech, balancedLetterIndex(context, index), (purpose) => randomFor(context.seed, context.nodeId, key, purpose));
      letters[plan!.letter]++;
      expect(plan!.options['ABCD'.indexOf(plan!.letter)]).toBe(plan!.answer);
    }
    expect(Object.values(letters)).toEqual([100, 100, 100, 100]);
  });

  it('has speech where espeak-ng is installed, and none without it', async () => {
    const labels = (await generate({ count: 24, sounds: 6 })).flatMap((r) => r.regions.map((g) => g.label));
    expect(labels.includes('speech')).toBe(await speechAvailable());
    const { settings, band } = audioSettings(params({ sounds: 8 }));
    for (let index = 0; index < 20; index++) {
      const plan = planClip(settings, band, new Map(), index % 4, (purpose) => randomFor(1, 'no-speech', `clip-${index}`, purpose));
      expect(plan!.regions.map((r) => r.label)).not.toContain('speech');
    }
  });

  it('makes harder clips overlap more and sit closer to the noise, within the band', async () => {
    const easy = await generate({ count: 16, min_difficulty: 0, max_difficulty: 0.2 });
    const hard = await generate({ count: 16, min_difficulty: 0.8, max_difficulty: 1 });
    for (const r of easy) expect(r.difficulty >= 0 && r.difficulty <= 0.2, `${r.difficulty}`).toBe(true);
    for (const r of hard) expect(r.difficulty >= 0.8 && r.difficulty <= 1, `${r.difficulty}`).toBe(true);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const overlapping = (r: ClipRecord) => r.regions.filter((a) => r.regions.some((b) => a !== b && a.span.start < b.span.end && b.span.start < a.span.end)).length;
    const snr = (r: ClipRecord) => Math.min(...[...r.trace.matchAll(/([\d.]+) dB over/g)].map((m) => Number(m[1])));
    expect(mean(hard.map(overlapping))).toBeGreaterThan(mean(easy.map(overlapping)));
    expect(mean(hard.map(snr))).toBeLessThan(mean(easy.map(snr)) - 10);
  });

  it('gives the same clips for the same seed and other clips for another', async () => {
    const first = await clips;
    const again = await generate();
    const digest = (r: ClipRecord) => [sha256(r.audio.bytes!), r.regions, r.options, r.letter, r.trace];
    expect(again.map(digest)).toEqual(first.map(digest));
    const other = await generate({ count: 4 }, { ...context, seed: 22 });
    expect(other.map((r) => r.trace)).not.toEqual(first.slice(0, 4).map((r) => r.trace));
  });

  it('runs in a recipe through the compiler and the runtime with no record rejected', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlr-audio-'));
    writeFileSync(path.join(dir, 'recipe.rlr'), `
      recipe sounds { version: "0.1.0" seed: 4 }
      source clips = audio_scenes { count: 8 duration: 4s sample_rate: 8000 }
      stage hear from clips {
        let listed = options_text(options)
        emit {
          prompt: template("{question}\\n{listed}\\nAnswer with the letter.")
          media: [audio]
          truth: letter
          verifier: choice()
          difficulty: difficulty
          domain: "audio"
          trace: trace
        }
      }
      output { dir: "out" splits: { train: 75%, test: 25% } }
    `);
    const compiled = compileRecipe(nodeHost(), path.join(dir, 'recipe.rlr'), { params: {} });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = await runDag({ dag: compiled.dag!, directory: dir, out: path.join(dir, 'out'), noCache: true });
    const accounting = Object.values((result.manifest as { accounting: Record<string, { rejected: Record<string, number>; out: number; op: string }> }).accounting);
    expect(accounting.flatMap((node) => Object.keys(node.rejected))).toEqual([]);
    expect(accounting.find((node) => node.op === 'audio_scenes')?.out).toBe(8);
    expect(readFileSync(path.join(dir, 'out', 'rejects.jsonl'), 'utf8').trim()).toBe('');
  });
});
