// Pure functions usable in expressions. `template` and `env` are checked
// specially by the compiler (template fields, secrets) but are listed here so
// that hover, completion and the reference know them.
//
// Every function that makes a random choice derives it from the recipe seed,
// the node and the record key, so its result does not depend on timing.
import type { FunctionEntry, ParamSpec } from './schema.ts';

type Entry = Omit<FunctionEntry, 'kind'>;
const fn = (entry: Entry): FunctionEntry => ({ kind: 'function', ...entry });

const REGION = '{label: string, span: segment<s>}';
const regionsParam: ParamSpec = { name: 'regions', type: `list<${REGION}>`, doc: 'labelled time spans, e.g. from `annotate audio_regions`' };
const imageParam = (doc: string): ParamSpec => ({ name: 'image', type: 'image', doc });

const core: FunctionEntry[] = [
  fn({
    name: 'template',
    doc: 'Fills `{field}` placeholders with fields in scope; `{{` and `}}` are literal braces.',
    params: [{ name: 'text', type: 'string', doc: 'the template text' }],
    returns: 'string',
    example: 'let prompt = template("Solve: {question}")',
  }),
  fn({
    name: 'env',
    doc: 'A reference to an environment variable, read when the run starts; the only way to give a secret.',
    params: [{ name: 'name', type: 'string', doc: 'the variable name' }],
    returns: 'string',
    example: 'token: env("HF_TOKEN")',
  }),
];

const conversions: FunctionEntry[] = [
  fn({
    name: 'str',
    doc: 'The text form of any value: numbers in shortest round-trip form, records and lists as compact JSON.',
    params: [{ name: 'value', type: 'any', doc: 'the value to render' }],
    returns: 'string',
    example: 'let answer = str(total)',
  }),
  fn({
    name: 'int',
    doc: 'An integer from a float (truncated toward zero) or from a string of digits; a string that does not parse rejects the record.',
    params: [{ name: 'value', type: 'float | string', doc: 'the number or numeric text' }],
    returns: 'int',
    example: 'let count = int(row.count)',
  }),
  fn({
    name: 'float',
    doc: 'A float from an int, a numeric string, or a percent (as its fraction: `float(20%)` is 0.2); unparsable text rejects the record.',
    params: [{ name: 'value', type: 'int | float | string | percent', doc: 'the value to convert' }],
    returns: 'float',
    example: 'let score = float(row.score)',
  }),
];

const numbers: FunctionEntry[] = [
  fn({
    name: 'round',
    doc: 'Rounds to `digits` decimal places, halves away from zero.',
    params: [
      { name: 'value', type: 'float', doc: 'the number to round' },
      { name: 'digits', type: 'int', default: 0, doc: 'decimal places to keep; negative rounds to tens, hundreds, …' },
    ],
    returns: 'float',
    example: 'let shown = round(ratio, digits: 2)',
  }),
  fn({
    name: 'min',
    doc: 'The smallest number of a list; an empty list rejects the record.',
    params: [{ name: 'values', type: 'list<float>', doc: 'the numbers (ints are accepted)' }],
    returns: 'float',
    example: 'let lowest = min(values: scores)',
  }),
  fn({
    name: 'max',
    doc: 'The largest number of a list; an empty list rejects the record.',
    params: [{ name: 'values', type: 'list<float>', doc: 'the numbers (ints are accepted)' }],
    returns: 'float',
    example: 'let highest = max(values: scores)',
  }),
  fn({
    name: 'abs',
    doc: 'The absolute value of a number.',
    params: [{ name: 'value', type: 'float', doc: 'the number' }],
    returns: 'float',
    example: 'let error = abs(estimate - truth)',
  }),
];

