// `rlr annotations export` and `rlr annotations import`, run as a person runs
// them: a process, its output, its exit code.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../runtime/store/store.ts';
import { cleanUp, exportedTask, gateItem, makeDataset, scratchFolder } from './fixtures/gate-items.ts';

afterEach(cleanUp);

const script = fileURLToPath(new URL('./fixtures/annotations-cli.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// By URL: the commands also run from folders outside the repository, where `tsx` would not resolve.
const tsx = new URL('node_modules/tsx/dist/loader.mjs', new URL('../../', import.meta.url)).href;

function annotations(args: string[], cwd = repoRoot) {
  const result = spawnSync(process.execPath, ['--import', tsx, script, 'annotations', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A dataset with two image-box items (one in the QA sample), its store closed for the command to open. */
async function dataset(): Promise<string> {
  const { dir, store } = await makeDataset();
  const media = join(scratchFolder(), 'frame.png');
  writeFileSync(media, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7]));
  await store.pending.add('a', gateItem('image_boxes', { gate: 'scenes.boxes', record: 'a', qa: true, media: { file: media } }));
  await store.pending.add('b', gateItem('image_boxes', { gate: 'scenes.boxes', record: 'b', media: { file: media } }));
  await store.close();
  return dir;
}

const box = (label: string) => ({
  original_width: 800, original_height: 600, image_rotation: 0, id: 'r1', from_name: 'label', to_name: 'image', type: 'rectanglelabels',
  value: { x: 0, y: 0, width: 50, height: 50, rotation: 0, rectanglelabels: [label] },
});

describe('rlr annotations', () => {
  it('export writes the tasks, once, and says where', async () => {
    const dir = await dataset();
    const first = annotations(['export', '--dataset', dir]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^scenes\.boxes: 2 new items \(1 QA, also as round 2\) -> .*tasks-00000\.json, .*qa-00000\.json; config .*config\.xml\n/);
    expect(first.stdout).toContain('LOCAL_FILES_SERVING_ENABLED=true LOCAL_FILES_DOCUMENT_ROOT=/');
    const second = annotations(['export', '--dataset', dir]);
    expect(second.stdout).toMatch(/^scenes\.boxes: nothing new; config /);
    expect(readdirSync(join(dir, 'annotations', 'scenes.boxes')).sort()).toEqual(['config.xml', 'qa-00000.json', 'tasks-00000.json']);
  });

  it('export --embed puts the media in the tasks', async () => {
    const dir = await dataset();
    expect(annotations(['export', '--embed'], dir).code).toBe(0);
    const tasks = JSON.parse(readFileSync(join(dir, 'annotations', 'scenes.boxes', 'tasks-00000.json'), 'utf8')) as Array<{ data: { image: string } }>;
    expect(tasks[0].data.image).toBe('data:image/png;base64,iVBORw0KGgoH');
  });

  it('import prints one line per gate, and nothing changes the second time', async () => {
    const dir = await dataset();
    const file = join(dir, 'export.json');
    writeFileSync(file, JSON.stringify([
      exportedTask(1, { image: 'x', rlr_gate: 'scenes.boxes', rlr_item: 'a', rlr_round: 1 }, [{ id: 10, completedBy: { id: 2, email: 'ann@example.org' }, result: [box('dog')] }, { id: 11, completedBy: 3, result: [], cancelled: true }]),
      exportedTask(2, { image: 'x', rlr_gate: 'scenes.boxes', rlr_item: 'b', rlr_round: 1 }, []),
    ]));
    const first = annotations(['import', file, '--dataset', dir]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('scenes.boxes: 1 added, 0 replaced, 0 unchanged (1 cancelled skipped, 1 task without an answer)\n');
    expect(annotations(['import', file], dir).stdout).toBe('scenes.boxes: 0 added, 0 replaced, 1 unchanged (1 cancelled skipped, 1 task without an answer)\n');
    const store = await openStore(join(dir, '.rlr', 'store'));
    try {
      expect(store.pending.answers('scenes.boxes', 'a').annotations.map((a) => [a.annotator, a.value])).toEqual([['ann@example.org', [{ label: 'dog', box: { x1: 0, y1: 0, x2: 400, y2: 300 } }]]]);
    } finally {
      await store.close();
    }
  });

  it('import of a bad file exits 1 with the first bad item and a hint', async () => {
    const dir = await dataset();
    const file = join(dir, 'export.json');
    writeFileSync(file, JSON.stringify([exportedTask(5, { image: 'x', rlr_gate: 'scenes.boxes', rlr_item: 'a' }, [{ id: 12, completedBy: 2, result: [box('cat')] }])]));
    const result = annotations(['import', file, '--dataset', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`rlr annotations import: ${file}: task 1 (id 5), annotation 1, result 1: rectanglelabels label "cat" is not one of the gate's labels (dog, person)\n`
      + 'hint: label with the gate\'s labels only; the Label Studio project\'s config should be annotations/scenes.boxes/config.xml\n');
  });

  it('says when the folder is not a dataset', () => {
    const empty = scratchFolder();
    const result = annotations(['import', 'export.json', '--dataset', empty]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`rlr annotations import: no rlr dataset at ${empty} (no .rlr/store); pass --dataset\n`);
    expect(annotations(['export'], empty).stderr).toBe('rlr annotations export: no rlr dataset at . (no .rlr/store); pass --dataset\n');
  });
});
