// The recipes the scale-out tests split: file sources with malformed rows,
// an explode, a source two stages read, and a stage that calls a chat model.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { RECIPE as FIXTURE, writeFixture, type Fixture } from '../runtime/fixture.ts';

const MODEL_PART = `
param writer_url: string = "http://127.0.0.1:9/v1"
type Hint = {hint: string, steps: int}
model writer = hf { id: "test/writer" endpoint: writer_url task: chat_completion token: env("WRITER_TOKEN") concurrency: 8 timeout: 5s retries: 2 RPM }
source generated = math_problems { count: COUNT }
stage hinted from generated {
  let tag = str(len(question)) + "-" + str(difficulty)
  let h: Hint = writer(prompt: template("REPLY: {{\\"hint\\": \\"work backwards {tag}\\", \\"steps\\": 3}}"))
  emit {
    prompt: template("{question} (hint: {h.hint})")
    truth: answer
    verifier: math()
    difficulty: difficulty
    domain: "math"
  }
}
`;

const SHARED_SOURCE_STAGE = `
stage capitals_hard from capitals {
  where difficulty > 0.5 else "easy"
  emit {
    prompt: template("Name the capital of {country}.")
    truth: capital
    verifier: normalized()
    difficulty: difficulty
    domain: "geography"
  }
}
`;

function modelPart(count: number, rpm?: number): string {
  return MODEL_PART.replace('COUNT', String(count)).replace('RPM', rpm ? `rpm: ${rpm}` : '');
}

/** The run fixture (two file sources, one read by two stages) plus a model stage over `count` generated problems. */
export function mixedRecipe(count: number): Fixture {
  const recipe = FIXTURE.replace('recipe fixture { version: "0.1.0" seed: 9 }', `recipe scaled { version: "0.1.0" seed: 9 }\n${modelPart(count)}\n${SHARED_SOURCE_STAGE}`);
  return writeFixture(120, recipe);
}

/** Only the model stage: partitions are as slow as the model server makes them. */
export function modelRecipe(count: number, rpm?: number): Fixture {
  const fixture = writeFixture(1);
  const recipe = `recipe modelled { version: "0.1.0" seed: 3 }\n${modelPart(count, rpm)}\noutput { dir: "out" shard_rows: 25 splits: { train: 80%, test: 20% } }\n`;
  writeFileSync(path.join(fixture.dir, 'recipe.rlr'), recipe);
  return fixture;
}

/** The mixed recipe with a `dedup` in the middle of a stage: the per-record steps before it are split, the rest is not. */
export function dedupRecipe(count: number): Fixture {
  const recipe = FIXTURE
    .replace('recipe fixture { version: "0.1.0" seed: 9 }', `recipe deduped { version: "0.1.0" seed: 9 }\n${modelPart(count)}\n${SHARED_SOURCE_STAGE}`)
    .replace('  let hardness', '  dedup(key: total)\n  let hardness');
  if (!recipe.includes('dedup(key: total)')) throw new Error('the fixture recipe changed: no place for the dedup');
  return writeFixture(120, recipe);
}

const GATED = `
recipe gated_scaled { version: "0.1.0" seed: 5 }

source problems = math_problems { count: 20 }
source scenes = geometric_scenes { count: 9 width: 96px height: 96px }

stage arithmetic from problems {
  emit {
    prompt: template("{question}\\nGive the final answer in \\\\boxed{{}}.")
    truth: answer
    verifier: math()
    difficulty: difficulty
    domain: "math"
  }
}

stage checked_points from scenes {
  where difficulty >= 0 else "negative difficulty"
  let asked = template("{instruction} Is the target clearly visible?")
  validate yes_no(
    question: asked
    media: image
    qa: 50%
  )
  emit {
    prompt: template("{instruction} Answer with the point as (x, y) in pixels.")
    media: [image]
    truth: target
    verifier: point_in_mask()
    difficulty: difficulty
    domain: "geometry"
  }
}

output { dir: "out" shard_rows: 10 splits: { train: 80%, test: 20% } }
`;

/** A stage with a human yes/no gate after per-record steps, beside an ungated stage. */
export function gatedRecipe(): Fixture {
  const fixture = writeFixture(1);
  writeFileSync(path.join(fixture.dir, 'recipe.rlr'), GATED);
  return fixture;
}