const strings: FunctionEntry[] = [
  fn({
    name: 'lower',
    doc: 'The text in lower case (Unicode-aware).',
    params: [{ name: 'text', type: 'string', doc: 'the text' }],
    returns: 'string',
    example: 'let label = lower(row.label)',
  }),
  fn({
    name: 'upper',
    doc: 'The text in upper case (Unicode-aware).',
    params: [{ name: 'text', type: 'string', doc: 'the text' }],
    returns: 'string',
    example: 'let letter = upper(row.letter)',
  }),
  fn({
    name: 'trim',
    doc: 'The text without leading and trailing white space.',
    params: [{ name: 'text', type: 'string', doc: 'the text' }],
    returns: 'string',
    example: 'let caption = trim(raw_caption)',
  }),
  fn({
    name: 'join',
    doc: 'The items joined into one string with a separator between each pair.',
    params: [
      { name: 'items', type: 'list<string>', doc: 'the strings to join, in order' },
      { name: 'separator', type: 'string', default: ', ', doc: 'placed between consecutive items' },
    ],
    returns: 'string',
    example: 'let listed = join(phrases, separator: "; ")',
  }),
];

const lists: FunctionEntry[] = [
  fn({
    name: 'len',
    doc: 'The number of items in a list or characters in a string.',
    generics: ['T'],
    params: [{ name: 'value', type: 'list<T> | string', doc: 'a list or a string' }],
    returns: 'int',
  }),
  fn({
    name: 'concat',
    doc: 'The items of `a` followed by the items of `b`.',
    generics: ['T'],
    params: [
      { name: 'a', type: 'list<T>', doc: 'the first list' },
      { name: 'b', type: 'list<T>', doc: 'the list appended to it' },
    ],
    returns: 'list<T>',
    example: 'let labels = concat(region_labels(regions), ["silence"])',
  }),
  fn({
    name: 'contains',
    doc: 'Whether a list holds an item equal to `item`, or a string holds `item` as a substring.',
    generics: ['T'],
    params: [
      { name: 'collection', type: 'list<T> | string', doc: 'the list or string searched' },
      { name: 'item', type: 'T | string', doc: 'the item (for a list) or substring (for a string) looked for' },
    ],
    returns: 'bool',
    example: 'where not contains(distractors, answer) else "answer among distractors"',
  }),
  fn({
    name: 'unique',
    doc: 'The items without repeats, each kept at its first occurrence.',
    generics: ['T'],
    params: [{ name: 'items', type: 'list<T>', doc: 'the list' }],
    returns: 'list<T>',
    example: 'let phrases = unique(noun_phrases(caption))',
  }),
  fn({
    name: 'first',
    doc: 'The first item of a list, or null when the list is empty.',
    generics: ['T'],
    params: [{ name: 'items', type: 'list<T>', doc: 'the list' }],
    returns: 'T?',
    example: 'let top = first(detections)',
  }),
  fn({
    name: 'coalesce',
    doc: 'The value when it is not null, otherwise the fallback.',
    generics: ['T'],
    params: [
      { name: 'value', type: 'T?', doc: 'a value that may be null' },
      { name: 'fallback', type: 'T', doc: 'used when `value` is null' },
    ],
    returns: 'T',
    example: 'let scene = coalesce(scene, "unknown")',
  }),
];

