// Turns a record into an example: evaluates the emit's fields, encodes the
// ground truth, and runs the verifier's self-check: the verifier must score
// its own rendering of the truth 1, or the example is rejected. An emit whose
// verifier is `rollout()` ships, for each record, the verifier its rollout's
// example was written with, which the `rollouts` source carries on the record.
import type { DagExpr, DagNode } from '../../compiler/lower/dag-schema.ts';
import { registryType } from '../../compiler/types/resolve.ts';
import { prepareCached, VerifierInputError, type PreparedVerifier } from '../../stdlib/verifiers/index.ts';
import { ROLLOUT_VERIFIER } from '../../stdlib/verifiers/rollout.ts';
import { ROLLOUT_VERIFIER_FIELD } from '../sources/rollouts.ts';
import { evaluate, type EvalContext } from '../evaluate/evaluate.ts';
import { RecordRejected } from '../evaluate/reject.ts';
import type { Example, ShippedVerifier } from '../example.ts';
import { isMedia, type MediaValue, type RuntimeRecord, type Value } from '../values.ts';
import { encodeTruth } from './truth.ts';
import { sha256Hex } from '../hash.ts';
import { selfCheck } from './self-check.ts';

/** An example before the dataset assembly gives it a split, a level and an index. */
export type EmittedExample = Omit<Example, 'level' | 'split' | 'index'>;

/** The assistant turn of a CoT row: the trace in a think block, then the final answer. */
export function cotAssistantTurn(trace: string, answer: string): string {
  return `<think>\n${trace}\n</think>\n\n${answer}`;
}

export function exampleId(recipe: string, stage: string, key: string): string {
  return sha256Hex(`${recipe}\0${stage}\0${key}`).slice(0, 24);
}

/**
 * The verifier a record's example ships: the emit's own, or for `rollout()` the one the record
 * carries from its rollout. Throws `RecordRejected` when a rollout's verifier is not there or not known.
 */
export function verifierFor(emitVerifier: ShippedVerifier | null): (record: RuntimeRecord) => { verifier: ShippedVerifier; prepared: PreparedVerifier } | null {
  if (!emitVerifier) return () => null;
  if (emitVerifier.name !== ROLLOUT_VERIFIER) {
    const prepared = prepareCached(emitVerifier);
    return () => ({ verifier: emitVerifier, prepared });
  }
  return (record) => {
    const carried = record.fields[ROLLOUT_VERIFIER_FIELD] as unknown as ShippedVerifier | undefined;
    if (!carried || typeof carried.name !== 'string') throw new RecordRejected('`rollout()` found no rollout\'s verifier on the record (read the stage from a `rollouts` source)');
    try {
      return { verifier: carried, prepared: prepareCached(carried) };
    } catch (error) {
      if (error instanceof VerifierInputError) throw new RecordRejected(`the rollout's verifier: ${error.message}`);
      throw error;
    }
  };
}

export function makeEmitter(node: DagNode, recipe: string): (record: RuntimeRecord, context: EvalContext) => EmittedExample {
  const fields = node.params.fields as Record<string, DagExpr>;
  const verifierOf = verifierFor(node.params.verifier as unknown as ShippedVerifier | null);
  const truthType = registryType(String(node.params.truth_type ?? 'any'));
  const stage = String(node.params.stage);
  return (record, context) => {
    const value = (name: string): Value => (fields[name] ? evaluate(fields[name], record, context) : null);
    const prompt = value('prompt');
    if (typeof prompt !== 'string' || prompt.trim() === '') throw new RecordRejected('the prompt is empty');
    const typed = /<(image|audio|video)>/.exec(prompt);
    // Trainers pair the n-th placeholder with the n-th media item; the runtime adds them, one per item.
    if (typed) throw new RecordRejected(`the prompt contains \`${typed[0]}\`; placeholders are added for each media item`);
    const media = value('media');
    const mediaList = Array.isArray(media) ? media.filter((m): m is MediaValue => isMedia(m)) : [];
    const difficulty = value('difficulty');
    if (typeof difficulty !== 'number' || !Number.isFinite(difficulty) || difficulty < 0 || difficulty > 1) {
      throw new RecordRejected(`difficulty ${JSON.stringify(difficulty)} is not between 0 and 1`);
    }
    const domain = value('domain');
    const truth = encodeTruth(value('truth'), truthType);
    if (truth === null) throw new RecordRejected('the ground truth is null');
    const shipped = verifierOf(record);
    if (!shipped) throw new RecordRejected('the example has no verifier');
    const { verifier, prepared } = shipped;
    const { rendered, result: self } = selfCheck(prepared, truth);
    if (self.score !== 1) {
      throw new RecordRejected(`self-check: verifier \`${verifier.name}\` scores its own ground truth ${self.score ?? 'null'}${self.detail ? ` (${self.detail})` : ''}`);
    }
    const written = value('answer');
    const answer = typeof written === 'string' && written !== '' ? written : rendered;
    if (answer !== rendered) {
      const check = prepared.score(answer, truth);
      if (check.score !== 1) throw new RecordRejected(`self-check: the emitted answer scores ${check.score ?? 'null'} against the ground truth`);
    }
    const trace = value('trace');
    const hasTrace = typeof trace === 'string' && trace.trim() !== '';
    // A format verifier renders `<think>…</think>` before the answer; the CoT turn puts the trace there instead.
    const finalAnswer = answer.replace(/^\s*<think>[\s\S]*?<\/think>\s*/, '');
    if (hasTrace) {
      const assistant = cotAssistantTurn(trace, finalAnswer);
      const check = prepared.score(assistant, truth);
      if (check.score !== 1) throw new RecordRejected(`self-check: the CoT answer with its trace scores ${check.score ?? 'null'}${check.detail ? ` (${check.detail})` : ''}`);
    }
    const group = value('group');
    const system = value('system');
    return {
      id: exampleId(recipe, stage, record.key),
      recipe, stage, key: record.key,
      group: typeof group === 'string' && group ? group : record.group,
      prompt, system: typeof system === 'string' && system ? system : null,
      media: mediaList, truth, verifier, difficulty, domain: String(domain ?? ''),
      trace: hasTrace ? trace : null,
      answer: finalAnswer,
    };
  };
}
