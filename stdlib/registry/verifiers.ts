// Signatures of the standard verifiers. Implementations live in stdlib/verifiers/;
// test/verifiers/registry.test.ts keeps names, versions and params in step with them.
import type { VerifierEntry } from './schema.ts';

const extract = { name: 'extract', type: 'bool', default: true, doc: 'compare the final answer (answer tag, `\\boxed{}`, "Answer: …") rather than the whole response' };

export const verifierEntries: VerifierEntry[] = [
  {
    kind: 'verifier', name: 'exact', version: '1.0.0', combinator: false,
    doc: 'The final answer equals the ground truth character for character (any of several accepted spellings).',
    params: [extract],
    truth: 'string | list<string>', answer: 'string',
    example: 'verifier label = exact()',
  },
  {
    kind: 'verifier', name: 'normalized', version: '1.0.0', combinator: false,
    doc: 'The final answer equals the ground truth after folding case, punctuation, articles (a, an, the) and whitespace.',
    params: [
      extract,
      { name: 'ignore_case', type: 'bool', default: true, doc: 'compare in lower case' },
      { name: 'ignore_punctuation', type: 'bool', default: true, doc: 'treat punctuation and symbols as spaces' },
      { name: 'ignore_articles', type: 'bool', default: true, doc: 'drop the English articles a, an, the' },
    ],
    truth: 'string | list<string>', answer: 'string',
    example: 'verifier caption_word = normalized(ignore_articles: false)',
  },
  {
    kind: 'verifier', name: 'numeric', version: '1.0.0', combinator: false,
    doc: 'The final number of the response is within tolerance of the ground truth: |a - t| <= max(rel_tol * max(|a|, |t|), abs_tol).',
    params: [
      { name: 'abs_tol', type: 'float', default: 1e-9, doc: 'absolute tolerance' },
      { name: 'rel_tol', type: 'float', default: 1e-6, doc: 'relative tolerance (0.05 is ChartQA\'s relaxed accuracy)' },
    ],
    truth: 'float', answer: 'float',
    example: 'verifier bar_value = numeric(rel_tol: 0.05)',
  },
  {
    kind: 'verifier', name: 'math', version: '1.0.0', combinator: false,
    doc: 'The final answer (last `\\boxed{}`, "Final Answer: …", "The answer is …", `#### …`, else the last number) is mathematically equivalent to the ground truth: fractions, decimals, percent, roots, π, sets, tuples, intervals, matrices, equations and symbolic expressions.',
    params: [
      { name: 'rel_tol', type: 'float', default: 1e-6, doc: 'relative tolerance when comparing numbers (0.333333 matches 1/3, 0.33 does not)' },
    ],
    truth: 'string | float', answer: 'string',
    example: 'verifier solution = math()',
  },
  {
    kind: 'verifier', name: 'choice', version: '1.0.0', combinator: false,
    doc: 'The chosen letter of a multiple-choice answer (`(B)`, `B)`, `B.`, "the answer is B", `\\boxed{B}`; the last stated answer wins) is the ground-truth letter. No letter found scores null.',
    params: [
      { name: 'letters', type: 'string', default: 'ABCD', doc: 'the option letters, in order' },
    ],
    truth: 'string', answer: 'string',
    example: 'verifier next_event = choice(letters: "ABCDE")',
  },
  {
    kind: 'verifier', name: 'point_in_box', version: '1.0.0', combinator: false,
    doc: 'The last point of the response (`(x, y)`, `[x, y]`, `<point>x,y</point>`, `<point x="…" y="…">`) lies inside the ground-truth box, borders included.',
    params: [
      { name: 'point_scale', type: 'float', default: 1, doc: 'divide the answer\'s coordinates by this first (1000 for a 0–1000 grid against a `box<norm>`)' },
    ],
    truth: 'box<px> | box<norm>', answer: 'point<px> | point<norm>',
    example: 'verifier pointed = point_in_box()',
  },
  {
    kind: 'verifier', name: 'point_in_mask', version: '1.0.0', combinator: false,
    doc: 'The last point of the response falls on a pixel of the ground-truth mask (COCO RLE, compressed or not).',
    params: [
      { name: 'tolerance', type: 'int', default: 0, doc: 'also accept points at most this many pixels from the mask' },
      { name: 'point_scale', type: 'float', default: 1, doc: 'divide the answer\'s coordinates by this first' },
    ],
    truth: 'mask', answer: 'point<px>',
    example: 'verifier located = point_in_mask(tolerance: 2)',
  },
  {
    kind: 'verifier', name: 'box_iou', version: '1.0.0', combinator: false,
    doc: 'Intersection over union of the last box of the response (`[x1, y1, x2, y2]`, `(x1,y1),(x2,y2)`, `<box>…</box>`) with the ground-truth box; with `binary`, 1 when the IoU reaches `threshold`, else 0.',
    params: [
      { name: 'threshold', type: 'float', default: 0.5, doc: 'IoU needed to pass when `binary` is set' },
      { name: 'binary', type: 'bool', default: false, doc: 'score 1 or 0 instead of the IoU itself' },
      { name: 'box_scale', type: 'float', default: 1, doc: 'divide the answer\'s coordinates by this first' },
    ],
    truth: 'box<px>', answer: 'box<px>',
    example: 'verifier grounded = box_iou(threshold: 0.5, binary: true)',
  },
  {
    kind: 'verifier', name: 'segment_iou', version: '1.0.0', combinator: false,
    doc: 'Temporal IoU of the last time span of the response (`[12.5, 30]`, `12.5s - 30s`, `from 0:12 to 0:30`) with the ground-truth segment; with `binary`, 1 when it reaches `threshold`.',
    params: [
      { name: 'threshold', type: 'float', default: 0.5, doc: 'IoU needed to pass when `binary` is set' },
      { name: 'binary', type: 'bool', default: false, doc: 'score 1 or 0 instead of the IoU itself' },
    ],
    truth: 'segment<s>', answer: 'segment<s>',
    example: 'verifier when = segment_iou(binary: true, threshold: 0.3)',
  },
  {
    kind: 'verifier', name: 'duration', version: '1.0.0', combinator: false,
    doc: 'The last duration of the response (`12.5 s`, `1:05`, `2 minutes 5 seconds`, `800 ms`, a bare number in seconds) is within tolerance of the ground truth.',
    params: [
      { name: 'abs_tol', type: 'seconds', default: 0.5, doc: 'accepted absolute error' },
      { name: 'rel_tol', type: 'float', default: 0, doc: 'accepted error relative to the ground truth' },
    ],
    truth: 'seconds', answer: 'seconds',
    example: 'verifier how_long = duration(abs_tol: 0.25)',
  },
  {
    kind: 'verifier', name: 'format', version: '1.0.0', combinator: false,
    doc: 'The response reasons in `<think>…</think>` and then states an answer in `<answer>…</answer>` (or `\\boxed{}`); the ground truth is ignored.',
    params: [
      { name: 'think_tag', type: 'string', default: 'think', doc: 'name of the reasoning tag' },
      { name: 'answer_tag', type: 'string', default: 'answer', doc: 'name of the answer tag' },
      { name: 'allow_boxed', type: 'bool', default: true, doc: 'accept a `\\boxed{}` answer after the reasoning instead of the answer tag' },
      { name: 'strict', type: 'bool', default: false, doc: 'nothing but whitespace before the reasoning, between the blocks, or after the answer' },
    ],
    truth: 'any', answer: 'string',
    example: 'verifier shaped = format(strict: true)',
  },
  {
    kind: 'verifier', name: 'rollout', version: '1.0.0', combinator: false,
    doc: 'The verifier each rollout\'s example was written with (its name, version and params, read from the dataset): valid only as the whole verifier of a stage over a `rollouts` source.',
    params: [],
    truth: 'any', answer: 'any',
    example: 'emit { prompt: prompt truth: truth verifier: rollout() difficulty: difficulty domain: domain trace: trace }',
  },
  {
    kind: 'verifier', name: 'all', version: '1.0.0', combinator: true,
    doc: 'The lowest score of its verifiers (all must pass); a verifier that found no answer counts 0.',
    params: [], truth: 'any', answer: 'any',
    example: 'verifier strict_math = all(format(), math())',
  },
  {
    kind: 'verifier', name: 'any', version: '1.0.0', combinator: true,
    doc: 'The highest score of its verifiers (one must pass).',
    params: [], truth: 'any', answer: 'any',
    example: 'verifier either = any(math(), normalized())',
  },
  {
    kind: 'verifier', name: 'weighted', version: '1.0.0', combinator: true,
    doc: 'The weighted mean of its verifiers\' scores, weights normalised to sum 1; a verifier that found no answer counts 0.',
    params: [
      { name: 'weights', type: 'list<float>', doc: 'one non-negative weight per verifier, in order' },
    ],
    truth: 'any', answer: 'any',
    example: 'verifier shaped_math = weighted(format(), math(), weights: [0.1, 0.9])',
  },
];
