// Turns zod failures on params and truths into one readable line each, because
// these messages reach people through the CLI, the server and the self-check.
import { z } from 'zod';
import { VerifierInputError } from './types.ts';

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? `\`${issue.path.join('.')}\`: ` : '';
      return `${where}${issue.message}`;
    })
    .join('; ');
}

/** Validates a verifier's params; unknown keys are errors so that typos do not pass silently. */
export function parseParams<P>(verifier: string, schema: z.ZodType<P>, raw: unknown): P {
  const result = schema.safeParse(raw ?? {});
  if (!result.success) {
    throw new VerifierInputError(`bad params for verifier \`${verifier}\`: ${describeIssues(result.error)}`);
  }
  return result.data;
}

/** Validates a ground truth against the shape the verifier expects. */
export function parseTruth<T>(verifier: string, schema: z.ZodType<T>, raw: unknown, expected: string): T {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new VerifierInputError(
      `bad ground truth for verifier \`${verifier}\`: expected ${expected}, found ${JSON.stringify(raw)?.slice(0, 80) ?? 'undefined'}`,
    );
  }
  return result.data;
}

/** A finite number, the building block of coordinates, seconds and tolerances. */
export const finite = z.number().refine(Number.isFinite, 'expected a finite number');
