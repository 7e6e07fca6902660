// The emit's self-check, remembered per ground truth: a verifier is a pure
// function of (response, truth), and datasets repeat truths (answer letters,
// yes/no, small numbers), so the same truth is rendered and scored once.
// Truths whose key would be long (masks, long texts) are not remembered.
import type { PreparedVerifier, ScoreResult } from '../../stdlib/verifiers/index.ts';
import type { Value } from '../values.ts';

export interface SelfCheck {
  /** The verifier's rendering of the truth, the answer the example ships when the recipe gives none. */
  readonly rendered: string;
  /** How the verifier scores that rendering (1 when the example is sound). */
  readonly result: ScoreResult;
}

const MAX_KEY_LENGTH = 256;
/** Truths remembered per verifier; the memo starts afresh when full. */
const MAX_ENTRIES = 16_384;

const memos = new WeakMap<PreparedVerifier, Map<string, SelfCheck>>();

export function selfCheck(prepared: PreparedVerifier, truth: Value): SelfCheck {
  const key = memoKey(truth);
  if (key === null) return compute(prepared, truth);
  let memo = memos.get(prepared);
  if (!memo) memos.set(prepared, (memo = new Map()));
  const known = memo.get(key);
  if (known) return known;
  const checked = compute(prepared, truth);
  if (memo.size >= MAX_ENTRIES) memo.clear();
  memo.set(key, checked);
  return checked;
}

function compute(prepared: PreparedVerifier, truth: Value): SelfCheck {
  const rendered = prepared.renderTruth(truth);
  return { rendered, result: prepared.score(rendered, truth) };
}

function memoKey(truth: Value): string | null {
  if (typeof truth === 'string') return truth.length <= MAX_KEY_LENGTH ? `s${truth}` : null;
  if (typeof truth === 'number' || typeof truth === 'boolean') return `${typeof truth}:${truth}`;
  const json = JSON.stringify(truth);
  return json.length <= MAX_KEY_LENGTH ? `j${json}` : null;
}
