// `rollout()` stands for the verifier each rollout's example was written with:
// a stage over a `rollouts` source takes the real spec from every record (see
// runtime/execute/emit.ts), so this placeholder itself never scores anything.
import { z } from 'zod';
import { VerifierInputError, type Verifier } from './types.ts';

export const ROLLOUT_VERIFIER = 'rollout';

const unresolved = (): never => {
  throw new VerifierInputError('`rollout()` stands for the verifier of each rollout\'s example, which the dataset names: score with that verifier instead');
};

export const rollout: Verifier<Record<string, never>> = {
  name: ROLLOUT_VERIFIER,
  version: '1.0.0',
  params: z.strictObject({}),
  score: unresolved,
  renderTruth: unresolved,
};
