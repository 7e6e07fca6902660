// The properties each language-level block accepts, in the registry's own
// parameter format so that checking, hover and completion treat them alike.
import type { ParamSpec } from '../../stdlib/registry/index.ts';

export const recipeHeaderProperties: ParamSpec[] = [
  { name: 'version', type: 'string', doc: 'the recipe\'s version, recorded in the manifest' },
  { name: 'seed', type: 'int', doc: 'every random choice derives from this seed, the node and the record key' },
  { name: 'description', type: 'string?', default: null, doc: 'one paragraph for the dataset card' },
  { name: 'license', type: 'string?', default: null, doc: 'the dataset\'s license, for the dataset card' },
];

export const emitProperties: ParamSpec[] = [
  { name: 'prompt', type: 'string', doc: 'the user turn; `<image>`, `<audio>`, `<video>` placeholders are added for each media item' },
  { name: 'system', type: 'string?', default: null, doc: 'an optional system turn' },
  { name: 'media', type: 'list<image | audio | video>', default: [], doc: 'media items shown with the prompt, in order' },
  { name: 'truth', type: 'any', doc: 'the ground truth, checked by the verifier' },
  { name: 'verifier', type: 'any', doc: 'a verifier declaration or a standard-library verifier call' },
  { name: 'difficulty', type: 'float', doc: 'from 0 (easiest) to 1 (hardest), used by the curriculum' },
  { name: 'domain', type: 'string', doc: 'the domain (verl `ability`), used by mixtures' },
  { name: 'trace', type: 'string?', default: null, doc: 'a reasoning trace; when present the example also goes to the CoT split' },
  { name: 'answer', type: 'string?', default: null, doc: 'the final answer shown after the trace; rendered from the truth when absent' },
  { name: 'group', type: 'string?', default: null, doc: 'examples with the same group never cross splits; the source record by default' },
];

export const curriculumProperties: ParamSpec[] = [
  { name: 'order', type: 'enum("by_level", "by_phase", "mixed")', default: 'by_level', doc: 'how train shards are ordered' },
];

export const levelProperties: ParamSpec[] = [
  { name: 'stages', type: 'list<any>', doc: 'the stages whose examples this level selects' },
  { name: 'where', type: 'bool', default: true, doc: 'a predicate over `difficulty` and `domain` of each example' },
];

export const mixtureProperties: ParamSpec[] = [
  { name: 'by', type: 'enum("domain", "stage")', default: 'domain', doc: 'what the weights are over' },
  { name: 'weights', type: 'any', doc: 'a map from domain (or stage) to weight' },
  { name: 'size', type: 'int', doc: 'the target number of examples in the split' },
  { name: 'on_short', type: 'enum("upsample", "fail")', default: 'upsample', doc: 'what to do when a domain has fewer examples than its share' },
  { name: 'upsample_cap', type: 'float', default: 3, doc: 'the most times one example may be repeated when upsampling' },
];

export const outputProperties: ParamSpec[] = [
  { name: 'dir', type: 'string', doc: 'the dataset folder, relative to the recipe' },
  { name: 'format', type: 'enum("parquet", "arrow")', default: 'parquet', doc: 'the shard format' },
  { name: 'shard_rows', type: 'int', default: 50000, doc: 'rows per shard at most' },
  { name: 'compression', type: 'enum("zstd", "snappy", "none")', default: 'zstd', doc: 'the Parquet codec' },
  { name: 'splits', type: '{train: percent, validation?: percent, test?: percent}', default: { train: 90, validation: 5, test: 5 }, doc: 'split fractions; they must sum to 100%' },
  { name: 'group', type: 'enum("record", "none")', default: 'record', doc: 'what keeps derived examples in one split: `record`, the source record they came from; `none`, nothing (an emit\'s `group` still wins)' },
  { name: 'strict', type: 'bool', default: false, doc: 'stop the run at the first rejected record instead of recording it' },
];

export const mixtureSplits = ['rl', 'cot'] as const;
