// Exporting the items that wait for people as Label Studio import files: one
// tasks file per export and gate, QA items again as round 2, the gate's config,
// predictions in Label Studio's units; each item exported once.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportPending } from '../../runtime/human/export.ts';
import { importAnnotations } from '../../runtime/human/import.ts';
import { embeddedUrl, labelStudioTask, localFilesUrl } from '../../runtime/human/label-studio/tasks.ts';
import { cleanUp, exportedTask, gateItem, makeDataset, scratchFolder, type ItemOverrides } from './fixtures/gate-items.ts';

afterEach(cleanUp);

interface ImportTask {
  data: Record<string, unknown>;
  predictions?: Array<{ model_version: string; result: Array<Record<string, unknown>> }>;
}

const readTasks = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as ImportTask[];

/** What Label Studio requires of an import file: an array of tasks, each with a flat `data` object, predictions with results of known shape. */
function expectImportable(tasks: ImportTask[]): void {
  expect(Array.isArray(tasks)).toBe(true);
  for (const task of tasks) {
    expect(Object.keys(task).every((key) => key === 'data' || key === 'predictions')).toBe(true);
    for (const value of Object.values(task.data)) expect(['string', 'number', 'boolean']).toContain(typeof value);
    for (const prediction of task.predictions ?? []) {
      expect(prediction.model_version).toBe('rlr');
      for (const result of prediction.result) {
        expect(Object.keys(result)).toEqual(expect.arrayContaining(['id', 'from_name', 'to_name', 'type', 'value']));
      }
    }
  }
}

const boxes = (overrides: ItemOverrides = {}) => gateItem('image_boxes', { gate: 'scenes.boxes', ...overrides });

describe('exportPending', () => {
  it('writes the open items of each gate sorted by key, QA items again as round 2, and the config', async () => {
    const { dir, store } = await makeDataset();
    await store.pending.add('r3', boxes({ record: 'r3', qa: true, predictions: [{ label: 'dog', box: { x1: 80, y1: 60, x2: 400, y2: 300 } }] }));
    await store.pending.add('r1', boxes({ record: 'r1' }));
    await store.pending.add('r2', boxes({ record: 'r2' }));
    await store.pending.add('c1', gateItem('yes_no', { record: 'c1', question: 'Is it a dog?' }));
    // Already answered (in a review): nothing left to ask.
    await store.pending.add('r0', boxes({ record: 'r0' }));
    await store.pending.record('scenes.boxes', 'r0', { annotator: 'ann', value: [], origin: 'review', ref: 'review:1' });

    const report = await exportPending(store, dir);
    const folder = join(dir, 'annotations', 'scenes.boxes');
    expect(report.items).toBe(4);
    expect(report.gates.map((g) => [g.gate, g.items, g.qa, g.files])).toEqual([
      ['check.valid', 1, 0, [join(dir, 'annotations', 'check.valid', 'tasks-00000.json')]],
      ['scenes.boxes', 3, 1, [join(folder, 'tasks-00000.json'), join(folder, 'qa-00000.json')]],
    ]);

    const tasks = readTasks(join(folder, 'tasks-00000.json'));
    expectImportable(tasks);
    expect(tasks.map((t) => t.data.rlr_item)).toEqual(['r1', 'r2', 'r3']);
    expect(tasks[0]).toEqual({ data: { image: '/data/local-files/?d=data/media/clip%20one.png', rlr_gate: 'scenes.boxes', rlr_item: 'r1', rlr_round: 1 } });
    // The prediction in percent of the 800x600 image.
    expect(tasks[2].predictions).toEqual([{
      model_version: 'rlr',
      result: [{
        id: 'rlr-1', from_name: 'label', to_name: 'image', type: 'rectanglelabels', original_width: 800, original_height: 600, image_rotation: 0,
        value: { x: 10, y: 10, width: 40, height: 40, rotation: 0, rectanglelabels: ['dog'] },
      }],
    }]);
    const qa = readTasks(join(folder, 'qa-00000.json'));
    expect(qa.map((t) => [t.data.rlr_item, t.data.rlr_round])).toEqual([['r3', 2]]);

    const validate = readTasks(join(dir, 'annotations', 'check.valid', 'tasks-00000.json'));
    expect(validate[0].data).toEqual({ video: '/data/local-files/?d=data/media/clip%20one.mp4', question: 'Is it a dog?', fps: 25, rlr_gate: 'check.valid', rlr_item: 'c1', rlr_round: 1 });
    expect(readFileSync(join(folder, 'config.xml'), 'utf8')).toContain('<RectangleLabels name="label" toName="image" canRotate="false">');

    expect(store.pending.exportedIn('scenes.boxes', 'r1')).toBe('annotations/scenes.boxes/tasks-00000.json');
    expect(store.pending.exportedIn('scenes.boxes', 'r0')).toBeUndefined();
    expect(readdirSync(folder).sort()).toEqual(['config.xml', 'qa-00000.json', 'tasks-00000.json']);
  });

  it('exports nothing new the second time, and only the new items after more arrive', async () => {
    const { dir, store } = await makeDataset();
    await store.pending.add('a', boxes({ record: 'a' }));
    await exportPending(store, dir);
    const folder = join(dir, 'annotations', 'scenes.boxes');
    const before = Object.fromEntries(readdirSync(folder).map((name) => [name, [readFileSync(join(folder, name), 'utf8'), statSync(join(folder, name)).mtimeMs]]));

    const again = await exportPending(store, dir);
    expect(again.items).toBe(0);
    expect(again.gates[0].files).toEqual([]);
    const after = Object.fromEntries(readdirSync(folder).map((name) => [name, [readFileSync(join(folder, name), 'utf8'), statSync(join(folder, name)).mtimeMs]]));
    expect(after).toEqual(before);

    await store.pending.add('b', boxes({ record: 'b' }));
    const third = await exportPending(store, dir);
    expect(third.gates[0].files).toEqual([join(folder, 'tasks-00001.json')]);
    expect(readTasks(join(folder, 'tasks-00001.json')).map((t) => t.data.rlr_item)).toEqual(['b']);
  });

  it('leaves out an item whose prediction does not fit, says why, and leaves it unexported', async () => {
    const { dir, store } = await makeDataset();
    await store.pending.add('bad', boxes({ record: 'bad', predictions: [{ label: 'unicorn', box: { x1: 0, y1: 0, x2: 1, y2: 1 } }] }));
    await store.pending.add('good', boxes({ record: 'good' }));
    const report = await exportPending(store, dir);
    expect(report.gates[0].items).toBe(1);
    expect(report.gates[0].skipped).toEqual([{ itemKey: 'bad', reason: 'item `bad` at gate `scenes.boxes`: prediction 1: prediction label "unicorn" is not one of the gate\'s labels (dog, person)' }]);
    expect(store.pending.exportedIn('scenes.boxes', 'bad')).toBeUndefined();
  });

  it('embeds media as data URIs with the MIME type read from the bytes', async () => {
    const { dir, store } = await makeDataset();
    const media = scratchFolder();
    const file = join(media, 'frame.bin');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    writeFileSync(file, png);
    await store.pending.add('e', boxes({ record: 'e', media: { file } }));
    const report = await exportPending(store, dir, { mediaUrl: (item) => embeddedUrl(item.media.file, item.media.kind) });
    const [task] = readTasks(report.gates[0].files[0]);
    expect(task.data.image).toBe(`data:image/png;base64,${png.toString('base64')}`);
  });

  it('refuses a gate name that is not a folder name, before writing anything', async () => {
    const { dir, store } = await makeDataset();
    await store.pending.add('x', boxes({ gate: '../escape' }));
    await expect(exportPending(store, dir)).rejects.toThrow('gate `../escape` cannot name a folder under annotations/');
    expect(existsSync(join(dir, 'annotations'))).toBe(false);
  });
});

