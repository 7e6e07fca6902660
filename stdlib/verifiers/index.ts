// The verifier lookup and the one entry point every caller scores through:
// the CLI, the reward server and the runtime's self-check.
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { boxIou, pointInBox, pointInMask } from './spatial.ts';
import { choice } from './choice.ts';
import { combinators, type CombinatorDefinition } from './combinators.ts';
import { format } from './format.ts';
import { math } from './math/verifier.ts';
import { numeric } from './numeric.ts';
import { parseParams } from './params.ts';
import { rollout } from './rollout.ts';
import { duration, segmentIouVerifier } from './temporal.ts';
import { exact, normalized } from './text.ts';
import { VerifierInputError, type ScoreResult, type Verifier, type VerifierSpec } from './types.ts';

export { VerifierInputError, type ScoreResult, type Verifier, type VerifierSpec } from './types.ts';

// Each verifier has its own params type; the table erases it, and `prepare`
// re-establishes it by parsing params with that verifier's own schema.
const leaves: Verifier<unknown>[] = [
  exact, normalized, numeric, math, choice, pointInBox, pointInMask, boxIou, segmentIouVerifier, duration, format, rollout,
];

const leafByName = new Map(leaves.map((v) => [v.name, v]));
const combinatorByName = new Map(combinators.map((c) => [c.name, c]));

export const verifierNames: readonly string[] = [...leafByName.keys(), ...combinatorByName.keys()];

/** Name and version of every verifier, for manifests and the server's health check. */
export function verifierVersions(): Record<string, string> {
  return Object.fromEntries([...leaves, ...combinators].map((v) => [v.name, v.version]));
}

export function getVerifier(name: string): Verifier<unknown> | CombinatorDefinition | undefined {
  return leafByName.get(name) ?? combinatorByName.get(name);
}

export const VerifierSpecSchema: z.ZodType<VerifierSpec> = z.lazy(() =>
  z.object({
    name: z.string(),
    params: z.record(z.string(), z.unknown()).optional(),
    children: z.array(VerifierSpecSchema).optional(),
  }),
);

/** A spec checked once (names, params, children), ready to score many responses. */
export interface PreparedVerifier {
  name: string;
  version: string;
  score(response: string, truth: unknown): ScoreResult;
  renderTruth(truth: unknown): string;
  wrapAnswer?: (inner: string) => string;
}

function suggest(name: string): string {
  const close = verifierNames.filter((candidate) => distance(candidate, name) <= 2).slice(0, 3);
  return close.length > 0 ? ` (did you mean ${close.map((c) => `\`${c}\``).join(', ')}?)` : '';
}

export function prepare(raw: unknown): PreparedVerifier {
  const parsed = VerifierSpecSchema.safeParse(raw);
  if (!parsed.success) {
    throw new VerifierInputError('a verifier spec is {"name": string, "params"?: object, "children"?: [spec, …]}');
  }
  const spec = parsed.data;
  const leaf = leafByName.get(spec.name);
  if (leaf) {
    if (spec.children && spec.children.length > 0) throw new VerifierInputError(`verifier \`${spec.name}\` takes no child verifiers`);
    const params = parseParams(spec.name, leaf.params, spec.params);
    return {
      name: leaf.name,
      version: leaf.version,
      score: (response, truth) => leaf.score(response, truth, params),
      renderTruth: (truth) => leaf.renderTruth(truth, params),
      ...(leaf.wrapAnswer ? { wrapAnswer: (inner: string) => leaf.wrapAnswer!(inner, params) } : {}),
    };
  }
  const combinator = combinatorByName.get(spec.name);
  if (!combinator) {
    throw new VerifierInputError(`unknown verifier \`${spec.name}\`${suggest(spec.name)}; known: ${verifierNames.join(', ')}`);
  }
  return prepareCombinator(combinator, spec);
}

function prepareCombinator(combinator: CombinatorDefinition, spec: VerifierSpec): PreparedVerifier {
  const params = parseParams(spec.name, combinator.params, spec.params);
  const children = (spec.children ?? []).map(prepare);
  const arity = combinator.checkArity(children.length, params);
  if (arity) throw new VerifierInputError(`verifier \`${spec.name}\` ${arity}`);
  return {
    name: combinator.name,
    version: combinator.version,
    score: (response, truth) =>
      combinator.combine(children.map((child) => ({ name: child.name, result: child.score(response, truth) })), params),
    renderTruth: (truth) => renderForAll(children, truth, combinator.name === 'any'),
  };
}

/**
 * One response meant to satisfy every child: the answers of the plain verifiers,
 * one per line, inside the frame of the format verifiers. For `any`, the first
 * child's rendering suffices.
 */
function renderForAll(children: PreparedVerifier[], truth: unknown, firstOnly: boolean): string {
  if (firstOnly) return children[0].renderTruth(truth);
  const frames = children.filter((child) => child.wrapAnswer);
  const answers = [...new Set(children.filter((child) => !child.wrapAnswer).map((child) => child.renderTruth(truth)))];
  if (answers.length === 0) return frames[0].renderTruth(truth);
  return frames.reduce((inner, frame) => frame.wrapAnswer!(inner), answers.join('\n'));
}

const preparedCache = new Map<string, PreparedVerifier>();

/** Prepares a spec, reusing the preparation for specs seen before (rows share a handful of specs). */
export function prepareCached(spec: VerifierSpec): PreparedVerifier {
  const key = JSON.stringify(spec);
  let prepared = preparedCache.get(key);
  if (!prepared) {
    prepared = prepare(spec);
    if (preparedCache.size > 1000) preparedCache.clear();
    preparedCache.set(key, prepared);
  }
  return prepared;
}

/** Scores one response. Throws VerifierInputError for a bad spec or ground truth. */
export function scoreWith(spec: VerifierSpec, response: string, truth: unknown): ScoreResult {
  return prepareCached(spec).score(response, truth);
}

/** Renders a ground truth as an answer the spec's verifier must score 1 (the runtime's self-check). */
export function renderTruthWith(spec: VerifierSpec, truth: unknown): string {
  return prepareCached(spec).renderTruth(truth);
}
