// Checks a source row against the record type the recipe declared, converting
// what a file format cannot say (CSV strings to numbers and booleans). A row
// that does not fit is rejected with the first reason, never silently changed.
import type { Type } from '../../compiler/types/type.ts';
import { typeToString } from '../../compiler/types/type.ts';
import { isMedia, type Fields, type Value } from '../values.ts';

export class ConformError extends Error {}

export function conformRecord(fields: Fields, type: Type): Fields {
  if (type.kind !== 'record') return fields;
  const result: Record<string, Value> = {};
  for (const field of type.fields) {
    const value = fields[field.name];
    if (value === undefined || value === null || value === '' && field.type.kind !== 'string') {
      if (field.optional || field.type.kind === 'optional') {
        result[field.name] = null;
        continue;
      }
      throw new ConformError(`field \`${field.name}\` is missing`);
    }
    result[field.name] = conformValue(value, field.optional ? { kind: 'optional', inner: field.type } : field.type, field.name);
  }
  return result;
}

function fail(path: string, type: Type, value: Value): never {
  const shown = JSON.stringify(value);
  throw new ConformError(`field \`${path}\` should be \`${typeToString(type)}\`, found ${shown && shown.length > 40 ? shown.slice(0, 40) + '…' : shown}`);
}

export function conformValue(value: Value, type: Type, path: string): Value {
  switch (type.kind) {
    case 'any': case 'error': case 'typevar':
      return value;
    case 'optional':
      return value === null || value === undefined ? null : conformValue(value, type.inner, path);
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : fail(path, type, value);
    case 'int': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      return typeof n === 'number' && Number.isInteger(n) ? n : fail(path, type, value);
    }
    case 'float': case 'seconds': case 'pixels': case 'frames': case 'percent': {
      const n = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? n : fail(path, type, value);
    }
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return fail(path, type, value);
    case 'enum':
      return typeof value === 'string' && type.members.includes(value) ? value : fail(path, type, value);
    case 'list': {
      const list = typeof value === 'string' ? parseJson(value, path, type) : value;
      if (!Array.isArray(list)) return fail(path, type, value);
      return list.map((item, i) => conformValue(item, type.element, `${path}[${i}]`));
    }
    case 'record': {
      const object = typeof value === 'string' ? parseJson(value, path, type) : value;
      if (typeof object !== 'object' || object === null || Array.isArray(object) || isMedia(object)) return fail(path, type, value);
      try {
        return conformRecord(object as Fields, type);
      } catch (error) {
        throw new ConformError(`in \`${path}\`: ${(error as Error).message}`);
      }
    }
    case 'union':
      for (const member of type.members) {
        try {
          return conformValue(value, member, path);
        } catch {
          // try the next member
        }
      }
      return fail(path, type, value);
    case 'image': case 'audio': case 'video':
      return isMedia(value) && value.$media === type.kind ? value : fail(path, type, value);
    case 'point':
      return geometry(value, ['x', 'y'], type, path);
    case 'box':
      return geometry(value, ['x1', 'y1', 'x2', 'y2'], type, path);
    case 'segment':
      return geometry(value, ['start', 'end'], type, path);
    case 'mask':
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'size' in value && 'counts' in value) return value;
      return fail(path, type, value);
    default:
      return value;
  }
}

function parseJson(text: string, path: string, type: Type): Value {
  try {
    return JSON.parse(text) as Value;
  } catch {
    return fail(path, type, text);
  }
}

/** Geometry arrives as an array (`[x, y]`) or as an object (`{x, y}`); it is held as an object. */
function geometry(value: Value, names: readonly string[], type: Type, path: string): Value {
  const numbers = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null ? names.map((n) => (value as Fields)[n]) : null;
  if (!numbers || numbers.length !== names.length || !numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return fail(path, type, value);
  return Object.fromEntries(names.map((n, i) => [n, numbers[i] as number]));
}
