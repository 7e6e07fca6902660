// Ground truths are JSON of one encoding for every domain: points `[x, y]`,
// boxes `[x1, y1, x2, y2]`, segments `[start, end]` (seconds), masks as COCO
// RLE, records and lists element-wise. The runtime holds geometry as objects.
import type { Type } from '../../compiler/types/type.ts';
import type { Value, Fields } from '../values.ts';

export function encodeTruth(value: Value, type: Type): Value {
  if (value === null) return null;
  switch (type.kind) {
    case 'optional':
      return encodeTruth(value, type.inner);
    case 'point': {
      const p = value as Fields;
      return [p.x as number, p.y as number];
    }
    case 'box': {
      const b = value as Fields;
      return [b.x1 as number, b.y1 as number, b.x2 as number, b.y2 as number];
    }
    case 'segment': {
      const s = value as Fields;
      return [s.start as number, s.end as number];
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => encodeTruth(v, type.element)) : value;
    case 'record': {
      const record = value as Fields;
      return Object.fromEntries(type.fields.map((f) => [f.name, encodeTruth(record[f.name] ?? null, f.type)]));
    }
    case 'union': {
      // Geometry in a union is recognised by its shape.
      const object = value as Fields;
      if (typeof value === 'object' && !Array.isArray(value)) {
        if ('x1' in object) return encodeTruth(value, { kind: 'box', space: 'px' });
        if ('x' in object && 'y' in object) return encodeTruth(value, { kind: 'point', space: 'px' });
        if ('start' in object && 'end' in object) return encodeTruth(value, { kind: 'segment', time: 's' });
      }
      return value;
    }
    default:
      return value;
  }
}
