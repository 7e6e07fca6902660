// The labelling config of each gate task: the tags Label Studio needs, in a
// well-formed document, with labels escaped so that any text survives.
import { describe, expect, it } from 'vitest';
import { labelingConfig } from '../../runtime/human/label-studio/config.ts';

interface XmlElement {
  readonly tag: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A strict reader for the subset of XML a config uses (elements, double-quoted attributes, whitespace between): throws on anything malformed. */
function parseXml(text: string): XmlElement {
  const root: XmlElement = { tag: '#document', attributes: {}, children: [] };
  const stack = [root];
  const token = /\s*(?:<\/([A-Za-z]+)>|<([A-Za-z]+)((?:\s+[A-Za-z]+="[^"<]*")*)\s*(\/?)>)/y;
  let at = 0;
  while (at < text.trimEnd().length) {
    token.lastIndex = at;
    const match = token.exec(text);
    if (!match) throw new Error(`malformed XML at ${at}: ${JSON.stringify(text.slice(at, at + 30))}`);
    at = token.lastIndex;
    const [, closing, opening, attributeText, selfClosing] = match;
    if (closing) {
      const open = stack.pop()!;
      if (open.tag !== closing) throw new Error(`</${closing}> closes <${open.tag}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, name, raw] of attributeText.matchAll(/([A-Za-z]+)="([^"]*)"/g)) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(raw)) throw new Error(`bare & in ${name}="${raw}"`);
      attributes[name] = raw.replace(/&(amp|lt|gt|quot|apos);|&#(\d+);/g, (_, entity: string | undefined, code: string | undefined) => (entity ? ENTITIES[entity] : String.fromCharCode(Number(code))));
    }
    const element: XmlElement = { tag: opening, attributes, children: [] };
    stack[stack.length - 1].children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].tag}> is never closed`);
  if (root.children.length !== 1) throw new Error('a document has one root element');
  return root.children[0];
}

const shape = (element: XmlElement): unknown => [element.tag, element.attributes, ...element.children.map(shape)];

describe('labelling configs', () => {
  it('audio regions: an Audio object and Labels on it', () => {
    expect(shape(parseXml(labelingConfig('audio_regions', 'audio', ['speech', 'music'], null)))).toEqual([
      'View', {},
      ['Audio', { name: 'audio', value: '$audio' }],
      ['Labels', { name: 'label', toName: 'audio' }, ['Label', { value: 'speech' }], ['Label', { value: 'music' }]],
    ]);
  });

  it('video segments: a Video whose frame rate comes from the task, and TimelineLabels', () => {
    expect(shape(parseXml(labelingConfig('video_segments', 'video', ['run'], null)))).toEqual([
      'View', {},
      ['Video', { name: 'video', value: '$video', framerate: '$fps' }],
      ['TimelineLabels', { name: 'label', toName: 'video' }, ['Label', { value: 'run' }]],
    ]);
  });

  it('image boxes, points and masks: RectangleLabels (no rotation), KeyPointLabels, BrushLabels', () => {
    const control = (task: 'image_boxes' | 'image_points' | 'image_masks') => parseXml(labelingConfig(task, 'image', ['cat'], null)).children[1];
    expect(shape(control('image_boxes'))).toEqual(['RectangleLabels', { name: 'label', toName: 'image', canRotate: 'false' }, ['Label', { value: 'cat' }]]);
    expect(control('image_points').tag).toBe('KeyPointLabels');
    expect(control('image_masks').tag).toBe('BrushLabels');
    expect(parseXml(labelingConfig('image_masks', 'image', ['cat'], null)).children[0].attributes).toEqual({ name: 'image', value: '$image' });
  });

  it('yes/no: the media, the question from the task, and one required single choice', () => {
    expect(shape(parseXml(labelingConfig('yes_no', 'image', [], null)))).toEqual([
      'View', {},
      ['Image', { name: 'image', value: '$image' }],
      ['Header', { value: '$question' }],
      ['Choices', { name: 'answer', toName: 'image', choice: 'single', required: 'true' }, ['Choice', { value: 'yes' }], ['Choice', { value: 'no' }]],
    ]);
  });

  it('yes/no about text alone: the question as a Text object, and the choice on it', () => {
    expect(shape(parseXml(labelingConfig('yes_no', null, [], null)))).toEqual([
      'View', {},
      ['Text', { name: 'text', value: '$question' }],
      ['Choices', { name: 'answer', toName: 'text', choice: 'single', required: 'true' }, ['Choice', { value: 'yes' }], ['Choice', { value: 'no' }]],
    ]);
  });

  it('escapes labels and instructions so that any text comes back exactly', () => {
    const labels = ['a & b', '<script>', 'say "hi"', "it's", 'x > y'];
    const instructions = 'Mark every bark.\nIgnore "growls" & <whines>.';
    const config = labelingConfig('audio_regions', 'audio', labels, instructions);
    const view = parseXml(config);
    expect(view.children[0]).toEqual({ tag: 'Header', attributes: { value: instructions }, children: [] });
    expect(view.children[2].children.map((label) => label.attributes.value)).toEqual(labels);
    expect(config).not.toContain('<script>');
  });

  it('refuses a task on the wrong media or without labels', () => {
    expect(() => labelingConfig('image_boxes', 'video', ['a'], null)).toThrow('a image_boxes gate labels image, not video');
    expect(() => labelingConfig('image_boxes', null, ['a'], null)).toThrow('a image_boxes gate labels image, not null');
    expect(() => labelingConfig('audio_regions', 'audio', [], null)).toThrow('needs at least one label');
  });
});
