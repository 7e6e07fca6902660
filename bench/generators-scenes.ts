// Throughput of the scene generators (geometric scenes, audio scenes, motion
// clips) at their registry defaults, and where the time goes: composing a
// record (layout, drawing or synthesis), encoding its media (PNG, WAV, MP4),
// and, in a whole `rlr run`, everything after the generator (the stage, the
// verifier's self-check, rows and Parquet shards): "writing".
// Run: npx tsx bench/generators-scenes.ts [scenes=100] [clips=100] [motion=40]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Json } from '../compiler/lower/dag-schema.ts';
import { compileRecipe } from '../compiler/compile.ts';
import { nodeHost } from '../cli/node-host.ts';
import { randomFor } from '../runtime/evaluate/random.ts';
import { runDag } from '../runtime/run/run.ts';
import type { SourceContext } from '../runtime/sources/source-item.ts';
import { audioSettings, composeClip } from '../stdlib/generators/audio-scenes/index.ts';
import { speechAvailable, speechBank } from '../stdlib/generators/audio-scenes/speech.ts';
import { encodeWav } from '../stdlib/generators/audio-scenes/wav.ts';
import { composeScene, sceneSettings } from '../stdlib/generators/geometric-scenes/index.ts';
import { encodePng } from '../stdlib/generators/geometric-scenes/raster.ts';
import { drawClip, motionSettings, planClip as planMotion } from '../stdlib/generators/motion-clips/index.ts';
import { encodeMp4, videoEncoder } from '../stdlib/generators/motion-clips/encode.ts';
import { generators, type Generator } from '../stdlib/generators/index.ts';
import { sourceEntries } from '../stdlib/registry/sources.ts';

const counts = { geometric_scenes: Number(process.argv[2] ?? 100), audio_scenes: Number(process.argv[3] ?? 100), motion_clips: Number(process.argv[4] ?? 40) };
type Name = keyof typeof counts;
const context: SourceContext = { directory: '.', seed: 1, nodeId: 'bench' };

/** The registry's defaults, as the compiler fills them in. */
function defaults(name: Name, count: number): Record<string, Json> {
  const entry = sourceEntries.find((e) => e.name === name)!;
  return { ...Object.fromEntries(entry.params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default as Json])), count };
}

const stream = (key: string) => (purpose: string) => randomFor(context.seed, context.nodeId, key, purpose);

