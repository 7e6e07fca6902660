// Strategy 3 end to end: recipes/geometric-points.rlr on the scenes that
// scripts/make-geometry-samples.ts draws. A local server plays the captioner
// (it names the objects drawn) and the open-vocabulary detector (it boxes each
// phrase where its object was drawn, and not the surface); the hand-built ONNX
// box segmenter makes the masks. The first run checks every target
// geometrically and holds a sample at the yes/no gate; after a Label Studio
// export is imported, a rerun emits the confirmed targets without calling a
// model again.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runDag, type RunResult } from '../../runtime/run/run.ts';
import { createHfProvider, defaultProviders } from '../../runtime/models/index.ts';
import { openStore } from '../../runtime/store/store.ts';
import { importAnnotations } from '../../runtime/human/import.ts';
import { scanShard } from '../../runtime/preview/shards.ts';
import { nounPhrases } from '../../stdlib/functions/text.ts';
import { maskBitmap, type Mask } from '../../stdlib/functions/mask-bitmap.ts';
import { scoreWith, type VerifierSpec } from '../../stdlib/verifiers/index.ts';
import { compileFixture } from '../runtime/fixture.ts';
import { exportedTask } from '../human/fixtures/gate-items.ts';
import { startHfServer } from '../models/hf-server.ts';
import {
  boxSegmenterModel, MODEL_FILE, objectArea, objectBox, objectPixels, SAMPLE_SCENES, writeSceneImages, type DrawnObject, type SampleScene,
} from '../../scripts/make-geometry-samples.ts';

const RECIPES = path.resolve(import.meta.dirname, '../../recipes');
const GATE = 'confirmed.yes_no';
/** The recipe's `margin`, in pixels. */
const MARGIN = 6;
/** The share of checked targets people see, here: enough that the seed picks some and leaves some. */
const REVIEW = '75%';
/**
 * The endpoints the recipe is given. Model endpoints are part of the DAG's node ids, and so of the
 * seeded sample; a fixed host, routed to the test server's port, keeps the sample the same on every run.
 */
const HOST = 'http://models.test';
const POINT_IN_MASK: VerifierSpec = { name: 'point_in_mask' };

interface NodeAccount { stage: string | null; kind: string; op: string; in: number; passed: number; waiting: number; balanced: boolean }
interface Manifest {
  stages: { rl: Record<string, number>; cot: Record<string, number> };
  gates: Record<string, { waiting: number; answers: { items: number; answered: number; yes?: number; no?: number; qa: { items: number; pairs: number } } }>;
  accounting: Record<string, NodeAccount>;
}
interface Reject { stage: string; key: string; reason: string }
interface RlRow {
  id: string;
  data_source: string;
  prompt: Array<{ role: string; content: string }>;
  reward_model: { ground_truth: string };
  verifier: { name: string; params: string };
  extra_info: { key: string };
}
interface CotRow { id: string; messages: Array<{ role: string; content: string }> }
type Task = { data: Record<string, string | number | boolean> };

