// The sample inputs of recipes/geometric-points.rlr: three small PNG scenes of
// flat-coloured shapes on a plain surface, drawn without anti-aliasing so that
// every object's pixels (and so its box and area) are known exactly, each with
// a JSON sidecar; and a tiny real ONNX box-segmentation model written by hand.
//
//   node --import tsx scripts/make-geometry-samples.ts [recipe-folder]
//
// writes `data/images/*.png|json` and `data/models/box_segmenter.onnx` under
// the recipe folder (`recipes/` by default). The output is the same bytes on
// every run.
//
// The model has the interface of a SAM-style box-prompted segmenter exported
// as one graph (image [1, 3, H, W] RGB in [0, 1] and box [1, 4] as x1 y1 x2 y2
// in input pixels; a [1, 1, H, W] probability map out), so a real export can
// replace the file. What it computes is simple: the probability that a pixel
// inside the box differs in colour from the image's top-left pixel, taken as
// the background. That segments flat shapes on a plain surface and nothing
// else.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { bytes, concat, int, packedFloats, packedInts, text, type Field } from './protobuf.ts';

export const IMAGES_FOLDER = 'data/images';
export const MODEL_FILE = 'data/models/box_segmenter.onnx';

export type Rgb = readonly [number, number, number];
export type Shape = 'square' | 'disc' | 'triangle' | 'star';

/** A pixel box, edges on pixel borders: the object covers columns x1 to x2 - 1. */
export interface PixelBox {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface DrawnObject {
  /** The phrase a caption uses for it, as noun_phrases extracts it. */
  readonly phrase: string;
  readonly shape: Shape;
  readonly colour: Rgb;
  /** The square the shape is drawn in (the shape's own pixels may not reach every side; see `objectBox`). */
  readonly frame: PixelBox;
}

export interface SampleScene {
  readonly stem: string;
  readonly width: number;
  readonly height: number;
  readonly background: Rgb;
  /** What a good captioner says; its last noun phrase names the surface, which is not an object to box. */
  readonly caption: string;
  /** The surface's phrase. */
  readonly surface: string;
  readonly objects: readonly DrawnObject[];
}

export const SAMPLE_SCENES: readonly SampleScene[] = [
  {
    stem: 'box-and-ball',
    width: 256,
    height: 192,
    background: [255, 255, 255],
    caption: 'a red box and a blue ball on a white table',
    surface: 'white table',
    objects: [
      { phrase: 'red box', shape: 'square', colour: [214, 40, 40], frame: { x1: 36, y1: 48, x2: 110, y2: 122 } },
      { phrase: 'blue ball', shape: 'disc', colour: [40, 80, 200], frame: { x1: 146, y1: 70, x2: 222, y2: 146 } },
    ],
  },
  {
    stem: 'triangle-and-disc',
    width: 240,
    height: 180,
    background: [255, 255, 255],
    caption: 'a green triangle beside an orange disc on a white table',
    surface: 'white table',
    objects: [
      { phrase: 'green triangle', shape: 'triangle', colour: [40, 160, 70], frame: { x1: 24, y1: 40, x2: 112, y2: 128 } },
      { phrase: 'orange disc', shape: 'disc', colour: [240, 140, 30], frame: { x1: 140, y1: 56, x2: 204, y2: 120 } },
    ],
  },
  {
    stem: 'star-and-bead',
    width: 200,
    height: 200,
    background: [200, 200, 200],
    caption: 'a yellow star next to a purple bead on a grey board',
    surface: 'grey board',
    objects: [
      { phrase: 'yellow star', shape: 'star', colour: [240, 200, 40], frame: { x1: 30, y1: 40, x2: 130, y2: 140 } },
      // Too small to point at: the recipe's `min_area` filters it.
      { phrase: 'purple bead', shape: 'disc', colour: [130, 50, 160], frame: { x1: 150, y1: 90, x2: 164, y2: 104 } },
    ],
  },
];

// ---- drawing ----

/** Whether the centre of pixel (x, y) lies in the object. */
export function covers(object: DrawnObject, x: number, y: number): boolean {
  const { frame } = object;
  const px = x + 0.5;
  const py = y + 0.5;
  if (px < frame.x1 || px >= frame.x2 || py < frame.y1 || py >= frame.y2) return false;
  const cx = (frame.x1 + frame.x2) / 2;
  const cy = (frame.y1 + frame.y2) / 2;
  const radius = (frame.x2 - frame.x1) / 2;
  switch (object.shape) {
    case 'square':
      return true;
    case 'disc':
      return (px - cx) ** 2 + (py - cy) ** 2 <= radius ** 2;
    case 'triangle':
      return insidePolygon([[cx, frame.y1], [frame.x2, frame.y2], [frame.x1, frame.y2]], px, py);
    case 'star':
      return insidePolygon(starVertices(cx, cy, radius), px, py);
  }
}

/** A five-pointed star, first point up, inner radius 0.45 of the outer. */
function starVertices(cx: number, cy: number, radius: number): Array<[number, number]> {
  return Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? radius : radius * 0.45;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
  });
}

