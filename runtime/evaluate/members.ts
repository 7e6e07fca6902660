// `value.name` at run time: record fields, and the computed members the type
// system gives media, geometry, masks, lists and strings. Null propagates, so
// `scene.name` on an absent `scene` is null, not an error.
import { isMedia, type MediaValue, type Value } from '../values.ts';
import { isMaskValue, maskArea, maskBounds, maskRle } from '../../stdlib/functions/mask-bitmap.ts';
import { RecordRejected } from './reject.ts';

type Fields = { readonly [field: string]: Value };

export function memberOf(value: Value, name: string): Value {
  if (value === null) return null;
  if (typeof value === 'string') {
    if (name === 'length') return [...value].length;
    throw new RecordRejected(`a string has no member \`${name}\``);
  }
  if (Array.isArray(value)) {
    if (name === 'length') return value.length;
    throw new RecordRejected(`a list has no member \`${name}\``);
  }
  if (typeof value !== 'object') throw new RecordRejected(`a ${typeof value} has no member \`${name}\``);
  if (isMedia(value)) return mediaMember(value, name);
  const record = value as Fields;
  if (Object.hasOwn(record, name)) return record[name] ?? null;
  return computedMember(record, name);
}

function computedMember(record: Fields, name: string): Value {
  if (isMaskValue(record)) {
    const rle = maskRle(record);
    if (name === 'area') return maskArea(rle);
    if (name === 'height') return rle.size[0];
    if (name === 'width') return rle.size[1];
    if (name === 'bbox') {
      const bounds = maskBounds(rle);
      if (!bounds) throw new RecordRejected('the mask is empty, so it has no `bbox`');
      return bounds;
    }
  }
  if (isBox(record)) {
    if (name === 'width') return record.x2 - record.x1;
    if (name === 'height') return record.y2 - record.y1;
    if (name === 'center') return { x: (record.x1 + record.x2) / 2, y: (record.y1 + record.y2) / 2 };
  }
  if (isSegment(record) && name === 'length') return record.end - record.start;
  // An optional field the record does not carry.
  return null;
}

function mediaMember(media: MediaValue, name: string): Value {
  let value: Value | undefined;
  switch (name) {
    case 'path': value = media.path; break;
    // A clip cut by `temporal_split` shows only its part of the file.
    case 'duration': value = media.clip ? media.clip.end - media.clip.start : media.duration; break;
    case 'frame_count':
      value = media.clip && media.fps !== undefined ? Math.round((media.clip.end - media.clip.start) * media.fps) : media.frame_count;
      break;
    case 'width': value = media.width; break;
    case 'height': value = media.height; break;
    case 'sample_rate': value = media.sample_rate; break;
    case 'channels': value = media.channels; break;
    case 'fps': value = media.fps; break;
    default: throw new RecordRejected(`${media.$media} has no member \`${name}\``);
  }
  if (value === undefined) throw new RecordRejected(`the ${name} of ${media.$media} \`${media.path}\` is unknown`);
  return value;
}

type Numbers<K extends string> = { readonly [P in K]: number };

function isBox(record: Fields): record is Fields & Numbers<'x1' | 'y1' | 'x2' | 'y2'> {
  return typeof record.x1 === 'number' && typeof record.y1 === 'number' && typeof record.x2 === 'number' && typeof record.y2 === 'number';
}

function isSegment(record: Fields): record is Fields & Numbers<'start' | 'end'> {
  return typeof record.start === 'number' && typeof record.end === 'number';
}
