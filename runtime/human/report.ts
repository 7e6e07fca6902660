// What one human gate's answers add up to, for manifest.json: how many items
// are settled and what the rest wait for, and how far the two people of each
// QA item agreed. A QA pair is the first two annotations of an item in
// annotator order, the same two that resolve() compares, so the disagreements
// counted here are exactly the items that needed an adjudication.
import type { GateEntry } from '../store/pending.ts';
import { agrees, cohensKappa, itemAgreement } from './agreement.ts';
import { resolve } from './resolve.ts';
import type { GateMode, GateTask } from './types.ts';

/** Cohen's kappa for yes/no; the mean matched IoU for regions, segments, boxes and masks; the mean share of matched points for points. */
export type AgreementMeasure = 'cohen_kappa' | 'mean_iou' | 'point_match';

export interface AnnotatorReport {
  /** Answers recorded under this person's name, adjudications included. */
  readonly answers: number;
  readonly qa_pairs: number;
  /** Mean item agreement with the other person over this person's QA pairs; null without pairs. */
  readonly agreement: number | null;
}

export interface GateReport {
  /** Null for a gate without items (no record has reached it yet): its task and mode come from its items. */
  readonly task: GateTask | null;
  readonly mode: GateMode | null;
  readonly items: number;
  /** Items that resolve() settles. */
  readonly answered: number;
  readonly waiting: { readonly answer: number; readonly second_answer: number; readonly adjudication: number };
  /** Settled yes and no answers, for `validate` gates only. */
  readonly yes?: number;
  readonly no?: number;
  readonly qa: {
    /** Items in the QA sample. */
    readonly items: number;
    /** QA items with at least two annotations. */
    readonly pairs: number;
    readonly agreement: {
      /** Null for a gate without items. */
      readonly measure: AgreementMeasure | null;
      /** Null when there are no pairs, or when kappa is undefined (both people gave one answer throughout). */
      readonly value: number | null;
      /** The share of pairs that agree without an adjudication; null without pairs. */
      readonly raw_agreement: number | null;
    };
    /** Pairs that do not agree. */
    readonly disagreements: number;
  };
  /** By annotator name, in code-point order. */
  readonly annotators: { readonly [name: string]: AnnotatorReport };
}

export function agreementMeasure(task: GateTask): AgreementMeasure {
  if (task === 'yes_no') return 'cohen_kappa';
  if (task === 'image_points') return 'point_match';
  return 'mean_iou';
}

/**
 * The report of one gate from its entries, in any order (the report does not
 * depend on it). A gate without entries gets a report of zeros and nulls; a
 * mix of gates throws.
 */
export function gateReport(entries: Iterable<GateEntry>): GateReport {
  let gate: { readonly name: string; readonly task: GateTask; readonly mode: GateMode } | null = null;
  let items = 0;
  let answered = 0;
  const waiting = { answer: 0, second_answer: 0, adjudication: 0 };
  let yes = 0;
  let no = 0;
  let qaItems = 0;
  const pairScores: number[] = [];
  const kappaPairs: Array<[boolean, boolean]> = [];
  let disagreements = 0;
  const annotators = new Map<string, { answers: number; scores: number[] }>();
  const annotator = (name: string) => {
    let tally = annotators.get(name);
    if (!tally) annotators.set(name, (tally = { answers: 0, scores: [] }));
    return tally;
  };

  for (const { item, answers } of entries) {
    gate ??= { name: item.gate, task: item.task, mode: item.mode };
    if (item.gate !== gate.name) throw new Error(`a gate report covers one gate, but the entries hold \`${gate.name}\` and \`${item.gate}\``);
    items++;
    const resolution = resolve(item, answers);
    if (resolution.status === 'answered') {
      answered++;
      if (resolution.value === true) yes++;
      else if (resolution.value === false) no++;
    } else if (resolution.need === 'answer') waiting.answer++;
    else if (resolution.need === 'second-answer') waiting.second_answer++;
    else waiting.adjudication++;

    for (const annotation of answers.annotations) annotator(annotation.annotator).answers++;
    if (answers.adjudication) annotator(answers.adjudication.annotator).answers++;

    if (!item.qa) continue;
    qaItems++;
    const [first, second] = answers.annotations;
    if (!first || !second) continue;
    const score = itemAgreement(item.task, first.value, second.value);
    pairScores.push(score);
    if (!agrees(item.task, first.value, second.value)) disagreements++;
    if (item.task === 'yes_no') kappaPairs.push([first.value === true, second.value === true]);
    annotator(first.annotator).scores.push(score);
    annotator(second.annotator).scores.push(score);
  }
  const measure = gate ? agreementMeasure(gate.task) : null;
  const pairs = pairScores.length;
  return {
    task: gate?.task ?? null,
    mode: gate?.mode ?? null,
    items,
    answered,
    waiting,
    ...(gate?.mode === 'validate' ? { yes, no } : {}),
    qa: {
      items: qaItems,
      pairs,
      agreement: {
        measure,
        value: round(measure === 'cohen_kappa' ? cohensKappa(kappaPairs) : mean(pairScores)),
        raw_agreement: round(pairs === 0 ? null : (pairs - disagreements) / pairs),
      },
      disagreements,
    },
    annotators: Object.fromEntries(
      [...annotators.keys()].sort(byCodePoint).map((name): [string, AnnotatorReport] => {
        const { answers, scores } = annotators.get(name)!;
        return [name, { answers, qa_pairs: scores.length, agreement: round(mean(scores)) }];
      }),
    ),
  };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Six decimals, so that the manifest does not change with the last bits of a float; never -0. */
function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e6) / 1e6 + 0;
}
