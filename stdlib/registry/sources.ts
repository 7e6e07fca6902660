// Source kinds: files, media folders, Label Studio exports, a policy's rollouts and generators.
// Generators are deterministic from the recipe seed and the record index, and
// every record they yield carries a `difficulty` between 0 (easiest) and 1.
import type { ParamSpec, SourceEntry } from './schema.ts';

type Entry = Omit<SourceEntry, 'kind' | 'generator' | 'paths'> & { generator?: boolean; paths?: string[] };
const source = (entry: Entry): SourceEntry => ({ kind: 'source', generator: false, paths: [], ...entry });
const generator = (entry: Omit<Entry, 'generator' | 'paths' | 'adds'>): SourceEntry => source({ ...entry, generator: true });

const MEDIA = 'enum("image", "audio", "video")';

/**
 * One response of a policy, with the example it answers: `id` is the RL row's id and `index` the
 * response's place among that row's responses (in file order); `score` is the row's own verifier's
 * score (0 when it read no answer, and then `answered` is false); `trace` is the reasoning inside
 * `<think>…</think>`, else the text before the final answer; `prompt` is the user turn without its
 * media placeholders; `split` is the row's split in the dataset; `stale_verifier` says the dataset
 * was written with another version of the verifier than the one that scored the response.
 */
const ROLLOUT_RECORD = '{id: string, index: int, prompt: string, system: string?, response: string, trace: string, score: float, answered: bool, '
  + 'truth: any, stage: string, domain: string, difficulty: float, level: int, split: string, media: list<image | audio | video>, stale_verifier: bool}';

/** Parameters every generator takes: how many records, and the band of difficulty to draw from. */
const generatorParams = (what: string): ParamSpec[] => [
  { name: 'count', type: 'int', doc: `number of ${what} generated` },
  { name: 'min_difficulty', type: 'float', default: 0, doc: 'lower end of the difficulty band (0-1) drawn from' },
  { name: 'max_difficulty', type: 'float', default: 1, doc: 'upper end of the difficulty band (0-1) drawn from' },
];
const sizeParams = (side: number): ParamSpec[] => [
  { name: 'width', type: 'pixels', default: side, doc: 'width of each rendered image' },
  { name: 'height', type: 'pixels', default: side, doc: 'height of each rendered image' },
];

const inputs: SourceEntry[] = [
  source({
    name: 'file',
    doc: 'Rows of a JSON Lines, CSV, Parquet or Arrow file; the recipe declares the record schema.',
    params: [
      { name: 'path', type: 'string', doc: 'the file, relative to the recipe' },
      { name: 'format', type: 'enum("jsonl", "csv", "parquet", "arrow")', doc: 'the file format' },
      { name: 'key', type: 'string?', default: null, doc: 'the field that identifies a record; the row number when absent' },
    ],
    adds: '{row: int}',
    paths: ['path'],
    example: 'source qa: {question: string, answer: string} = file { path: "data/qa.jsonl" format: jsonl }',
  }),
  source({
    name: 'folder',
    doc: 'One record per media file matching a glob, with declared fields read from a sidecar; `media` is narrowed to the declared kind.',
    params: [
      { name: 'glob', type: 'string', doc: 'the files, relative to the recipe, e.g. `data/clips/*.wav`' },
      { name: 'media', type: MEDIA, doc: 'the kind of media the files hold' },
      { name: 'sidecar', type: 'enum("json", "none")', default: 'json', doc: '`json`: the declared fields come from `<stem>.json` beside each file; `none`: no metadata' },
      { name: 'key', type: 'enum("path", "stem")', default: 'stem', doc: 'what identifies a record: the relative path or the file name without extension' },
    ],
    adds: '{media: image | audio | video, path: string, stem: string}',
    paths: ['glob'],
    example: 'source clips: {scene: string?} = folder { glob: "data/clips/*.wav" media: audio sidecar: json }',
  }),
  source({
    name: 'label_studio',
    doc: 'Tasks of a Label Studio JSON export, one record per task; the recipe declares the schema of the annotation fields.',
    params: [
      { name: 'path', type: 'string', doc: 'the export file, relative to the recipe' },
      { name: 'media', type: MEDIA, doc: 'the kind of media the tasks show' },
      { name: 'media_root', type: 'string?', default: null, doc: 'folder, relative to the recipe, where the exported media are found by file name (Label Studio\'s upload prefix removed); the export\'s own paths, relative to the recipe, when absent' },
    ],
    adds: '{media: image | audio | video, annotator: string?}',
    paths: ['path', 'media_root'],
    example: 'source marked: {regions: list<{label: string, span: segment<s>}>} = label_studio { path: "exports/sounds.json" media: audio }',
  }),
  source({
    name: 'rollouts',
    doc: 'A policy\'s responses to the prompts of a dataset rlr wrote, joined with its RL rows and scored by each row\'s own verifier: one record per response. Unknown ids and malformed rows are rejected with the reason.',
    params: [
      { name: 'dataset', type: 'string', doc: 'the dataset folder an rlr run wrote, relative to the recipe; its `rl/` shards are read' },
      { name: 'responses', type: 'string', doc: 'a JSON Lines or Parquet file of `{id, response}` or `{id, responses: [...]}` rows, `id` being an RL row\'s id, relative to the recipe' },
      { name: 'format', type: 'enum("jsonl", "parquet")?', default: null, doc: 'the responses file\'s format; from its extension when absent (`.parquet`, else JSON Lines)' },
    ],
    yields: ROLLOUT_RECORD,
    paths: ['dataset', 'responses'],
    example: 'source attempts = rollouts { dataset: "out/quickstart" responses: "rollouts.jsonl" }',
  }),
];

