// The types that flow through a recipe. Units are part of the type: seconds
// and frames, pixels and normalised coordinates never mix implicitly.

export type Space = 'px' | 'norm';
export type TimeBase = 's' | 'frames';

export interface RecordField {
  readonly name: string;
  readonly type: Type;
  readonly optional: boolean;
}

export type Type =
  | { readonly kind: 'string' }
  | { readonly kind: 'int' }
  | { readonly kind: 'float' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'null' }
  | { readonly kind: 'seconds' }
  | { readonly kind: 'frames' }
  | { readonly kind: 'pixels' }
  | { readonly kind: 'percent' }
  | { readonly kind: 'image' }
  | { readonly kind: 'audio' }
  | { readonly kind: 'video' }
  | { readonly kind: 'mask' }
  | { readonly kind: 'point'; readonly space: Space }
  | { readonly kind: 'box'; readonly space: Space }
  | { readonly kind: 'segment'; readonly time: TimeBase }
  | { readonly kind: 'list'; readonly element: Type }
  | { readonly kind: 'record'; readonly fields: readonly RecordField[] }
  | { readonly kind: 'optional'; readonly inner: Type }
  | { readonly kind: 'enum'; readonly members: readonly string[] }
  | { readonly kind: 'union'; readonly members: readonly Type[] }
  | { readonly kind: 'model'; readonly task: string }
  | { readonly kind: 'verifier'; readonly name: string; readonly truth: Type; readonly answer: Type }
  | { readonly kind: 'typevar'; readonly name: string }
  | { readonly kind: 'any' }
  /** The type of an expression that already has a diagnostic: compatible with everything, so one mistake gives one error. */
  | { readonly kind: 'error' };

type Simple = Extract<Type, { kind: 'string' | 'int' | 'float' | 'bool' | 'null' | 'seconds' | 'frames' | 'pixels' | 'percent' | 'image' | 'audio' | 'video' | 'mask' | 'any' | 'error' }>;
const simple = <K extends Simple['kind']>(kind: K) => ({ kind }) as Extract<Simple, { kind: K }>;

export const t = {
  string: simple('string'),
  int: simple('int'),
  float: simple('float'),
  bool: simple('bool'),
  null: simple('null'),
  seconds: simple('seconds'),
  frames: simple('frames'),
  pixels: simple('pixels'),
  percent: simple('percent'),
  image: simple('image'),
  audio: simple('audio'),
  video: simple('video'),
  mask: simple('mask'),
  any: simple('any'),
  error: simple('error'),
  point: (space: Space): Type => ({ kind: 'point', space }),
  box: (space: Space): Type => ({ kind: 'box', space }),
  segment: (time: TimeBase): Type => ({ kind: 'segment', time }),
  list: (element: Type): Type => ({ kind: 'list', element }),
  optional: (inner: Type): Type => (inner.kind === 'optional' || inner.kind === 'any' || inner.kind === 'error' ? inner : { kind: 'optional', inner }),
  record: (fields: RecordField[]): Extract<Type, { kind: 'record' }> => ({ kind: 'record', fields }),
  enum: (members: string[]): Type => ({ kind: 'enum', members }),
  union: (members: Type[]): Type => ({ kind: 'union', members }),
} as const;

/** The names that the type syntax knows without any declaration. */
export const builtinTypeNames = [
  'string', 'int', 'float', 'bool', 'seconds', 'frames', 'pixels', 'percent',
  'image', 'audio', 'video', 'mask', 'point', 'box', 'segment', 'list', 'any',
] as const;

export const isNumeric = (type: Type) => type.kind === 'int' || type.kind === 'float';
export const isUnitScalar = (type: Type) => type.kind === 'seconds' || type.kind === 'frames' || type.kind === 'pixels' || type.kind === 'percent';
export const isLenient = (type: Type) => type.kind === 'any' || type.kind === 'error';

export function stripOptional(type: Type): Type {
  return type.kind === 'optional' ? type.inner : type;
}

/** Can a value of type `from` be used where `to` is expected? */
export function isAssignable(from: Type, to: Type): boolean {
  if (isLenient(from) || isLenient(to) || from.kind === 'typevar' || to.kind === 'typevar') return true;
  if (from.kind === 'union') return from.members.every((member) => isAssignable(member, to));
  if (to.kind === 'union') return to.members.some((member) => isAssignable(from, member));
  if (to.kind === 'optional') return from.kind === 'null' || isAssignable(from.kind === 'optional' ? from.inner : from, to.inner);
  switch (to.kind) {
    case 'float':
      return from.kind === 'float' || from.kind === 'int';
    case 'string':
      return from.kind === 'string' || from.kind === 'enum';
    case 'enum':
      return from.kind === 'enum' && from.members.every((m) => to.members.includes(m));
    case 'point':
    case 'box':
      return from.kind === to.kind && from.space === to.space;
    case 'segment':
      return from.kind === 'segment' && from.time === to.time;
    case 'list':
      return from.kind === 'list' && isAssignable(from.element, to.element);
    case 'record':
      if (from.kind !== 'record') return false;
      return to.fields.every((field) => {
        const source = from.fields.find((f) => f.name === field.name);
        if (!source) return field.optional;
        return isAssignable(source.optional && !field.optional ? t.optional(source.type) : source.type, field.optional ? t.optional(field.type) : field.type);
      });
    case 'model':
      return from.kind === 'model' && (to.task === '*' || from.task === to.task);
    case 'verifier':
      return from.kind === 'verifier';
    default:
      return from.kind === to.kind;
  }
}

