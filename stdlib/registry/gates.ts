// Human-in-the-loop gates: people perceive (annotate) or judge (validate); machines compute the rest.
import type { GateEntry, ParamSpec } from './schema.ts';

type Entry = Omit<GateEntry, 'kind'>;
const gate = (entry: Entry): GateEntry => ({ kind: 'gate', ...entry });

const qa: ParamSpec = { name: 'qa', type: 'percent', default: 20, doc: 'share of items also given to a second person, with agreement tracked' };
const instructions: ParamSpec = { name: 'instructions', type: 'string?', default: null, doc: 'guidance shown to the person with every item' };

/** The parameters every annotate gate takes; `item` is the type of one annotation. */
function annotateParams(media: 'image' | 'audio' | 'video', item: string, what: string): ParamSpec[] {
  return [
    { name: 'media', type: media, doc: `the ${media} the person marks` },
    { name: 'labels', type: 'list<string>', doc: `the labels a person may give a ${what}` },
    { name: 'predictions', type: `list<${item}>?`, default: null, doc: 'a model\'s pre-annotation, shown for the person to correct' },
    qa,
    instructions,
  ];
}

const REGION = '{label: string, span: segment<s>}';
const BOX = '{label: string, box: box<px>}';
const POINT = '{label: string, point: point<px>}';
const MASK = '{label: string, mask: mask}';

export const gateEntries: GateEntry[] = [
  gate({
    name: 'audio_regions',
    mode: 'annotate',
    media: 'audio',
    doc: 'A person marks labelled time regions of an audio clip.',
    params: annotateParams('audio', REGION, 'region'),
    returns: `list<${REGION}>`,
    example: 'let regions = annotate audio_regions(media: media, labels: ["dog", "siren"], predictions: speech, qa: 20%)',
  }),
  gate({
    name: 'video_segments',
    mode: 'annotate',
    media: 'video',
    doc: 'A person marks labelled time segments of a video.',
    params: annotateParams('video', REGION, 'segment'),
    returns: `list<${REGION}>`,
    example: 'let actions = annotate video_segments(media: media, labels: ["pour", "stir"])',
  }),
  gate({
    name: 'image_boxes',
    mode: 'annotate',
    media: 'image',
    doc: 'A person draws labelled boxes on an image.',
    params: annotateParams('image', BOX, 'box'),
    returns: `list<${BOX}>`,
    example: 'let boxes = annotate image_boxes(media: media, labels: phrases, predictions: detections)',
  }),
  gate({
    name: 'image_points',
    mode: 'annotate',
    media: 'image',
    doc: 'A person clicks labelled points on an image.',
    params: annotateParams('image', POINT, 'point'),
    returns: `list<${POINT}>`,
    example: 'let points = annotate image_points(media: media, labels: ["handle"])',
  }),
  gate({
    name: 'image_masks',
    mode: 'annotate',
    media: 'image',
    doc: 'A person paints labelled masks on an image.',
    params: annotateParams('image', MASK, 'mask'),
    returns: `list<${MASK}>`,
    example: 'let masks = annotate image_masks(media: media, labels: phrases, predictions: segments)',
  }),
  gate({
    name: 'yes_no',
    mode: 'validate',
    media: 'any',
    doc: 'A person answers yes or no about a generated item; records answered no are filtered out.',
    params: [
      { name: 'question', type: 'string', doc: 'what the person is asked (a template may fill it)' },
      { name: 'media', type: 'image | audio | video?', default: null, doc: 'what the person looks at or listens to; without it the person judges the question\'s text alone' },
      qa,
      instructions,
    ],
    returns: 'bool',
    example: 'validate yes_no(question: template("Is the point on the {phrase}?"), media: media)',
  }),
];
