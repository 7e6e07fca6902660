// One example on the page: its media (with the ground truth drawn on the first image),
// the prompt, the ground truth, the verifier and the CoT trace.
import { escapeHtml, formatNumber, prettyJson, truncate } from './html.ts';
import { dataUri, imageDimensions, loadMedia, mediaType, wavSeconds } from './media.ts';
import { OVERLAY_COLOURS, describeShape, overlaySvg, truthShapes, type Shape } from './overlay.ts';
import type { AudioItem, ImageItem, Message, VideoItem } from './rows.ts';
import type { PreviewExample } from './sample.ts';

/** Frames shown per video; longer clips show this many, evenly spaced. */
const MAX_FRAMES = 12;
const TEXT_LIMIT = 4000;
const JSON_LIMIT = 2000;

function parseJson(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
}

/** CSS width for an image: small ones enlarged so they can be seen, large ones reduced to fit. */
function shownWidth(width: number, height: number): number {
  let shown = Math.min(Math.max(width, 256), 480);
  if ((shown * height) / width > 480) shown = Math.max((480 * width) / height, 96);
  return Math.round(shown);
}

function missing(kind: string, number: number, item: { path: string }, why: string): string {
  return `<figure class="media missing"><div class="placeholder-box">${escapeHtml(`${kind} ${number}: ${why}`)}</div>`
    + `<figcaption>${escapeHtml(item.path)}</figcaption></figure>`;
}

function legend(shapes: readonly Shape[]): string {
  if (shapes.length === 0) return '';
  const items = shapes.map((shape) => `<li><span class="swatch" style="background:${OVERLAY_COLOURS[shape.kind]}"></span>${escapeHtml(describeShape(shape))}</li>`);
  return `<ul class="legend">${items.join('')}</ul>`;
}

async function imageFigure(item: ImageItem, number: number, folder: string, shapes: readonly Shape[]): Promise<string> {
  const { bytes, missing: why } = await loadMedia(item, folder);
  if (!bytes) return missing('image', number, item, why ?? 'no bytes');
  const type = mediaType('image', bytes);
  if (!type) return missing('image', number, item, 'bytes that are not an image format a browser shows');
  const size = imageDimensions(bytes);
  const width = size?.width ?? 256;
  const height = size?.height ?? 256;
  const shown = shownWidth(width, height);
  const pixelated = shown > width ? ' pixelated' : '';
  const overlay = size && shapes.length > 0 ? overlaySvg(shapes, width, height, shown) : '';
  const caption = [`image ${number}`, item.path, size ? `${width}x${height}` : ''].filter(Boolean).join(' · ');
  return `<figure class="media image" style="width:${shown}px">`
    + `<div class="frame"><img class="shown${pixelated}" src="${dataUri(type, bytes)}" width="${width}" height="${height}" alt="${escapeHtml(`image ${number}`)}">${overlay}</div>`
    + `<figcaption>${escapeHtml(caption)}${overlay ? legend(shapes) : ''}</figcaption></figure>`;
}

async function audioFigure(item: AudioItem, number: number, folder: string): Promise<string> {
  const { bytes, missing: why } = await loadMedia(item, folder);
  if (!bytes) return missing('audio', number, item, why ?? 'no bytes');
  const type = mediaType('audio', bytes);
  if (!type) return missing('audio', number, item, 'bytes that are not an audio format a browser plays');
  const seconds = wavSeconds(bytes);
  const caption = [
    `audio ${number}`, item.path, item.samplingRate ? `${formatNumber(item.samplingRate)} Hz` : '', seconds === null ? '' : `${formatNumber(seconds)} s`,
  ].filter(Boolean).join(' · ');
  return `<figure class="media audio"><audio controls preload="metadata" src="${dataUri(type, bytes)}"></audio>`
    + `<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function clipText(item: VideoItem): string {
  if (item.start === null && item.end === null) return '';
  return `shown ${formatNumber(item.start ?? 0)}–${item.end === null ? 'end' : formatNumber(item.end)} s`;
}

/** `count` indices spread evenly over `total`, first and last included. */
function spread(total: number, count: number): number[] {
  if (total <= count) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.round((i * (total - 1)) / (count - 1)));
}

async function videoFigure(item: VideoItem, number: number, folder: string): Promise<string> {
  const described = [`video ${number}`, item.path, item.fps ? `${formatNumber(item.fps)} fps` : '', clipText(item)];
  if (item.frames.length > 0) {
    const shown = spread(item.frames.length, MAX_FRAMES);
    const frames = shown.map((index) => {
      const frame = item.frames[index];
      const type = mediaType('image', frame);
      const time = item.fps ? `${formatNumber((item.start ?? 0) + index / item.fps)} s` : `frame ${index + 1}`;
      const body = type ? `<img src="${dataUri(type, frame)}" alt="${escapeHtml(`frame ${index + 1}`)}">` : '<div class="placeholder-box">not an image</div>';
      return `<figure class="frame-item">${body}<figcaption>${escapeHtml(time)}</figcaption></figure>`;
    });
    const count = shown.length < item.frames.length ? `${shown.length} of ${item.frames.length} frames` : `${item.frames.length} frames`;
    return `<figure class="media video"><div class="strip">${frames.join('')}</div>`
      + `<figcaption>${escapeHtml([...described, count].filter(Boolean).join(' · '))}</figcaption></figure>`;
  }
  const { bytes, missing: why } = await loadMedia(item, folder);
  if (!bytes) return missing('video', number, item, why ?? 'no bytes and no frames');
  const type = mediaType('video', bytes);
  if (!type) return missing('video', number, item, 'bytes that are not a video format a browser plays');
  // A media fragment plays only the part of the file the example shows.
  const fragment = item.start !== null || item.end !== null ? `#t=${item.start ?? 0}${item.end === null ? '' : `,${item.end}`}` : '';
  return `<figure class="media video"><video controls preload="metadata" src="${dataUri(type, bytes)}${fragment}"></video>`
    + `<figcaption>${escapeHtml(described.filter(Boolean).join(' · '))}</figcaption></figure>`;
}

