// When an item's answers settle it. An item outside the QA sample needs one
// answer; a QA item needs two, from different people, that agree (or, when
// they disagree, an adjudication). Among agreeing answers the one of the
// annotator first in name order is used, so the outcome never depends on the
// order in which answers arrived.
import type { Value } from '../values.ts';
import { agrees } from './agreement.ts';
import type { GateItem, ItemAnswers } from './types.ts';

export type Resolution =
  | { readonly status: 'answered'; readonly value: Value; readonly by: string }
  | { readonly status: 'waiting'; readonly need: 'answer' | 'second-answer' | 'adjudication' };

export function resolve(item: GateItem, answers: ItemAnswers): Resolution {
  if (answers.adjudication) return { status: 'answered', value: answers.adjudication.value, by: answers.adjudication.annotator };
  const [first, second] = answers.annotations;
  if (!first) return { status: 'waiting', need: 'answer' };
  if (!item.qa) return { status: 'answered', value: first.value, by: first.annotator };
  if (!second) return { status: 'waiting', need: 'second-answer' };
  return agrees(item.task, first.value, second.value)
    ? { status: 'answered', value: first.value, by: first.annotator }
    : { status: 'waiting', need: 'adjudication' };
}

/** Whether `annotator` may answer `item` now: it waits for an answer they have not given, or for an adjudication by someone else. */
export function awaits(item: GateItem, answers: ItemAnswers, annotator: string): 'answer' | 'adjudication' | null {
  const resolution = resolve(item, answers);
  if (resolution.status === 'answered') return null;
  const answered = answers.annotations.some((a) => a.annotator === annotator);
  if (resolution.need === 'adjudication') return answered ? null : 'adjudication';
  return answered ? null : 'answer';
}
