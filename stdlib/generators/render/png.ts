// SVG to PNG. resvg rasterises (the same pixels on every machine: it uses no
// system library and, since text arrives as outlines, no system font); sharp
// (libvips, libspng) encodes the PNG off the main thread, so encoding one image
// overlaps rasterising the next.
import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';

export interface RenderedPng {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Raw RGBA pixels of an SVG, at its own size. */
export function rasterise(svg: string): { pixels: Uint8Array; width: number; height: number } {
  const image = new Resvg(svg, { font: { loadSystemFonts: false }, background: 'white' }).render();
  return { pixels: image.pixels, width: image.width, height: image.height };
}

/** RGBA pixels to PNG bytes (opaque images lose their alpha channel: a third smaller). */
export async function encodePng(pixels: Uint8Array, width: number, height: number): Promise<RenderedPng> {
  const bytes = await sharp(pixels, { raw: { width, height, channels: 4 } })
    .removeAlpha()
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), width, height };
}

export async function svgToPng(svg: string): Promise<RenderedPng> {
  const { pixels, width, height } = rasterise(svg);
  return encodePng(pixels, width, height);
}