function insidePolygon(vertices: ReadonlyArray<readonly [number, number]>, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const [xi, yi] = vertices[i];
    const [xj, yj] = vertices[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The object's pixels, row-major, 1 where drawn. */
export function objectPixels(scene: SampleScene, object: DrawnObject): Uint8Array {
  const pixels = new Uint8Array(scene.width * scene.height);
  for (let y = 0; y < scene.height; y++) for (let x = 0; x < scene.width; x++) if (covers(object, x, y)) pixels[y * scene.width + x] = 1;
  return pixels;
}

export function objectArea(scene: SampleScene, object: DrawnObject): number {
  return objectPixels(scene, object).reduce((sum, pixel) => sum + pixel, 0);
}

/** The tightest box around the object's pixels: what a good detector gives for its phrase. */
export function objectBox(scene: SampleScene, object: DrawnObject): PixelBox {
  const pixels = objectPixels(scene, object);
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let y = 0; y < scene.height; y++) {
    for (let x = 0; x < scene.width; x++) {
      if (!pixels[y * scene.width + x]) continue;
      x1 = Math.min(x1, x);
      y1 = Math.min(y1, y);
      x2 = Math.max(x2, x + 1);
      y2 = Math.max(y2, y + 1);
    }
  }
  return { x1, y1, x2, y2 };
}

/** The scene as PNG bytes. */
export async function renderScene(scene: SampleScene): Promise<Buffer> {
  const { width, height } = scene;
  const rgb = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set(scene.background, i * 3);
  for (const object of scene.objects) {
    const pixels = objectPixels(scene, object);
    for (let i = 0; i < pixels.length; i++) if (pixels[i]) rgb.set(object.colour, i * 3);
  }
  return sharp(rgb, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 9, palette: true }).toBuffer();
}

/** What the JSON sidecar of a scene holds: a description and the drawn objects with their exact boxes ([x1, y1, x2, y2]). */
export function sceneSidecar(scene: SampleScene): Record<string, unknown> {
  return {
    scene: scene.caption,
    objects: scene.objects.map((object) => {
      const box = objectBox(scene, object);
      return { phrase: object.phrase, shape: object.shape, box: [box.x1, box.y1, box.x2, box.y2], area: objectArea(scene, object) };
    }),
  };
}

// ---- the ONNX model, as protobuf bytes written by hand ----
// Like test/models/fixtures/onnx-graph.ts, with int64 constants added (Slice and CumSum take
// their indices as tensors). Field numbers are those of onnx/onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, …).

const FLOAT = 1;
const INT64 = 7;

type Dim = number | string;
type Attribute =
  | { readonly name: string; readonly ints: readonly number[] }
  | { readonly name: string; readonly int: number }
  | { readonly name: string; readonly floats: readonly number[]; readonly dims: readonly number[] }
  | { readonly name: string; readonly int64s: readonly number[]; readonly dims: readonly number[] };

interface GraphNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly Attribute[];
}

