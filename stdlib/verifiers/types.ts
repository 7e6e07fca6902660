// The contract every verifier implements. Scores are plain data so that the
// CLI, the reward server and the runtime's self-check share one code path.
import type { z } from 'zod';

/** What a verifier says about one response. `score` is null when no answer could be read. */
export interface ScoreResult {
  score: number | null;
  /** The answer as the verifier understood it (JSON-serialisable), null when none was found. */
  parsed: unknown;
  detail?: string;
}

/** A verifier spec as shipped in a dataset's `verifier.params` column. */
export interface VerifierSpec {
  name: string;
  params?: Record<string, unknown>;
  /** Only for combinators (`all`, `any`, `weighted`). */
  children?: VerifierSpec[];
}

export interface Verifier<P = unknown> {
  readonly name: string;
  readonly version: string;
  /** Validates raw params (JSON) into the typed params the other methods take. */
  readonly params: z.ZodType<P>;
  score(response: string, truth: unknown, params: P): ScoreResult;
  /** Renders a ground truth as a model answer that `score` must rate 1. */
  renderTruth(truth: unknown, params: P): string;
  /**
   * Format verifiers put an answer inside a frame (e.g. `<think>…</think><answer>…</answer>`);
   * combinators use this to render one response that satisfies every child.
   */
  wrapAnswer?(inner: string, params: P): string;
}

/**
 * Bad input to a verifier (unknown name, bad params, a truth of the wrong shape).
 * Callers turn it into an error message; it never means "the answer is wrong".
 */
export class VerifierInputError extends Error {
  override readonly name = 'VerifierInputError';
}
