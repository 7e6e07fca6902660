// The `geometric_scenes` generator: a rendered scene, an instruction that
// refers to one region of it, that region's exact mask (the very pixels
// drawn for it), and a point inside the mask sampled by a `sample_point`
// strategy and checked to lie at least a margin inside its edge.
import type { Json } from '../../../compiler/lower/dag-schema.ts';
import { randomFor, type RandomStream } from '../../../runtime/evaluate/random.ts';
import type { SourceContext, SourceItem } from '../../../runtime/sources/source-item.ts';
import type { Fields } from '../../../runtime/values.ts';
import { squaredDepth } from '../../functions/distance-transform.ts';
import { maskFromPixels, type Mask } from '../../functions/mask-bitmap.ts';
import { samplePoint, type Pixel, type SamplingStrategy } from '../../functions/sample-point.ts';
import {
  GeneratorParams, inOrder, lerp, recordKey, reportedDifficulty, targetDifficulty, type DifficultyBand,
} from '../kit.ts';
import { encodePng, type Crop } from './raster.ts';
import { buildScene, occlusion, type Scene, type SceneObject, type SceneSettings } from './scene.ts';
import { chooseTask, describeScene, type Task } from './tasks.ts';

export { buildScene } from './scene.ts';

/** Targets hide at most this share of themselves behind other objects. */
const TARGET_OCCLUSION = 0.4;
const LAYOUT_ATTEMPTS = 12;

export interface SceneRecord {
  readonly scene: Scene;
  readonly task: Task;
  readonly mask: Mask;
  readonly point: Pixel;
  readonly strategy: SamplingStrategy;
  readonly margin: number;
  readonly difficulty: number;
  readonly trace: string;
}

export function sceneSettings(params: Record<string, Json>): { settings: SceneSettings; band: DifficultyBand; read: GeneratorParams } {
  const read = new GeneratorParams('geometric_scenes', params);
  const settings: SceneSettings = {
    scene: read.choice('scene', ['plate', 'board'] as const),
    width: read.integer('width', 32),
    height: read.integer('height', 32),
    objects: read.integer('objects', 1),
    minObjectSize: read.number('min_object_size', (v) => v >= 4, 'at least 4 pixels'),
  };
  return { settings, band: read.band(), read };
}

/** Everything one record holds, before its image is encoded; null when no layout gave an unambiguous task. */
export function composeScene(settings: SceneSettings, band: DifficultyBand, stream: (purpose: string) => RandomStream): SceneRecord | null {
  const wanted = targetDifficulty(stream('difficulty'), band);
  for (let attempt = 0; attempt < LAYOUT_ATTEMPTS; attempt++) {
    // Late attempts relax toward easier layouts, where some task always fits.
    const d = attempt < LAYOUT_ATTEMPTS / 2 ? wanted : wanted * (1 - attempt / LAYOUT_ATTEMPTS);
    const margin = Math.round(lerp(6, 3, d));
    const scene = buildScene(settings, d, stream(`layout-${attempt}`));
    const depths = new Map<number, number>();
    const deepest = (id: number): number => {
      let depth = depths.get(id);
      if (depth === undefined) {
        depth = Math.sqrt(squaredDepth(regionCrop(scene, id)).reduce((a, b) => Math.max(a, b), 0));
        depths.set(id, depth);
      }
      return depth;
    };
    const usable = (o: SceneObject) => occlusion(o) <= TARGET_OCCLUSION && deepest(o.id) >= margin;
    const task = chooseTask(scene, usable, stream(`task-${attempt}`));
    if (!task || deepest(task.targetId) < margin) continue;
    const mask = maskFromPixels(scene.canvas.ownedBy(task.targetId), scene.canvas.height, scene.canvas.width);
    const { point, strategy } = pointInside(regionCrop(scene, task.targetId), task, margin, stream('point'));
    const difficulty = reportedDifficulty(d, band);
    const trace = `${describeScene(scene)} ${task.reasoning} ${pointSentence(strategy, margin, point, scene, task)}`;
    return { scene, task, mask, point, strategy, margin, difficulty, trace };
  }
  return null;
}

