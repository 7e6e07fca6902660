// Every random choice derives from (seed, node id, record key, purpose), so a
// record gets the same draws on every machine, in every order, on every rerun.
// sha256 of those four spreads them over 128 bits of PRNG state; sfc32 (Chris
// Doty-Humphrey's small fast counter generator, PractRand-clean) then draws.
// It is written out here rather than taken from a package because the usual
// JS generators (pure-rand, seedrandom) take a 32-bit or string seed, and this
// needs the full 128 bits from the hash.
import { sha256Bytes } from '../hash.ts';

/** A stream of uniform numbers in [0, 1). */
export type RandomStream = () => number;

/** The deterministic stream for one purpose of one record at one node. */
export function randomFor(seed: number, nodeId: string, key: string, purpose = ''): RandomStream {
  const digest = sha256Bytes(JSON.stringify([seed, nodeId, key, purpose]));
  return sfc32(digest.readUInt32BE(0), digest.readUInt32BE(4), digest.readUInt32BE(8), digest.readUInt32BE(12));
}

function sfc32(a: number, b: number, c: number, d: number): RandomStream {
  const next = (): number => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of a freshly seeded sfc32 are correlated with its seed words.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A standard normal draw (Box-Muller), for strategies biased toward a centre. */
export function gaussian(random: RandomStream): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Fisher-Yates: a new array with the items in an order drawn from `random`. */
export function shuffled<T>(items: readonly T[], random: RandomStream): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
