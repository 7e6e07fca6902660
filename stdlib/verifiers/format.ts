// The `format` reward of R1-style training: reasoning inside `<think>…</think>`,
// then an answer in `<answer>…</answer>` (or `\boxed{}`). It ignores the truth,
// so it is meant to be combined with a correctness verifier.
import { z } from 'zod';
import { lastBoxed } from './answer-region.ts';
import type { ScoreResult, Verifier } from './types.ts';

const tagName = z.string().regex(/^[A-Za-z][\w-]*$/, 'expected a tag name such as "think"');

const FormatParams = z.strictObject({
  think_tag: tagName.default('think'),
  answer_tag: tagName.default('answer'),
  allow_boxed: z.boolean().default(true),
  strict: z.boolean().default(false),
});
type FormatParams = z.infer<typeof FormatParams>;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface FormatCheck { ok: boolean; reason: string; answer: string | null }

export function checkFormat(response: string, params: FormatParams): FormatCheck {
  const think = escape(params.think_tag);
  const answerTag = escape(params.answer_tag);
  // Count tags before matching: a lazy match over many unclosed tags would be quadratic.
  const opens = response.split(`<${params.think_tag}>`).length - 1;
  const closes = response.split(`</${params.think_tag}>`).length - 1;
  const block = opens === 1 && closes === 1 ? new RegExp(`<${think}>([\\s\\S]*?)</${think}>`).exec(response) : null;
  if (!block) {
    return { ok: false, reason: `expected exactly one <${params.think_tag}>…</${params.think_tag}> block`, answer: null };
  }
  if (block[1].trim() === '') return { ok: false, reason: 'empty reasoning', answer: null };
  const before = response.slice(0, block.index);
  const after = response.slice(block.index + block[0].length);
  if (params.strict && before.trim() !== '') return { ok: false, reason: 'text before the reasoning', answer: null };

  if (after.split(`<${params.answer_tag}>`).length > 2) {
    return { ok: false, reason: `more than one <${params.answer_tag}> block`, answer: null };
  }
  const answer = new RegExp(`<${answerTag}>([\\s\\S]*?)</${answerTag}>`).exec(after);
  if (answer) {
    const content = answer[1].trim();
    if (content === '') return { ok: false, reason: 'empty answer', answer: null };
    if (params.strict && after.replace(answer[0], '').trim() !== '') {
      return { ok: false, reason: 'text outside the answer tag', answer: content };
    }
    return { ok: true, reason: 'answer tag', answer: content };
  }
  if (params.allow_boxed) {
    const boxed = lastBoxed(after);
    if (boxed !== null && boxed.trim() !== '') return { ok: true, reason: 'boxed answer', answer: boxed.trim() };
  }
  return { ok: false, reason: `no <${params.answer_tag}> block${params.allow_boxed ? ' or \\boxed{} answer' : ''} after the reasoning`, answer: null };
}

export const format: Verifier<FormatParams> = {
  name: 'format',
  version: '1.0.0',
  params: FormatParams,
  score(response, _truth, params): ScoreResult {
    const check = checkFormat(response, params);
    return { score: check.ok ? 1 : 0, parsed: check.answer, detail: check.reason };
  },
  renderTruth(truth, params) {
    // The truth is not checked; any non-empty answer shows the frame.
    const shown = typeof truth === 'string' ? truth : truth === null || truth === undefined ? '' : JSON.stringify(truth);
    return wrapInFormat(shown.trim() === '' ? 'answer' : shown, params);
  },
  wrapAnswer: wrapInFormat,
};

function wrapInFormat(inner: string, params: FormatParams): string {
  return `<${params.think_tag}>Reasoning.</${params.think_tag}>\n<${params.answer_tag}>${inner}</${params.answer_tag}>`;
}
