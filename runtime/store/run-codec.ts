// How a spill run encodes its values: MessagePack records (msgpackr). A
// record writes an object as a structure id and its field values; the
// structure (the object's key list) is defined once per run, not once per
// value. The first 32 shapes of a run share ids across all its values and
// their key lists are stored in the run's own file header, written with its
// blocks in one file and one commit, so a run needs nothing outside itself to
// decode. Rarer shapes beyond those are defined inline in each value that uses
// them, as self-contained msgpackr values are. On the records the dataset
// assembly spills, against plain maps: 198 bytes instead of 378, ~30 % less
// time to encode, ~3x less to decode (see bench/store.ts). Encoding a whole
// block as one array is ~10 % faster still, but would keep the caller's
// objects alive, and open to change, until their run is written.
import { Packr, REUSE_BUFFER_MODE, Unpackr } from 'msgpackr';
import type { StoreValue } from './value.ts';

/** One key list per shared structure id, in id order. */
export type Structures = string[][];

/** msgpackr's shared-structure table: it appends key lists and counts the shared ones in `sharedLength`. */
type SharedTable = Structures & { sharedLength?: number };

/** A buffer of msgpackr's, with the bounds of the value just encoded into it. */
export type EncodedSlab = Buffer & { readonly start: number; readonly end: number };

/** Encodes the values of one run; every value it encodes refers to its structures. */
export class RunEncoder {
  private readonly table: SharedTable = [];
  // Without `saveStructures`, msgpackr keeps the table in memory and never resets it.
  private readonly packr = new Packr({ structures: this.table });

  /**
   * Encodes `value` into msgpackr's current slab, a buffer of ~8 KiB that
   * later values (of any encoder) fill on from the end of this one, never
   * writing over it: the value is `[slab.start, slab.end)` of the slab returned,
   * with no view object made for it.
   */
  encode(value: unknown): EncodedSlab {
    return this.packr.pack(value, REUSE_BUFFER_MODE) as EncodedSlab;
  }

  /** A copy of the structures the values encoded so far refer to: ids are never reassigned, only added. */
  structures(): Structures {
    return this.table.slice(0, this.table.sharedLength ?? 0).map((keys) => [...keys]);
  }
}

/** Decodes the values of one run from its structures. Bytes come back as copies, so a kept value does not pin a block. */
export class RunDecoder {
  private readonly unpackr: Unpackr;

  constructor(structures: Structures) {
    this.unpackr = new Unpackr({ structures, copyBuffers: true, mapsAsObjects: true });
  }

  decode(source: Uint8Array, start = 0, end = source.length): StoreValue {
    return this.unpackr.unpack(source, { start, end }) as StoreValue;
  }
}

// The header's own encoding: plain MessagePack arrays, no records.
const plain = new Packr({ useRecords: false });

export function encodeStructures(structures: Structures): Buffer {
  return plain.pack(structures);
}

export function decodeStructures(bytes: Uint8Array): Structures {
  const structures = plain.unpack(bytes) as unknown;
  if (!Array.isArray(structures) || !structures.every((keys) => Array.isArray(keys))) throw new Error('not a list of key lists');
  return structures as Structures;
}
