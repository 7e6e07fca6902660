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
