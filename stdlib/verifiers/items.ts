// One scoring request as JSON, shared by `rlr score` and the reward server:
// `{"verifier": name | spec, "params"?: {…}, "children"?: [spec…], "response": "…", "truth": …}`.
import { z } from 'zod';
import { prepareCached, VerifierSpecSchema } from './index.ts';
import { VerifierInputError, type ScoreResult, type VerifierSpec } from './types.ts';

export const ScoreItemSchema = z.object({
  verifier: z.union([z.string(), VerifierSpecSchema]).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  children: z.array(VerifierSpecSchema).optional(),
  response: z.string(),
  truth: z.unknown(),
  /** Lets a server started with a dataset find the verifier when none is given. */
  data_source: z.string().nullish(),
  id: z.string().nullish(),
});
export type ScoreItem = z.infer<typeof ScoreItemSchema>;

export type ScoreOutput = ScoreResult | { score: null; parsed: null; error: string };

/** Finds a spec for items that name only their data source (the reward server started with a dataset). */
export type SpecResolver = (item: ScoreItem) => VerifierSpec | null;

export function itemSpec(item: ScoreItem, resolve?: SpecResolver): VerifierSpec {
  if (typeof item.verifier === 'string') {
    return { name: item.verifier, ...(item.params ? { params: item.params } : {}), ...(item.children ? { children: item.children } : {}) };
  }
  if (item.verifier) return item.verifier;
  const resolved = resolve?.(item) ?? null;
  if (resolved) return resolved;
  throw new VerifierInputError(
    typeof item.data_source === 'string'
      ? `no verifier given and data source \`${item.data_source}\` is not known (start the server with --dataset)`
      : 'no `verifier` given',
  );
}

/** Describes why a JSON value is not a score item, in one line. */
export function describeItemError(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? `\`${issue.path.join('.')}\`: ` : '';
  return `${where}${issue.message}; expected {"verifier": name, "params"?: {…}, "response": string, "truth": …}`;
}

/** Validates and scores one JSON value. Bad input comes back as an `error`, never as a throw. */
export function scoreJsonItem(value: unknown, resolve?: SpecResolver): ScoreOutput {
  const parsed = ScoreItemSchema.safeParse(value);
  if (!parsed.success) return { score: null, parsed: null, error: describeItemError(parsed.error) };
  try {
    const item = parsed.data;
    return prepareCached(itemSpec(item, resolve)).score(item.response, item.truth);
  } catch (error) {
    if (error instanceof VerifierInputError) return { score: null, parsed: null, error: error.message };
    // A verifier bug must not take down a training run's reward server: report it on the item.
    return { score: null, parsed: null, error: `internal error: ${(error as Error).message}` };
  }
}

export function isErrorOutput(output: ScoreOutput): output is { score: null; parsed: null; error: string } {
  return 'error' in output;
}
