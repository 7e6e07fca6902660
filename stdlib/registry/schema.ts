// The standard library's signatures are data: one entry per operator, source,
// model task, gate and verifier. The type checker, hover, completion and the
// generated reference all read these entries; implementations live elsewhere.
import { z } from 'zod';

/** A type written in rlr's own type syntax, e.g. `list<{label: string, box: box<px>}>`. */
export const TypeText = z.string().min(1);

export const ParamSpec = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  type: TypeText,
  /** JSON default; absent means the parameter is required. */
  default: z.unknown().optional(),
  doc: z.string(),
});
export type ParamSpec = z.infer<typeof ParamSpec>;

const base = {
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  doc: z.string().min(1),
  params: z.array(ParamSpec),
  /** An example of use in recipe syntax, for the reference and hover. */
  example: z.string().optional(),
};

/** A pure function usable in expressions: `noun_phrases(caption)`. */
export const FunctionEntry = z.object({
  ...base,
  kind: z.literal('function'),
  returns: TypeText,
  /** Names of type variables used in params/returns, e.g. ["T"]. */
  generics: z.array(z.string()).optional(),
});

/** A pipeline step that changes the set of records (filter-like, one-to-many, reorder). */
export const StepEntry = z.object({
  ...base,
  kind: z.literal('step'),
  /** Fields the step adds to each record, as a record type; `{}` for none. */
  adds: TypeText,
});

/** A source kind: `file`, `folder`, `label_studio`, or a generator such as `math_problems`. */
export const SourceEntry = z.object({
  ...base,
  kind: z.literal('source'),
  /** Record type the source yields; absent when the recipe must declare it. */
  yields: TypeText.optional(),
  /** Fields the runtime adds to every record whatever the declared schema (e.g. `{path: string}`). */
  adds: TypeText.optional(),
  generator: z.boolean().default(false),
  /** The curriculum level this generator is meant for, if any. */
  level: z.number().int().optional(),
  /** Parameters whose value is a file path or glob, checked to stay inside the recipe's folder. */
  paths: z.array(z.string()).default([]),
});

/** A model provider (`hf`, `onnx`): the properties a `model` declaration accepts. */
export const ProviderEntry = z.object({
  ...base,
  kind: z.literal('provider'),
  tasks: z.array(z.string()),
  paths: z.array(z.string()).default([]),
  /** Properties that identify the model's behaviour; they enter the model-call node id. */
  identity: z.array(z.string()),
});

/** A model task: the input arguments a call takes and the value it returns. */
export const TaskEntry = z.object({
  ...base,
  kind: z.literal('task'),
  returns: TypeText,
  /** When true, a call must declare its output type (`let q: Question = writer(...)`). */
  structured: z.boolean().default(false),
});

/** A human gate: `annotate` (people produce a value) or `validate` (people say yes or no). */
export const GateEntry = z.object({
  ...base,
  kind: z.literal('gate'),
  mode: z.enum(['annotate', 'validate']),
  returns: TypeText,
  media: z.enum(['image', 'audio', 'video', 'any']),
});

/** A reward function. `truth` is the ground-truth type, `answer` what is parsed from a response. */
export const VerifierEntry = z.object({
  ...base,
  kind: z.literal('verifier'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  truth: TypeText,
  answer: TypeText,
  /** Combinators (`all`, `any`, `weighted`) take other verifiers as positional arguments. */
  combinator: z.boolean().default(false),
});

export const RegistryEntry = z.discriminatedUnion('kind', [
  FunctionEntry, StepEntry, SourceEntry, ProviderEntry, TaskEntry, GateEntry, VerifierEntry,
]);
export type RegistryEntry = z.infer<typeof RegistryEntry>;
export type FunctionEntry = z.infer<typeof FunctionEntry>;
export type StepEntry = z.infer<typeof StepEntry>;
export type SourceEntry = z.infer<typeof SourceEntry>;
export type ProviderEntry = z.infer<typeof ProviderEntry>;
export type TaskEntry = z.infer<typeof TaskEntry>;
export type GateEntry = z.infer<typeof GateEntry>;
export type VerifierEntry = z.infer<typeof VerifierEntry>;