/** Escaped text with the `<image>`, `<audio>` and `<video>` placeholders marked. */
function messageText(content: string): string {
  return escapeHtml(truncate(content, TEXT_LIMIT)).replace(/&lt;(image|audio|video)&gt;/g, '<span class="media-tag">&lt;$1&gt;</span>');
}

function messages(prompt: readonly Message[]): string {
  return prompt.map((message) => `<div class="message role-${escapeHtml(message.role.replace(/[^\w-]/g, ''))}">`
    + `<div class="role">${escapeHtml(message.role)}</div><pre>${messageText(message.content)}</pre></div>`).join('');
}

function meta(label: string, value: string): string {
  return `<span class="meta-item"><span class="label">${escapeHtml(label)}</span> ${escapeHtml(value)}</span>`;
}

export async function renderExample(example: PreviewExample, folder: string): Promise<string> {
  const { row, trace } = example;
  const truth = parseJson(row.groundTruth);
  const spec = parseJson(row.verifier.params);
  const shapes = truth && row.images.length > 0 ? truthShapes(truth.value, row.verifier.name, spec?.value) : [];
  const media: string[] = [];
  for (const [i, image] of row.images.entries()) media.push(await imageFigure(image, i + 1, folder, i === 0 ? shapes : []));
  for (const [i, video] of row.videos.entries()) media.push(await videoFigure(video, i + 1, folder));
  for (const [i, audio] of row.audios.entries()) media.push(await audioFigure(audio, i + 1, folder));

  const facts = [
    meta('split', `${row.split || '?'}${row.index === null ? '' : ` #${row.index}`}`),
    meta('level', row.level === null ? '?' : String(row.level)),
    meta('difficulty', row.difficulty === null ? '?' : formatNumber(row.difficulty)),
    meta('domain', row.ability || '?'),
    meta('verifier', `${row.verifier.name}${row.verifier.version ? ` ${row.verifier.version}` : ''}`),
  ];
  const truthText = truth ? prettyJson(truth.value) : `${row.groundTruth} (not valid JSON)`;
  const specText = spec ? prettyJson(spec.value, 200) : row.verifier.params;
  const traceBlock = trace
    ? `<h4>Trace</h4><pre class="trace">${escapeHtml(truncate(trace.trace, TEXT_LIMIT))}</pre>`
      + (trace.answer ? `<h4>Answer</h4><pre class="answer">${escapeHtml(truncate(trace.answer, TEXT_LIMIT))}</pre>` : '')
    : '<p class="none">No CoT row for this example.</p>';
  return `<article class="example" data-id="${escapeHtml(row.id)}">`
    + `<header><code class="id">${escapeHtml(row.id)}</code><div class="meta">${facts.join('')}</div></header>`
    + `<div class="body">`
    + (media.length > 0 ? `<div class="media-column">${media.join('')}</div>` : '')
    + `<div class="text-column">`
    + `<h4>Prompt</h4><div class="messages">${messages(row.prompt)}</div>`
    + `<h4>Ground truth</h4><pre class="truth">${escapeHtml(truncate(truthText, JSON_LIMIT))}</pre>`
    + `<h4>Verifier</h4><pre class="verifier">${escapeHtml(truncate(specText, JSON_LIMIT))}</pre>`
    + traceBlock
    + `</div></div></article>`;
}
