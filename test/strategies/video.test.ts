// Strategy 2 end to end: recipes/video-prediction.rlr, copied beside real
// sample clips, runs against a local server that speaks the OpenAI chat
// protocol. The describer is shown the first 70 % of each clip only; the
// writer's questions (one repaired after invalid JSON) wait at the yes/no gate;
// a Label Studio export answers them; the rerun makes no model call and emits
// the accepted questions, multiple choice at level 1 and open-ended at level 2,
// with the shown 70 % of each clip as the example's video. The second test
// answers the gate of the dataset the first one made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { runDag, type RunResult } from '../../runtime/run/run.ts';
import { openStore } from '../../runtime/store/store.ts';
import { importAnnotations } from '../../runtime/human/import.ts';
import { compileFixture } from '../runtime/fixture.ts';
import { startHfServer, firstUserText, type HfTestServer } from '../models/hf-server.ts';
import { exportedTask } from '../human/fixtures/gate-items.ts';
import { SAMPLE_CLIPS, SAMPLE_FPS, makeVideoSamples, type SampleClip } from '../../scripts/make-video-samples.ts';

const RECIPE = path.resolve(import.meta.dirname, '../../recipes/video-prediction.rlr');
const GATE = 'questions.yes_no';
const DESCRIBER = 'test/describer-vl';
const WRITER = 'test/writer';
const TOKEN = 'test-token-123';
/** The clip whose first reply from the writer is invalid JSON, and the clip people say no to. */
const REPAIRED = 'two-balls';
const REFUSED = 'three-balls';
const FRAME = 1 / SAMPLE_FPS;
/** Where `temporal_split(ratio: 70%)` cuts a sample clip: on a frame boundary. */
const cutOf = (clip: SampleClip) => Math.floor(0.7 * clip.duration * SAMPLE_FPS + 1e-9) / SAMPLE_FPS;

const run = promisify(execFile);

interface Message { role: string; content: unknown }
interface ChatRequest { model: string; messages: Message[] }
interface Manifest {
  splits: { rl: Record<string, number>; cot: Record<string, number> };
  stages: { rl: Record<string, number> };
  gates: Record<string, { waiting: number; answers: { items: number; yes?: number; no?: number; qa: { items: number; pairs: number } } }>;
  accounting: Record<string, { stage: string | null; kind: string; waiting: number; balanced: boolean }>;
}
interface ExportedTask { data: { question: string; video: string; fps: number; rlr_gate: string; rlr_item: string; rlr_round: number } }
interface CotRow { messages: Array<{ role: string; content: string }> }
interface RlRow {
  data_source: string;
  prompt: Array<{ role: string; content: string }>;
  level: number;
  videos: Array<{ bytes: Uint8Array | null; start: number | null; end: number | null }>;
}

const description = (clip: SampleClip) => `In clip ${clip.name}, the balls move steadily toward the walls.`;
const questionOf = (clip: SampleClip) => `What happens next in clip ${clip.name}?`;
const questionJson = (clip: SampleClip) => JSON.stringify({
  question: questionOf(clip),
  correct: `The first ball in ${clip.name} bounces off the right wall.`,
  distractors: ['It stops in the middle.', 'It bounces off the top wall.', 'It leaves the box.'],
});

let probes = 0;

/** The length of a video's bytes, by ffprobe: its stream duration, and its frames over its frame rate. */
async function probe(bytes: Uint8Array, scratch: string): Promise<{ seconds: number; frames: number }> {
  const file = path.join(scratch, `probe-${probes++}.mp4`);
  writeFileSync(file, bytes);
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,r_frame_rate,duration', '-of', 'json', file]);
  rmSync(file);
  const stream = (JSON.parse(stdout) as { streams: Array<{ nb_read_frames: string; r_frame_rate: string; duration: string }> }).streams[0];
  const [num, den] = stream.r_frame_rate.split('/').map(Number);
  return { seconds: Number(stream.duration), frames: Number(stream.nb_read_frames) / (num / den) };
}

const dataUrlBytes = (url: string) => Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');

function videoPart(messages: readonly Message[]): string | null {
  const user = messages.find((m) => m.role === 'user');
  if (!Array.isArray(user?.content)) return null;
  const part = (user.content as Array<{ type: string; video_url?: { url: string } }>).find((p) => p.type === 'video_url');
  return part?.video_url?.url ?? null;
}

