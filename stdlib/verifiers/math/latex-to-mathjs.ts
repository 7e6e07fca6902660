// Converts one normalised LaTeX expression (no commas, sets or relations: the
// structure parser has taken those apart) into mathjs syntax. Only names from
// the tables below are emitted, so evaluating the result can call nothing else.
// Products are written out (`2x` -> `2 * v_x`) because mathjs gives implicit
// multiplication its own precedence, which differs from how LaTeX reads.
import { balancedBraceBody } from '../answer-region.ts';

const FUNCTIONS: Record<string, string> = {
  sin: 'sin', cos: 'cos', tan: 'tan', cot: 'cot', sec: 'sec', csc: 'csc',
  arcsin: 'asin', arccos: 'acos', arctan: 'atan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh',
  ln: 'log', log: 'log', exp: 'exp',
};
const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota',
  'kappa', 'lambda', 'mu', 'nu', 'xi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Sigma', 'Phi', 'Psi', 'Omega',
]);
/** Variables get a prefix so that no answer can name a mathjs built-in (`gamma`, `E`, units such as `m`). */
export const VARIABLE_PREFIX = 'v_';

class Unsupported extends Error {}

/** mathjs source for a LaTeX expression, or null when it uses something we do not read. */
export function latexToMathjs(latex: string): string | null {
  try {
    const result = new Converter(latex).convert();
    return result === '' ? null : result;
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

class Converter {
  private pos = 0;
  private readonly out: string[] = [];
  /** Whether the last thing emitted can be followed by an implicit product. */
  private operandEnded = false;
  private openAbs = 0;

  constructor(private readonly src: string) {}

  convert(): string {
    while (this.pos < this.src.length) this.step();
    if (this.openAbs !== 0) throw new Unsupported();
    return this.out.join('');
  }

  private step(): void {
    const ch = this.src[this.pos];
    if (/\s/.test(ch)) { this.pos++; return; }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+(?![a-zA-Z]))?/.exec(this.src.slice(this.pos));
    if (number) { this.pos += number[0].length; this.operand(number[0]); return; }
    if (/[a-zA-Z]/.test(ch)) { this.letters(); return; }
    if (ch === '\\') { this.command(); return; }
    if (ch === '{' || ch === '(' || ch === '[') { this.operand(`(${this.group(ch)})`); return; }
    if (ch === '|') { this.abs(); return; }
    if (ch === '^') { this.pos++; this.emit(`^(${this.argument()})`, true); return; }
    if (ch === '!') { this.pos++; this.emit('!', true); return; }
    if ('+-*/'.includes(ch)) { this.pos++; this.emit(ch, false); return; }
    throw new Unsupported();
  }

  private emit(text: string, endsOperand: boolean): void {
    this.out.push(text);
    this.operandEnded = endsOperand;
  }

  /** Emits an operand, with the product sign that juxtaposition implies. */
  private operand(text: string): void {
    if (this.operandEnded) this.out.push('*');
    this.emit(text, true);
  }

  /** A run of letters: a function name written without a backslash, else one variable per letter. */
  private letters(): void {
    const run = /^[a-zA-Z]+/.exec(this.src.slice(this.pos))![0];
    const fn = Object.keys(FUNCTIONS).find((name) => run.startsWith(name) && (name.length > 2 || run === name));
    if (fn) { this.pos += fn.length; this.functionCall(FUNCTIONS[fn]); return; }
    if (run.startsWith('sqrt')) { this.pos += 4; this.operand(`sqrt(${this.argument()})`); return; }
    if (run.startsWith('pi')) { this.pos += 2; this.operand('pi'); return; }
    this.pos++;
    this.operand(this.subscripted(run[0]));
  }

  private subscripted(name: string): string {
    const base = name === 'e' || name === 'i' ? name : `${VARIABLE_PREFIX}${name}`;
    if (this.src[this.pos] !== '_') return base;
    if (base === 'e' || base === 'i') throw new Unsupported();
    this.pos++;
    const sub = this.rawArgument();
    if (!/^[a-zA-Z0-9]+$/.test(sub)) throw new Unsupported();
    return `${base}_${sub}`;
  }

  private command(): void {
    const name = /^\\([a-zA-Z]+|.)/.exec(this.src.slice(this.pos))?.[1] ?? '';
    this.pos += name.length + 1;
    switch (name) {
      case 'frac': {
        const numerator = this.argument();
        const denominator = this.argument();
        this.operand(`((${numerator})/(${denominator}))`);
        return;
      }
      case 'sqrt': {
        const index = this.optionalBracket();
        const radicand = this.argument();
        this.operand(index === null ? `sqrt(${radicand})` : `nthRoot(${radicand}, ${index})`);
        return;
      }
      case 'binom': {
        const n = this.argument();
        const k = this.argument();
        this.operand(`combinations(${n}, ${k})`);
        return;
      }
      case 'pi': this.operand('pi'); return;
      case 'infty': this.operand('Infinity'); return;
      case 'cdot': case 'times': case 'ast': this.emit('*', false); return;
      case 'div': this.emit('/', false); return;
      case '{': this.operand(`(${this.group('\\{')})`); return;
      default:
        if (name in FUNCTIONS) { this.functionCall(FUNCTIONS[name]); return; }
        if (GREEK.has(name)) { this.operand(this.subscripted(name)); return; }
        throw new Unsupported();
    }
  }

  /** `\sin x`, `\sin(x)`, `\sin^2 x`, `\log_2 8`. */
  private functionCall(fn: string): void {
    let base: string | null = null;
    let power: string | null = null;
    for (;;) {
      this.skipSpaces();
      const ch = this.src[this.pos];
      if (ch === '_' && fn === 'log' && base === null) { this.pos++; base = this.argument(); continue; }
      if (ch === '^' && power === null) { this.pos++; power = this.argument(); continue; }
      break;
    }
    const arg = this.functionArgument();
    const call = base === null ? `${fn}(${arg})` : `log(${arg}, ${base})`;
    this.operand(power === null ? call : `(${call})^(${power})`);
  }

  /** A parenthesised group, or the run of factors up to the next `+`, `-` or end. */
  private functionArgument(): string {
    this.skipSpaces();
    const ch = this.src[this.pos];
    if (ch === '(' || ch === '{' || ch === '[') return this.group(ch);
    const start = this.pos;
    let depth = 0;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (depth === 0 && (c === '+' || c === '-' || c === '=')) break;
      this.pos++;
    }
    const inner = this.src.slice(start, this.pos);
    if (inner.trim() === '') throw new Unsupported();
    return new Converter(inner).convert();
  }

  /** One argument of `\frac`, `^`, `\sqrt`: a braced group or a single digit, letter or command. */
  private argument(): string {
    return new Converter(this.rawArgument()).convert();
  }

  private rawArgument(): string {
    this.skipSpaces();
    const ch = this.src[this.pos];
    if (ch === undefined) throw new Unsupported();
    if (ch === '{') {
      const body = balancedBraceBody(this.src, this.pos + 1);
      if (body === null) throw new Unsupported();
      this.pos += body.length + 2;
      return body;
    }
    if (ch === '\\') {
      const command = /^\\(?:[a-zA-Z]+|.)/.exec(this.src.slice(this.pos))![0];
      this.pos += command.length;
      return command;
    }
    if (ch === '-') {
      this.pos++;
      return `-${this.rawArgument()}`;
    }
    this.pos++;
    return ch;
  }

  private optionalBracket(): string | null {
    this.skipSpaces();
    if (this.src[this.pos] !== '[') return null;
    const close = this.src.indexOf(']', this.pos);
    if (close < 0) throw new Unsupported();
    const inner = this.src.slice(this.pos + 1, close);
    this.pos = close + 1;
    return new Converter(inner).convert();
  }

  /** The converted content of a bracketed group opened at the cursor. */
  private group(open: string): string {
    const close = open === '{' ? '}' : open === '(' ? ')' : open === '[' ? ']' : '\\}';
    this.pos += open.length;
    const start = this.pos;
    let depth = 1;
    while (this.pos < this.src.length) {
      if (this.src.startsWith(open, this.pos) && open !== close) depth++;
      else if (this.src.startsWith(close, this.pos) && --depth === 0) break;
      this.pos += this.src[this.pos] === '\\' && open !== '\\{' ? 2 : 1;
    }
    if (depth !== 0) throw new Unsupported();
    const inner = this.src.slice(start, this.pos);
    this.pos += close.length;
    if (inner.trim() === '') throw new Unsupported();
    return new Converter(inner).convert();
  }

  /** `|x|`: a bar opens when an operand is expected and closes otherwise. */
  private abs(): void {
    this.pos++;
    if (!this.operandEnded || this.openAbs === 0) {
      if (this.operandEnded) this.out.push('*');
      this.out.push('abs(');
      this.operandEnded = false;
      this.openAbs++;
      return;
    }
    this.openAbs--;
    this.emit(')', true);
  }

  private skipSpaces(): void {
    while (this.src[this.pos] === ' ') this.pos++;
  }
}