describe('Label Studio task data', () => {
  it('local-file URLs drop the leading slash and escape what a query would misread', () => {
    expect(localFilesUrl('/home/ann/data/a b#1.wav')).toBe('/data/local-files/?d=home/ann/data/a%20b%231.wav');
  });

  it('a video task carries its fps; a video segments task without one is refused', () => {
    const url = () => 'u';
    expect(labelStudioTask('k', gateItem('video_segments'), { mediaUrl: url }).data).toEqual({ video: 'u', fps: 25, rlr_gate: 'label.video_segments', rlr_item: 'k', rlr_round: 1 });
    expect(() => labelStudioTask('k', gateItem('video_segments', { media: { fps: null } }), { mediaUrl: url })).toThrow(/no frame rate/);
  });

  it('a round trip: exported predictions, accepted as they are in Label Studio, import as the same answers', async () => {
    const { dir, store } = await makeDataset();
    const predictions = {
      'scenes.boxes': [{ label: 'dog', box: { x1: 12.5, y1: 7, x2: 700, y2: 599.5 } }],
      'label.video_segments': [{ label: 'person', span: { start: 0.4, end: 2 } }],
      'label.image_points': [{ label: 'person', point: { x: 799, y: 0.5 } }],
      'label.audio_regions': [{ label: 'dog', span: { start: 0.125, end: 11.5 } }],
    };
    await store.pending.add('i1', boxes({ predictions: predictions['scenes.boxes'] }));
    await store.pending.add('i1', gateItem('video_segments', { predictions: predictions['label.video_segments'] }));
    await store.pending.add('i1', gateItem('image_points', { predictions: predictions['label.image_points'] }));
    await store.pending.add('i1', gateItem('audio_regions', { predictions: predictions['label.audio_regions'] }));
    const report = await exportPending(store, dir);
    const exported = report.gates.flatMap((gate) => gate.files.flatMap(readTasks));
    const lsExport = exported.map((task, i) => exportedTask(100 + i, task.data, [{ id: 500 + i, completedBy: 3, result: task.predictions![0].result }]));
    const file = join(dir, 'export.json');
    writeFileSync(file, JSON.stringify(lsExport));
    const imported = await importAnnotations(store, file);
    expect(imported.gates.map((g) => [g.gate, g.added])).toEqual(Object.keys(predictions).sort().map((gate) => [gate, 1]));
    for (const [gate, value] of Object.entries(predictions)) {
      expect(store.pending.answers(gate, 'i1').annotations).toEqual([{ annotator: 'ls-user-3', value, origin: 'label-studio', ref: expect.stringMatching(/^label-studio:5\d\d$/) }]);
    }
  });

  it('a text-only yes/no item: a task with the question alone under a Text config, whose answer imports', async () => {
    const { dir, store } = await makeDataset();
    const item = { ...gateItem('yes_no', { gate: 'drafts.sound', question: 'Is this reasoning sound? 2 + 2 = 4', predictions: [true] }), media: null };
    await store.pending.add('d1', item);
    const report = await exportPending(store, dir, { mediaUrl: () => { throw new Error('a text-only item has no media URL'); } });
    const config = readFileSync(join(dir, 'annotations', 'drafts.sound', 'config.xml'), 'utf8');
    expect(config).toContain('<Text name="text" value="$question"/>');
    expect(config).toContain('<Choices name="answer" toName="text"');
    expect(config).not.toMatch(/<(Image|Audio|Video) /);
    const [task] = readTasks(report.gates[0].files[0]);
    expectImportable([task]);
    expect(task.data).toEqual({ question: 'Is this reasoning sound? 2 + 2 = 4', rlr_gate: 'drafts.sound', rlr_item: 'd1', rlr_round: 1 });
    expect(task.predictions![0].result).toEqual([{ id: 'rlr-1', from_name: 'answer', to_name: 'text', type: 'choices', value: { choices: ['yes'] } }]);
    const file = join(dir, 'export.json');
    writeFileSync(file, JSON.stringify([exportedTask(7, task.data, [{ id: 70, completedBy: 3, result: [{ ...task.predictions![0].result[0], value: { choices: ['no'] } }] }])]));
    await importAnnotations(store, file);
    expect(store.pending.answers('drafts.sound', 'd1').annotations).toMatchObject([{ annotator: 'ls-user-3', value: false, origin: 'label-studio' }]);
  });

  it('writes a disputed QA item once for adjudication, with both answers as predictions, and imports the decision', async () => {
    const { dir, store } = await makeDataset();
    await store.pending.add('q1', boxes({ record: 'q1', qa: true }));
    await store.pending.add('q2', boxes({ record: 'q2', qa: true }));
    await exportPending(store, dir);
    const dog = [{ label: 'dog', box: { x1: 0, y1: 0, x2: 100, y2: 100 } }];
    const far = [{ label: 'dog', box: { x1: 300, y1: 300, x2: 400, y2: 400 } }];
    const near = [{ label: 'dog', box: { x1: 2, y1: 0, x2: 100, y2: 100 } }];
    await store.pending.record('scenes.boxes', 'q1', { annotator: 'ann', value: dog, origin: 'review', ref: 'a' });
    await store.pending.record('scenes.boxes', 'q1', { annotator: 'bob', value: far, origin: 'review', ref: 'b' });
    await store.pending.record('scenes.boxes', 'q2', { annotator: 'ann', value: dog, origin: 'review', ref: 'c' });
    await store.pending.record('scenes.boxes', 'q2', { annotator: 'bob', value: near, origin: 'review', ref: 'd' });

    const report = await exportPending(store, dir);
    const gate = report.gates.find((g) => g.gate === 'scenes.boxes')!;
    expect(gate.adjudication).toBe(1);
    expect(gate.items).toBe(0);
    const file = gate.files.find((f) => /adjudicate-\d{5}\.json$/.test(f))!;
    const [task] = readTasks(file);
    expect(task.data.rlr_item).toBe('q1');
    expect(task.data.rlr_adjudicate).toBe(true);
    expect(task.predictions!.map((p) => p.model_version)).toEqual(['annotator:ann', 'annotator:bob']);
    expect((await exportPending(store, dir)).items + (await exportPending(store, dir)).gates.reduce((n, g) => n + g.adjudication, 0)).toBe(0);

    const lsExport = [exportedTask(9, task.data, [{ id: 900, completedBy: { id: 4, email: 'cat@example.com' }, result: task.predictions![0].result }])];
    const decision = join(dir, 'decision.json');
    writeFileSync(decision, JSON.stringify(lsExport));
    await importAnnotations(store, decision);
    expect(store.pending.answers('scenes.boxes', 'q1').adjudication).toMatchObject({ annotator: 'cat@example.com', value: dog });
  });
});
