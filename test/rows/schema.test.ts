import { DataType } from 'apache-arrow';
import type { Field } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { COT_SCHEMA, HF_METADATA_KEY, RL_SCHEMA, huggingfaceFeatures } from '../../runtime/rows/schema.ts';

const string = { dtype: 'string', _type: 'Value' };
const message = [{ role: string, content: string }];
const images = { feature: { _type: 'Image' }, length: -1, _type: 'Sequence' };
const videos = [{
  bytes: { dtype: 'binary', _type: 'Value' }, path: string,
  fps: { dtype: 'float64', _type: 'Value' }, start: { dtype: 'float64', _type: 'Value' }, end: { dtype: 'float64', _type: 'Value' },
  frames: { feature: { dtype: 'binary', _type: 'Value' }, length: -1, _type: 'Sequence' },
}];
const audios = [{ bytes: { dtype: 'binary', _type: 'Value' }, path: string, sampling_rate: { dtype: 'int32', _type: 'Value' } }];

describe('split schemas', () => {
  it('lay out the RL columns in the contract order with the contract types', () => {
    expect(RL_SCHEMA.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual([
      'id: Utf8',
      'data_source: Utf8',
      'prompt: List<Struct<{role:Utf8, content:Utf8}>>',
      'ability: Utf8',
      'reward_model: Struct<{style:Utf8, ground_truth:Utf8}>',
      'verifier: Struct<{name:Utf8, version:Utf8, params:Utf8}>',
      'level: Int32',
      'difficulty: Float64',
      'extra_info: Struct<{split:Utf8, index:Int64, stage:Utf8, group:Utf8, key:Utf8}>',
      'images: List<Struct<{bytes:Binary, path:Utf8}>>',
      'videos: List<Struct<{bytes:Binary, path:Utf8, fps:Float64, start:Float64, end:Float64, frames:List<Binary>}>>',
      'audios: List<Struct<{bytes:Binary, path:Utf8, sampling_rate:Int32}>>',
    ]);
  });

  it('lay out the CoT columns', () => {
    expect(COT_SCHEMA.fields.map((f) => f.name)).toEqual(['id', 'data_source', 'messages', 'images', 'videos', 'audios', 'level', 'ability']);
    expect(String(COT_SCHEMA.fields[2].type)).toBe('List<Struct<{role:Utf8, content:Utf8}>>');
  });

  it('make every field nullable and name list items `item`, as pyarrow does, so datasets keeps the stored features', () => {
    const notNullable = (fields: readonly Field[], path: string): string[] =>
      fields.flatMap((f) => [...(f.nullable ? [] : [path + f.name]), ...notNullable(f.type.children ?? [], `${path}${f.name}.`)]);
    expect(notNullable(RL_SCHEMA.fields, '')).toEqual([]);
    expect(notNullable(COT_SCHEMA.fields, '')).toEqual([]);
    const itemNames = [...RL_SCHEMA.fields, ...COT_SCHEMA.fields].filter((f) => DataType.isList(f.type)).map((f) => f.type.children[0].name);
    expect(itemNames).toEqual(['item', 'item', 'item', 'item', 'item', 'item', 'item', 'item']);
  });
});

describe('Hugging Face features', () => {
  it('describe the RL split with Value, Image, list-of-dict and Sequence forms every datasets version reads', () => {
    const stored = JSON.parse(RL_SCHEMA.metadata.get(HF_METADATA_KEY) ?? 'null') as unknown;
    expect(stored).toEqual({
      info: {
        features: {
          id: string,
          data_source: string,
          prompt: message,
          ability: string,
          reward_model: { style: string, ground_truth: string },
          verifier: { name: string, version: string, params: string },
          level: { dtype: 'int32', _type: 'Value' },
          difficulty: { dtype: 'float64', _type: 'Value' },
          extra_info: { split: string, index: { dtype: 'int64', _type: 'Value' }, stage: string, group: string, key: string },
          images,
          videos,
          audios,
        },
      },
    });
  });

  it('describe the CoT split', () => {
    const stored = JSON.parse(COT_SCHEMA.metadata.get(HF_METADATA_KEY) ?? 'null') as { info: { features: unknown } };
    expect(stored.info.features).toEqual({
      id: string, data_source: string, messages: message, images, videos, audios,
      level: { dtype: 'int32', _type: 'Value' }, ability: string,
    });
  });

  it('never use the datasets-4-only List type, nor Sequence around a dict (which datasets reads as a dict of lists)', () => {
    const json = JSON.stringify(huggingfaceFeatures(RL_SCHEMA.fields)) + JSON.stringify(huggingfaceFeatures(COT_SCHEMA.fields));
    expect(json).not.toContain('"List"');
    expect(json).not.toMatch(/"feature":\{"[a-z_]+":\{/);
  });
});
