// The `geometric_scenes` generator: every target mask is exactly the pixels
// the PNG shows for it, every point lies in its mask at the margin its trace
// states, the `point_in_mask` verifier scores the truth 1, and output depends
// only on the seed. Ends with a recipe run through the compiler and runtime.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { imageSize } from 'image-size';
import sharp from 'sharp';
import type { Json } from '../../compiler/lower/dag-schema.ts';
import { compileRecipe } from '../../compiler/compile.ts';
import { nodeHost } from '../../cli/node-host.ts';
import { randomFor } from '../../runtime/evaluate/random.ts';
import { runDag } from '../../runtime/run/run.ts';
import type { SourceContext } from '../../runtime/sources/source-item.ts';
import type { MaskValue, MediaValue } from '../../runtime/values.ts';
import { generators } from '../../stdlib/generators/index.ts';
import { buildScene, geometricScenes } from '../../stdlib/generators/geometric-scenes/index.ts';
import { occlusion } from '../../stdlib/generators/geometric-scenes/scene.ts';
import { decodeCountsString } from '../../stdlib/verifiers/rle.ts';
import { prepareCached } from '../../stdlib/verifiers/index.ts';
import { collect, expectDeclaredRecords } from './collect.ts';

const pointInMask = prepareCached({ name: 'point_in_mask', params: {} });
const context: SourceContext = { directory: '.', seed: 7, nodeId: 'geometry-node' };
const SIDE = 192;

const params = (overrides: Record<string, Json> = {}): Record<string, Json> => ({
  count: 20, min_difficulty: 0, max_difficulty: 1, scene: 'plate', objects: 6, min_object_size: 16, width: SIDE, height: SIDE, ...overrides,
});

interface SceneRecord {
  key: string;
  image: MediaValue;
  instruction: string;
  target: MaskValue;
  label: string;
  point: { x: number; y: number };
  trace: string;
  difficulty: number;
}

async function generate(overrides: Record<string, Json> = {}, ctx: SourceContext = context): Promise<SceneRecord[]> {
  return collect<SceneRecord>(geometricScenes(params(overrides), ctx));
}

/** A COCO RLE mask as a row-major 0/1 bitmap, decoded here from the runs. */
function bitmapOf(mask: MaskValue): Uint8Array {
  const [height, width] = mask.size;
  const counts = typeof mask.counts === 'string' ? decodeCountsString(mask.counts) : [...mask.counts];
  const pixels = new Uint8Array(height * width);
  let position = 0;
  counts.forEach((count, i) => {
    for (let k = position; k < position + count; k++) if (i % 2 === 1) pixels[(k % height) * width + Math.floor(k / height)] = 1;
    position += count;
  });
  expect(position).toBe(height * width);
  return pixels;
}

async function rgbOf(png: Uint8Array): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const colourAt = (rgb: Buffer, i: number) => (rgb[i * 3] << 16) | (rgb[i * 3 + 1] << 8) | rgb[i * 3 + 2];

