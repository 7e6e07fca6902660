// Multiple choice: options shuffled from the record's random stream, lettered
// "A. …" lines, and the letter of the correct one.
import { shuffled } from '../../runtime/evaluate/random.ts';
import { define, type ArgReader, type FunctionImpl } from './types.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Two options that differ only in case or spacing are the same answer to a reader. */
export function sameOption(a: string, b: string): boolean {
  const norm = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/** The option letters, one per character, when there are enough for `count` options. */
export function lettersFor(a: ArgReader, count: number): string[] {
  const letters = [...a.string('letters')];
  if (letters.length < count) return a.reject(`${count} options need ${count} letters, but \`letters\` has ${letters.length}`);
  if (new Set(letters).size !== letters.length) return a.reject(`the letters ${JSON.stringify(a.string('letters'))} repeat one`);
  return letters;
}

export function optionsText(options: readonly string[], letters: readonly string[]): string {
  return options.map((option, i) => `${letters[i]}. ${option}`).join('\n');
}

export const choices: [string, FunctionImpl][] = [
  define('choices', (a, context) => {
    const correct = a.string('correct');
    const count = a.integer('count');
    if (count < 2) return a.reject(`a question needs at least 2 options, \`count\` is ${count}`);
    const letters = lettersFor(a, count);
    const chosen: string[] = [];
    for (const distractor of a.strings('distractors')) {
      if (chosen.length === count - 1) break;
      if (sameOption(distractor, correct) || chosen.some((c) => sameOption(c, distractor))) continue;
      chosen.push(distractor);
    }
    if (chosen.length < count - 1) {
      return a.reject(`${count} options need ${count - 1} distinct distractors other than the answer, found ${chosen.length}`);
    }
    const options = shuffled([correct, ...chosen], context.random('shuffle'));
    return { options, letter: letters[options.indexOf(correct)], text: optionsText(options, letters) };
  }),

  define('options_text', (a) => {
    const options = a.strings('options');
    return optionsText(options, lettersFor(a, options.length));
  }),

  define('letter_of', (a) => {
    const index = a.integer('index');
    if (index < 0 || index >= ALPHABET.length) return a.reject(`there is no option letter for index ${index}`);
    return ALPHABET[index];
  }),
];
