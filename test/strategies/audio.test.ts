// Strategy 1 end to end: recipes/audio-regions.rlr on the sample clips that
// scripts/make-audio-samples.ts makes. The first run pre-annotates the clips
// with Silero VAD, exports them to Label Studio and waits, while the stage over
// an earlier Label Studio export finishes; after people's answers are imported,
// a rerun computes the questions from the regions without running the VAD again.
import { describe, expect, it, onTestFinished } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { runDag, type RunResult } from '../../runtime/run/run.ts';
import { openStore } from '../../runtime/store/store.ts';
import { importAnnotations } from '../../runtime/human/import.ts';
import { compileFixture } from '../runtime/fixture.ts';
import { exportedTask } from '../human/fixtures/gate-items.ts';
import { makeAudioSamples, type PlacedSound, type SampleClip } from '../../scripts/make-audio-samples.ts';

const RECIPE = path.resolve(import.meta.dirname, '../../recipes/audio-regions.rlr');
const GATE = 'annotated.regions';
/** How far the VAD's regions may be from where the speech was put, in seconds. */
const VAD_TOLERANCE = 0.3;

interface GateSummary {
  waiting: number;
  passed: number;
  answers: {
    items: number; answered: number;
    waiting: { answer: number; second_answer: number; adjudication: number };
    qa: { items: number; pairs: number; agreement: { measure: string | null; value: number | null; raw_agreement: number | null }; disagreements: number };
    annotators: Record<string, { answers: number; qa_pairs: number; agreement: number | null }>;
  };
}
interface NodeAccount { stage: string | null; kind: string; op: string; in: number; waiting: number; balanced: boolean }
interface Manifest {
  stages: { rl: Record<string, number>; cot: Record<string, number> };
  gates: Record<string, GateSummary>;
  accounting: Record<string, NodeAccount>;
  warnings: string[];
}
interface RlRow {
  id: string;
  data_source: string;
  prompt: Array<{ role: string; content: string }>;
  reward_model: { ground_truth: string };
  extra_info: { key: string };
  audios: Array<{ path: string }>;
}
interface CotRow { id: string; messages: Array<{ role: string; content: string }> }
type Task = { data: Record<string, unknown>; predictions?: Array<{ result: Array<{ value: { start: number; end: number; labels: string[] } }> }> };

const manifestOf = (result: RunResult) => result.manifest as unknown as Manifest;
const nodeOf = (m: Manifest, kind: string, op: string) => Object.entries(m.accounting).find(([, n]) => n.kind === kind && n.op === op)![0];
const vadCalls = (result: RunResult) => result.stats.models.filter((m) => m.model === 'vad').reduce((sum, m) => sum + m.calls, 0);

function tasksIn(out: string, prefix: string): Task[] {
  const folder = path.join(out, 'annotations', GATE);
  return readdirSync(folder).filter((f) => f.startsWith(prefix)).sort()
    .flatMap((f) => JSON.parse(readFileSync(path.join(folder, f), 'utf8')) as Task[]);
}

async function rowsOf<T>(out: string, kind: 'rl' | 'cot'): Promise<T[]> {
  const rows: T[] = [];
  for (const name of readdirSync(path.join(out, kind)).sort()) {
    rows.push(...await parquetReadObjects({ file: await asyncBufferFromFile(path.join(out, kind, name)), compressors }) as T[]);
  }
  return rows;
}

// The answers, worked out here from where the sounds were put.
const length = (sound: PlacedSound) => sound.end - sound.start;
const longestLabel = (clip: SampleClip) => [...clip.sounds].sort((a, b) => length(b) - length(a))[0].label;
const earliestLabel = (clip: SampleClip) => [...clip.sounds].sort((a, b) => a.start - b.start)[0].label;
function mostAtOnce(sounds: readonly PlacedSound[]): number {
  return Math.max(...sounds.map((at) => sounds.filter((s) => s.start <= at.start && at.start < s.end).length));
}

/** The option a letter names in a "A. …" prompt. */
function optionOf(prompt: string, letter: string): string {
  const line = prompt.split('\n').find((l) => l.startsWith(`${letter}. `));
  if (!line) throw new Error(`no option ${letter} in ${JSON.stringify(prompt)}`);
  return line.slice(3);
}