describe('geometric_scenes', () => {
  const plates = generate();
  const boards = generate({ scene: 'board' });

  it('is registered under its registry name and yields exactly its declared record type', async () => {
    expect(generators.get('geometric_scenes')).toBe(geometricScenes);
    expectDeclaredRecords('geometric_scenes', [...(await plates), ...(await boards)]);
  });

  it('writes PNGs that decode at the declared size, keyed and pathed by record', async () => {
    for (const record of await plates) {
      expect(record.key).toMatch(/^scene-\d{9}$/);
      expect(record.image.path).toBe(`geometric_scenes/${record.key}.png`);
      expect(imageSize(record.image.bytes!)).toMatchObject({ width: SIDE, height: SIDE, type: 'png' });
      const decoded = await rgbOf(record.image.bytes!);
      expect([decoded.width, decoded.height]).toEqual([record.image.width, record.image.height]);
      expect(record.target.size).toEqual([SIDE, SIDE]);
    }
  });

  it('has a truth the point_in_mask verifier scores 1, and a point outside the mask 0', async () => {
    for (const record of [...(await plates), ...(await boards)]) {
      expect(pointInMask.score(`(${record.point.x}, ${record.point.y})`, record.target).score).toBe(1);
      expect(pointInMask.score(pointInMask.renderTruth(record.target), record.target).score).toBe(1);
      const pixels = bitmapOf(record.target);
      const outside = pixels.findIndex((p) => p === 0);
      expect(pointInMask.score(`(${outside % SIDE}, ${Math.floor(outside / SIDE)})`, record.target).score).toBe(0);
    }
  });

  it('samples every point inside its mask at least the margin its trace states from any pixel outside', async () => {
    const strategies = new Set<string>();
    for (const record of [...(await plates), ...(await boards)]) {
      const margin = Number(/at least (\d+) px inside its edge, is \((\d+), (\d+)\)/.exec(record.trace)?.[1]);
      expect(margin, record.trace).toBeGreaterThanOrEqual(3);
      expect(record.trace).toContain(`(${record.point.x}, ${record.point.y}).`);
      const pixels = bitmapOf(record.target);
      const { x, y } = record.point;
      for (let dy = -margin; dy <= margin; dy++) {
        for (let dx = -margin; dx <= margin; dx++) {
          if (dx * dx + dy * dy >= margin * margin) continue;
          const [px, py] = [x + dx, y + dy];
          const inside = px >= 0 && py >= 0 && px < SIDE && py < SIDE && pixels[py * SIDE + px] === 1;
          expect(inside, `${record.key}: (${px}, ${py}) is within ${margin} px of the point but outside the mask`).toBe(true);
        }
      }
      for (const strategy of ['centre of mass', 'near the centre', 'away from the edges']) if (record.trace.includes(strategy)) strategies.add(strategy);
    }
    expect(strategies.size).toBe(3);
  });

  it('draws each target with its own colours: across its outline, the pixel inside and the one outside always differ', async () => {
    for (const record of [...(await plates), ...(await boards)]) {
      const { data } = await rgbOf(record.image.bytes!);
      const mask = bitmapOf(record.target);
      const inside = new Set<number>();
      for (let y = 0; y < SIDE; y++) {
        for (let x = 0; x < SIDE; x++) {
          const i = y * SIDE + x;
          if (!mask[i]) continue;
          inside.add(colourAt(data, i));
          for (const [nx, ny] of [[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]]) {
            if (nx < 0 || ny < 0 || nx >= SIDE || ny >= SIDE || mask[ny * SIDE + nx]) continue;
            expect(colourAt(data, ny * SIDE + nx), `${record.key} (${record.label}): edge at (${x}, ${y})`).not.toBe(colourAt(data, i));
          }
        }
      }
      // A food item has at most two colours, a piece one, the plate a rim and a face.
      expect(inside.size).toBeLessThanOrEqual(2);
    }
  });

  it('keeps each unhidden object\'s mask and its own colour in the PNG on exactly the same pixels', async () => {
    for (const scene of ['plate', 'board'] as const) {
      for (let n = 0; n < 8; n++) {
        const built = buildScene(
          { scene, width: SIDE, height: SIDE, objects: 6, minObjectSize: 16 }, n / 7, randomFor(3, 'scene-test', `${scene}-${n}`, 'layout'),
        );
        const png = await sharp(built.canvas.rgb, { raw: { width: SIDE, height: SIDE, channels: 3 } }).png().toBuffer();
        const { data } = await rgbOf(png);
        for (const object of built.objects.filter((o) => occlusion(o) === 0)) {
          const mask = built.canvas.ownedBy(object.id);
          const own = new Set(object.parts.map((p) => (p.colour[0] << 16) | (p.colour[1] << 8) | p.colour[2]));
          // Colours no other object (of the same kind) shares: where they appear, the object is.
          const shared = new Set(built.objects.filter((o) => o !== object).flatMap((o) => o.parts.map((p) => (p.colour[0] << 16) | (p.colour[1] << 8) | p.colour[2])));
          let area = 0;
          for (let i = 0; i < SIDE * SIDE; i++) {
            const colour = colourAt(data, i);
            if (mask[i]) {
              area++;
              expect(own.has(colour), `${scene}-${n} ${object.name}: pixel ${i} has a colour not its own`).toBe(true);
            } else if (own.has(colour) && !shared.has(colour)) {
              expect.fail(`${scene}-${n} ${object.name}: its colour appears outside its mask at pixel ${i}`);
            }
          }
          expect(area).toBe(object.area);
        }
      }
    }
  });

  it('asks about the plate\'s empty area, named items, sizes and positions, each target named in its label', async () => {
    const instructions = [...(await plates), ...(await boards)].map((r) => r.instruction);
    expect(instructions).toContain('Click on the empty area of the plate.');
    expect(instructions.some((i) => /^Point to the (largest|smallest) /.test(i))).toBe(true);
    for (const record of [...(await plates), ...(await boards)]) expect(record.instruction).toContain(record.label);
  });

  it('spreads difficulty across the band, harder scenes holding smaller targets and more objects', async () => {
    const easy = await generate({ count: 16, min_difficulty: 0, max_difficulty: 0.2 });
    const hard = await generate({ count: 16, min_difficulty: 0.8, max_difficulty: 1 });
    for (const r of easy) expect(r.difficulty >= 0 && r.difficulty <= 0.2, `${r.difficulty}`).toBe(true);
    for (const r of hard) expect(r.difficulty >= 0.8 && r.difficulty <= 1, `${r.difficulty}`).toBe(true);
    const objectsIn = (trace: string) => Number(/holds (\d+)/.exec(trace)![1]);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(hard.map((r) => objectsIn(r.trace)))).toBeGreaterThan(mean(easy.map((r) => objectsIn(r.trace))));
    const areaOf = (r: SceneRecord) => bitmapOf(r.target).reduce((a, b) => a + b, 0);
    const objectTargets = (records: SceneRecord[]) => records.filter((r) => r.label !== 'empty area of the plate').map(areaOf);
    expect(mean(objectTargets(hard))).toBeLessThan(mean(objectTargets(easy)));
  });

  it('gives the same records for the same seed and other records for another', async () => {
    const again = await generate({ scene: 'board' });
    const first = await boards;
    const digest = (r: SceneRecord) => [createHash('sha256').update(r.image.bytes!).digest('hex'), r.target, r.point, r.trace];
    expect(again.map(digest)).toEqual(first.map(digest));
    const other = await generate({ scene: 'board', count: 4 }, { ...context, seed: 8 });
    expect(other.map((r) => r.trace)).not.toEqual(first.slice(0, 4).map((r) => r.trace));
    const limited = await generate({ scene: 'board' }, { ...context, limit: 5 });
    expect(limited.map((r) => r.key)).toEqual(first.slice(0, 5).map((r) => r.key));
    expect(limited.map((r) => r.trace)).toEqual(first.slice(0, 5).map((r) => r.trace));
  });

  it('runs in a recipe through the compiler and the runtime with no record rejected', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlr-geometric-'));
    writeFileSync(path.join(dir, 'recipe.rlr'), `
      recipe geometry { version: "0.1.0" seed: 4 }
      source plates = geometric_scenes { count: 6 width: 128px height: 128px min_object_size: 12px }
      source boards = geometric_scenes { count: 6 scene: board width: 128px height: 128px min_object_size: 12px }
      stage point_plate from plates {
        emit {
          prompt: template("{instruction} Answer with (x, y) in pixels.")
          media: [image]
          truth: target
          verifier: point_in_mask()
          difficulty: difficulty
          domain: "geometry"
          trace: trace
          answer: template("({point.x}, {point.y})")
        }
      }
      stage point_board from boards {
        emit { prompt: template("{instruction}") media: [image] truth: target verifier: point_in_mask() difficulty: difficulty domain: "geometry" }
      }
      output { dir: "out" splits: { train: 80%, test: 20% } }
    `);
    const compiled = compileRecipe(nodeHost(), path.join(dir, 'recipe.rlr'), { params: {} });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = await runDag({ dag: compiled.dag!, directory: dir, out: path.join(dir, 'out'), noCache: true });
    const accounting = Object.values((result.manifest as { accounting: Record<string, { rejected: Record<string, number>; out: number; op: string }> }).accounting);
    expect(accounting.flatMap((node) => Object.keys(node.rejected))).toEqual([]);
    expect(accounting.filter((node) => node.op === 'geometric_scenes').map((node) => node.out)).toEqual([6, 6]);
    expect(readFileSync(path.join(dir, 'out', 'rejects.jsonl'), 'utf8').trim()).toBe('');
  });
});
