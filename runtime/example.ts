// An emitted example, before it becomes an RL row (and a CoT row when it has a trace).
import type { MediaValue, Value } from './values.ts';

/** A verifier as it ships with the data (the DAG's VerifierSpec). */
export interface ShippedVerifier {
  readonly name: string;
  readonly version: string;
  readonly params: Record<string, unknown>;
  readonly children?: ShippedVerifier[];
}

export type Split = 'train' | 'validation' | 'test';

export interface Example {
  /** Stable id, shared by the RL row and the CoT row: a hash of recipe, stage and record key. */
  readonly id: string;
  readonly recipe: string;
  readonly stage: string;
  readonly key: string;
  readonly group: string;
  readonly prompt: string;
  readonly system: string | null;
  readonly media: readonly MediaValue[];
  /** The ground truth, JSON-encoded for every type (points `[x, y]`, boxes `[x1, y1, x2, y2]`, segments `[start, end]`, masks COCO RLE). */
  readonly truth: Value;
  readonly verifier: ShippedVerifier;
  readonly difficulty: number;
  readonly domain: string;
  readonly trace: string | null;
  /** The final answer after the trace; the verifier's rendering of the truth when the recipe gives none. */
  readonly answer: string;
  readonly level: number;
  readonly split: Split;
  /** Position within its split, after curriculum ordering and mixture sampling. */
  readonly index: number;
}