const manifestOf = (result: RunResult) => result.manifest as unknown as Manifest;
const callsTo = (result: RunResult, model: string) => result.stats.models.filter((m) => m.model === model).reduce((sum, m) => sum + m.calls, 0);
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function rejectsOf(out: string): Reject[] {
  return readFileSync(path.join(out, 'rejects.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Reject);
}

function tasksIn(out: string, prefix: string): Task[] {
  const folder = path.join(out, 'annotations', GATE);
  return readdirSync(folder).filter((f) => f.startsWith(prefix)).sort()
    .flatMap((f) => JSON.parse(readFileSync(path.join(folder, f), 'utf8')) as Task[]);
}

const COLUMNS = { rl: ['id', 'data_source', 'prompt', 'reward_model', 'verifier', 'extra_info'], cot: ['id', 'messages'] };

async function rowsOf<T>(out: string, kind: 'rl' | 'cot'): Promise<T[]> {
  const rows: T[] = [];
  for (const name of readdirSync(path.join(out, kind)).sort()) {
    for await (const { record } of scanShard(path.join(out, kind, name), COLUMNS[kind])) rows.push(record as T);
  }
  return rows;
}

/** The scene and phrase a record key names: the image's stem, then the phrase's place among the caption's noun phrases. */
function phraseOf(key: string): { scene: SampleScene; phrase: string } {
  const [stem, index] = key.split('~')[0].split('/');
  const scene = SAMPLE_SCENES.find((s) => s.stem === stem)!;
  return { scene, phrase: nounPhrases(scene.caption, 6, true)[Number(index)] };
}

function targetOf(key: string): { scene: SampleScene; object: DrawnObject } {
  const { scene, phrase } = phraseOf(key);
  const object = scene.objects.find((o) => o.phrase === phrase);
  if (!object) throw new Error(`\`${key}\` names ${phrase}, which is not a drawn object`);
  return { scene, object };
}

/** The distance from pixel (x, y) to the nearest pixel the object does not cover, centre to centre, as `point_margin` measures it. */
function depthIn(scene: SampleScene, object: DrawnObject, x: number, y: number): number {
  const pixels = objectPixels(scene, object);
  let best = Infinity;
  for (let yy = -1; yy <= scene.height; yy++) {
    for (let xx = -1; xx <= scene.width; xx++) {
      const outside = xx < 0 || yy < 0 || xx >= scene.width || yy >= scene.height || !pixels[yy * scene.width + xx];
      if (outside) best = Math.min(best, Math.hypot(xx - x, yy - y));
    }
  }
  return best;
}

/** The point a gate question or an answer names. */
function pointIn(text: string): { x: number; y: number } {
  const match = /x = (\d+), y = (\d+)|\((\d+), (\d+)\)/.exec(text);
  if (!match) throw new Error(`no point in ${JSON.stringify(text)}`);
  return { x: Number(match[1] ?? match[3]), y: Number(match[2] ?? match[4]) };
}

describe('strategy 3: geometric points by chaining models', () => {
  it('captions, detects, segments and checks each target, holds a sample for people, and after an import emits the confirmed ones with no model called', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlr-geometry-'));
    copyFileSync(path.join(RECIPES, 'geometric-points.rlr'), path.join(dir, 'geometric-points.rlr'));
    mkdirSync(path.join(dir, path.dirname(MODEL_FILE)), { recursive: true });
    copyFileSync(path.join(RECIPES, MODEL_FILE), path.join(dir, MODEL_FILE));
    // The shipped model is the one the script builds.
    expect(digest(readFileSync(path.join(dir, MODEL_FILE)))).toBe(digest(boxSegmenterModel()));
    const images = await writeSceneImages(dir);
    const sceneByDigest = new Map(images.map((file, i) => [digest(readFileSync(path.join(dir, file))), SAMPLE_SCENES[i]]));
    const sceneOf = (bytes: Uint8Array) => {
      const scene = sceneByDigest.get(digest(bytes));
      if (!scene) throw new Error('the server was sent an image that is not a sample scene');
      return scene;
    };

    const server = await startHfServer({
      respond(task, { json, body }) {
        if (task === 'image-to-text') return { generated_text: sceneOf(body).caption };
        if (task !== 'zero-shot-object-detection') return undefined;
        const request = json as { inputs: string; parameters: { candidate_labels: string[] } };
        const scene = sceneOf(Buffer.from(request.inputs, 'base64'));
        // Each drawn object is boxed where it was drawn; the surface is not an object, and gets no box.
        return request.parameters.candidate_labels.flatMap((label) => {
          const object = scene.objects.find((o) => o.phrase === label);
          if (!object) return [];
          const box = objectBox(scene, object);
          return [{ label, score: 0.87, box: { xmin: box.x1, ymin: box.y1, xmax: box.x2, ymax: box.y2 } }];
        });
      },
    });
    try {
      const dag = compileFixture(path.join(dir, 'geometric-points.rlr'), {
        captioner_url: `${HOST}/image-to-text`,
        detector_url: `${HOST}/zero-shot-object-detection`,
        review: REVIEW,
        size: '12',
      });
      const out = path.join(dir, 'out');
      const routed: typeof fetch = (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        return fetch(url.replace(HOST, server.url), init);
      };
      const providers = { ...defaultProviders(), hf: createHfProvider({ fetch: routed }) };
      const env = (name: string) => (name === 'HF_TOKEN' ? 'hf_test_token' : undefined);
      const run = () => runDag({ dag, directory: dir, out, concurrency: 4, env, providers });

      // ---- The first run: every model runs, the sample waits at the gate. ----
      const firstRun = await run();
      const first = manifestOf(firstRun);
      for (const node of Object.values(first.accounting)) expect(node.balanced).toBe(true);

      // Captions: one per image, with the token from the environment.
      const captions = server.requestsTo('/image-to-text');
      expect(captions).toHaveLength(SAMPLE_SCENES.length);
      expect(captions.every((request) => request.headers.authorization === 'Bearer hf_test_token')).toBe(true);
      // Detection: one call per noun phrase of each caption, the phrase as the candidate label.
      const detections = server.requestsTo('/zero-shot-object-detection').map((request) => {
        const json = request.json as { inputs: string; parameters: { candidate_labels: string[] } };
        return { scene: sceneOf(Buffer.from(json.inputs, 'base64')).stem, labels: json.parameters.candidate_labels };
      });
      expect(detections.every((d) => d.labels.length === 1)).toBe(true);
      const sent = (stem: string) => detections.filter((d) => d.scene === stem).map((d) => d.labels[0]).sort();
      for (const scene of SAMPLE_SCENES) {
        const phrases = nounPhrases(scene.caption, 6, true);
        expect(phrases).toEqual([...scene.objects.map((o) => o.phrase), scene.surface]);
        expect(sent(scene.stem)).toEqual([...phrases].sort());
      }
      // Segmentation: every boxed phrase, the unboxed surfaces not.
      const objects = SAMPLE_SCENES.flatMap((scene) => scene.objects.map((object) => ({ scene, object })));
      expect(callsTo(firstRun, 'segmenter')).toBe(objects.length);

      // Rejects: the surfaces have no box, the bead is too small to point at, and the unsampled targets wait for no one.
      const rejects = rejectsOf(out);
      const reasons = (reason: string) => rejects.filter((r) => r.reason === reason);
      expect(reasons('the detector found no box for the phrase').map((r) => phraseOf(r.key)))
        .toEqual(expect.arrayContaining(SAMPLE_SCENES.map((scene) => ({ scene, phrase: scene.surface }))));
      expect(reasons('the detector found no box for the phrase')).toHaveLength(SAMPLE_SCENES.length);
      expect(rejects.every((r) => r.stage === (r.reason.startsWith('not among') ? 'confirmed' : 'targets'))).toBe(true);
      expect(reasons('mask too small to point at').map((r) => targetOf(r.key).object.phrase)).toEqual(['purple bead']);
      const pointable = objects.filter(({ scene, object }) => objectArea(scene, object) >= 400);
      const unsampled = reasons(`not among the ${REVIEW} sampled`);
      const sampled = pointable.length - unsampled.length;
      expect(sampled).toBeGreaterThan(0);
      expect(unsampled.length).toBeGreaterThan(0);
      expect(rejects).toHaveLength(SAMPLE_SCENES.length + 1 + unsampled.length);

      // The gate holds its sample; nothing is emitted yet.
      expect(first.gates[GATE].waiting).toBe(sampled);
      expect(first.gates[GATE].answers.items).toBe(sampled);
      const gateNode = Object.values(first.accounting).find((n) => n.kind === 'gate')!;
      expect(gateNode.waiting).toBe(sampled);
      expect(first.stages.rl.point_at ?? 0).toBe(0);
      expect(first.stages.rl.point_at_reasoned ?? 0).toBe(0);

      // Each sampled point lies inside the object drawn for its phrase, at the margin from its edge.
      const tasks = tasksIn(out, 'tasks-');
      expect(tasks).toHaveLength(sampled);
      for (const task of tasks) {
        const { scene, object } = targetOf(String(task.data.rlr_item));
        const question = String(task.data.question);
        expect(question).toContain(`on the ${object.phrase}?`);
        const point = pointIn(question);
        // The segmenter saw the image stretched to its input size, so its mask may differ from the drawing by a pixel at the edge.
        expect(depthIn(scene, object, point.x, point.y), `${object.phrase}: ${question}`).toBeGreaterThanOrEqual(MARGIN - 1);
      }
      const qaTasks = tasksIn(out, 'qa-');
      expect(qaTasks.length).toBe(first.gates[GATE].answers.qa.items);

      // ---- People answer in Label Studio: ann says no to the first sampled point, yes to the others; bob agrees on the QA copies. ----
      const refused = String(tasks[0].data.rlr_item);
      const answered = [...tasks, ...qaTasks].map((task, i) => {
        const second = task.data.rlr_round === 2;
        const choice = task.data.rlr_item === refused ? 'no' : 'yes';
        return exportedTask(300 + i, task.data, [{
          id: 700 + i,
          completedBy: second ? { id: 5, email: 'bob@example.com' } : { id: 4, email: 'ann@example.com' },
          result: [{ id: `c${i}`, from_name: 'answer', to_name: 'image', type: 'choices', origin: 'manual', value: { choices: [choice] } }],
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

      // ---- The rerun: from the gate on only, no model called. ----
      const requestsBefore = server.count;
      const secondRun = await run();
      const manifest = manifestOf(secondRun);
      expect(server.count).toBe(requestsBefore);
      for (const model of ['captioner', 'detector', 'segmenter']) expect(callsTo(secondRun, model)).toBe(0);
      for (const node of Object.values(manifest.accounting)) {
        expect(node.balanced).toBe(true);
        expect(node.waiting).toBe(0);
      }
      expect(manifest.gates[GATE].waiting).toBe(0);
      expect(manifest.gates[GATE].answers.yes).toBe(sampled - 1);
      expect(manifest.gates[GATE].answers.no).toBe(1);
      expect(rejectsOf(out).filter((r) => r.reason === `answered no at gate \`${GATE}\``).map((r) => r.key.split('~')[0])).toEqual([refused.split('~')[0]]);
      expect(manifest.stages.rl.point_at).toBeGreaterThan(0);

      // Every example's truth is the segmenter's mask of the object drawn for its phrase: point_in_mask scores the
      // sampled point 1 and a point on the background 0.
      const rows = await rowsOf<RlRow>(out, 'rl');
      const confirmed = new Set(rows.map((row) => row.extra_info.key));
      expect(confirmed.size).toBe(sampled - 1);
      expect(confirmed.has(refused.split('~')[0])).toBe(false);
      const points = new Map(tasks.map((task) => [String(task.data.rlr_item).split('~')[0], pointIn(String(task.data.question))]));
      for (const row of rows) {
        const { scene, object } = targetOf(row.extra_info.key);
        expect(row.prompt.at(-1)!.content).toContain(`Point to the ${object.phrase}.`);
        const truth = JSON.parse(row.reward_model.ground_truth) as Mask;
        const mask = maskBitmap(truth);
        expect([mask.width, mask.height]).toEqual([scene.width, scene.height]);
        // The model's mask, not the box: a disc, triangle or star fills well under its box.
        const drawn = objectPixels(scene, object);
        let both = 0;
        let either = 0;
        for (let i = 0; i < drawn.length; i++) {
          both += drawn[i] & mask.pixels[i];
          either += drawn[i] | mask.pixels[i];
        }
        expect(both / either, `${object.phrase}: mask IoU with the drawing`).toBeGreaterThan(0.95);
        // The segmenter sees the image stretched to 256 x 256, so its edges may be half a pixel off the drawing's.
        const box = objectBox(scene, object);
        const area = mask.pixels.reduce((a, b) => a + b, 0);
        expect(Math.abs(area - objectArea(scene, object)) / objectArea(scene, object), `${object.phrase}: mask area ${area}`).toBeLessThan(0.05);
        if (object.shape !== 'square') expect(objectArea(scene, object)).toBeLessThan(0.85 * (box.x2 - box.x1) * (box.y2 - box.y1));

        const point = points.get(row.extra_info.key)!;
        expect(scoreWith(POINT_IN_MASK, `(${point.x}, ${point.y})`, truth).score, `${row.id} on its point`).toBe(1);
        expect(scoreWith(POINT_IN_MASK, '(1, 1)', truth).score, `${row.id} on the background`).toBe(0);
        // And the row's own verifier, as a trainer runs it, gives a well-formed answer on the point full marks.
        const spec = JSON.parse(row.verifier.params) as VerifierSpec;
        const answer = row.data_source.endsWith('reasoned') ? `<think>It is there.</think><answer>(${point.x}, ${point.y})</answer>` : `(${point.x}, ${point.y})`;
        expect(scoreWith(spec, answer, truth).score, `${row.id} with its own verifier`).toBe(1);
      }

      // CoT rows carry the trace: the caption, the detector's box and the point.
      const cot = await rowsOf<CotRow>(out, 'cot');
      expect(cot.length).toBeGreaterThan(0);
      for (const row of cot) {
        const reply = row.messages.at(-1)!.content;
        expect(reply).toMatch(/^<think>\nThe image shows a .* The .* is inside the box from \(\d+, \d+\) to \(\d+, \d+\); a point well inside it is \(\d+, \d+\)\.\n<\/think>\n\n\(\d+, \d+\)$/);
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
