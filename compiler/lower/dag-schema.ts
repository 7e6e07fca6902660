// The execution DAG: the one contract between the compiler and the runtime.
// Bump DAG_VERSION whenever the shape or the meaning of a field changes.
import { z } from 'zod';

export const DAG_VERSION = 1;

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export const Json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(Json), z.record(z.string(), Json)]));

/**
 * A lowered expression, evaluated by the runtime against one record.
 * Quantities are in base units: seconds, pixels, and fractions for percentages.
 */
export type DagExpr =
  | { lit: Json }
  | { field: string }
  | { member: [DagExpr, string] }
  | { index: [DagExpr, DagExpr] }
  | { call: string; args: Record<string, DagExpr> }
  | { op: string; args: DagExpr[] }
  | { if: [DagExpr, DagExpr, DagExpr] }
  | { list: DagExpr[] }
  | { record: Record<string, DagExpr> }
  | { template: string }
  | { env: string };

export const DagExpr: z.ZodType<DagExpr> = z.lazy(() => z.union([
  z.object({ lit: Json }).strict(),
  z.object({ field: z.string() }).strict(),
  z.object({ member: z.tuple([DagExpr, z.string()]) }).strict(),
  z.object({ index: z.tuple([DagExpr, DagExpr]) }).strict(),
  z.object({ call: z.string(), args: z.record(z.string(), DagExpr) }).strict(),
  z.object({ op: z.string(), args: z.array(DagExpr) }).strict(),
  z.object({ if: z.tuple([DagExpr, DagExpr, DagExpr]) }).strict(),
  z.object({ list: z.array(DagExpr) }).strict(),
  z.object({ record: z.record(z.string(), DagExpr) }).strict(),
  z.object({ template: z.string() }).strict(),
  z.object({ env: z.string() }).strict(),
]));

/** A verifier as it ships with the data: JSON, so a trainer can rebuild it. */
export interface VerifierSpec {
  name: string;
  version: string;
  params: Record<string, Json>;
  children?: VerifierSpec[];
}
export const VerifierSpec: z.ZodType<VerifierSpec> = z.lazy(() => z.object({
  name: z.string(),
  version: z.string(),
  params: z.record(z.string(), Json),
  children: z.array(VerifierSpec).optional(),
}));

export const NodeKind = z.enum(['source', 'operator', 'model_call', 'gate', 'emit', 'curriculum', 'mixture', 'sink']);
export type NodeKind = z.infer<typeof NodeKind>;

export const Location = z.object({ file: z.string(), line: z.number().int(), column: z.number().int() });

export const DagNode = z.object({
  /** Content hash of kind, op, params and input ids: an edit changes this node's id and its descendants' only. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  kind: NodeKind,
  op: z.string(),
  /** The stage the node belongs to, if any (not part of the id). */
  stage: z.string().nullable(),
  params: z.record(z.string(), Json),
  inputs: z.array(z.string()),
  /** The record type the node yields, in rlr type syntax. */
  output: z.string(),
  location: Location.nullable(),
});
export type DagNode = z.infer<typeof DagNode>;

export const DagModel = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.string(),
  task: z.string(),
  /** Properties that change what the model returns; they enter the id of every call node. */
  identity: z.record(z.string(), Json),
  /** Properties that change only how calls are made (concurrency, rate, timeout, retries, cache). */
  runtime: z.record(z.string(), Json),
  /** Secrets by environment variable name; values are never in the DAG. */
  secrets: z.record(z.string(), z.object({ env: z.string() })),
});
export type DagModel = z.infer<typeof DagModel>;

export const Dag = z.object({
  format: z.literal('rlr-dag'),
  version: z.literal(DAG_VERSION),
  recipe: z.object({
    name: z.string(),
    version: z.string(),
    seed: z.number().int(),
    description: z.string().nullable(),
    license: z.string().nullable(),
    /** sha256 of every source text of the recipe and its imports. */
    hash: z.string(),
  }),
  params: z.record(z.string(), Json),
  models: z.array(DagModel),
  nodes: z.array(DagNode),
  edges: z.array(z.object({ from: z.string(), to: z.string(), type: z.string() })),
  /** The sink node's id: the root of the run. */
  sink: z.string(),
});
export type Dag = z.infer<typeof Dag>;