function valueInfo(name: string, shape: readonly Dim[]): Field {
  const dims = shape.map((dim) => bytes(1, typeof dim === 'number' ? int(1, dim) : text(2, dim)));
  const tensorType = concat([int(1, FLOAT), bytes(2, concat(dims))]);
  return concat([text(1, name), bytes(2, bytes(1, tensorType))]);
}

function attribute(attr: Attribute): Field {
  // AttributeProto: name 1, i 3, t 5, ints 8, type 20 (INT 2, TENSOR 4, INTS 7).
  if ('ints' in attr) return concat([text(1, attr.name), packedInts(8, attr.ints), int(20, 7)]);
  if ('int' in attr) return concat([text(1, attr.name), int(3, attr.int), int(20, 2)]);
  // TensorProto: dims 1, data_type 2, float_data 4, int64_data 7.
  const tensor = 'floats' in attr
    ? concat([packedInts(1, attr.dims), int(2, FLOAT), packedFloats(4, attr.floats)])
    : concat([packedInts(1, attr.dims), int(2, INT64), packedInts(7, attr.int64s)]);
  return concat([text(1, attr.name), bytes(5, tensor), int(20, 4)]);
}

function node(spec: GraphNode, index: number): Field {
  return concat([
    ...spec.inputs.map((name) => text(1, name)),
    ...spec.outputs.map((name) => text(2, name)),
    text(3, `${spec.op.toLowerCase()}_${index}`),
    text(4, spec.op),
    ...(spec.attributes ?? []).map((attr) => bytes(5, attribute(attr))),
  ]);
}

const scalar = (output: string, value: number): GraphNode => ({ op: 'Constant', inputs: [], outputs: [output], attributes: [{ name: 'value', floats: [value], dims: [] }] });
const int64s = (output: string, values: readonly number[], dims: readonly number[] = [values.length]): GraphNode =>
  ({ op: 'Constant', inputs: [], outputs: [output], attributes: [{ name: 'value', int64s: values, dims }] });
const op = (name: string, inputs: readonly string[], output: string, attributes?: readonly Attribute[]): GraphNode => ({ op: name, inputs, outputs: [output], attributes });

/** How far (largest channel difference, 0 to 1) a pixel's colour must be from the background to count as object. */
const COLOUR_CUT = 0.15;
/** The steepness of the sigmoid around the cut: a difference 0.1 past it is 98 % object. */
const COLOUR_GAIN = 40;

/**
 * The box segmenter: `image` [1, 3, H, W] (RGB in [0, 1]) and `box` [1, 4]
 * (x1, y1, x2, y2 in input pixels) in, `masks` [1, 1, H, W] out, the
 * probability that each pixel belongs to the object in the box. H and W are
 * free; a recipe declares the size it feeds (`input_size`).
 */
