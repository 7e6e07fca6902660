// Puts a LaTeX answer into one canonical spelling before it is parsed, after the
// conventions of the common graders (Hendrycks MATH `strip_string`, Minerva's
// `normalize_final_answer`, math_verify's normalisation): spacing, delimiters,
// `\dfrac`, degrees, currency and units carry no mathematical meaning here.

const UNICODE: [RegExp, string][] = [
  [/[−–—]/g, '-'], [/×/g, '\\times '], [/÷/g, '\\div '], [/·/g, '\\cdot '], [/π/g, '\\pi '],
  [/∞/g, '\\infty '], [/√/g, '\\sqrt'], [/°/g, '^\\circ'], [/≤/g, '\\le '], [/≥/g, '\\ge '],
  [/≠/g, '\\ne '], [/∪/g, '\\cup '], [/±/g, '\\pm '], [/∈/g, '\\in '],
];

/** Words that name a unit or a counted thing; dropped when they trail a number. */
const UNIT_WORDS = [
  'square', 'sq', 'cubic', 'units?', 'ways', 'integers', 'dollars?', 'cents?', 'mph', 'km/h', 'kph', 'm/s',
  'inch(?:es)?', 'feet', 'foot', 'ft', 'yards?', 'yd', 'miles?', 'hours?', 'hrs?', 'minutes?', 'mins?',
  'seconds?', 'secs?', 'days?', 'weeks?', 'months?', 'years?', 'km', 'cm', 'mm', 'meters?', 'metres?',
  'kg', 'gm', 'grams?', 'mg', 'lbs?', 'pounds?', 'ounces?', 'oz', 'liters?', 'litres?', 'ml', 'mL',
  'degrees?', 'deg', 'radians?', 'rad', 'points?', 'students?', 'people', 'persons?', 'digits?', 'edges?',
  'sides?', 'times', 'percent', 'pct', 'apples?', 'marbles?', 'books?', 'pages?', 'cookies?', 'boxes',
];
/** One-letter units read as variables when glued to a number (`5m`), so they need a space or `\text`. */
const SPACED_UNIT_WORDS = ['s', 'h', 'm', 'g', 'l', 'L', 'in', 'mi'];
const UNIT_TAIL = '(?:\\^\\{?[23]\\}?)?\\s*\\}?\\s*$';
const TRAILING_UNIT = new RegExp(
  `(\\d|\\})\\s*(?:\\\\(?:text|mbox|mathrm)\\{\\s*)?(?:${UNIT_WORDS.join('|')})${UNIT_TAIL}`,
);
const TRAILING_SPACED_UNIT = new RegExp(
  `(\\d|\\})(?:\\s+|\\s*\\\\(?:text|mbox|mathrm)\\{\\s*)(?:${SPACED_UNIT_WORDS.join('|')})${UNIT_TAIL}`,
);

const TEXT_NAMES = 'text|textbf|textit|textrm|texttt|mbox|mathrm|mathit|operatorname';
const TEXT_COMMAND = new RegExp(`\\\\(?:${TEXT_NAMES})\\s*\\{([^{}]*)\\}`, 'g');
const HAS_TEXT_COMMAND = new RegExp(`\\\\(?:${TEXT_NAMES})\\s*\\{`);

export interface NormalizedAnswer {
  text: string;
  /** True when the answer is words (`\text{Tuesday}`), to be compared as text. */
  isText: boolean;
}

export function normalizeMathAnswer(raw: string): NormalizedAnswer {
  let s = raw;
  for (const [pattern, replacement] of UNICODE) s = s.replace(pattern, replacement);
  s = s.replace(/\n/g, ' ');
  s = s.replace(/\\(?:displaystyle|textstyle|scriptstyle|limits)/g, '');
  s = s.replace(/\\(?:left|right|big|Big|bigg|Bigg)(?:[lr])?\s*\./g, '');
  s = s.replace(/\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|bigg|Bigg)\b\s*/g, '');
  s = s.replace(/\\[dt]frac/g, '\\frac').replace(/\\[dt]binom/g, '\\binom');
  s = s.replace(/\\langle/g, '(').replace(/\\rangle/g, ')');
  s = s.replace(/\\[lr]?vert|\\mid/g, '|');
  // Thousands separators written as LaTeX spacing: `1\,000`, `1{,}000`.
  s = s.replace(/(\d)(?:\\[,!; ]|\{,\}|\s)(?=\d{3}(?!\d))/g, '$1');
  // Spacing commands, but not the row break `\\\\` of a matrix.
  s = s.replace(/(?<!\\)\\!/g, '').replace(/(?<!\\)\\[,;: ]|\\q?quad|~/g, ' ');
  s = s.replace(/\\?\$/g, '');
  s = s.replace(/\^\s*\{?\s*\\circ\s*\}?|\\circ|\\degree/g, '');
  s = s.replace(/\\[lc]?dots|\\cdots|\.\.\./g, '');
  s = s.replace(/\\%|%/g, '%');
  s = s.replace(/\\text\{\s*(?:and|or)\s*\}|\s+(?:and|or)\s+/g, ',');
  s = stripTrailingUnits(s.trim());

  // `\mathrm{e}` stays the number e; longer labels such as `\text{cm}` beside the maths are units.
  s = s.replace(/\\(?:mathrm|mathit|operatorname)\s*\{\s*([a-zA-Z])\s*\}/g, '$1');
  const withoutText = s.replace(TEXT_COMMAND, '').trim();
  const hasMath = /[\d\\=+\-*/^(){}[\]]/.test(withoutText);
  if (!hasMath && withoutText === '' && HAS_TEXT_COMMAND.test(s)) {
    return { text: s.replace(TEXT_COMMAND, '$1').replace(/\s+/g, ' ').trim(), isText: true };
  }
  s = hasMath ? withoutText : s.replace(TEXT_COMMAND, '$1');
  s = s.replace(/\\mathbf\s*\{([^{}]*)\}/g, '$1');
  s = s.replace(/\s+/g, ' ').replace(/\s*([,=()[\]{}^_+\-*/|])\s*/g, '$1').trim();
  s = s.replace(/[.\s]+$/, '');
  // A leading `.5` is 0.5.
  s = s.replace(/(^|[^\d])\.(\d)/g, (_match, before: string, digit: string) => `${before}0.${digit}`);
  const isText = /^[a-zA-Z][a-zA-Z\s'-]*$/.test(s) && /[a-zA-Z]{3,}/.test(s) && !isMathWord(s);
  return { text: s, isText };
}

function stripTrailingUnits(text: string): string {
  let s = text;
  for (let i = 0; i < 3; i++) {
    const next = s.replace(TRAILING_UNIT, '$1').replace(TRAILING_SPACED_UNIT, '$1').trim();
    if (next === s) break;
    s = next;
  }
  return s;
}

/** Function names written without a backslash are maths, not words. */
function isMathWord(text: string): boolean {
  return /^(?:sin|cos|tan|cot|sec|csc|log|ln|exp|sqrt|pi)\b/.test(text);
}
