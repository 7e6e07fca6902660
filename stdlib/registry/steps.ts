// Standard-library steps that change the set of records rather than one record's fields.
// Any choice a step makes derives from the recipe seed, the node and the record key,
// and ties follow record-key order, so results do not depend on timing.
import type { StepEntry } from './schema.ts';

type Entry = Omit<StepEntry, 'kind'>;
const step = (entry: Entry): StepEntry => ({ kind: 'step', ...entry });

export const stepEntries: StepEntry[] = [
  step({
    name: 'dedup',
    doc: 'Keeps the first record for each value of `key` (in record-key order, so the result does not depend on timing).',
    params: [{ name: 'key', type: 'any', doc: 'the value records are deduplicated by' }],
    adds: '{}',
    example: 'dedup(key: question)',
  }),
  step({
    name: 'sample',
    doc: 'Keeps a deterministic subsample, given as a share or as a count (exactly one of them).',
    params: [
      { name: 'fraction', type: 'percent?', default: null, doc: 'share of records kept, each chosen independently' },
      { name: 'count', type: 'int?', default: null, doc: 'exact number of records kept (all of them when fewer arrive)' },
    ],
    adds: '{}',
    example: 'sample(fraction: 10%)',
  }),
  step({
    name: 'limit',
    doc: 'Keeps the first `count` records in record-key order.',
    params: [{ name: 'count', type: 'int', doc: 'the most records passed on' }],
    adds: '{}',
    example: 'limit(count: 500)',
  }),
  step({
    name: 'shuffle_choices',
    doc: 'Shuffles multiple-choice options deterministically and sets `options` and the correct `letter`.',
    params: [
      { name: 'options', type: 'list<string>', doc: 'the options, correct one included' },
      { name: 'answer', type: 'int', doc: '0-based index of the correct option in `options`' },
      { name: 'letters', type: 'string', default: 'ABCDEFGHIJ', doc: 'option letters; the first `len(options)` are used' },
    ],
    adds: '{options: list<string>, letter: string}',
    example: 'shuffle_choices(options: q.options, answer: q.answer_index)',
  }),
  step({
    name: 'balance',
    doc: 'Drops records, chosen deterministically, so that no value of `key` exceeds `max_share` of the output (guards against a constant-guess policy).',
    params: [
      { name: 'key', type: 'any', doc: 'the value whose distribution is capped, usually the answer' },
      { name: 'max_share', type: 'percent', default: 50, doc: 'the largest share any one value may hold' },
    ],
    adds: '{}',
    example: 'balance(key: letter, max_share: 30%)',
  }),
];