// Units never mix implicitly; these are the explicit crossings.
const units: FunctionEntry[] = [
  fn({
    name: 'to_seconds',
    doc: 'Converts a frame count to seconds at a frame rate.',
    params: [
      { name: 'frames', type: 'frames', doc: 'a frame count' },
      { name: 'fps', type: 'float', doc: 'frames per second' },
    ],
    returns: 'seconds',
    example: 'let t = to_seconds(clip.frame_count, clip.fps)',
  }),
  fn({
    name: 'to_frames',
    doc: 'Converts seconds to the index of the frame showing that instant (rounded down) at a frame rate.',
    params: [
      { name: 'seconds', type: 'seconds', doc: 'a time' },
      { name: 'fps', type: 'float', doc: 'frames per second' },
    ],
    returns: 'frames',
    example: 'let cut = to_frames(split.evidence.start, clip.fps)',
  }),
  fn({
    name: 'seconds',
    doc: 'Gives a plain number the unit seconds.',
    params: [{ name: 'value', type: 'float', doc: 'a number of seconds' }],
    returns: 'seconds',
    example: 'let onset = seconds(row.onset)',
  }),
  fn({
    name: 'pixels',
    doc: 'Gives a plain number the unit pixels.',
    params: [{ name: 'value', type: 'float', doc: 'a number of pixels' }],
    returns: 'pixels',
    example: 'let margin = pixels(row.margin)',
  }),
  fn({
    name: 'percent_of',
    doc: 'A percent as a fraction between 0 and 1 (`percent_of(20%)` is 0.2).',
    params: [{ name: 'value', type: 'percent', doc: 'the percent' }],
    returns: 'float',
    example: 'let fraction = percent_of(qa_share)',
  }),
  fn({
    name: 'point_to_px',
    doc: 'A normalised point (0-1 of width and height) in pixel coordinates of an image.',
    params: [
      { name: 'point', type: 'point<norm>', doc: 'x and y as fractions of width and height' },
      imageParam('the image whose size scales the point'),
    ],
    returns: 'point<px>',
    example: 'let target = point_to_px(predicted, image: media)',
  }),
  fn({
    name: 'point_to_norm',
    doc: 'A pixel point as fractions (0-1) of an image\'s width and height.',
    params: [
      { name: 'point', type: 'point<px>', doc: 'x and y in pixels' },
      imageParam('the image whose size divides the point'),
    ],
    returns: 'point<norm>',
    example: 'let answer = point_to_norm(point, image: media)',
  }),
  fn({
    name: 'box_to_px',
    doc: 'A normalised box (0-1 of width and height) in pixel coordinates of an image.',
    params: [
      { name: 'box', type: 'box<norm>', doc: 'corners as fractions of width and height' },
      imageParam('the image whose size scales the box'),
    ],
    returns: 'box<px>',
    example: 'let region = box_to_px(row.box, image: media)',
  }),
  fn({
    name: 'box_to_norm',
    doc: 'A pixel box as fractions (0-1) of an image\'s width and height.',
    params: [
      { name: 'box', type: 'box<px>', doc: 'corners in pixels' },
      imageParam('the image whose size divides the box'),
    ],
    returns: 'box<norm>',
    example: 'let answer = box_to_norm(detection.box, image: media)',
  }),
  fn({
    name: 'segment_to_seconds',
    doc: 'A segment in frames converted to seconds at a frame rate.',
    params: [
      { name: 'segment', type: 'segment<frames>', doc: 'start and end frames' },
      { name: 'fps', type: 'float', doc: 'frames per second' },
    ],
    returns: 'segment<s>',
    example: 'let span = segment_to_seconds(row.frames, fps: media.fps)',
  }),
  fn({
    name: 'segment_to_frames',
    doc: 'A segment in seconds converted to frames at a frame rate (start rounded down, end rounded up).',
    params: [
      { name: 'segment', type: 'segment<s>', doc: 'start and end in seconds' },
      { name: 'fps', type: 'float', doc: 'frames per second' },
    ],
    returns: 'segment<frames>',
    example: 'let frames = segment_to_frames(split.evidence, fps: media.fps)',
  }),
  fn({
    name: 'segment',
    doc: 'A time segment from its start and end; an end before the start rejects the record.',
    params: [
      { name: 'start', type: 'seconds', doc: 'where the segment begins' },
      { name: 'end', type: 'seconds', doc: 'where it ends' },
    ],
    returns: 'segment<s>',
    example: 'let span = segment(start: 1.5s, end: 4s)',
  }),
  fn({
    name: 'point',
    doc: 'A point in pixel coordinates (origin top left, y down).',
    params: [
      { name: 'x', type: 'pixels', doc: 'distance from the left edge' },
      { name: 'y', type: 'pixels', doc: 'distance from the top edge' },
    ],
    returns: 'point<px>',
    example: 'let click = point(x: 120px, y: 64px)',
  }),
  fn({
    name: 'box',
    doc: 'A box in pixel coordinates from its corners; x2 < x1 or y2 < y1 rejects the record.',
    params: [
      { name: 'x1', type: 'pixels', doc: 'left edge' },
      { name: 'y1', type: 'pixels', doc: 'top edge' },
      { name: 'x2', type: 'pixels', doc: 'right edge' },
      { name: 'y2', type: 'pixels', doc: 'bottom edge' },
    ],
    returns: 'box<px>',
    example: 'let region = box(x1: 10px, y1: 20px, x2: 110px, y2: 90px)',
  }),
];