const generators: SourceEntry[] = [
  generator({
    name: 'math_problems',
    level: 1,
    doc: 'Math word and symbolic problems with exact answers and step-by-step traces.',
    params: [
      ...generatorParams('problems'),
      {
        name: 'kinds',
        type: 'list<enum("arithmetic", "fractions", "linear", "system", "percent", "word")>',
        default: ['arithmetic', 'fractions', 'linear', 'system', 'percent', 'word'],
        doc: 'kinds of problem drawn, in equal shares',
      },
      { name: 'max_steps', type: 'int', default: 6, doc: 'most solution steps a problem needs at difficulty 1' },
      { name: 'max_digits', type: 'int', default: 4, doc: 'most digits in any operand at difficulty 1' },
    ],
    yields: '{question: string, answer: string, trace: string, difficulty: float, kind: string, steps: int}',
    example: 'source problems = math_problems { count: 5000 kinds: ["arithmetic", "linear"] }',
  }),
  generator({
    name: 'chart_questions',
    level: 2,
    doc: 'Rendered charts of random data with comparison questions, exact answers, multiple-choice options and traces.',
    params: [
      ...generatorParams('charts'),
      { name: 'kinds', type: 'list<enum("bar", "grouped_bar", "line", "pie")>', default: ['bar', 'grouped_bar', 'line', 'pie'], doc: 'kinds of chart drawn, in equal shares' },
      { name: 'series', type: 'int', default: 3, doc: 'most data series per chart (grouped bars and lines)' },
      { name: 'categories', type: 'int', default: 8, doc: 'most categories or points per series' },
      ...sizeParams(640),
    ],
    yields: '{image: image, question: string, answer: string, options: list<string>, letter: string, trace: string, difficulty: float, chart: string}',
    example: 'source charts = chart_questions { count: 2000 kinds: ["bar", "line"] series: 2 }',
  }),
  generator({
    name: 'geometric_scenes',
    level: 3,
    doc: 'Rendered scenes of simple objects with a referring instruction, the target\'s mask and a point inside it.',
    params: [
      ...generatorParams('scenes'),
      { name: 'scene', type: 'enum("plate", "board")', default: 'plate', doc: '`plate`: objects on a plate; `board`: pieces on a grid board' },
      { name: 'objects', type: 'int', default: 6, doc: 'most objects per scene at difficulty 1' },
      { name: 'min_object_size', type: 'pixels', default: 24, doc: 'smallest object side at difficulty 1' },
      ...sizeParams(512),
    ],
    yields: '{image: image, instruction: string, target: mask, label: string, point: point<px>, trace: string, difficulty: float}',
    example: 'source scenes = geometric_scenes { count: 3000 scene: board objects: 8 }',
  }),
  generator({
    name: 'audio_scenes',
    doc: 'Mixed clips of labelled sounds over background noise with exact regions and questions about them.',
    params: [
      ...generatorParams('clips'),
      { name: 'sounds', type: 'int', default: 4, doc: 'most sounds per clip at difficulty 1' },
      { name: 'snr', type: 'float', default: 0, doc: 'lowest signal-to-noise ratio in dB of a sound over the background, at difficulty 1' },
      { name: 'max_overlap', type: 'int', default: 2, doc: 'most sounds heard at once at difficulty 1' },
      { name: 'duration', type: 'seconds', default: 10, doc: 'length of each clip' },
      { name: 'sample_rate', type: 'int', default: 16000, doc: 'samples per second of the rendered audio' },
    ],
    yields: '{audio: audio, question: string, answer: string, options: list<string>, letter: string, regions: list<{label: string, span: segment<s>}>, trace: string, difficulty: float}',
    example: 'source scenes = audio_scenes { count: 2000 sounds: 3 snr: 10 max_overlap: 1 }',
  }),
  generator({
    name: 'motion_clips',
    doc: 'Short rendered clips of moving shapes with a multiple-choice question about what happens next.',
    params: [
      ...generatorParams('clips'),
      { name: 'objects', type: 'int', default: 3, doc: 'most moving objects per clip at difficulty 1' },
      { name: 'duration', type: 'seconds', default: 4, doc: 'length of each clip' },
      { name: 'fps', type: 'float', default: 8, doc: 'frames per second of the rendered clip' },
      ...sizeParams(256),
    ],
    yields: '{video: video, question: string, options: list<string>, letter: string, answer: string, trace: string, difficulty: float}',
    example: 'source motion = motion_clips { count: 1000 objects: 2 duration: 3s }',
  }),
];

export const sourceEntries: SourceEntry[] = [...inputs, ...generators];
