import { describe, expect, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

// Photos with annotations of every geometric kind, so each verifier can be given a truth of its own type or another's.
const photos = (emits: string, top = '') => HEADER + dedent(`
  ${top}
  source photos: {box: box<px>, norm_box: box<norm>, at: segment<s>, at_frames: segment<frames>, count: int, label: string, labels: list<string>, length: seconds} = folder { glob: "data/*.jpg" media: image }
  source scenes = geometric_scenes { count: 10 }
`) + emits;

const emit = (name: string, from: string, fields: string) =>
  `stage ${name} from ${from} {\n  emit { prompt: "p" ${fields} difficulty: 0.5 domain: "geometry" }\n}\n`;

describe('verifier-type-mismatch', () => {
  it('reports a box truth checked by `point_in_mask()`, at the truth, with the verifier as related information', () => {
    const [d] = expectDiagnostics(photos(emit('s', 'photos', 'truth: <|box|> verifier: point_in_mask()')), [{
      code: 'verifier-type-mismatch',
      message: 'verifier `point_in_mask` checks a ground truth of type `mask`, but the stage emits `box<px>`',
      hint: 'emit a `mask` or choose a verifier for `box<px>`',
    }]);
    expect(d.related?.map((r) => r.message)).toEqual(['the verifier is chosen here']);
  });

  it('accepts a mask checked by `point_in_mask()` and a box by `point_in_box()`', () => {
    expectClean(photos(
      emit('a', 'scenes', 'truth: target verifier: point_in_mask()') +
      emit('b', 'photos', 'truth: box verifier: point_in_box()') +
      emit('c', 'photos', 'truth: norm_box verifier: point_in_box(point_scale: 1000)'),
    ));
  });

  it('follows a declared verifier and a combination of verifiers', () => {
    expectDiagnostics(photos(
      emit('a', 'photos', 'truth: <|box|> verifier: inside') + emit('b', 'photos', 'truth: <|label|> verifier: shaped'),
      'verifier inside = point_in_mask()\nverifier shaped = all(format(), point_in_mask())',
    ), [
      { code: 'verifier-type-mismatch', message: 'verifier `point_in_mask` checks a ground truth of type `mask`, but the stage emits `box<px>`' },
      { code: 'verifier-type-mismatch', message: 'verifier `all` checks a ground truth of type `mask`, but the stage emits `string`' },
    ]);
  });

  it('tells pixel boxes from normalised ones and seconds from frames', () => {
    expectDiagnostics(photos(
      emit('a', 'photos', 'truth: <|norm_box|> verifier: box_iou()') + emit('b', 'photos', 'truth: <|at_frames|> verifier: segment_iou()') +
      emit('c', 'photos', 'truth: at verifier: segment_iou(binary: true)') + emit('d', 'photos', 'truth: length verifier: duration()'),
    ), [
      { code: 'verifier-type-mismatch', message: 'checks a ground truth of type `box<px>`, but the stage emits `box<norm>`' },
      { code: 'verifier-type-mismatch', message: 'checks a ground truth of type `segment<s>`, but the stage emits `segment<frames>`' },
    ]);
  });

  it('accepts an int for `numeric()` and a list of spellings for `exact()`, but not an int for `exact()`', () => {
    expectDiagnostics(photos(
      emit('a', 'photos', 'truth: count verifier: numeric()') + emit('b', 'photos', 'truth: labels verifier: exact()') +
      emit('c', 'photos', 'truth: <|count|> verifier: exact()') + emit('d', 'photos', 'truth: str(count) verifier: exact()'),
    ), [{ code: 'verifier-type-mismatch', message: 'verifier `exact` checks a ground truth of type `string | list<string>`, but the stage emits `int`' }]);
  });

  it('checks an emitted answer against what the verifier parses, accepting text', () => {
    expectDiagnostics(photos(
      emit('a', 'scenes', 'truth: target verifier: point_in_mask() answer: point') +
      emit('b', 'scenes', 'truth: target verifier: point_in_mask() answer: template("({point.x}, {point.y})")') +
      emit('c', 'scenes', 'truth: target verifier: point_in_mask() answer: <|3|>'),
    ), [{ code: 'verifier-type-mismatch', message: 'verifier `point_in_mask` checks a final answer of type `point<px>`, but the stage emits `int`' }]);
  });

  it('reports verifiers combined that cannot check the same truth, once, at the combination', () => {
    expectDiagnostics(photos(emit('a', 'scenes', 'truth: point verifier: any(math(), <|point_in_mask()|>)')), [
      { code: 'type-mismatch', message: 'a verifier combined by `any` with `math` expects `verifier<string | float>`, found `verifier<mask>`' },
    ], { only: ['type-mismatch', 'verifier-type-mismatch'] });
  });

  it('narrows a combination to the truth every verifier in it accepts', () => {
    expectDiagnostics(photos(
      emit('a', 'photos', 'truth: label verifier: any(exact(), math())') + emit('b', 'photos', 'truth: <|labels|> verifier: any(exact(), math())'),
    ), [{ code: 'verifier-type-mismatch', message: 'verifier `any` checks a ground truth of type `string`, but the stage emits `list<string>`' }]);
  });

  it('says nothing when the truth is already an error', () => {
    expectDiagnostics(photos(emit('a', 'photos', 'truth: <|bx|> verifier: point_in_mask()')), ['unknown-field'], {
      only: ['unknown-field', 'verifier-type-mismatch'],
    });
  });
});
