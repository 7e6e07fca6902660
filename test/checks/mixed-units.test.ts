import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

// A video folder: `media.duration` is in seconds, `media.frame_count` in frames, `media.width` in pixels.
const clips = (steps: string) => HEADER + dedent(`
  source clips: {title: string?, offset: seconds, count: int} = folder { glob: "data/*.mp4" media: video }
  stage s from clips {
  ${steps}
    emit { prompt: "p" truth: "a" verifier: exact() difficulty: 0.5 domain: "video" }
  }
`);

describe('mixed-units', () => {
  it('reports seconds compared with a plain number, with the conversion in the hint', () => {
    expectDiagnostics(clips(`  where media.duration <|>|> 30`), [
      { code: 'mixed-units', message: '`>` mixes `seconds` and `int`', hint: /`30s`, or `seconds\(x\)`/ },
    ]);
  });

  it('accepts the same comparison written with a unit', () => {
    expectClean(clips(`
      where media.duration > 30s
      where media.duration >= 500ms and media.duration < 1min
      where offset + 2s < media.duration
    `));
  });

  it('reports seconds and frames mixed, and names both conversion functions', () => {
    expectDiagnostics(clips(`
      where media.frame_count <|>|> media.duration
      where media.duration <|==|> media.frame_count
    `), [
      { code: 'mixed-units', message: '`>` mixes `frames` and `seconds`', hint: '`to_seconds(frames, fps)` or `to_frames(seconds, fps)`' },
      { code: 'mixed-units', message: '`==` mixes `seconds` and `frames`' },
    ]);
  });

  it('accepts frames converted to seconds, and frames compared with frames', () => {
    expectClean(clips(`
      where to_seconds(media.frame_count, media.fps) > media.duration
      where to_frames(media.duration, media.fps) >= media.frame_count
    `));
  });

  it('reports frames against a plain number with a hint naming a function that exists', () => {
    expectDiagnostics(clips(`  where media.frame_count <|>|> 100`), [
      { code: 'mixed-units', message: '`>` mixes `frames` and `int`', hint: 'convert explicitly with `to_frames(seconds, fps)`' },
    ]);
  });

  it('reports pixels added to a plain number, and accepts pixels with pixels', () => {
    expectDiagnostics(clips(`
      let wider = media.width <|+|> 10
      let padded = media.width + 10px
    `), [{ code: 'mixed-units', message: '`+` mixes `pixels` and `int`', hint: /`12px`, or `pixels\(x\)`/ }]);
  });

  it('accepts scaling a unit by a plain number and dividing a unit by itself', () => {
    expectClean(clips(`
      let half = media.duration / 2
      let double = 2 * media.duration
      let share = media.duration / 10s
      let aspect = media.width / media.height
      let plain = count * 2 + 1
      let back = -offset
    `));
  });

  it('reports a plain number divided by a unit, and percent mixed with a float', () => {
    expectDiagnostics(clips(`
      let rate = 2 <|/|> media.duration
      let bad = 20% <|+|> 0.5
    `), [
      { code: 'mixed-units', message: '`/` mixes `int` and `seconds`' },
      { code: 'mixed-units', message: '`+` mixes `percent` and `float`', hint: /`20%`/ },
    ]);
  });

  it('sees units through optional fields and parameters', () => {
    expectDiagnostics(HEADER + dedent(`
      param margin: seconds = 2s
      source clips: {late: seconds?} = folder { glob: "data/*.wav" media: audio }
      stage s from clips {
        where late <|>|> 3
        where late > margin
        where 1 <|>|> media.duration - margin
        emit { prompt: "p" truth: "a" verifier: exact() difficulty: 0.5 domain: "audio" }
      }
    `), [
      { code: 'mixed-units', message: '`>` mixes `seconds` and `int`' },
      { code: 'mixed-units', message: '`>` mixes `int` and `seconds`', hint: /`30s`/ },
    ]);
  });

  it('reports operators on types they do not accept', () => {
    expectDiagnostics(clips(`
      where <|not count|>
      where count > 1 <|and|> title
      where media.width <|>|> 20%
      where title <|==|> count
    `), [
      { code: 'invalid-operator', message: '`not` cannot apply to `int`' },
      { code: 'invalid-operator', hint: 'both sides must be `bool`' },
      { code: 'mixed-units', message: '`>` mixes `pixels` and `percent`' },
      { code: 'invalid-operator', hint: 'the two sides can never be equal' },
    ], { only: ['invalid-operator', 'mixed-units'] });
  });

  it('accepts asking whether an optional value is there, and not whether a required one is null', () => {
    expectDiagnostics(clips(`
      where title != null
      where null == title
      where count <|==|> null
    `), [{ code: 'invalid-operator', message: '`==` cannot combine `int` and `null`', hint: 'the two sides can never be equal' }], { only: ['invalid-operator'] });
  });

  it('says nothing more about an operand that is already an error', () => {
    expectDiagnostics(clips(`  where <|duraton|> > 30`), ['unknown-field'], { only: ['unknown-field', 'mixed-units', 'invalid-operator'] });
  });
});
