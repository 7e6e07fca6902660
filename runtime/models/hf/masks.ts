// Segmentation masks arrive as base64 PNGs (black and white, the image's
// size); the runtime holds masks as COCO RLE. A pixel is in the mask when its
// first channel is at least half on, as the HF pipelines write 0 or 255.
import sharp, { type OutputInfo } from 'sharp';
import { maskFromPixels, type Mask } from '../../../stdlib/functions/mask-bitmap.ts';
import { ModelCallError } from '../errors.ts';

export async function maskFromPng(base64Png: string): Promise<Mask> {
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(Buffer.from(base64Png, 'base64')).raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new ModelCallError(`the server sent a mask that is not a readable image (${(error as Error).message})`, false);
  }
  const { data, info } = decoded;
  const pixels = new Uint8Array(info.width * info.height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = data[i * info.channels] >= 128 ? 1 : 0;
  return maskFromPixels(pixels, info.height, info.width);
}
