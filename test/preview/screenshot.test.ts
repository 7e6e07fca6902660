// The preview page in a real browser (Debian's Chromium through playwright-core): it
// loads offline, every image decodes, and a screenshot shows the test image's colours
// where the image is and the ground-truth overlays where the truths are.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePreview } from '../../runtime/preview/index.ts';
import { BACKGROUND, BOX, IMAGE_WIDTH, POINT, SQUARE, writePreviewDataset, type PreviewDataset } from './fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const RED: Rgb = [220, 30, 30];
const POINT_COLOUR: Rgb = [0xff, 0x00, 0xd4];
const BOX_COLOUR: Rgb = [0xff, 0xd4, 0x00];
// The mask's cyan at 45 % over the red square.
const MASK_OVER_RED = [0, 200, 255].map((c, i) => Math.round(0.45 * c + 0.55 * RED[i])) as unknown as Rgb;

type Rgb = readonly [number, number, number];

// The parts of the DOM the page functions use (the project compiles without the DOM library).
interface ImageElement {
  readonly complete: boolean;
  readonly naturalWidth: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}
interface BrowserWindow { readonly scrollX: number; readonly scrollY: number }

interface Screenshot { width: number; pixel(x: number, y: number): Rgb }

interface ImageBox { left: number; top: number; width: number; height: number }

let dataset: PreviewDataset;
let userData: string;
let context: BrowserContext | null = null;
let page: Page;
const requested: string[] = [];

async function launch(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: run scripts/install-chromium.sh (it installs Debian's chromium package) before this test`);
  }
  userData = mkdtempSync(join(tmpdir(), 'rlr-chromium-'));
  return chromium.launchPersistentContext(userData, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
    deviceScaleFactor: 1,
    offline: true,
  });
}

beforeAll(async () => {
  dataset = await writePreviewDataset();
  await writePreview(dataset.folder, join(dataset.folder, 'preview.html'));
  context = await launch();
  page = await context.newPage();
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(pathToFileURL(join(dataset.folder, 'preview.html')).href, { waitUntil: 'load' });
});

afterAll(async () => {
  await context?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
  dataset?.remove();
});

async function screenshot(): Promise<Screenshot> {
  const png = await page.screenshot({ fullPage: true });
  // Kept beside the page, for a person to look at when the test fails.
  writeFileSync(join(dataset.folder, 'preview.png'), png);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    pixel: (x, y) => {
      const at = (Math.floor(y) * info.width + Math.floor(x)) * 3;
      return [data[at], data[at + 1], data[at + 2]] as const;
    },
  };
}

/** Where the example's image is on the page, in page pixels. */
async function imageBox(id: string): Promise<ImageBox> {
  return page.locator(`article[data-id="${id}"] img.shown`).evaluate((img) => {
    const rect = (img as unknown as ImageElement).getBoundingClientRect();
    const { scrollX, scrollY } = globalThis as unknown as BrowserWindow;
    return { left: rect.left + scrollX, top: rect.top + scrollY, width: rect.width, height: rect.height };
  });
}

/** The page pixel at the middle of image pixel (x, y) — or at point (x, y) when `exact`. */
function onPage(box: ImageBox, x: number, y: number, exact = false): [number, number] {
  const scale = box.width / IMAGE_WIDTH;
  const offset = exact ? 0 : 0.5;
  return [box.left + (x + offset) * scale, box.top + (y + offset) * scale];
}

function expectColour(shot: Screenshot, [x, y]: [number, number], expected: Rgb, what: string): void {
  const found = shot.pixel(x, y);
  const distance = Math.max(...found.map((c, i) => Math.abs(c - expected[i])));
  expect(distance, `${what} at page (${Math.floor(x)}, ${Math.floor(y)}): found rgb(${found.join(', ')}), expected rgb(${expected.join(', ')})`).toBeLessThanOrEqual(24);
}

describe('the preview page in headless Chromium', () => {
  it('loads with nothing from outside the file', () => {
    expect(requested.length).toBeGreaterThan(0);
    for (const url of requested) expect(url).toMatch(/^(file|data):/);
  });

  it('decodes every image: the scenes and the video frames', async () => {
    const images = await page.locator('img').evaluateAll((all) => (all as unknown as ImageElement[]).map((img) => ({
      alt: img.getAttribute('alt'), complete: img.complete, naturalWidth: img.naturalWidth,
    })));
    // Three scenes (point, box, mask) and two frames of the motion clip.
    expect(images).toHaveLength(5);
    for (const image of images) {
      expect(image.complete, `${image.alt} finished loading`).toBe(true);
      expect(image.naturalWidth, `${image.alt} decoded`).toBeGreaterThan(0);
    }
  });

  it('shows the images and the ground truths drawn over them in the screenshot', async () => {
    const shot = await screenshot();
    const point = await imageBox('geo-point');
    expect(point.width).toBeGreaterThan(IMAGE_WIDTH);
    // The scene itself: its background, and its red square.
    expectColour(shot, onPage(point, 4, 4), BACKGROUND, 'the scene background');
    expectColour(shot, onPage(point, SQUARE.x + SQUARE.size / 2, SQUARE.y + SQUARE.size / 2), RED, 'the red square');
    // The point marker, centred on the point.
    expectColour(shot, onPage(point, POINT[0], POINT[1], true), POINT_COLOUR, 'the point marker');

    const mask = await imageBox('geo-mask');
    expectColour(shot, onPage(mask, SQUARE.x + 2, SQUARE.y + 2), MASK_OVER_RED, 'the mask over the square');
    expectColour(shot, onPage(mask, SQUARE.x + SQUARE.size - 1, SQUARE.y + SQUARE.size - 1), MASK_OVER_RED, 'the mask at the square\'s last pixel');
    expectColour(shot, onPage(mask, SQUARE.x - 2, SQUARE.y + 2), BACKGROUND, 'the background beside the mask');

    const box = await imageBox('geo-box');
    const [x1, y1, x2, y2] = BOX;
    expectColour(shot, onPage(box, x1, (y1 + y2) / 2, true), BOX_COLOUR, 'the box\'s left edge');
    expectColour(shot, onPage(box, (x1 + x2) / 2, y2, true), BOX_COLOUR, 'the box\'s bottom edge');
    expectColour(shot, onPage(box, (x1 + x2) / 2, (y1 + y2) / 2, true), BACKGROUND, 'inside the box');
  });
});
