// Text detection with a DB-style model (PaddleOCR's PP-OCR det): the image
// resized so its longer side is at most 960 and both sides are multiples of
// 32, BGR with ImageNet mean and std; the model's map gives each pixel the
// probability of lying in a shrunk text kernel. Kernels are thresholded,
// split into connected components and boxed; each box is grown back by DB's
// unclip distance (area x ratio / perimeter) and scaled to the image's pixels.
// Boxes are axis-aligned (PaddleOCR fits rotated rectangles). Images differ in
// size, so calls are not batched.
import { Tensor } from 'onnxruntime-node';
import type { Value } from '../../values.ts';
import { imageTensor } from './generic.ts';
import { decodeImage, loadMedia } from './media.ts';
import type { TaskContext } from './task.ts';

const LIMIT_SIDE = 960;
const STRIDE = 32;
/** Map probability at which a pixel belongs to a text kernel (PaddleOCR's `det_db_thresh`). */
const PIXEL_THRESHOLD = 0.3;
const UNCLIP_RATIO = 1.5;
/** Kernels narrower than this, in map pixels, are noise (PaddleOCR's `min_size`). */
const MIN_KERNEL_SIDE = 3;
/** Boxes whose tops are closer than this, in image pixels, are one line and read left to right. */
const SAME_LINE = 10;

export type TextBox = {
  readonly box: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
  readonly score: number;
};

export async function detectText(context: TaskContext, args: Readonly<Record<string, Value>>, signal: AbortSignal): Promise<Value> {
  const loaded = await loadMedia(args, 'image', 'image', context.directory);
  const image = await decodeImage(loaded, detectorSize);
  const model = await context.load();
  signal.throwIfAborted();
  const { width, height } = image.pixels;
  const input = new Tensor('float32', imageTensor(image.pixels, 'image_bgr_imagenet'), [1, 3, height, width]);
  const result = await model.session.run({ [model.inputs[0]]: input });
  const map = result[model.outputs[0]];
  const [mapHeight, mapWidth] = map.dims.slice(-2);
  if (mapHeight !== height || mapWidth !== width) {
    throw new Error(`text_detection expects a [1, 1, H, W] probability map the size of its input; \`${context.name}\` returned [${map.dims.join(', ')}]`);
  }
  const boxes = textBoxes(map.data as Float32Array, mapWidth, mapHeight, { threshold: context.identity.threshold });
  return sortReadingOrder(boxes.map((found) => scaleBox(found, image.width / mapWidth, image.height / mapHeight, image.width, image.height)));
}

/** The detector's input size for an image: at most 960 on the longer side, both sides multiples of 32. */
export function detectorSize(width: number, height: number): { width: number; height: number } {
  const ratio = Math.min(1, LIMIT_SIDE / Math.max(width, height));
  const side = (length: number) => Math.max(STRIDE, Math.round((length * ratio) / STRIDE) * STRIDE);
  return { width: side(width), height: side(height) };
}

/**
 * Boxes around the text kernels of a probability map, in map pixels (edges on
 * pixel borders), each grown by the unclip distance; kernels whose mean
 * probability is below `threshold` are dropped.
 */
export function textBoxes(map: ArrayLike<number>, width: number, height: number, options: { threshold: number }): TextBox[] {
  const label = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const boxes: TextBox[] = [];
  let next = 0;
  for (let seed = 0; seed < map.length; seed++) {
    if (label[seed] !== 0 || map[seed] <= PIXEL_THRESHOLD) continue;
    // Flood-fill one 8-connected component (cv2.findContours groups pixels the same way).
    next++;
    let top = 0;
    stack[top++] = seed;
    label[seed] = next;
    let x1 = width;
    let y1 = height;
    let x2 = -1;
    let y2 = -1;
    let sum = 0;
    let count = 0;
    while (top > 0) {
      const at = stack[--top];
      const x = at % width;
      const y = (at - x) / width;
      if (x < x1) x1 = x;
      if (x > x2) x2 = x;
      if (y < y1) y1 = y;
      if (y > y2) y2 = y;
      sum += map[at];
      count++;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const neighbour = ny * width + nx;
          if (label[neighbour] === 0 && map[neighbour] > PIXEL_THRESHOLD) {
            label[neighbour] = next;
            stack[top++] = neighbour;
          }
        }
      }
    }
    const boxWidth = x2 + 1 - x1;
    const boxHeight = y2 + 1 - y1;
    if (Math.min(boxWidth, boxHeight) < MIN_KERNEL_SIDE) continue;
    const score = sum / count;
    if (score < options.threshold) continue;
    const grow = (boxWidth * boxHeight * UNCLIP_RATIO) / (2 * (boxWidth + boxHeight));
    boxes.push({ box: { x1: x1 - grow, y1: y1 - grow, x2: x2 + 1 + grow, y2: y2 + 1 + grow }, score });
  }
  return boxes;
}

function scaleBox(found: TextBox, scaleX: number, scaleY: number, width: number, height: number): TextBox {
  const clamp = (value: number, limit: number) => Math.min(limit, Math.max(0, Math.round(value)));
  const { x1, y1, x2, y2 } = found.box;
  return {
    box: { x1: clamp(x1 * scaleX, width), y1: clamp(y1 * scaleY, height), x2: clamp(x2 * scaleX, width), y2: clamp(y2 * scaleY, height) },
    score: Math.round(found.score * 1e4) / 1e4,
  };
}

/** Top to bottom; boxes on one line (tops within 10 pixels) left to right, as PaddleOCR orders them. */
export function sortReadingOrder(boxes: TextBox[]): TextBox[] {
  const sorted = [...boxes].sort((a, b) => a.box.y1 - b.box.y1 || a.box.x1 - b.box.x1);
  for (let i = 0; i < sorted.length - 1; i++) {
    for (let j = i; j >= 0; j--) {
      const [above, below] = [sorted[j], sorted[j + 1]];
      if (Math.abs(below.box.y1 - above.box.y1) < SAME_LINE && below.box.x1 < above.box.x1) {
        sorted[j] = below;
        sorted[j + 1] = above;
      } else {
        break;
      }
    }
  }
  return sorted;
}
