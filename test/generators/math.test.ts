// The `math_problems` generator: every answer passes the `math` verifier (and a
// wrong one does not), records have the registry's shape, difficulty shapes the
// problems, and output depends only on the seed.
import { describe, expect, it } from 'vitest';
import type { Json } from '../../compiler/lower/dag-schema.ts';
import { registryType } from '../../compiler/types/resolve.ts';
import { conformRecord } from '../../runtime/sources/conform.ts';
import type { SourceContext } from '../../runtime/sources/source-item.ts';
import { generators } from '../../stdlib/generators/index.ts';
import { MATH_KINDS, mathProblems } from '../../stdlib/generators/math/index.ts';
import { sourceEntries } from '../../stdlib/registry/sources.ts';
import { prepareCached } from '../../stdlib/verifiers/index.ts';

const verifier = prepareCached({ name: 'math', params: { rel_tol: 1e-6 } });
const context: SourceContext = { directory: '.', seed: 42, nodeId: 'math-node' };

interface Problem {
  key: string;
  question: string;
  answer: string;
  trace: string;
  difficulty: number;
  kind: string;
  steps: number;
}

async function generate(params: Record<string, Json>, ctx: SourceContext = context): Promise<Problem[]> {
  const out: Problem[] = [];
  for await (const item of mathProblems(params, ctx)) {
    if ('rejected' in item) throw new Error(`${item.key}: ${item.rejected}`);
    out.push({ key: item.key, ...(item.fields as Omit<Problem, 'key'>) });
  }
  return out;
}

/** A wrong answer of the same shape: one more, or the pair with x moved by one. */
function wrongAnswer(answer: string): string {
  const pair = /^\((-?\d+), (-?\d+)\)$/.exec(answer);
  if (pair) return `(${Number(pair[1]) + 1}, ${pair[2]})`;
  return `${answer.replace(/\\%$/, '')} + 1`;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('math_problems', () => {
  it('is the implementation registered for the `math_problems` source', () => {
    expect(generators.get('math_problems')).toBe(mathProblems);
  });

  it('yields answers that the math verifier scores 1, as written and as rendered, and a wrong answer 0', async () => {
    const problems = [
      ...(await generate({ count: 600 })),
      ...(await generate({ count: 120, max_steps: 2, max_digits: 1 }, { ...context, seed: 7 })),
      ...(await generate({ count: 120, max_steps: 9, max_digits: 6, min_difficulty: 0.8 }, { ...context, seed: 8 })),
    ];
    const failures: string[] = [];
    for (const p of problems) {
      const asWritten = verifier.score(p.answer, p.answer).score;
      const rendered = verifier.score(verifier.renderTruth(p.answer), p.answer).score;
      const worked = verifier.score(`${p.trace}\nThe answer is $\\boxed{${p.answer}}$.`, p.answer).score;
      const wrong = verifier.score(`\\boxed{${wrongAnswer(p.answer)}}`, p.answer).score;
      if (asWritten !== 1 || rendered !== 1 || worked !== 1 || wrong !== 0) {
        failures.push(`${p.kind} ${JSON.stringify(p.answer)}: written ${asWritten}, rendered ${rendered}, worked ${worked}, wrong ${wrong}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('yields exactly the fields and types the registry declares', async () => {
    const entry = sourceEntries.find((e) => e.name === 'math_problems')!;
    const type = registryType(entry.yields!);
    if (type.kind !== 'record') throw new Error('expected a record type');
    for await (const item of mathProblems({ count: 60 }, context)) {
      if ('rejected' in item) throw new Error(item.rejected);
      expect(Object.keys(item.fields).sort()).toEqual(type.fields.map((f) => f.name).sort());
      // Conforming changes nothing: every value already has its declared runtime shape.
      expect(conformRecord(item.fields, type)).toEqual(item.fields);
      expect(Number.isInteger(item.fields.steps)).toBe(true);
      expect(String(item.fields.trace).length).toBeGreaterThan(10);
    }
  });

  it('keys items `math-` and nine digits, honours `count` and a smaller `--limit`', async () => {
    const all = await generate({ count: 30 });
    expect(all.map((p) => p.key).slice(0, 3)).toEqual(['math-000000000', 'math-000000001', 'math-000000002']);
    expect(all).toHaveLength(30);
    const limited = await generate({ count: 30 }, { ...context, limit: 7 });
    // Every draw is keyed, so the limited run is a prefix of the full one.
    expect(limited).toEqual(all.slice(0, 7));
    expect(await generate({ count: 5 }, { ...context, limit: 50 })).toHaveLength(5);
  });

  it('draws the kinds asked for in equal shares', async () => {
    const problems = await generate({ count: 60, kinds: ['linear', 'percent', 'word'] });
    const counts = Object.fromEntries(['linear', 'percent', 'word'].map((k) => [k, problems.filter((p) => p.kind === k).length]));
    expect(counts).toEqual({ linear: 20, percent: 20, word: 20 });
    const everything = await generate({ count: 60 });
    expect(new Set(everything.map((p) => p.kind))).toEqual(new Set(MATH_KINDS));
  });

  it('spreads difficulty over the band and makes harder problems longer, with larger numbers and distractors', async () => {
    const band = await generate({ count: 200, min_difficulty: 0.2, max_difficulty: 0.6 });
    const levels = band.map((p) => p.difficulty);
    expect(Math.min(...levels)).toBeGreaterThanOrEqual(0.2);
    expect(Math.max(...levels)).toBeLessThanOrEqual(0.6);
    expect(Math.min(...levels)).toBeLessThan(0.22);
    expect(Math.max(...levels)).toBeGreaterThan(0.58);

    const easy = await generate({ count: 300, max_difficulty: 0.25 });
    const hard = await generate({ count: 300, min_difficulty: 0.75 });
    const arithmetic = (ps: Problem[]) => ps.filter((p) => p.kind === 'arithmetic');
    expect(mean(arithmetic(hard).map((p) => p.steps))).toBeGreaterThan(mean(arithmetic(easy).map((p) => p.steps)) + 2);
    const largestNumber = (p: Problem) => Math.max(...(p.question.match(/\d+/g) ?? ['0']).map(Number));
    expect(mean(arithmetic(hard).map(largestNumber))).toBeGreaterThan(10 * mean(arithmetic(easy).map(largestNumber)));
    const distractors = (ps: Problem[]) => mean(ps.filter((p) => p.kind === 'word').map((p) => (p.trace.match(/Ignore the facts/) ? 1 : 0)));
    expect(distractors(easy)).toBe(0);
    expect(distractors(hard)).toBe(1);
  });

  it('writes the same problems for the same seed and different ones for another seed', async () => {
    const a = await generate({ count: 80 });
    const b = await generate({ count: 80 });
    const c = await generate({ count: 80 }, { ...context, seed: 43 });
    const d = await generate({ count: 80 }, { ...context, nodeId: 'another-node' });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(c.filter((p, i) => p.question === a[i].question).length).toBeLessThan(8);
    expect(d.filter((p, i) => p.question === a[i].question).length).toBeLessThan(8);
  });

  it('refuses operands too long for exact answers and an empty list of kinds', async () => {
    await expect(generate({ count: 1, max_digits: 9 })).rejects.toThrow(/max_digits/);
    await expect(generate({ count: 1, kinds: [] })).rejects.toThrow(/kinds/);
  });
});