export function boxSegmenterModel(): Uint8Array {
  const nodes: GraphNode[] = [
    // The background colour: the top-left pixel, [1, 3, 1, 1].
    int64s('corner_starts', [0, 0]),
    int64s('corner_ends', [1, 1]),
    int64s('corner_axes', [2, 3]),
    op('Slice', ['image', 'corner_starts', 'corner_ends', 'corner_axes'], 'background'),
    // How far each pixel's colour is from it: the largest channel difference, [1, 1, H, W].
    op('Sub', ['image', 'background'], 'offset'),
    op('Abs', ['offset'], 'difference'),
    op('ReduceMax', ['difference'], 'distance', [{ name: 'axes', ints: [1] }, { name: 'keepdims', int: 1 }]),
    scalar('cut', COLOUR_CUT),
    scalar('gain', COLOUR_GAIN),
    op('Sub', ['distance', 'cut'], 'past_cut'),
    op('Mul', ['past_cut', 'gain'], 'colour_logit'),
    op('Sigmoid', ['colour_logit'], 'colour'),
    // Pixel centres: running sums of ones along each axis, less a half.
    scalar('zero', 0),
    scalar('one', 1),
    scalar('half', 0.5),
    op('Mul', ['distance', 'zero'], 'zeros'),
    op('Add', ['zeros', 'one'], 'ones'),
    int64s('axis_x', [3], []),
    int64s('axis_y', [2], []),
    op('CumSum', ['ones', 'axis_x'], 'column_ends'),
    op('CumSum', ['ones', 'axis_y'], 'row_ends'),
    op('Sub', ['column_ends', 'half'], 'xs'),
    op('Sub', ['row_ends', 'half'], 'ys'),
    // Inside the box: x1 < x < x2 and y1 < y < y2, each corner [1, 1], broadcast over the map.
    { op: 'Split', inputs: ['box'], outputs: ['x1', 'y1', 'x2', 'y2'], attributes: [{ name: 'axis', int: 1 }] },
    op('Greater', ['xs', 'x1'], 'right_of_left'),
    op('Less', ['xs', 'x2'], 'left_of_right'),
    op('Greater', ['ys', 'y1'], 'below_top'),
    op('Less', ['ys', 'y2'], 'above_bottom'),
    op('And', ['right_of_left', 'left_of_right'], 'within_columns'),
    op('And', ['below_top', 'above_bottom'], 'within_rows'),
    op('And', ['within_columns', 'within_rows'], 'within'),
    op('Cast', ['within'], 'inside', [{ name: 'to', int: FLOAT }]),
    op('Mul', ['colour', 'inside'], 'masks'),
  ];
  const graph = concat([
    ...nodes.map((spec, i) => bytes(1, node(spec, i))),
    text(2, 'box_segmenter'),
    bytes(11, valueInfo('image', [1, 3, 'height', 'width'])),
    bytes(11, valueInfo('box', [1, 4])),
    bytes(12, valueInfo('masks', [1, 1, 'height', 'width'])),
  ]);
  // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 (domain 1, version 2); opset 13, IR version 8.
  return concat([int(1, 8), text(2, 'rlr make-geometry-samples'), bytes(7, graph), bytes(8, concat([text(1, ''), int(2, 13)]))]);
}

// ---- writing ----

export interface GeometrySamples {
  /** Relative to the recipe folder. */
  readonly images: readonly string[];
  readonly model: string;
}

/** Writes each scene as `data/images/<stem>.png` with its `<stem>.json` sidecar under `recipeFolder`; the paths written, relative to it. */
export async function writeSceneImages(recipeFolder: string, scenes: readonly SampleScene[] = SAMPLE_SCENES): Promise<string[]> {
  const imagesFolder = path.join(recipeFolder, IMAGES_FOLDER);
  mkdirSync(imagesFolder, { recursive: true });
  const images: string[] = [];
  for (const scene of scenes) {
    writeFileSync(path.join(imagesFolder, `${scene.stem}.png`), await renderScene(scene));
    writeFileSync(path.join(imagesFolder, `${scene.stem}.json`), sidecarText(sceneSidecar(scene)));
    images.push(`${IMAGES_FOLDER}/${scene.stem}.png`);
  }
  return images;
}

/** Writes the box segmenter as `data/models/box_segmenter.onnx` under `recipeFolder`. */
export function writeBoxSegmenter(recipeFolder: string): string {
  mkdirSync(path.join(recipeFolder, path.dirname(MODEL_FILE)), { recursive: true });
  writeFileSync(path.join(recipeFolder, MODEL_FILE), boxSegmenterModel());
  return MODEL_FILE;
}

/** Indented JSON with one line per field of the top level and per item of its lists. */
function sidecarText(sidecar: Record<string, unknown>): string {
  const fields = Object.entries(sidecar).map(([key, value]) => {
    const shown = Array.isArray(value) ? `[\n${value.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]` : JSON.stringify(value);
    return `  ${JSON.stringify(key)}: ${shown}`;
  });
  return `{\n${fields.join(',\n')}\n}\n`;
}

export async function makeGeometrySamples(recipeFolder: string): Promise<GeometrySamples> {
  return { images: await writeSceneImages(recipeFolder), model: writeBoxSegmenter(recipeFolder) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const folder = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'recipes'));
  const written = await makeGeometrySamples(folder);
  for (const file of [...written.images, written.model]) console.log(path.join(folder, file));
}