const text: FunctionEntry[] = [
  fn({
    name: 'noun_phrases',
    doc: 'The distinct noun phrases of a text in order of appearance (spaCy-style noun chunks).',
    params: [
      { name: 'text', type: 'string', doc: 'the text, e.g. a caption' },
      { name: 'max', type: 'int', default: 8, doc: 'at most this many phrases, the earliest kept' },
      { name: 'strip_determiners', type: 'bool', default: true, doc: 'drop leading articles and determiners ("the red cup" -> "red cup")' },
    ],
    returns: 'list<string>',
    example: 'let phrases = noun_phrases(caption, max: 5)',
  }),
];

const geometry: FunctionEntry[] = [
  fn({
    name: 'sample_point',
    doc: 'A point inside a mask chosen by a strategy, deterministic from the seed, node and record key.',
    params: [
      { name: 'mask', type: 'mask', doc: 'the region to sample in' },
      {
        name: 'strategy',
        type: 'enum("center_of_mass", "central", "edge_aware")',
        default: 'edge_aware',
        doc: '`center_of_mass`: the centroid, moved to the nearest mask pixel when it falls outside; `central`: random, biased toward the centroid; `edge_aware`: random among pixels at least `margin` inside the boundary',
      },
      { name: 'margin', type: 'pixels', default: 4, doc: 'least distance from the mask boundary; the deepest interior pixel is used when none is that far in' },
    ],
    returns: 'point<px>',
    example: 'let point = sample_point(mask: mask, strategy: "edge_aware", margin: 4px)',
  }),
  fn({
    name: 'mask_from_box',
    doc: 'A mask of the image\'s size that is set exactly inside a box.',
    params: [
      { name: 'box', type: 'box<px>', doc: 'the region to fill' },
      imageParam('gives the mask its width and height'),
    ],
    returns: 'mask',
    example: 'let mask = mask_from_box(detection.box, image: media)',
  }),
  fn({
    name: 'mask_area',
    doc: 'The number of pixels set in a mask.',
    params: [{ name: 'mask', type: 'mask', doc: 'the mask' }],
    returns: 'int',
    example: 'where mask_area(mask) >= 400 else "object too small"',
  }),
  fn({
    name: 'box_of',
    doc: 'The tightest pixel box around the set pixels of a mask; an empty mask rejects the record.',
    params: [{ name: 'mask', type: 'mask', doc: 'the mask' }],
    returns: 'box<px>',
    example: 'let region = box_of(mask)',
  }),
  fn({
    name: 'point_in',
    doc: 'Whether a point falls on a set pixel of a mask (false outside the image).',
    params: [
      { name: 'point', type: 'point<px>', doc: 'the point' },
      { name: 'mask', type: 'mask', doc: 'the region' },
    ],
    returns: 'bool',
    example: 'where point_in(point, mask) else "point outside its mask"',
  }),
  fn({
    name: 'point_margin',
    doc: 'How far a point lies inside a mask: the distance from its pixel to the nearest pixel outside the mask (centre to centre, the image border counting as outside, as `sample_point` measures it); 0 when the point is not on the mask.',
    params: [
      { name: 'point', type: 'point<px>', doc: 'the point' },
      { name: 'mask', type: 'mask', doc: 'the region' },
    ],
    returns: 'pixels',
    example: 'where point_margin(point, mask) >= 6px else "point too near the edge of its mask"',
  }),
  fn({
    name: 'mask_box_iou',
    doc: 'Whether a mask fills a box: the IoU of the tightest box around the mask with the box (1 when the mask touches every side of the box and stays inside it; 0 for an empty mask). Compares a segmenter\'s mask with the box it was prompted with, whatever the object\'s shape.',
    params: [
      { name: 'mask', type: 'mask', doc: 'the mask, e.g. from a box-prompted segmenter' },
      { name: 'box', type: 'box<px>', doc: 'the box, e.g. the detector\'s' },
    ],
    returns: 'float',
    example: 'where mask_box_iou(mask, box) >= 0.8 else "mask and box disagree"',
  }),
];

