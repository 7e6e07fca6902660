// Protocol Buffers wire format, just enough to write ONNX models by hand
// (scripts/make-geometry-samples.ts, test/models/fixtures/onnx-graph.ts).

export type Field = Uint8Array;

export function varint(value: number | bigint): number[] {
  let rest = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    out.push(rest > 0n ? byte | 0x80 : byte);
  } while (rest > 0n);
  return out;
}

export const concat = (parts: readonly (Field | number[])[]): Field => Uint8Array.from(parts.flatMap((part) => [...part]));
/** A varint field. */
export const int = (field: number, value: number): Field => Uint8Array.from([...varint(field << 3), ...varint(value)]);
/** A length-delimited field. */
export const bytes = (field: number, body: Field): Field => Uint8Array.from([...varint((field << 3) | 2), ...varint(body.length), ...body]);
export const text = (field: number, value: string): Field => bytes(field, new TextEncoder().encode(value));
export const packedFloats = (field: number, values: readonly number[]): Field => bytes(field, new Uint8Array(Float32Array.from(values).buffer));
export const packedInts = (field: number, values: readonly number[]): Field => bytes(field, Uint8Array.from(values.flatMap((value) => varint(value))));
