import { describe, expect, it } from 'vitest';
import type * as A from '../../compiler/syntax/ast.ts';
import { dedent } from '../helpers.ts';
import { only, parseClean, parseExpression, show, spanOf } from './support.ts';

/** The tree of one expression, as an S-expression. */
const tree = (source: string) => show(parseExpression(source).expression);

function literal<K extends A.Expression['kind']>(source: string, kind: K): Extract<A.Expression, { kind: K }> {
  const { expression } = parseExpression(source);
  expect(expression?.kind).toBe(kind);
  return expression as Extract<A.Expression, { kind: K }>;
}

describe('string literals', () => {
  it('unescape quotes, backslashes, newlines, tabs and code points', () => {
    expect(literal(String.raw`"say \"hi\"\n\tand \\ go"`, 'StringLiteral').value).toBe('say "hi"\n\tand \\ go');
    expect(literal(String.raw`"\u{1F600} \u{e9}"`, 'StringLiteral').value).toBe('😀 é');
    expect(literal('""', 'StringLiteral').value).toBe('');
  });

  it('keep a code point that does not exist as written', () => {
    expect(literal(String.raw`"\u{110000}"`, 'StringLiteral').value).toBe(String.raw`\u{110000}`);
  });

  it('record where the value starts, for template fields', () => {
    const { expression, spans } = parseExpression('<|"<|{question}|>"|>');
    const string = expression as A.StringLiteral;
    expect(spanOf(string)).toEqual(spans[0]);
    expect(string.valueStart).toBe(spans[1].start);
    expect(string.triple).toBe(false);
  });

  it('triple-quoted strings drop the first newline and the common indentation', () => {
    const { module, spans } = parseClean(dedent(`
      param prompt: string = <|"""
          A clip is described as follows:
            {description}
          Write a question.
          """|>
    `));
    const value = only(module, 'ParamDecl').defaultValue as A.StringLiteral;
    expect(value.kind).toBe('StringLiteral');
    expect(value.triple).toBe(true);
    expect(value.value).toBe('A clip is described as follows:\n  {description}\nWrite a question.');
    expect(spanOf(value)).toEqual(spans[0]);
    expect(value.valueStart).toBe(spans[0].start + 3);
  });

  it('triple-quoted strings keep quotes and backslashes as written', () => {
    expect(literal('"""say "hi" \\n"""', 'StringLiteral').value).toBe('say "hi" \\n');
  });
});

describe('number and quantity literals', () => {
  it('read integers, decimals and exponents', () => {
    expect([literal('42', 'NumberLiteral').value, literal('42', 'NumberLiteral').integer]).toEqual([42, true]);
    expect([literal('0.95', 'NumberLiteral').value, literal('0.95', 'NumberLiteral').integer]).toEqual([0.95, false]);
    expect(literal('1e-3', 'NumberLiteral').value).toBe(0.001);
    expect(literal('1.0', 'NumberLiteral').text).toBe('1.0');
  });

  it('read durations, pixels and percentages with their unit', () => {
    const cases: Array<[string, number, A.QuantityUnit]> = [
      ['30s', 30, 's'], ['500ms', 500, 'ms'], ['2min', 2, 'min'], ['1h', 1, 'h'], ['1.5s', 1.5, 's'], ['12px', 12, 'px'], ['20%', 20, '%'],
    ];
    for (const [text, value, unit] of cases) {
      const quantity = literal(text, 'QuantityLiteral');
      expect({ value: quantity.value, unit: quantity.unit, text: quantity.text }).toEqual({ value, unit, text });
    }
  });

  it('span the whole literal', () => {
    const { expression, spans } = parseExpression('<|500ms|>');
    expect(spanOf(expression)).toEqual(spans[0]);
  });
});

describe('other literals', () => {
  it('read booleans and null', () => {
    expect(literal('true', 'BooleanLiteral').value).toBe(true);
    expect(literal('false', 'BooleanLiteral').value).toBe(false);
    expect(literal('null', 'NullLiteral').kind).toBe('NullLiteral');
  });

  it('read lists with or without commas, nested and empty', () => {
    expect(tree('[1, 2, 3]')).toBe('[1 2 3]');
    expect(tree('[1 2 3,]')).toBe('[1 2 3]');
    expect(tree('[[1, 2], [], "x"]')).toBe('[[1 2] [] "x"]');
    const { expression, spans } = parseExpression('<|[<|a|>, b]|>');
    expect(spanOf(expression)).toEqual(spans[0]);
    expect(spanOf((expression as A.ListLiteral).items[0])).toEqual(spans[1]);
  });

  it('read maps with or without commas, nested and empty', () => {
    expect(tree('{ math: 0.4, charts: 0.6 }')).toBe('{math: 0.4, charts: 0.6}');
    expect(tree('{ a: { b: [1] } c: {} }')).toBe('{a: {b: [1]}, c: {}}');
    const { expression, spans } = parseExpression('<|{ <|train: 90%|>, test: 10% }|>');
    expect(spanOf(expression)).toEqual(spans[0]);
    expect(spanOf((expression as A.MapLiteral).entries[0])).toEqual(spans[1]);
  });

  it('read keywords that cannot start an expression as names (enum values)', () => {
    for (const word of ['stage', 'source', 'output', 'model', 'level', 'for', 'from', 'as']) {
      expect(tree(word)).toBe(word);
    }
    expect(tree('[stage, source]')).toBe('[stage source]');
  });

  it('ignore comments inside an expression', () => {
    const { module } = parseClean(dedent(`
      param weights: list<float> = [
        0.4, # math
        0.6  # charts
      ]
    `));
    expect(show(only(module, 'ParamDecl').defaultValue)).toBe('[0.4 0.6]');
  });
});

