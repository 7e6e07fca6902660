// Every step of the registry, by name.
import { balance } from './balance.ts';
import { dedup } from './dedup.ts';
import { limit } from './limit.ts';
import { sample } from './sample.ts';
import { shuffleChoices } from './shuffle-choices.ts';
import type { Step } from './types.ts';

export type { Step, StepContext } from './types.ts';

export const steps: ReadonlyMap<string, Step> = new Map<string, Step>([
  ['dedup', dedup],
  ['sample', sample],
  ['limit', limit],
  ['shuffle_choices', shuffleChoices],
  ['balance', balance],
]);