/**
 * The values that fit both types, or null when none do: what two verifiers
 * combined by `all`, `any` or `weighted` can both check.
 */
export function commonType(a: Type, b: Type): Type | null {
  if (isLenient(a) || isAssignable(b, a)) return b;
  if (isLenient(b) || isAssignable(a, b)) return a;
  const members = (x: Type) => (x.kind === 'union' ? x.members : [x]);
  const common: Type[] = [];
  for (const m of [...members(a).filter((m) => isAssignable(m, b)), ...members(b).filter((m) => isAssignable(m, a))]) {
    if (!common.some((c) => isAssignable(c, m) && isAssignable(m, c))) common.push(m);
  }
  if (common.length === 0) return null;
  return common.length === 1 ? common[0] : t.union(common);
}

export function typeToString(type: Type): string {
  switch (type.kind) {
    case 'point':
    case 'box':
      return `${type.kind}<${type.space}>`;
    case 'segment':
      return `segment<${type.time}>`;
    case 'list':
      return `list<${typeToString(type.element)}>`;
    case 'optional': {
      const inner = typeToString(type.inner);
      return type.inner.kind === 'union' ? `(${inner})?` : `${inner}?`;
    }
    case 'record':
      return `{${type.fields.map((f) => `${f.name}${f.optional ? '?' : ''}: ${typeToString(f.type)}`).join(', ')}}`;
    case 'enum':
      return `enum(${type.members.map((m) => JSON.stringify(m)).join(', ')})`;
    case 'union':
      return type.members.map(typeToString).join(' | ');
    case 'model':
      return `model<${type.task}>`;
    case 'verifier':
      return `verifier<${typeToString(type.truth)}>`;
    case 'typevar':
      return type.name;
    case 'error':
      return 'unknown';
    default:
      return type.kind;
  }
}

export function recordField(type: Type, name: string): RecordField | undefined {
  return type.kind === 'record' ? type.fields.find((f) => f.name === name) : undefined;
}

/** Adds or replaces fields, keeping the order in which fields first appeared. */
export function extendRecord(record: Extract<Type, { kind: 'record' }>, fields: readonly RecordField[]): Extract<Type, { kind: 'record' }> {
  const result = [...record.fields];
  for (const field of fields) {
    const index = result.findIndex((f) => f.name === field.name);
    if (index >= 0) result[index] = field;
    else result.push(field);
  }
  return t.record(result);
}

/** Replaces type variables by their bindings, e.g. `list<T>` with T = string. */
export function substitute(type: Type, bindings: ReadonlyMap<string, Type>): Type {
  switch (type.kind) {
    case 'typevar':
      return bindings.get(type.name) ?? t.any;
    case 'list':
      return t.list(substitute(type.element, bindings));
    case 'optional':
      return t.optional(substitute(type.inner, bindings));
    case 'union':
      return t.union(type.members.map((m) => substitute(m, bindings)));
    case 'record':
      return t.record(type.fields.map((f) => ({ ...f, type: substitute(f.type, bindings) })));
    default:
      return type;
  }
}

/** Binds type variables in `pattern` by matching it against `actual`. */
export function bindTypeVars(pattern: Type, actual: Type, bindings: Map<string, Type>): void {
  if (pattern.kind === 'typevar') {
    if (!bindings.has(pattern.name) && !isLenient(actual)) bindings.set(pattern.name, actual);
    return;
  }
  if (pattern.kind === 'list' && actual.kind === 'list') bindTypeVars(pattern.element, actual.element, bindings);
  if (pattern.kind === 'optional') bindTypeVars(pattern.inner, stripOptional(actual), bindings);
}

/** Members of media and geometry values: `clip.duration`, `box.width`, `image.height`. */
export function builtinMembers(type: Type): RecordField[] | undefined {
  const f = (name: string, ftype: Type): RecordField => ({ name, type: ftype, optional: false });
  switch (type.kind) {
    case 'image':
      return [f('path', t.string), f('width', t.pixels), f('height', t.pixels)];
    case 'audio':
      return [f('path', t.string), f('duration', t.seconds), f('sample_rate', t.int), f('channels', t.int)];
    case 'video':
      return [f('path', t.string), f('duration', t.seconds), f('fps', t.float), f('frame_count', t.frames), f('width', t.pixels), f('height', t.pixels)];
    case 'point': {
      const c = type.space === 'px' ? t.pixels : t.float;
      return [f('x', c), f('y', c)];
    }
    case 'box': {
      const c = type.space === 'px' ? t.pixels : t.float;
      return [f('x1', c), f('y1', c), f('x2', c), f('y2', c), f('width', c), f('height', c), f('center', t.point(type.space))];
    }
    case 'segment': {
      const c = type.time === 's' ? t.seconds : t.frames;
      return [f('start', c), f('end', c), f('length', c)];
    }
    case 'mask':
      return [f('area', t.int), f('width', t.pixels), f('height', t.pixels), f('bbox', t.box('px'))];
    case 'list':
      return [f('length', t.int)];
    case 'string':
      return [f('length', t.int)];
    default:
      return undefined;
  }
}
