// Finds where a response states its final answer. Shared by every verifier so
// that a model trained against one of them learns one answer convention.

/** Removes complete `<think>…</think>` blocks: reasoning must never be scored as the answer. */
export function stripThinking(response: string, tag = 'think'): string {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  let text = response;
  // Chat templates that open the block in the prompt leave only `</think>` in the response:
  // everything before that stray close tag was reasoning. An unclosed block at the end is too.
  const firstOpen = text.indexOf(open);
  const firstClose = text.indexOf(close);
  if (firstClose >= 0 && (firstOpen < 0 || firstOpen > firstClose)) {
    text = text.slice(firstClose + close.length);
  }
  for (;;) {
    const start = text.indexOf(open);
    if (start < 0) break;
    const end = text.indexOf(close, start);
    text = end < 0 ? text.slice(0, start) : text.slice(0, start) + text.slice(end + close.length);
  }
  return text;
}

/** The content of the last `<tag>…</tag>` block, or null. */
export function lastTagContent(text: string, tag: string): string | null {
  const close = `</${tag}>`;
  const end = text.lastIndexOf(close);
  if (end < 0) return null;
  const start = text.lastIndexOf(`<${tag}>`, end);
  if (start < 0) return null;
  return text.slice(start + tag.length + 2, end);
}

/**
 * The argument of the last `\boxed{…}` or `\fbox{…}` (nested braces honoured),
 * or of a brace-less `\boxed 5`. Null when there is none or it never closes.
 */
export function lastBoxed(text: string): string | null {
  const pattern = /\\(?:boxed|fbox)\s*(\{|\s+)/g;
  let found: string | null = null;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const after = match.index + match[0].length;
    if (match[1] === '{') {
      const body = balancedBraceBody(text, after);
      if (body !== null) found = body;
    } else {
      const word = /^[^\s$,;]+/.exec(text.slice(after));
      if (word) found = word[0];
    }
  }
  return found;
}

/** Given the index just after an opening brace, the text up to its matching close brace. */
export function balancedBraceBody(text: string, start: number): string | null {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') { i++; continue; }
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return text.slice(start, i);
  }
  return null;
}

/** The part of a response to search for an answer: reasoning removed, the answer tag preferred. */
export function answerRegion(response: string, answerTag = 'answer'): string {
  const visible = stripThinking(response);
  return lastTagContent(visible, answerTag) ?? visible;
}

/**
 * Text after the last answer phrase ("Final Answer: …", "The answer is …", "Answer: …",
 * "#### …"), up to the end of its line; null when no phrase occurs.
 */
export function anchoredAnswer(text: string): string | null {
  // Bodies are capped so that a degenerate "Answer: Answer: …" loop stays linear.
  const patterns = [
    /final\s+answer\s*(?:is|:)\s*:?\s*([^\n]{0,400})/gi,
    /(?:the\s+)?(?:correct\s+)?answer\s+is\s*:?\s*([^\n]{0,400})/gi,
    /answer\s*:\s*([^\n]{0,400})/gi,
    /^\s*####\s*([^\n]{0,400})/gim,
  ];
  let best: { index: number; body: string } | null = null;
  for (const pattern of patterns) {
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const body = match[1].trim();
      if (body === '') { pattern.lastIndex = match.index + 1; continue; }
      if (best === null || match.index > best.index) best = { index: match.index, body };
      // Bodies run to the end of the line; look again inside this one for a later phrase.
      pattern.lastIndex = match.index + 1;
    }
    // Earlier patterns are more specific: "Final Answer: x" outranks a later loose "answer: y".
    if (best) return cleanAnchoredBody(best.body);
  }
  return null;
}

function cleanAnchoredBody(body: string): string {
  let text = body.trim();
  // "The answer is $\frac{1}{2}$." keeps only the maths.
  const math = /^\$\$?([^$]+)\$\$?/.exec(text) ?? /^\\\((.+?)\\\)/.exec(text) ?? /^\\\[(.+?)\\\]/.exec(text);
  if (math) return math[1].trim();
  text = text.replace(/^\*\*(.*?)\*\*/, '$1');
  // "3 seconds. The other sound …": the answer is the first sentence.
  text = text.split(/\.\s+(?=[A-Z])/)[0];
  return text.replace(/[.\s]+$/, '').trim();
}

/** Where a response states its final answer: the last answer tag, `\boxed{}` or answer phrase ("so the answer is …"), or -1. */
function finalAnswerIndex(text: string, answerTag: string): number {
  let at = text.lastIndexOf(`<${answerTag}>`);
  const phrase = /(?:\b(?:so|thus|hence|therefore)\b,?\s+)?(?:\bthe\s+)?(?:\b(?:final|correct)\s+)?\banswer\s*(?:is\b|:)|^[ \t]*####/gim;
  for (const pattern of [/\\(?:boxed|fbox)\b/g, phrase]) {
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) at = Math.max(at, match.index);
  }
  return at;
}

/**
 * The reasoning of a response: the inside of its `<think>…</think>` block, else the text before the
 * line that states its final answer (or before the answer itself when it is on the first line), else,
 * when it states no answer, the whole response.
 */
export function reasoningOf(response: string, tag = 'think', answerTag = 'answer'): string {
  const think = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(response);
  if (think && think[1].trim() !== '') return think[1].trim();
  const text = stripThinking(response, tag);
  const at = finalAnswerIndex(text, answerTag);
  if (at < 0) return text.trim();
  const before = text.slice(0, text.lastIndexOf('\n', at - 1) + 1).trim();
  return before !== '' ? before : text.slice(0, at).replace(/[\s,;:]+$/, '').trim();
}