/** Label Studio `labels` results for sounds, the second person's moved by `shift` seconds. */
const results = (sounds: readonly PlacedSound[], shift = 0) => sounds.map((sound, i) => ({
  value: { start: Math.max(0, sound.start + shift), end: sound.end + shift, channel: 0, labels: [sound.label] },
  id: `r${i}${shift === 0 ? 'a' : 'b'}`,
  from_name: 'label', to_name: 'audio', type: 'labels', origin: 'manual',
}));

describe('strategy 1: audio regions with a person in the loop', () => {
  it('pre-annotates with the VAD and waits, then after an import emits exact questions without running the VAD again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlr-audio-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(RECIPE, path.join(dir, 'audio-regions.rlr'));
    const samples = makeAudioSamples(dir);
    const clips = new Map(samples.clips.map((clip) => [clip.stem, clip]));
    const out = path.join(dir, 'out');
    const dag = compileFixture(path.join(dir, 'audio-regions.rlr'));
    const run = () => runDag({ dag, directory: dir, out, concurrency: 3 });

    // First run: everything before the gate, and the stage over the earlier export.
    const firstRun = await run();
    const first = manifestOf(firstRun);
    expect(vadCalls(firstRun)).toBe(samples.clips.length);
    expect(first.gates[GATE].waiting).toBe(samples.clips.length);
    expect(first.gates[GATE].answers.items).toBe(samples.clips.length);
    expect(first.accounting[nodeOf(first, 'gate', 'audio_regions')].waiting).toBe(samples.clips.length);
    for (const stage of ['longest', 'first_sound', 'overlap']) expect(first.stages.rl[stage] ?? 0).toBe(0);
    expect(first.stages.rl.imported_overlap).toBe(samples.exported.length);
    for (const node of Object.values(first.accounting)) expect(node.balanced).toBe(true);
    const imported = (await rowsOf<RlRow>(out, 'rl')).filter((row) => row.data_source === 'audio_regions/imported_overlap');
    expect(imported.map((row) => path.basename(row.audios[0].path, '.wav')).sort()).toEqual([...samples.exported].sort());
    for (const row of imported) {
      expect(JSON.parse(row.reward_model.ground_truth)).toBe(mostAtOnce(clips.get(path.basename(row.audios[0].path, '.wav'))!.sounds));
    }

    // The VAD really ran: each task's pre-annotation finds the speech where it was put.
    const tasks = tasksIn(out, 'tasks-');
    expect(tasks).toHaveLength(samples.clips.length);
    for (const task of tasks) {
      const clip = clips.get(String(task.data.rlr_item).split('~')[0])!;
      const speech = clip.sounds.find((sound) => sound.label === 'speech')!;
      const predicted = task.predictions![0].result.map((r) => r.value);
      expect(predicted.every((region) => region.labels[0] === 'speech')).toBe(true);
      expect(predicted.some((region) => Math.abs(region.start - speech.start) < VAD_TOLERANCE && Math.abs(region.end - speech.end) < VAD_TOLERANCE),
        `${clip.stem}: speech at ${speech.start}-${speech.end} s, predicted ${JSON.stringify(predicted)}`).toBe(true);
    }
    const qaTasks = tasksIn(out, 'qa-');
    expect(qaTasks.length).toBe(first.gates[GATE].answers.qa.items);
    expect(qaTasks.length).toBeGreaterThan(0);

    // People answer: ann marks every sound at its true time; bob, the QA reviewer, marks them 40 ms late.
    const answered = [...tasks, ...qaTasks].map((task, i) => {
      const clip = clips.get(String(task.data.rlr_item).split('~')[0])!;
      const second = task.data.rlr_round === 2;
      return exportedTask(200 + i, task.data, [{
        id: 900 + i,
        completedBy: second ? { id: 5, email: 'bob@example.com' } : { id: 4, email: 'ann@example.com' },
        result: results(clip.sounds, second ? 0.04 : 0),
      }]);
    });
    const exportFile = path.join(dir, 'project-export.json');
    writeFileSync(exportFile, JSON.stringify(answered));
    const store = await openStore(path.join(out, '.rlr', 'store'));
    try {
      await importAnnotations(store, exportFile);
    } finally {
      await store.close();
    }

    // The rerun: from the gate on only.
    const secondRun = await run();
    const manifest = manifestOf(secondRun);
    expect(vadCalls(secondRun)).toBe(0);
    expect(secondRun.stats.invocations[nodeOf(manifest, 'model_call', 'voice_activity')]).toBeUndefined();
    expect(secondRun.stats.invocations[nodeOf(manifest, 'gate', 'audio_regions')]).toBe(samples.clips.length);
    const gate = manifest.gates[GATE];
    expect(gate.waiting).toBe(0);
    expect(gate.answers.answered).toBe(samples.clips.length);
    expect(gate.answers.waiting).toEqual({ answer: 0, second_answer: 0, adjudication: 0 });
    expect(gate.answers.qa.pairs).toBe(qaTasks.length);
    expect(gate.answers.qa.disagreements).toBe(0);
    expect(gate.answers.qa.agreement.measure).toBe('mean_iou');
    expect(gate.answers.qa.agreement.value).toBeGreaterThan(0.7);
    expect(gate.answers.qa.agreement.value).toBeLessThan(1);
    expect(gate.answers.annotators['bob@example.com'].qa_pairs).toBe(qaTasks.length);
    expect(gate.answers.annotators['ann@example.com'].answers).toBe(samples.clips.length);
    for (const node of Object.values(manifest.accounting)) {
      expect(node.balanced).toBe(true);
      expect(node.waiting).toBe(0);
    }
    expect(readFileSync(path.join(out, 'rejects.jsonl'), 'utf8')).toBe('');
    expect(manifest.stages.rl).toEqual({ first_sound: 3, imported_overlap: 2, longest: 3, overlap: 3 });

    const rows = await rowsOf<RlRow>(out, 'rl');
    const bySource = (source: string) => rows.filter((row) => row.data_source === `audio_regions/${source}`);
    expect(rows.map((row) => row.data_source.split('/')[1]).sort()).toEqual(['first_sound', 'first_sound', 'first_sound', 'imported_overlap', 'imported_overlap', 'longest', 'longest', 'longest', 'overlap', 'overlap', 'overlap']);
    const clipOf = (row: RlRow) => clips.get(row.extra_info.key)!;
    const truthOf = (row: RlRow) => JSON.parse(row.reward_model.ground_truth) as string | number;
    for (const row of bySource('longest')) {
      expect(optionOf(row.prompt[0].content, truthOf(row) as string)).toBe(longestLabel(clipOf(row)));
    }
    for (const row of bySource('first_sound')) {
      expect(optionOf(row.prompt[0].content, truthOf(row) as string)).toBe(earliestLabel(clipOf(row)));
    }
    for (const row of bySource('overlap')) {
      expect(truthOf(row)).toBe(mostAtOnce(clipOf(row).sounds));
    }
    // The clips were chosen so that the answers differ from clip to clip.
    expect(new Set(samples.clips.map(longestLabel)).size).toBe(3);
    expect(new Set(samples.clips.map((clip) => mostAtOnce(clip.sounds))).size).toBe(2);

    // CoT rows: one per RL row, whose trace gives every sound's exact duration.
    const cot = await rowsOf<CotRow>(out, 'cot');
    expect(cot.map((row) => row.id).sort()).toEqual(rows.map((row) => row.id).sort());
    for (const row of rows.filter((r) => r.data_source !== 'audio_regions/imported_overlap')) {
      const reply = cot.find((c) => c.id === row.id)!.messages[1].content;
      const lines = [...reply.matchAll(/^(\w+): from ([\d.]+) s to ([\d.]+) s, lasting ([\d.]+) s\.$/gm)];
      const sounds = clipOf(row).sounds;
      expect(lines.map((line) => line[1])).toEqual(sounds.map((sound) => sound.label));
      lines.forEach((line, i) => expect(Math.abs(Number(line[4]) - length(sounds[i]))).toBeLessThanOrEqual(0.005 + 1e-9));
      expect(reply).toMatch(/^<think>\n[\s\S]*\n<\/think>\n\n/);
    }
  }, 60_000);
});