async function timed(run: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

/** Seconds composing and encoding `n` records one at a time (so the phases do not overlap). */
async function phases(name: Name, n: number): Promise<{ compose: number; encode: number; detail: string }> {
  let compose = 0;
  let encode = 0;
  let detail: string;
  if (name === 'geometric_scenes') {
    const { settings, band } = sceneSettings(defaults(name, n));
    for (let i = 0; i < n; i++) {
      let record: ReturnType<typeof composeScene> = null;
      compose += await timed(() => { record = composeScene(settings, band, stream(`scene-${i}`)); });
      encode += await timed(async () => { await encodePng(record!.scene.canvas.rgb, settings.width, settings.height); });
    }
    detail = `${settings.width}x${settings.height} ${settings.scene}, PNG`;
  } else if (name === 'audio_scenes') {
    const { settings, band } = audioSettings(defaults(name, n));
    const speech = await speechBank(settings.sampleRate);
    for (let i = 0; i < n; i++) {
      let clip: ReturnType<typeof composeClip> = null;
      compose += await timed(() => { clip = composeClip(settings, band, speech, i % 4, stream(`clip-${i}`)); });
      encode += await timed(() => { encodeWav(clip!.samples, settings.sampleRate); });
    }
    detail = `${settings.duration} s at ${settings.sampleRate} Hz, speech ${(await speechAvailable()) ? 'on' : 'off (no espeak-ng)'}`;
  } else {
    const { settings, band } = motionSettings(defaults(name, n));
    const codec = await videoEncoder();
    let mp4 = 0;
    for (let i = 0; i < n; i++) {
      let pixels: Uint8Array[] = [];
      compose += await timed(() => { pixels = drawClip(planMotion(settings, band, i % 4, stream(`motion-${i}`))!, settings); });
      encode += await timed(async () => { await Promise.all(pixels.map((rgb) => encodePng(rgb, settings.width, settings.height))); });
      if (codec) mp4 += await timed(async () => { await encodeMp4(pixels, settings.width, settings.height, settings.fps, codec); });
    }
    encode += mp4;
    detail = `${settings.width}x${settings.height}, ${settings.duration} s at ${settings.fps} fps, PNG frames${codec ? ` + MP4 (${codec}, ${(mp4 / n * 1000).toFixed(0)} ms/clip)` : ' (no ffmpeg: no MP4)'}`;
  }
  return { compose, encode, detail };
}

/** Seconds for the generator as the runtime drives it (its own overlap of drawing and encoding included). */
async function generatorSeconds(name: Name, n: number): Promise<number> {
  const generate = generators.get(name) as Generator;
  return timed(async () => {
    for await (const item of generate(defaults(name, n), context)) if ('rejected' in item) throw new Error(item.rejected);
  });
}

const STAGES: Record<Name, string> = {
  geometric_scenes: 'emit { prompt: template("{instruction}") media: [image] truth: target verifier: point_in_mask() difficulty: difficulty domain: "geometry" trace: trace }',
  audio_scenes: 'let listed = options_text(options)\n emit { prompt: template("{question}\\n{listed}") media: [audio] truth: letter verifier: choice() difficulty: difficulty domain: "audio" trace: trace }',
  motion_clips: 'let split = temporal_split(video: video, ratio: 70%)\n let listed = options_text(options)\n emit { prompt: template("{question}\\n{listed}") media: [split.context] truth: letter verifier: choice() difficulty: difficulty domain: "video" trace: trace }',
};

/**
 * Seconds for `rlr run` of a one-stage recipe over the generator, cache off,
 * and the seconds of it the run spent waiting on the generator for its next
 * record (rendering); the rest is the stage, the self-check and writing.
 */
async function runSeconds(name: Name, n: number): Promise<{ run: number; rendering: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rlr-bench-scenes-'));
  const original = generators.get(name)!;
  let rendering = 0;
  generators.set(name, async function* timedGenerator(params, ctx) {
    const records = original(params, ctx)[Symbol.asyncIterator]();
    for (;;) {
      const start = performance.now();
      const next = await records.next();
      rendering += (performance.now() - start) / 1000;
      if (next.done) return;
      yield next.value;
    }
  });
  try {
    writeFileSync(path.join(dir, 'recipe.rlr'), `recipe bench { version: "0.1.0" seed: 1 }
source items = ${name} { count: ${n} }
stage examples from items {
  ${STAGES[name]}
}
output { dir: "out" splits: { train: 100% } }
`);
    const compiled = compileRecipe(nodeHost(), path.join(dir, 'recipe.rlr'), { params: {} });
    if (!compiled.dag) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
    const run = await timed(async () => { await runDag({ dag: compiled.dag!, directory: dir, out: path.join(dir, 'out'), noCache: true }); });
    return { run, rendering };
  } finally {
    generators.set(name, original);
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: string[][] = [];
for (const name of Object.keys(counts) as Name[]) {
  const n = counts[name];
  // Warm up: module loading, sharp's thread pool, espeak-ng's phrases, ffmpeg's first start.
  await generatorSeconds(name, 2);
  const { compose, encode, detail } = await phases(name, n);
  const generator = await generatorSeconds(name, n);
  const { run, rendering } = await runSeconds(name, n);
  const writing = run - rendering;
  const share = (part: number) => `${Math.round((100 * part) / (compose + encode))} %`;
  rows.push([
    name, String(n), (n / generator).toFixed(1), (n / run).toFixed(1),
    `${((compose / n) * 1000).toFixed(1)} (${share(compose)})`, `${((encode / n) * 1000).toFixed(1)} (${share(encode)})`,
    `${Math.round((100 * rendering) / run)} % / ${Math.round((100 * writing) / run)} %`, detail,
  ]);
  console.error(`${name}: done`);
}

const header = ['generator', 'n', 'gen ex/s', 'run ex/s', 'compose ms/ex', 'encode ms/ex', 'run: rendering / writing', 'settings'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log('\ngen ex/s: the generator alone, as the runtime drives it; run ex/s: `rlr run` of a one-stage recipe, cache off.');
console.log('compose/encode: one record at a time, phases apart (shares of the two).');
console.log('run: rendering = time the run waited on the generator for records; writing = the rest (stage, self-check, rows, Parquet, manifest).');
