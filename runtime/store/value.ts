// What the store can hold: JSON-shaped data plus bytes, encoded with
// MessagePack (msgpackr, through lmdb). Each value is self-describing: no
// shared structure table lives outside the entry, so a rolled-back or torn
// transaction can never leave an entry that later fails to decode.

/** A value as it comes back from the store. Bytes come back as `Buffer`, a `Uint8Array`. */
export type StoreValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | readonly StoreValue[]
  | { readonly [field: string]: StoreValue | undefined };

type Leaf = string | number | boolean | null | undefined | Uint8Array;
type Refused = bigint | symbol | ((...args: never[]) => unknown) | Date | ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>;
/** `Shallower[D]` is D - 1, and never below 0. */
type Shallower = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * `true` when every part of `T` survives the encoding unchanged, `false` (or
 * `boolean`) when some part does not. A check on `T` rather than a union, so
 * that interfaces, which have no index signature, are accepted; it looks ten
 * levels deep, which keeps recursive types (the runtime's `Value`) cheap.
 * `-0` reads back as `0`; `undefined` fields stay `undefined`.
 */
export type IsStorable<T, D extends number = 10> = 0 extends 1 & T
  ? true // any: the caller has opted out of checking
  : [D] extends [never]
    ? true
    : T extends Leaf
      ? true
      : T extends Refused
        ? false
        : T extends readonly (infer Element)[]
          ? IsStorable<Element, Shallower[D]>
          : T extends object
            ? IsStorable<T[keyof T], Shallower[D]>
            : false;

/**
 * Intersected with `T` in a parameter (`value: T & StorableEntry<T>`): no
 * constraint when `T` is storable and never `undefined` (a read returns
 * `undefined` for "absent"), `never` otherwise, so a bad value fails to compile.
 */
export type StorableEntry<T> = undefined extends T ? never : false extends IsStorable<T> ? never : unknown;

export function assertDefined(value: unknown, what: string): void {
  if (value === undefined) throw new TypeError(`${what}: cannot store undefined (a read returns undefined for a missing entry)`);
}
