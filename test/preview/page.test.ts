// The preview page of a small real dataset: escaped text, media inline, ground truths
// drawn where they are, traces joined by id, the same page from Parquet and Arrow
// shards; and `rlr preview` as a user runs it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreview } from '../../runtime/preview/index.ts';
import { BOX, HOSTILE_PROMPT, IMAGE_HEIGHT, IMAGE_WIDTH, POINT, SQUARE, toneWav, writePreviewDataset, type PreviewDataset } from './fixture.ts';

const WARNING = 'mixture `geometry` short: <pointing> & 2 more';

let parquet: PreviewDataset;
let arrow: PreviewDataset;
let html: string;

beforeAll(async () => {
  [parquet, arrow] = await Promise.all([writePreviewDataset('parquet', [WARNING]), writePreviewDataset('arrow', [WARNING])]);
  html = (await buildPreview(parquet.folder)).html;
});

afterAll(() => {
  parquet?.remove();
  arrow?.remove();
});

/** The card of one example. */
function card(page: string, id: string): string {
  const match = new RegExp(`<article class="example" data-id="${id}">[\\s\\S]*?</article>`).exec(page);
  if (!match) throw new Error(`no card for ${id}`);
  return match[0];
}

describe('the preview page', () => {
  it('escapes every text from the data and runs no script', () => {
    expect(html).toContain('Point at &lt;b&gt;the &quot;green&quot; area&lt;/b&gt; &amp; not the &lt;script&gt;alert(1)&lt;/script&gt; square.');
    expect(html).not.toContain(HOSTILE_PROMPT);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<li>mixture `geometry` short: &lt;pointing&gt; &amp; 2 more</li>');
    expect(html).toContain('Preview fixture &lt;&amp;&gt;');
  });

  it('needs nothing outside itself', () => {
    const sources = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/^(data:(image|audio|video)\/[\w+.-]+;base64,|#group-\d+$)/);
  });

  it('shows the prompt messages, the placeholders marked, and the ground truth', () => {
    const math = card(html, 'math-2');
    expect(math).toContain('<div class="role">system</div><pre>Answer with a number.</pre>');
    expect(math).toContain('<pre>What is 12 × 12?</pre>');
    expect(math).toContain('<pre class="truth">&quot;144&quot;</pre>');
    expect(math).toContain('<span class="label">split</span> test #3');
    expect(card(html, 'geo-point')).toContain('<span class="media-tag">&lt;image&gt;</span>\nPoint at');
  });

  it('draws a point truth as a marker at its pixel coordinates over the image', () => {
    const point = card(html, 'geo-point');
    expect(point).toMatch(/<img class="shown pixelated" src="data:image\/png;base64,[A-Za-z0-9+/=]+" width="80" height="60"/);
    expect(point).toContain(`<svg class="overlay" viewBox="0 0 ${IMAGE_WIDTH} ${IMAGE_HEIGHT}"`);
    expect(point).toContain(`<circle class="truth-point" cx="${POINT[0]}" cy="${POINT[1]}"`);
    expect(point).toContain(`point (${POINT[0]}, ${POINT[1]})`);
  });

  it('draws a box truth as a rectangle', () => {
    const [x1, y1, x2, y2] = BOX;
    expect(card(html, 'geo-box')).toContain(`<rect class="truth-box" x="${x1}" y="${y1}" width="${x2 - x1}" height="${y2 - y1}"`);
  });

  it('draws a COCO RLE mask truth as unit squares over exactly its pixels', () => {
    const mask = card(html, 'geo-mask');
    const columns = Array.from({ length: SQUARE.size }, (_, i) => `M${SQUARE.x + i} ${SQUARE.y}h1v${SQUARE.size}h-1z`);
    expect(mask).toContain(`<path class="truth-mask" d="${columns.join('')}"`);
    expect(mask).toContain(`mask 80x60, ${SQUARE.size ** 2} px`);
  });

  it('shows the CoT trace and answer joined by id, and says when there is none', () => {
    const mask = card(html, 'geo-mask');
    expect(mask).toContain('<pre class="trace">The red square spans x 44..67 &amp; y 10..33; its centre is (56, 22).</pre>');
    expect(mask).toContain('<pre class="answer">(56, 22)</pre>');
    expect(card(html, 'math-1')).toContain('<pre class="trace">2 + 3 = 5</pre>');
    expect(card(html, 'geo-point')).toContain('No CoT row for this example.');
  });

  it('plays audio from the WAV bytes and shows a video as its frames', () => {
    const wav = Buffer.from(toneWav(0.25)).toString('base64');
    expect(card(html, 'sound-1')).toContain(`<audio controls preload="metadata" src="data:audio/wav;base64,${wav}"></audio>`);
    expect(card(html, 'sound-1')).toContain('tones/a.wav · 8,000 Hz · 0.25 s');
    expect(card(html, 'sound-1')).not.toContain('<svg');
    const motion = card(html, 'motion-1');
    // The clip shows 0..0.5 s at 4 fps: the first two of three frames.
    expect(motion.match(/<figure class="frame-item"><img src="data:image\/png;base64,/g)).toHaveLength(2);
    expect(motion).toContain('<figcaption>0.25 s</figcaption>');
    expect(motion).toContain('shown 0–0.5 s · 2 frames');
  });

  it('has a header with the recipe, the counts per split and domain, and one section per stage and level', () => {
    expect(html).toContain('<h1>scenes <span class="version">0.1.0</span></h1>');
    expect(html).toContain('<tr><td>RL</td><td>4</td><td>1</td><td>2</td><td>7</td></tr>');
    expect(html).toContain('<tr><td>geometry</td><td>3</td><td>1</td></tr>');
    const sections = [...html.matchAll(/<h2>([^<]*) <span class="level">level (\d+)<\/span>/g)].map((m) => `${m[1]}/${m[2]}`);
    // Stages in curriculum order: by the lowest level they appear at.
    expect(sections).toEqual(['arithmetic/1', 'arithmetic/2', 'sounds/2', 'motion/2', 'pointing/3']);
  });

  it('samples the same examples every time: per stage and level, the ids that hash lowest', async () => {
    const one = (await buildPreview(parquet.folder, { perGroup: 1 })).html;
    const pointing = ['geo-point', 'geo-box', 'geo-mask'];
    const lowest = pointing.sort((a, b) => createHash('sha256').update(a).digest('hex').localeCompare(createHash('sha256').update(b).digest('hex')))[0];
    const shown = [...one.matchAll(/data-id="(geo-[a-z]+)"/g)].map((m) => m[1]);
    expect(shown).toEqual([lowest]);
    expect(one).toContain('1 of 3 RL rows');
    expect((await buildPreview(parquet.folder)).html).toBe(html);
  });

  it('reads Arrow IPC shards into the same page as Parquet shards', async () => {
    expect((await buildPreview(arrow.folder)).html).toBe(html);
  });
});

interface Outcome { code: number | null; stdout: string; stderr: string }

function rlr(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  const root = resolve(import.meta.dirname, '../..');
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'bin/rlr.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('rlr preview', () => {
  it('writes the page where asked, says when it cannot open it, and exits 2 on a folder that is not a dataset', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'rlr-preview-cli-'));
    try {
      const out = join(elsewhere, 'page.html');
      // A PATH with no xdg-open on it: --open must say so and still succeed.
      const [written, notDataset, badCount] = await Promise.all([
        rlr(['preview', parquet.folder, '--out', out, '--per-stage', '1', '--open'], { ...process.env, PATH: elsewhere }),
        rlr(['preview', elsewhere]),
        rlr(['preview', parquet.folder, '--per-stage', '0']),
      ]);
      expect(written.stderr).toContain(`xdg-open is not available here; open ${out} in a browser`);
      expect(written.stdout).toContain(`wrote ${out}: 5 examples from 5 stage and level groups`);
      expect(written.code).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe((await buildPreview(parquet.folder, { perGroup: 1 })).html);
      expect(existsSync(join(parquet.folder, 'preview.html'))).toBe(false);

      expect(notDataset.stderr).toBe(`rlr preview: \`${elsewhere}\` is not an rlr dataset: it has no manifest.json (expected the output folder of \`rlr run\`)\n`);
      expect(notDataset.code).toBe(2);

      expect(badCount.stderr).toContain('expected a positive integer');
      expect(badCount.code).toBe(2);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
