import { describe, expect, it } from 'vitest';
import { scoreWith } from '../../stdlib/verifiers/index.ts';
import { extractMathAnswer } from '../../stdlib/verifiers/math/extract.ts';

const math = (response: string, truth: string | number, params: Record<string, unknown> = {}) =>
  scoreWith({ name: 'math', params }, response, truth);

describe('math: answer extraction', () => {
  it.each([
    ['nested braces in a box', 'so \\boxed{\\frac{1}{\\sqrt{2}}} done', '\\frac{1}{\\sqrt{2}}'],
    ['several boxes: the last wins', '\\boxed{1} no wait \\boxed{2}', '2'],
    ['\\fbox', 'Thus \\fbox{7}.', '7'],
    ['box without braces', 'the answer is \\boxed 5 indeed', '5'],
    ['Final Answer phrase (Minerva)', 'Final Answer: The final answer is $\\frac{1}{2}$. I hope it is correct.', '\\frac{1}{2}'],
    ['"The answer is"', 'We add them. The answer is 42.', '42'],
    ['"Answer:"', 'Work...\nAnswer: -3', '-3'],
    ['GSM8K ####', 'Natalia sold 48 clips.\n#### 72', '72'],
    ['last number fallback', 'First 12 then 15 and finally we get 17 apples in total', '17'],
    ['last number with separators', 'The total comes to 1,234,567 dollars overall in the end', '1,234,567'],
    ['the answer tag wins over reasoning', '<think>\\boxed{3}</think><answer>4</answer>', '4'],
    ['reasoning with a stray close tag', 'so 5 </think> \\boxed{6}', '6'],
  ])('%s', (_name, response, expected) => {
    expect(extractMathAnswer(response)?.text).toBe(expected);
  });

  it('finds nothing in prose without numbers, and scores null', () => {
    expect(extractMathAnswer('I cannot solve this problem, sorry about that.')).toBeNull();
    expect(math('I cannot solve this problem, sorry about that.', '3').score).toBeNull();
  });
});

