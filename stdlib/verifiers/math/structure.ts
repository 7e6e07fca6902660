// Reads the shape of a normalised answer: sets, tuples and intervals, unions,
// matrices, relations and `\pm`, down to expression leaves. Equivalence is then
// decided shape by shape, as math_verify does after latex2sympy.

export type MathValue =
  | { kind: 'expr'; latex: string; percent: boolean }
  | { kind: 'text'; text: string }
  /** `(a, b)`, `[a, b)`: tuples and intervals, told apart only by their brackets. */
  | { kind: 'bracketed'; open: '(' | '['; close: ')' | ']'; items: MathValue[] }
  /** `\{a, b\}`, a bare `a, b` list, or the two values of `\pm`. */
  | { kind: 'set'; items: MathValue[]; braced: boolean }
  | { kind: 'union'; parts: MathValue[] }
  | { kind: 'matrix'; rows: MathValue[][] }
  /** `lhs op rhs` with `op` turned to `<`, `<=`, `=` or `!=` by swapping sides. */
  | { kind: 'relation'; op: '<' | '<=' | '=' | '!='; lhs: MathValue; rhs: MathValue };

const MAX_DEPTH = 8;

export function parseMathValue(text: string, depth = 0): MathValue {
  const s = stripOuterBraces(text.trim());
  if (depth > MAX_DEPTH) return { kind: 'text', text: s };

  const matrix = /^\\begin\{([pbBvV]?matrix|smallmatrix|array)\}(?:\{[^}]*\})?(.*)\\end\{\1\}$/s.exec(s);
  if (matrix) {
    const rows = matrix[2].split(/\\\\/).map((row) => row.trim()).filter((row) => row !== '');
    return { kind: 'matrix', rows: rows.map((row) => row.split('&').map((cell) => parseMathValue(cell, depth + 1))) };
  }

  // Lists before relations (`x=2, x=3` is two answers); `(x, y) = (1, 2)` has no top-level comma.
  if (/^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$/.test(s)) return parseMathValue(s.replace(/,/g, ''), depth + 1);
  const list = splitTopLevel(s, /,/y);
  if (list.length > 1) return { kind: 'set', items: list.map((item) => parseMathValue(item, depth + 1)), braced: false };

  const relation = splitRelation(s);
  if (relation) return relationValue(relation, depth);

  const union = splitTopLevel(s, /\\cup|\bU\b/y);
  if (union.length > 1) return { kind: 'union', parts: union.map((part) => parseMathValue(part, depth + 1)) };

  if (s.startsWith('\\{') && s.endsWith('\\}') && closesAtEnd(s)) {
    const inner = s.slice(2, -2).trim();
    const items = inner === '' ? [] : splitTopLevel(inner, /,/y).map((item) => parseMathValue(item, depth + 1));
    return { kind: 'set', items, braced: true };
  }

  if (/^[([]/.test(s) && /[)\]]$/.test(s) && closesAtEnd(s)) {
    const inner = s.slice(1, -1);
    const items = splitTopLevel(inner, /,/y);
    if (items.length > 1) {
      return {
        kind: 'bracketed',
        open: s[0] as '(' | '[',
        close: s[s.length - 1] as ')' | ']',
        items: items.map((item) => parseMathValue(item, depth + 1)),
      };
    }
  }

  const pm = splitTopLevel(s, /\\pm|\\mp/y);
  if (pm.length === 2) {
    const [left, right] = pm;
    const plus = left.trim() === '' ? right : `${left}+(${right})`;
    const minus = `${left}-(${right})`;
    return { kind: 'set', items: [parseMathValue(plus, depth + 1), parseMathValue(minus, depth + 1)], braced: false };
  }

  const percent = /%$/.test(s);
  const latex = percent ? s.slice(0, -1).trim() : s;
  return { kind: 'expr', latex: mixedNumber(latex), percent };
}

/** `2\frac{1}{2}` is two and a half, not one. */
function mixedNumber(latex: string): string {
  const match = /^(-?)(\d+)\\frac\{(\d+)\}\{(\d+)\}$/.exec(latex);
  return match ? `${match[1]}(${match[2]}+\\frac{${match[3]}}{${match[4]}})` : latex;
}

