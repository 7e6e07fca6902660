// For generated truths of every type: the verifier scores its own rendering of
// the truth 1, and a perturbed answer below 1. This is the runtime's self-check,
// tried on far more truths than any recipe holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTruthWith, scoreWith } from '../../stdlib/verifiers/index.ts';
import type { VerifierSpec } from '../../stdlib/verifiers/types.ts';
import { encodeCountsString, encodeMask } from '../../stdlib/verifiers/rle.ts';

const runs = { numRuns: 150, seed: 20240601 };

function selfCheck(spec: VerifierSpec, truth: unknown): void {
  const rendered = renderTruthWith(spec, truth);
  const result = scoreWith(spec, rendered, truth);
  expect(result.score, `${JSON.stringify(spec)} on ${rendered}`).toBe(1);
}

function below(spec: VerifierSpec, response: string, truth: unknown): void {
  const score = scoreWith(spec, response, truth).score;
  expect(score === null || score < 1, `${JSON.stringify(spec)} on ${response}: ${score}`).toBe(true);
}

// LaTeX leaves with a value: integers, fractions, decimals, surds, multiples of pi, polynomials.
const leaf = fc.oneof(
  fc.integer({ min: -5000, max: 5000 }).map(String),
  fc.tuple(fc.integer({ min: -99, max: 99 }), fc.integer({ min: 2, max: 40 })).map(([p, q]) => `\\frac{${p}}{${q}}`),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1, max: 99 })).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.constantFrom(2, 3, 5, 6, 7)).map(([a, b]) => `${a}\\sqrt{${b}}`),
  fc.integer({ min: 1, max: 12 }).map((k) => `\\frac{${k}\\pi}{6}`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -9, max: 9 }), fc.constantFrom('x', 'y', 'n'))
    .map(([a, b, v]) => `${a}${v}^2${b < 0 ? '-' : '+'}${Math.abs(b)}${v}`),
);

describe('self-check over generated truths', () => {
  it('math: leaves, tuples, sets and intervals', () => {
    const truth = fc.oneof(
      leaf.map((l) => ({ text: l, perturbed: `${l}+1` })),
      fc.tuple(leaf, leaf).map(([a, b]) => ({ text: `(${a}, ${b})`, perturbed: `(${a}, ${b}+1)` })),
      fc.tuple(leaf, leaf).map(([a, b]) => ({ text: `\\{${a}, ${b}\\}`, perturbed: `\\{${a}+1, ${b}\\}` })),
      fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 50 }))
        .map(([a, d]) => ({ text: `[${a}, ${a + d})`, perturbed: `[${a}, ${a + d}]` })),
    );
    fc.assert(fc.property(truth, ({ text, perturbed }) => {
      selfCheck({ name: 'math' }, text);
      below({ name: 'math' }, `\\boxed{${perturbed}}`, text);
    }), runs);
  });

  it('math and numeric: numeric truths', () => {
    const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
    fc.assert(fc.property(value, (v) => {
      for (const name of ['math', 'numeric']) {
        selfCheck({ name }, v);
        below({ name }, `\\boxed{${v * 1.001 + 0.01}}`, v);
      }
    }), runs);
  });

  it('choice', () => {
    const setup = fc.integer({ min: 2, max: 10 }).chain((count) => {
      const letters = 'ABCDEFGHIJ'.slice(0, count);
      return fc.tuple(fc.constant(letters), fc.integer({ min: 0, max: count - 1 }), fc.integer({ min: 1, max: count - 1 }));
    });
    fc.assert(fc.property(setup, ([letters, index, shift]) => {
      const spec = { name: 'choice', params: { letters } };
      selfCheck(spec, letters[index]);
      below(spec, `The answer is (${letters[(index + shift) % letters.length]}).`, letters[index]);
    }), runs);
  });

  it('exact and normalized', () => {
    const phrase = fc.array(fc.stringMatching(/^[A-Za-z][a-z]{3,7}$/), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
    fc.assert(fc.property(phrase, (text) => {
      for (const name of ['exact', 'normalized']) {
        selfCheck({ name }, text);
        below({ name }, `${text} extra`, text);
      }
    }), runs);
  });

  const box = fc.tuple(
    fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }),
    fc.double({ min: 0.5, max: 500, noNaN: true }), fc.double({ min: 0.5, max: 500, noNaN: true }),
  ).map(([x, y, w, h]) => [x, y, x + w, y + h]);

  it('point_in_box and box_iou, in pixels and rescaled', () => {
    fc.assert(fc.property(box, fc.constantFrom(1, 1000), (b, scale) => {
      const [x1, y1, x2, y2] = b;
      selfCheck({ name: 'point_in_box', params: { point_scale: scale } }, b);
      below({ name: 'point_in_box', params: { point_scale: scale } }, `(${(x2 + 1) * scale}, ${y1 * scale})`, b);
      selfCheck({ name: 'box_iou', params: { box_scale: scale } }, b);
      const shifted = [x1 + (x2 - x1) / 2, y1, x2 + (x2 - x1) / 2, y2].map((v) => v * scale);
      below({ name: 'box_iou', params: { box_scale: scale } }, `[${shifted.join(', ')}]`, b);
    }), runs);
  });

  it('point_in_mask, with compressed and uncompressed counts', () => {
    const mask = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 })).chain(([h, w]) =>
      fc.tuple(fc.constant(h), fc.constant(w), fc.array(fc.boolean(), { minLength: h * w, maxLength: h * w })));
    fc.assert(fc.property(mask, ([h, w, bits]) => {
      fc.pre(bits.some(Boolean));
      const raw = encodeMask(bits.map(Number), h, w);
      for (const truth of [raw, { size: raw.size, counts: encodeCountsString(raw.counts) }]) {
        selfCheck({ name: 'point_in_mask' }, truth);
        const outside = bits.findIndex((bit) => !bit);
        const [x, y] = outside >= 0 ? [outside % w, Math.floor(outside / w)] : [w + 3, 0];
        below({ name: 'point_in_mask' }, `(${x}, ${y})`, truth);
      }
    }), runs);
  });

  it('segment_iou and duration', () => {
    const segment = fc.tuple(fc.double({ min: 0, max: 3600, noNaN: true }), fc.double({ min: 0.01, max: 600, noNaN: true }))
      .map(([start, length]) => [start, start + length]);
    fc.assert(fc.property(segment, ([start, end]) => {
      selfCheck({ name: 'segment_iou' }, [start, end]);
      below({ name: 'segment_iou' }, `[${start + (end - start) / 2}, ${end + (end - start)}]`, [start, end]);
      selfCheck({ name: 'duration' }, end - start);
      below({ name: 'duration' }, `${end - start + 0.6} seconds`, end - start);
    }), runs);
  });

  it('format and combinators', () => {
    fc.assert(fc.property(leaf, (text) => {
      const spec = { name: 'all', children: [{ name: 'format' }, { name: 'math' }] };
      selfCheck(spec, text);
      below(spec, `\\boxed{${text}}`, text);
      const weighted = { name: 'weighted', params: { weights: [0.2, 0.8] }, children: [{ name: 'format' }, { name: 'math' }] };
      selfCheck(weighted, text);
      below(weighted, `<think>hm</think><answer>\\boxed{${text}+1}</answer>`, text);
    }), { ...runs, numRuns: 60 });
  });
});