describe('math: equivalence', () => {
  it.each([
    ['integers with thousands separators', '\\boxed{1,000}', '1000'],
    ['LaTeX thin-space thousands', '\\boxed{1\\,000}', '1000'],
    ['decimal vs fraction', '\\boxed{0.75}', '\\frac{3}{4}'],
    ['\\dfrac and \\tfrac', '\\boxed{\\dfrac{3}{4}}', '\\tfrac34'],
    ['a/b', '\\boxed{3/4}', '0.75'],
    ['trailing zeros', '\\boxed{2.50}', '2.5'],
    ['percent read as written', '\\boxed{50\\%}', '50'],
    ['percent read as a fraction', '\\boxed{50\\%}', '0.5'],
    ['scientific notation', '\\boxed{1.5 \\times 10^{3}}', '1500'],
    ['e notation', '\\boxed{2.5e-3}', '0.0025'],
    ['square roots', '\\boxed{\\frac{\\sqrt{2}}{2}}', '\\frac{1}{\\sqrt{2}}'],
    ['root shorthand', '\\boxed{3\\sqrt2}', '\\sqrt{18}'],
    ['cube root', '\\boxed{\\sqrt[3]{27}}', '3'],
    ['pi', '\\boxed{\\frac{\\pi}{3}}', '\\dfrac{\\pi}{3}'],
    ['pi numerically', '\\boxed{6.2831853}', '2\\pi'],
    ['negatives', '\\boxed{-\\frac{1}{2}}', '-0.5'],
    ['unicode minus', '\\boxed{−7}', '-7'],
    ['\\pm against both roots', '\\boxed{1 \\pm \\sqrt{2}}', '1+\\sqrt{2}, 1-\\sqrt{2}'],
    ['text units ignored', '\\boxed{12 \\text{ cm}}', '12'],
    ['plain units ignored', 'The answer is 12 meters.', '12'],
    ['currency', '\\boxed{\\$12.50}', '12.5'],
    ['degrees', '\\boxed{30^\\circ}', '30'],
    ['degree sign', '\\boxed{45°}', '45'],
    ['x = 11 vs 11', '\\boxed{x = 11}', '11'],
    ['11 vs x = 11', '\\boxed{11}', 'x=11'],
    ['sets in any order', '\\boxed{\\{3, 1, 2\\}}', '\\{1,2,3\\}'],
    ['bare list as a set', '\\boxed{2, -1}', '-1, 2'],
    ['tuples in order', '\\boxed{(1, -2)}', '(1,-2)'],
    ['interval', '\\boxed{[0, \\infty)}', '[0,\\infty)'],
    ['union of intervals in any order', '\\boxed{(-\\infty, -1) \\cup (1, \\infty)}', '(1,\\infty)\\cup(-\\infty,-1)'],
    ['matrices', '\\boxed{\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}}', '\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}'],
    ['column vector vs tuple', '\\boxed{(3, -1)}', '\\begin{pmatrix} 3 \\\\ -1 \\end{pmatrix}'],
    ['symbolic: factored vs expanded', '\\boxed{2x+2}', '2(x+1)'],
    ['symbolic: difference of squares', '\\boxed{(x-1)(x+1)}', 'x^2-1'],
    ['symbolic: trig identity', '\\boxed{\\sin^2 x + \\cos^2 x}', '1'],
    ['symbolic: two variables', '\\boxed{\\frac{a}{b} + 1}', '\\frac{a+b}{b}'],
    ['equations', '\\boxed{y = 2x + 3}', 'y=3+2x'],
    ['inequalities flipped', '\\boxed{x \\le 3}', '3 \\ge x'],
    ['mixed number', '\\boxed{2\\frac{1}{2}}', '\\frac{5}{2}'],
    ['complex numbers', '\\boxed{3+2i}', '2i+3'],
    ['text answers', '\\boxed{\\text{Tuesday}}', 'Tuesday'],
    ['absolute value', '\\boxed{|-3|}', '3'],
    ['binomial', '\\boxed{\\binom{5}{2}}', '10'],
    ['\\left( \\right)', '\\boxed{\\left(1, 2\\right)}', '(1,2)'],
    ['numeric truth', '#### 72', 72],
    ['several equations joined by or', '\\boxed{x=2 \\text{ or } x=3}', '3, 2'],
    ['x in an interval', '\\boxed{x \\in [1, 2]}', '[1,2]'],
    ['function value', '\\boxed{f(2) = 7}', '7'],
    ['factorial', '\\boxed{10!}', '3628800'],
    ['logarithm base', '\\boxed{\\log_2 8}', '3'],
    ['Euler', '\\boxed{e^{i\\pi}}', '-1'],
    ['rational function', '\\boxed{\\frac{x^2-1}{x-1}}', 'x+1'],
    ['greek letters', '\\boxed{\\theta + \\alpha}', '\\alpha+\\theta'],
    ['subscripts', '\\boxed{a_1 + a_2}', 'a_{2}+a_{1}'],
  ])('%s', (_name, response, truth) => {
    expect(math(response, truth).score).toBe(1);
  });

  it.each([
    ['wrong number', '\\boxed{5}', '6'],
    ['sign matters', '\\boxed{5}', '-5'],
    ['too coarse a decimal', '\\boxed{0.33}', '\\frac{1}{3}'],
    ['tuple order matters', '\\boxed{(1, 2)}', '(2,1)'],
    ['closed vs half-open interval', '\\boxed{[1, 2]}', '[1,2)'],
    ['missing set element', '\\boxed{\\{1, 2\\}}', '\\{1,2,3\\}'],
    ['one root of two', '\\boxed{1+\\sqrt{2}}', '1 \\pm \\sqrt{2}'],
    ['different polynomial', '\\boxed{2x+3}', '2(x+1)'],
    ['different variable', '\\boxed{2y}', '2x'],
    ['matrix cell', '\\boxed{\\begin{pmatrix} 1 & 2 \\\\ 3 & 5 \\end{pmatrix}}', '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}'],
    ['other text answer', '\\boxed{\\text{Monday}}', 'Tuesday'],
    ['percent not a wildcard', '\\boxed{5\\%}', '0.5'],
    ['reversed inequality', '\\boxed{x \\ge 3}', 'x \\le 3'],
    ['last box wins even if wrong', '\\boxed{3} or rather \\boxed{4}', '3'],
    ['large integers are exact', '\\boxed{1,000,001}', '1000000'],
    ['large powers are exact', '\\boxed{2^{20}}', '1048577'],
    ['division by zero', '\\boxed{\\frac{1}{0}}', '1'],
    ['other subscript', '\\boxed{a_1 + a_2}', 'a_2+a_3'],
  ])('%s scores 0', (_name, response, truth) => {
    expect(math(response, truth).score).toBe(0);
  });

  it('rel_tol loosens numeric comparison', () => {
    expect(math('\\boxed{0.333}', '1/3').score).toBe(0);
    expect(math('\\boxed{0.333}', '1/3', { rel_tol: 0.01 }).score).toBe(1);
  });

  it('renders the truth as a box it scores 1', () => {
    expect(scoreWith({ name: 'math' }, '\\boxed{\\boxed{\\frac34}}', '\\boxed{\\frac{3}{4}}').score).toBe(1);
  });

  it('rejects bad truths and params with a clear error', () => {
    expect(() => math('\\boxed{1}', '')).toThrow(/ground truth for verifier `math`/);
    expect(() => math('\\boxed{1}', '1', { tolerance: 1 })).toThrow(/bad params for verifier `math`.*tolerance/);
  });

  it('is deterministic and fast enough for rollouts', () => {
    const started = performance.now();
    for (let i = 0; i < 2000; i++) expect(math(`so \\boxed{${i}/7}`, `\\frac{${i}}{7}`).score).toBe(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
