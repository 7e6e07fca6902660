// The Arrow schemas of the two splits (DESIGN.md section 3), one per split for every
// shard and domain, and the Hugging Face `datasets` features derived from them.
//
// Every field is nullable and every list item is named `item`, because `datasets`
// keeps the features stored in the metadata only when the type they imply equals the
// file's type field for field, and pyarrow's defaults are nullable fields and `item`.
import { Binary, DataType, Field, Float64, Int32, Int64, List, Precision, Schema, Struct, Utf8 } from 'apache-arrow';

function field(name: string, type: DataType): Field {
  return new Field(name, type, true);
}

function listOf<T extends DataType>(item: T): List<T> {
  return new List(new Field('item', item, true));
}

export const UTF8 = new Utf8();
export const BINARY = new Binary();
export const INT32 = new Int32();
export const INT64 = new Int64();
export const FLOAT64 = new Float64();

export const MESSAGE = new Struct([field('role', UTF8), field('content', UTF8)]);
export const MESSAGES = listOf(MESSAGE);
export const REWARD_MODEL = new Struct([field('style', UTF8), field('ground_truth', UTF8)]);
export const VERIFIER = new Struct([field('name', UTF8), field('version', UTF8), field('params', UTF8)]);
export const EXTRA_INFO = new Struct([
  field('split', UTF8), field('index', INT64), field('stage', UTF8), field('group', UTF8), field('key', UTF8),
]);
/** The Hugging Face `Image` storage layout. */
export const IMAGE = new Struct([field('bytes', BINARY), field('path', UTF8)]);
export const IMAGES = listOf(IMAGE);
/**
 * `start` and `end` are the part of the file that is shown, in seconds (null: the whole file).
 * `frames` holds PNG frames at `fps` for videos made as frame sequences (already cut to
 * `start`..`end`); it is empty when the video is a file.
 */
export const VIDEO = new Struct([
  field('bytes', BINARY), field('path', UTF8), field('fps', FLOAT64), field('start', FLOAT64), field('end', FLOAT64),
  field('frames', listOf(BINARY)),
]);
export const VIDEOS = listOf(VIDEO);
export const AUDIO = new Struct([field('bytes', BINARY), field('path', UTF8), field('sampling_rate', INT32)]);
export const AUDIOS = listOf(AUDIO);

const RL_FIELDS = [
  field('id', UTF8),
  field('data_source', UTF8),
  field('prompt', MESSAGES),
  field('ability', UTF8),
  field('reward_model', REWARD_MODEL),
  field('verifier', VERIFIER),
  field('level', INT32),
  field('difficulty', FLOAT64),
  field('extra_info', EXTRA_INFO),
  field('images', IMAGES),
  field('videos', VIDEOS),
  field('audios', AUDIOS),
];

const COT_FIELDS = [
  field('id', UTF8),
  field('data_source', UTF8),
  field('messages', MESSAGES),
  field('images', IMAGES),
  field('videos', VIDEOS),
  field('audios', AUDIOS),
  field('level', INT32),
  field('ability', UTF8),
];

/** The key under which `datasets` looks for its features, in Arrow schema and Parquet key-value metadata. */
export const HF_METADATA_KEY = 'huggingface';

/**
 * A `datasets` feature, in the JSON form that `datasets` 2.x, 3.x and 4.x all read:
 * `Value`, `Image`, a dict for a struct, `[item]` for a list of structs and
 * `Sequence` for a list of anything else.
 */
export type HfFeature =
  | { readonly dtype: string; readonly _type: 'Value' }
  | { readonly _type: 'Image' }
  | { readonly feature: HfFeature; readonly length: -1; readonly _type: 'Sequence' }
  | readonly [HfFeature]
  | { readonly [name: string]: HfFeature };

function valueDtype(type: DataType): string | null {
  if (DataType.isUtf8(type)) return 'string';
  if (DataType.isBinary(type)) return 'binary';
  if (DataType.isInt(type) && type.isSigned && (type.bitWidth === 32 || type.bitWidth === 64)) return `int${type.bitWidth}`;
  if (DataType.isFloat(type) && type.precision === Precision.DOUBLE) return 'float64';
  return null;
}

function isImageLayout(type: Struct): boolean {
  const [bytes, path] = type.children;
  return type.children.length === 2 && bytes.name === 'bytes' && DataType.isBinary(bytes.type)
    && path.name === 'path' && DataType.isUtf8(path.type);
}

function featureOf(type: DataType, imageColumn: boolean): HfFeature {
  if (DataType.isList(type)) {
    const item = featureOf(type.valueType, imageColumn);
    // `Sequence` of a dict means a dict of lists to `datasets` (its TFDS heritage), not a
    // list of structs; the bare one-element list is the list form every version reads.
    if (Array.isArray(item) || !('_type' in item)) return [item];
    return { feature: item, length: -1, _type: 'Sequence' };
  }
  if (DataType.isStruct(type)) {
    if (imageColumn && isImageLayout(type)) return { _type: 'Image' };
    const fields: Record<string, HfFeature> = {};
    for (const child of type.children) fields[child.name] = featureOf(child.type, false);
    return fields;
  }
  const dtype = valueDtype(type);
  if (dtype === null) throw new Error(`no datasets Value type for Arrow type ${String(type)}`);
  return { dtype, _type: 'Value' };
}

/** The `datasets` features of a schema; the `images` column is a sequence of `Image`. */
export function huggingfaceFeatures(fields: readonly Field[]): Record<string, HfFeature> {
  const features: Record<string, HfFeature> = {};
  for (const f of fields) features[f.name] = featureOf(f.type, f.name === 'images');
  return features;
}

function withHuggingfaceMetadata(fields: Field[]): Schema {
  const metadata = JSON.stringify({ info: { features: huggingfaceFeatures(fields) } });
  return new Schema(fields, new Map([[HF_METADATA_KEY, metadata]]));
}

export const RL_SCHEMA = withHuggingfaceMetadata(RL_FIELDS);
export const COT_SCHEMA = withHuggingfaceMetadata(COT_FIELDS);

export type SplitKind = 'rl' | 'cot';

export function schemaFor(kind: SplitKind): Schema {
  return kind === 'rl' ? RL_SCHEMA : COT_SCHEMA;
}
