// Train / validation / test by a hash of the group key: every example of a
// group lands in the same split, and the assignment does not depend on order.
import { sha256Bytes } from '../hash.ts';
import type { Split } from '../example.ts';

export interface SplitFractions {
  readonly train: number;
  readonly validation?: number;
  readonly test?: number;
}

/** A number in [0, 1) from a hash, the same on every machine. */
export function unitHash(...parts: readonly (string | number)[]): number {
  const digest = sha256Bytes(parts.join('\0'));
  return digest.readUInt32BE(0) / 2 ** 32 + digest.readUInt32BE(4) / 2 ** 64;
}

export function assignSplit(seed: number, group: string, fractions: SplitFractions): Split {
  const u = unitHash('split', seed, group);
  const train = fractions.train;
  const validation = fractions.validation ?? 0;
  if (u < train) return 'train';
  if (u < train + validation || (fractions.test ?? 0) === 0) return validation > 0 ? 'validation' : 'train';
  return 'test';
}

export const splitNames: readonly Split[] = ['train', 'validation', 'test'];