describe('operator precedence and associativity', () => {
  it('multiplication binds tighter than addition', () => {
    expect(tree('a + b * c')).toBe('(+ a (* b c))');
    expect(tree('a * b + c')).toBe('(+ (* a b) c)');
    expect(tree('(a + b) * c')).toBe('(* (+ a b) c)');
  });

  it('operators of one level associate to the left', () => {
    expect(tree('a - b - c')).toBe('(- (- a b) c)');
    expect(tree('a / b * c')).toBe('(* (/ a b) c)');
    expect(tree('a or b or c')).toBe('(or (or a b) c)');
    expect(tree('a and b and c')).toBe('(and (and a b) c)');
  });

  it('comparisons bind looser than arithmetic and tighter than `not`, `and` and `or`', () => {
    expect(tree('a + 1 < b * 2')).toBe('(< (+ a 1) (* b 2))');
    expect(tree('x == y and y != z')).toBe('(and (== x y) (!= y z))');
    expect(tree('a <= b or c >= d and e > f')).toBe('(or (<= a b) (and (>= c d) (> e f)))');
  });

  it('`not` applies to a comparison and binds tighter than `and`', () => {
    expect(tree('not a and b')).toBe('(and (not a) b)');
    expect(tree('not a == b')).toBe('(not (== a b))');
    expect(tree('a and not b or c')).toBe('(or (and a (not b)) c)');
    expect(tree('not not a')).toBe('(not (not a))');
  });

  it('unary minus binds tighter than any binary operator', () => {
    expect(tree('-a * b')).toBe('(* (- a) b)');
    expect(tree('a * -b')).toBe('(* a (- b))');
    expect(tree('- -a')).toBe('(- (- a))');
    expect(tree('-a.b')).toBe('(- a.b)');
    expect(tree('1.0 - -2')).toBe('(- 1.0 (- 2))');
  });

  it('member access, indexing and calls chain left to right', () => {
    expect(tree('a.b.c')).toBe('a.b.c');
    expect(tree('found[0].box')).toBe('found[0].box');
    expect(tree('f(x)(y)')).toBe('(call (call f x) y)');
    expect(tree('a.b[i + 1](n: 2).c')).toBe('(call a.b[(+ i 1)] n: 2).c');
    expect(tree('m["key"]')).toBe('m["key"]');
  });

  it('reads a keyword after a dot as a member name', () => {
    expect(tree('split.from.stage')).toBe('split.from.stage');
  });

  it('conditionals nest in their branches and hold any expression', () => {
    expect(tree('if a then b else c')).toBe('(if a b c)');
    expect(tree('if a > 1 and b then x + 1 else if c then y else z')).toBe('(if (and (> a 1) b) (+ x 1) (if c y z))');
    expect(tree('[if a then 1 else 2, 3]')).toBe('[(if a 1 2) 3]');
    expect(tree('(if a then 1 else 2) * 3')).toBe('(* (if a 1 2) 3)');
  });
});

describe('expression spans', () => {
  it('a binary expression spans its operands; its operator has its own span', () => {
    const { expression, spans } = parseExpression('<|<|a.b|> <|+|> <|c * d|>|>');
    const sum = expression as A.BinaryExpr;
    expect(spanOf(sum)).toEqual(spans[0]);
    expect(spanOf(sum.left)).toEqual(spans[1]);
    expect(sum.operatorSpan).toEqual(spans[2]);
    expect(spanOf(sum.right)).toEqual(spans[3]);
  });

  it('a parenthesised expression spans its parentheses', () => {
    const { expression, spans } = parseExpression('<|<|(a + b)|> * c|>');
    const product = expression as A.BinaryExpr;
    expect(spanOf(product)).toEqual(spans[0]);
    expect(spanOf(product.left)).toEqual(spans[1]);
  });

  it('unary, member, index, call and conditional spans', () => {
    const { expression, spans } = parseExpression('<|-<|<|<|<|f|>(x)|>.<|y|>|>[0]|>|>');
    expect(show(expression)).toBe('(- (call f x).y[0])');
    const negation = expression as A.UnaryExpr;
    expect(spanOf(negation)).toEqual(spans[0]);
    const index = negation.operand as A.IndexAccess;
    expect(spanOf(index)).toEqual(spans[1]);
    const member = index.object as A.MemberAccess;
    expect(spanOf(member)).toEqual(spans[2]);
    const call = member.object as A.Call;
    expect(spanOf(call)).toEqual(spans[3]);
    expect(spanOf(call.callee)).toEqual(spans[4]);
    expect(spanOf(member.member)).toEqual(spans[5]);

    const conditional = parseExpression('<|if <|a|> then <|b|> else <|c|>|>');
    const node = conditional.expression as A.Conditional;
    expect([node, node.condition, node.then, node.otherwise].map(spanOf)).toEqual(conditional.spans);
  });

  it('a named argument spans its name and value', () => {
    const { expression, spans } = parseExpression('choice(<|<|letters|>: "ABCD"|>, <|2|>)');
    const call = expression as A.Call;
    expect(spanOf(call.args[0])).toEqual(spans[0]);
    expect(spanOf(call.args[0].name)).toEqual(spans[1]);
    expect(spanOf(call.args[1])).toEqual(spans[2]);
  });
});