describe('strategy 2: video prediction with model-written questions', () => {
  let dir: string;
  let server: HfTestServer;
  /** What the describer was shown: the probed length of the video in each of its requests. */
  const shown: Array<{ seconds: number; frames: number }> = [];
  let runRecipe: () => Promise<RunResult>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rlr-video-'));
    copyFileSync(RECIPE, path.join(dir, 'video-prediction.rlr'));
    await makeVideoSamples(path.join(dir, 'data', 'videos'));
    server = await startHfServer({
      respond: async (task, { json }) => {
        if (task !== 'chat') return undefined;
        const request = json as ChatRequest;
        if (request.model === DESCRIBER) {
          // Which clip this is, from the length of the video it was sent (the samples differ in length).
          const length = await probe(dataUrlBytes(videoPart(request.messages)!), dir);
          const clip = SAMPLE_CLIPS.reduce((a, b) => (Math.abs(cutOf(b) - length.seconds) < Math.abs(cutOf(a) - length.seconds) ? b : a));
          shown.push(length);
          return description(clip);
        }
        const prompt = firstUserText(request.messages);
        const clip = SAMPLE_CLIPS.find((c) => prompt.includes(description(c)));
        if (!clip) return 'I cannot tell which clip this is.';
        const repair = request.messages.length > 2;
        // Cut off, as a model that ran out of tokens would reply.
        if (clip.name === REPAIRED && !repair) return questionJson(clip).slice(0, 40);
        return questionJson(clip);
      },
    });
    const dag = compileFixture(path.join(dir, 'video-prediction.rlr'), {
      describer_url: `${server.url}/v1`, describer_model: DESCRIBER, writer_url: `${server.url}/v1`, writer_model: WRITER,
    });
    const env = (name: string) => ({ HF_TOKEN: TOKEN } as Record<string, string>)[name];
    runRecipe = () => runDag({ dag, directory: dir, env, concurrency: 4 });
  });

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const out = () => path.join(dir, 'out', 'video-prediction');
  const manifestOf = (result: RunResult) => result.manifest as unknown as Manifest;
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const chats = (model: string) => server.requestsTo('/v1/chat/completions').filter((r) => (r.json as ChatRequest).model === model);
  const gateFiles = (prefix: string): ExportedTask[] => readdirSync(path.join(out(), 'annotations', GATE))
    .filter((f) => f.startsWith(prefix)).sort()
    .flatMap((f) => JSON.parse(readFileSync(path.join(out(), 'annotations', GATE, f), 'utf8')) as ExportedTask[]);

  it('shows the describer the first 70 % of each clip, repairs invalid JSON, and holds every question at the gate', async () => {
    const first = await runRecipe();
    const manifest = manifestOf(first);

    // The describer: one request per clip, its video the shown part only, cut by ffmpeg on a frame boundary.
    expect(chats(DESCRIBER)).toHaveLength(SAMPLE_CLIPS.length);
    const byLength = [...shown].sort((a, b) => a.seconds - b.seconds);
    [...SAMPLE_CLIPS].sort((a, b) => a.duration - b.duration).forEach((clip, i) => {
      expect(byLength[i].seconds, clip.name).toBeCloseTo(cutOf(clip), 5);
      expect(byLength[i].frames, clip.name).toBeCloseTo(cutOf(clip), 5);
    });
    for (const request of server.requestsTo('/v1/chat/completions')) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);

    // The writer: each first request carries its clip's description and the cut; the broken reply got one repair turn.
    const writes = chats(WRITER).map((r) => (r.json as ChatRequest).messages);
    expect(writes).toHaveLength(SAMPLE_CLIPS.length + 1);
    for (const clip of SAMPLE_CLIPS) {
      const opening = writes.find((m) => m.length === 2 && firstUserText(m).includes(description(clip)));
      expect(opening, clip.name).toBeDefined();
      expect(firstUserText(opening!)).toContain(`cut after ${cutOf(clip)} seconds`);
      expect(opening![0]).toMatchObject({ role: 'system', content: 'You write exam questions. Reply with JSON only.' });
    }
    const repairs = writes.filter((m) => m.length > 2);
    expect(repairs).toHaveLength(1);
    expect(firstUserText(repairs[0])).toContain(description(SAMPLE_CLIPS.find((c) => c.name === REPAIRED)!));
    expect(repairs[0][2]).toMatchObject({ role: 'assistant' });
    expect(first.stats.models.find((m) => m.model === 'writer')).toMatchObject({ calls: 4, retries: 1, failures: 0 });
    expect(first.stats.models.find((m) => m.model === 'describer')).toMatchObject({ calls: 3, retries: 0, failures: 0 });

    // Every question waits for a person: no example yet, every record accounted for.
    expect(manifest.gates[GATE].waiting).toBe(SAMPLE_CLIPS.length);
    expect(manifest.gates[GATE].answers.items).toBe(SAMPLE_CLIPS.length);
    const gateNode = Object.values(manifest.accounting).find((n) => n.stage === 'questions' && n.kind === 'gate')!;
    expect(gateNode.waiting).toBe(SAMPLE_CLIPS.length);
    for (const node of Object.values(manifest.accounting)) expect(node.balanced).toBe(true);
    expect(sum(manifest.splits.rl)).toBe(0);

    // Exported once each, with the question and the proposed answer, and the whole clip for the person.
    const tasks = gateFiles('tasks-');
    expect(tasks).toHaveLength(SAMPLE_CLIPS.length);
    for (const clip of SAMPLE_CLIPS) {
      const task = tasks.find((t) => t.data.question.includes(questionOf(clip)))!;
      expect(task, clip.name).toBeDefined();
      expect(task.data.question).toContain(`Proposed answer: The first ball in ${clip.name} bounces off the right wall.`);
      expect(task.data.video).toContain(`${clip.name}.mp4`);
      expect(task.data).toMatchObject({ fps: SAMPLE_FPS, rlr_gate: GATE, rlr_round: 1 });
    }
  });

  it('after a Label Studio export answers the gate, a rerun with no model call emits the accepted questions by level, each with the shown 70 % of its clip', async () => {
    // A person answers every task, and a second one the QA copies (the recipe's `review` share, drawn per item): yes, except for one clip.
    const round1 = gateFiles('tasks-');
    const round2 = gateFiles('qa-');
    const people = { 1: { id: 3, email: 'ann@example.com' }, 2: { id: 4, email: 'bob@example.com' } } as const;
    const exported = [...round1, ...round2].map((task, i) => {
      const answer = task.data.question.includes(questionOf(SAMPLE_CLIPS.find((c) => c.name === REFUSED)!)) ? 'no' : 'yes';
      return exportedTask(40 + i, task.data, [{
        id: 900 + i,
        completedBy: people[task.data.rlr_round as 1 | 2],
        result: [{ id: `r${i}`, type: 'choices', from_name: 'answer', to_name: 'video', origin: 'manual', value: { choices: [answer] } }],
      }]);
    });
    const file = path.join(dir, 'label-studio-export.json');
    writeFileSync(file, JSON.stringify(exported, null, 2));
    const store = await openStore(path.join(out(), '.rlr', 'store'));
    try {
      const report = await importAnnotations(store, file);
      expect(report.gates).toMatchObject([{ gate: GATE, added: round1.length + round2.length }]);
    } finally {
      await store.close();
    }

    server.reset();
    const second = await runRecipe();
    const manifest = manifestOf(second);
    expect(server.count).toBe(0);
    expect(second.stats.models.map((m) => m.calls)).toEqual([0, 0]);

    const accepted = SAMPLE_CLIPS.filter((c) => c.name !== REFUSED);
    expect(manifest.gates[GATE]).toMatchObject({ waiting: 0, answers: { yes: accepted.length, no: 1, qa: { items: round2.length, pairs: round2.length } } });
    expect(manifest.stages.rl).toEqual({ predict_choice: accepted.length, predict_open: accepted.length });
    // The multiple-choice stage has a reasoning trace, so it also gives the CoT rows.
    expect(sum(manifest.splits.cot)).toBe(accepted.length);
    const rejects = readFileSync(path.join(out(), 'rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { stage: string; key: string; reason: string });
    expect(rejects).toEqual([expect.objectContaining({ stage: 'questions', key: REFUSED, reason: `answered no at gate \`${GATE}\`` })]);

    const text = (value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : String(value));
    const rowsOf = async <T>(split: 'rl' | 'cot'): Promise<T[]> => {
      const rows: T[] = [];
      for (const shard of readdirSync(path.join(out(), split)).sort()) {
        rows.push(...await parquetReadObjects({ file: await asyncBufferFromFile(path.join(out(), split, shard)), compressors, utf8: false }) as T[]);
      }
      return rows;
    };
    // The reasoning trace reads what the describer saw, then the answer.
    const cot = await rowsOf<CotRow>('cot');
    expect(cot).toHaveLength(accepted.length);
    for (const row of cot) {
      const reply = text(row.messages.find((m) => text(m.role) === 'assistant')!.content);
      const clip = accepted.find((c) => reply.includes(description(c)))!;
      expect(reply).toContain(`<think>\nWhat the clip shows: ${description(clip)} So what happens next is: The first ball in ${clip.name} bounces off the right wall.\n</think>`);
    }

    const rows = await rowsOf<RlRow>('rl');
    expect(rows).toHaveLength(2 * accepted.length);
    for (const row of rows) {
      const stage = text(row.data_source);
      const prompt = row.prompt.map((m) => text(m.content)).join('\n');
      expect(prompt).not.toContain(questionOf(SAMPLE_CLIPS.find((c) => c.name === REFUSED)!));
      const clip = accepted.find((c) => prompt.includes(questionOf(c)))!;
      expect(clip, prompt).toBeDefined();
      expect(prompt).toContain('<video>');
      if (stage === 'video_prediction/predict_choice') {
        expect(row.level).toBe(1);
        expect(prompt).toMatch(/A\. .*\nB\. .*\nC\. .*\nD\. .*\nAnswer with the letter\./);
      } else {
        expect(stage).toBe('video_prediction/predict_open');
        expect(row.level).toBe(2);
        expect(prompt).toContain('Answer in a few words.');
      }
      // The example's video is the first 70 % of its clip, within a frame; no window is left to apply.
      const [video] = row.videos;
      expect(video.start).toBeNull();
      expect(video.end).toBeNull();
      const length = await probe(video.bytes!, dir);
      expect(Math.abs(length.seconds - 0.7 * clip.duration)).toBeLessThanOrEqual(FRAME);
      expect(length.frames).toBeCloseTo(cutOf(clip), 5);
    }
  });
});