/**
 * The region's pixels in the box around it. Depths and samples computed in
 * the box equal those in the whole image: every pixel beyond the box is
 * outside the region, as the box's own border is taken to be, and the
 * strategies visit pixels in the same row-major order.
 */
function regionCrop(scene: Scene, id: number): Crop {
  const object = scene.objects.find((o) => o.id === id);
  const plate = scene.plate;
  const window = object ? object.extent
    : { x0: plate!.cx - plate!.radius - 1, y0: plate!.cy - plate!.radius - 1, x1: plate!.cx + plate!.radius + 1, y1: plate!.cy + plate!.radius + 1 };
  return scene.canvas.ownedWithin(id, window);
}

/**
 * A point by one of `sample_point`'s strategies (edge-aware for the plate's
 * empty area, whose centre of mass may lie under food); a draw that lands
 * closer than `margin` to the edge is replaced by an edge-aware one.
 */
function pointInside(crop: Crop, task: Task, margin: number, random: RandomStream): { point: Pixel; strategy: SamplingStrategy } {
  const strategies: SamplingStrategy[] = ['center_of_mass', 'central', 'edge_aware'];
  const drawn = task.kind === 'empty_plate' ? 'edge_aware' : strategies[Math.floor(random() * strategies.length)];
  const mask = maskFromPixels(crop.pixels, crop.height, crop.width);
  // No pixel outside the region (the crop's surroundings included) lies nearer than `margin`, centre to centre.
  const deepEnough = (p: Pixel | null): p is Pixel => {
    if (p === null) return false;
    for (let dy = -margin + 1; dy < margin; dy++) {
      for (let dx = -margin + 1; dx < margin; dx++) {
        if (dx * dx + dy * dy >= margin * margin) continue;
        const [x, y] = [p.x + dx, p.y + dy];
        if (x < 0 || y < 0 || x >= crop.width || y >= crop.height || !crop.pixels[y * crop.width + x]) return false;
      }
    }
    return true;
  };
  const inImage = (p: Pixel): Pixel => ({ x: p.x + crop.x0, y: p.y + crop.y0 });
  const first = samplePoint(mask, drawn, margin, random);
  if (deepEnough(first)) return { point: inImage(first), strategy: drawn };
  const fallback = samplePoint(mask, 'edge_aware', margin, random);
  if (!deepEnough(fallback)) throw new Error(`no pixel of the ${task.label} lies ${margin} px inside its edge`);
  return { point: inImage(fallback), strategy: 'edge_aware' };
}

function pointSentence(strategy: SamplingStrategy, margin: number, point: Pixel, scene: Scene, task: Task): string {
  const region = scene.plate?.id === task.targetId ? scene.plate.visible : scene.objects.find((o) => o.id === task.targetId)?.visible;
  const how = {
    center_of_mass: 'The pixel nearest the centre of mass of',
    central: 'A point drawn near the centre of',
    edge_aware: 'A point drawn away from the edges of',
  }[strategy];
  return `${how} the ${task.label} (${region} px), at least ${margin} px inside its edge, is (${point.x}, ${point.y}).`;
}

export function sceneFields(key: string, record: SceneRecord, png: Uint8Array): Fields {
  const { canvas } = record.scene;
  return {
    image: { $media: 'image', path: `geometric_scenes/${key}.png`, bytes: png, width: canvas.width, height: canvas.height },
    instruction: record.task.instruction,
    target: record.mask,
    label: record.task.label,
    point: { x: record.point.x, y: record.point.y },
    trace: record.trace,
    difficulty: record.difficulty,
  };
}

export async function* geometricScenes(params: Record<string, Json>, context: SourceContext): AsyncGenerator<SourceItem> {
  const { settings, band, read } = sceneSettings(params);
  yield* inOrder(read.total(context), async (index): Promise<SourceItem> => {
    const key = recordKey('scene', index);
    const record = composeScene(settings, band, (purpose) => randomFor(context.seed, context.nodeId, key, purpose));
    if (!record) return { key, rejected: `no layout of ${LAYOUT_ATTEMPTS} gave an unambiguous target at this size` };
    const png = await encodePng(record.scene.canvas.rgb, settings.width, settings.height);
    return { key, fields: sceneFields(key, record, png) };
  });
}