// Region questions must have one unambiguous answer, so ties reject the record.
const regions: FunctionEntry[] = [
  fn({
    name: 'longest_region',
    doc: 'The region with the longest span; a tie within `min_margin` rejects the record as ambiguous.',
    params: [
      regionsParam,
      { name: 'min_margin', type: 'seconds', default: 0, doc: 'the longest must exceed the runner-up by more than this' },
    ],
    returns: REGION,
    example: 'let answer = longest_region(regions, min_margin: 0.5s).label',
  }),
  fn({
    name: 'earliest_region',
    doc: 'The region that starts first; a tie within `min_margin` rejects the record as ambiguous.',
    params: [
      regionsParam,
      { name: 'min_margin', type: 'seconds', default: 0, doc: 'the earliest must start before the runner-up by more than this' },
    ],
    returns: REGION,
    example: 'let answer = earliest_region(regions, min_margin: 0.25s).label',
  }),
  fn({
    name: 'max_overlap',
    doc: 'The largest number of regions active at one instant (spans are half-open, so touching ends do not overlap).',
    params: [regionsParam],
    returns: 'int',
    example: 'let overlapping = max_overlap(regions)',
  }),
  fn({
    name: 'region_labels',
    doc: 'The distinct labels of the regions, in order of first start.',
    params: [regionsParam],
    returns: 'list<string>',
    example: 'let sounds = region_labels(regions)',
  }),
  fn({
    name: 'total_duration',
    doc: 'The time covered by the union of the regions\' spans (overlaps counted once), optionally of one label only.',
    params: [
      regionsParam,
      { name: 'label', type: 'string?', default: null, doc: 'count only regions with this label; all regions when absent' },
    ],
    returns: 'seconds',
    example: 'let barking = total_duration(regions, label: "dog")',
  }),
  fn({
    name: 'durations_trace',
    doc: 'A reasoning trace listing each region\'s start, end and exact duration, one line per region in order of start.',
    params: [
      regionsParam,
      { name: 'digits', type: 'int', default: 2, doc: 'decimal places for the times shown' },
    ],
    returns: 'string',
    example: 'let trace = durations_trace(regions)',
  }),
];

const video: FunctionEntry[] = [
  fn({
    name: 'temporal_split',
    doc: 'Cuts a video at `ratio` of its duration (on a frame boundary): the first part is the model\'s input, the rest the evidence for the answer.',
    params: [
      { name: 'video', type: 'video', doc: 'the clip to split' },
      { name: 'ratio', type: 'percent', default: 70, doc: 'share of the duration kept as context' },
    ],
    returns: '{context: video, evidence: segment<s>}',
    example: 'let split = temporal_split(video: media, ratio: 70%)',
  }),
];

const multipleChoice: FunctionEntry[] = [
  fn({
    name: 'choices',
    doc: 'Multiple-choice options shuffled deterministically from the seed, node and record key, with the correct letter and a `text` of "A. …" lines; distractors equal to the answer are dropped, and too few left rejects the record.',
    params: [
      { name: 'correct', type: 'string', doc: 'the correct answer' },
      { name: 'distractors', type: 'list<string>', doc: 'plausible wrong answers; the first `count - 1` distinct ones are used' },
      { name: 'count', type: 'int', default: 4, doc: 'number of options, the correct one included' },
      { name: 'letters', type: 'string', default: 'ABCD', doc: 'option letters, one character per option' },
    ],
    returns: '{options: list<string>, letter: string, text: string}',
    example: 'let mc = choices(correct: q.answer, distractors: q.distractors)',
  }),
  fn({
    name: 'options_text',
    doc: 'Renders options as lines "A. …", "B. …", for a prompt.',
    params: [
      { name: 'options', type: 'list<string>', doc: 'the options, in order' },
      { name: 'letters', type: 'string', default: 'ABCDEFGHIJ', doc: 'option letters, one character per option' },
    ],
    returns: 'string',
    example: 'let listed = options_text(options)',
  }),
  fn({
    name: 'letter_of',
    doc: 'The option letter for a 0-based index (0 is "A").',
    params: [{ name: 'index', type: 'int', doc: 'the option\'s position, from 0' }],
    returns: 'string',
    example: 'let letter = letter_of(answer_index)',
  }),
];

export const functionEntries: FunctionEntry[] = [
  ...core, ...conversions, ...numbers, ...strings, ...lists, ...units, ...text, ...geometry, ...regions, ...video, ...multipleChoice,
];
