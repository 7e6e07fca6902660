// shuffle_choices: the options of each record in an order drawn from its own
// random stream, with the letter the correct option now has.
import { randomFor, shuffled } from '../../runtime/evaluate/random.ts';
import type { RuntimeRecord } from '../../runtime/values.ts';
import { recordArg, type StepContext } from './types.ts';

export async function* shuffleChoices(input: AsyncIterable<RuntimeRecord>, context: StepContext): AsyncGenerator<RuntimeRecord> {
  for await (const record of input) {
    const options = recordArg('shuffle_choices', context, 'options', record);
    if (options === undefined) continue;
    const answer = recordArg('shuffle_choices', context, 'answer', record);
    if (answer === undefined) continue;
    const letterText = recordArg('shuffle_choices', context, 'letters', record);
    if (letterText === undefined) continue;
    if (!Array.isArray(options) || !options.every((o) => typeof o === 'string')) {
      context.reject(record, '`shuffle_choices`: `options` is not a list of strings');
      continue;
    }
    if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 0 || answer >= options.length) {
      context.reject(record, `\`shuffle_choices\`: the answer index ${JSON.stringify(answer)} is not a position in ${options.length} options`);
      continue;
    }
    const letters = typeof letterText === 'string' ? [...letterText] : [];
    if (letters.length < options.length) {
      context.reject(record, `\`shuffle_choices\`: ${options.length} options need ${options.length} letters, \`letters\` has ${letters.length}`);
      continue;
    }
    // Shuffle positions, not texts, so that two equal options keep the answer where it belongs.
    const order = shuffled(options.map((_, i) => i), randomFor(context.seed, context.nodeId, record.key, 'shuffle_choices'));
    yield {
      ...record,
      fields: { ...record.fields, options: order.map((i) => options[i]), letter: letters[order.indexOf(answer)] },
    };
  }
}