function stripOuterBraces(text: string): string {
  let s = text;
  while (s.startsWith('{') && s.endsWith('}') && closesAtEnd(s)) s = s.slice(1, -1).trim();
  return s;
}

const RELATIONS: [RegExp, '<' | '<=' | '=' | '!=' | '>' | '>=' | 'in'][] = [
  [/\\leq?(?![a-zA-Z])|\\leqslant|<=/y, '<='],
  [/\\geq?(?![a-zA-Z])|\\geqslant|>=/y, '>='],
  [/\\neq?(?![a-zA-Z])|!=/y, '!='],
  [/\\in(?![a-zA-Z])/y, 'in'],
  [/</y, '<'],
  [/>/y, '>'],
  [/=/y, '='],
];

interface SplitRelation { op: (typeof RELATIONS)[number][1]; parts: string[] }

function splitRelation(s: string): SplitRelation | null {
  for (const [pattern, op] of RELATIONS) {
    const parts = splitTopLevel(s, pattern);
    if (parts.length > 1) return { op, parts };
  }
  return null;
}

function relationValue({ op, parts }: SplitRelation, depth: number): MathValue {
  // `x = y = 3` and `k = 5`: what counts is the last side (Minerva's `split("=")[-1]`),
  // when what stands before it only names the unknown.
  if (op === 'in') return parseMathValue(parts[parts.length - 1], depth + 1);
  if (op === '=' && (parts.length > 2 || isNameOnly(parts[0]))) return parseMathValue(parts[parts.length - 1], depth + 1);
  if (parts.length !== 2) return { kind: 'text', text: parts.join(op) };
  const lhs = parseMathValue(parts[0], depth + 1);
  const rhs = parseMathValue(parts[1], depth + 1);
  if (op === '>') return { kind: 'relation', op: '<', lhs: rhs, rhs: lhs };
  if (op === '>=') return { kind: 'relation', op: '<=', lhs: rhs, rhs: lhs };
  return { kind: 'relation', op, lhs, rhs };
}

/** `x`, `x_1`, `\theta`, `f(3)`, `AB`, `(x, y)` of names: a left side that only names what is asked. */
function isNameOnly(lhs: string): boolean {
  const s = lhs.trim();
  const name = String.raw`(?:[a-zA-Z]{1,3}|\\[a-zA-Z]+)(?:_\{?[a-zA-Z0-9]+\}?)?`;
  return new RegExp(`^(?:${name}(?:\\([^()]*\\))?|\\(${name}(?:,${name})*\\))$`).test(s);
}

/** Whether the bracket that opens `s` is closed by its last character (`[a, b)` pairs too). */
function closesAtEnd(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    let ch = s[i];
    if (ch === '\\') {
      i++;
      if (s[i] !== '{' && s[i] !== '}') continue;
      ch = s[i];
    }
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && --depth === 0) return i === s.length - 1;
  }
  return false;
}

/** Splits on a separator that stands outside every bracket (`[a, b)` counts as a bracket pair). */
const anywhere = new Map<RegExp, RegExp>();

export function splitTopLevel(s: string, separator: RegExp): string[] {
  // Most answers contain no separator at all; one unanchored search settles that cheaply.
  let loose = anywhere.get(separator);
  if (!loose) { loose = new RegExp(separator.source); anywhere.set(separator, loose); }
  if (!loose.test(s)) return [s.trim()];
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && (s[i + 1] === '{' || s[i + 1] === '}')) {
      depth += s[i + 1] === '{' ? 1 : -1;
      i++;
      continue;
    }
    if (ch === '\\' && s.startsWith('\\begin', i)) depth++;
    if (ch === '\\' && s.startsWith('\\end', i)) depth--;
    if ('([{'.includes(ch)) { depth++; continue; }
    if (')]}'.includes(ch)) { depth--; continue; }
    if (depth !== 0) continue;
    separator.lastIndex = i;
    const match = separator.exec(s);
    if (match && match.index === i && match[0].length > 0) {
      parts.push(s.slice(last, i));
      last = i + match[0].length;
      i = last - 1;
    }
  }
  parts.push(s.slice(last));
  return parts.map((part) => part.trim());
}
