// Mixtures: per split, deterministic weighted sampling to a target size.
// Each domain gets round(weight * size) examples (largest remainder, so the
// counts add up to the size exactly); a domain that runs short is upsampled
// (repeated, at most `cap` times over) or fails the run.

export interface MixtureSpec {
  readonly name: string;
  readonly split: 'rl' | 'cot';
  readonly by: 'domain' | 'stage';
  readonly weights: Readonly<Record<string, number>>;
  readonly size: number;
  readonly onShort: 'upsample' | 'fail';
  readonly upsampleCap: number;
}

export interface MixturePlan {
  /** How many examples to take from each domain (or stage). */
  readonly targets: Record<string, number>;
  /** How many are available. */
  readonly available: Record<string, number>;
  /** How many distinct examples are taken, and how many repeats. */
  readonly distinct: Record<string, number>;
  readonly repeats: Record<string, number>;
  readonly requested: Record<string, number>;
  readonly shortfalls: string[];
}

export class MixtureError extends Error {}

export function planMixture(spec: MixtureSpec, available: Readonly<Record<string, number>>): MixturePlan {
  const names = Object.keys(spec.weights).sort();
  const total = names.reduce((sum, name) => sum + Math.max(0, spec.weights[name]), 0);
  const requested: Record<string, number> = {};
  for (const name of names) requested[name] = total > 0 ? Math.max(0, spec.weights[name]) / total : 0;
  const exact = names.map((name) => requested[name] * spec.size);
  const floors = exact.map(Math.floor);
  let remainder = spec.size - floors.reduce((a, b) => a + b, 0);
  const order = names.map((_, i) => i).sort((a, b) => (exact[b] - floors[b]) - (exact[a] - floors[a]) || names[a].localeCompare(names[b]));
  for (const i of order) {
    if (remainder <= 0) break;
    floors[i]++;
    remainder--;
  }
  const targets: Record<string, number> = {};
  const distinct: Record<string, number> = {};
  const repeats: Record<string, number> = {};
  const shortfalls: string[] = [];
  names.forEach((name, i) => {
    const have = available[name] ?? 0;
    let target = floors[i];
    if (have < target) {
      const message = `${name}: ${have} examples for a target of ${target}`;
      if (spec.onShort === 'fail') throw new MixtureError(`mixture \`${spec.name}\` runs short of ${message}; lower its size or weight, or set on_short: upsample`);
      const capped = Math.floor(have * Math.max(1, spec.upsampleCap));
      if (capped < target) {
        shortfalls.push(`${message} (upsampling capped at ${spec.upsampleCap}x gives ${capped})`);
        target = capped;
      }
    }
    targets[name] = target;
    distinct[name] = Math.min(have, target);
    repeats[name] = Math.max(0, target - have);
  });
  return { targets, available: { ...available }, distinct, repeats, requested, shortfalls };
}

export function mixtureFrom(params: Record<string, unknown>): MixtureSpec {
  return {
    name: String(params.name ?? ''),
    split: params.split === 'cot' ? 'cot' : 'rl',
    by: params.by === 'stage' ? 'stage' : 'domain',
    weights: (params.weights ?? {}) as Record<string, number>,
    size: Number(params.size ?? 0),
    onShort: params.on_short === 'fail' ? 'fail' : 'upsample',
    upsampleCap: Number(params.upsample_cap ?? 3),
  };
}
