// Importing a Label Studio JSON export: every person's answer lands at its item
// in rlr units, all in one transaction; the same file again changes nothing; a
// foreign or malformed file is refused whole, naming the first bad item.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnnotationImportError, importAnnotations } from '../../runtime/human/import.ts';
import type { Store } from '../../runtime/store/store.ts';
import { cleanUp, exportedTask, gateItem, makeDataset, storeContents, taskData } from './fixtures/gate-items.ts';

afterEach(cleanUp);

const BOXES = 'scenes.boxes';
const AUDIO = 'clips.regions';
const CHECK = 'check.valid';

async function seed(store: Store): Promise<void> {
  for (const key of ['img-1', 'img-2', 'img-3']) await store.pending.add(key, gateItem('image_boxes', { gate: BOXES, record: key, qa: key === 'img-1' }));
  await store.pending.add('clip-1', gateItem('audio_regions', { gate: AUDIO, record: 'clip-1' }));
  await store.pending.add('q-1', gateItem('yes_no', { gate: CHECK, record: 'q-1' }));
}

const box = (id: string, x: number, label = 'dog') => ({
  original_width: 800, original_height: 600, image_rotation: 0,
  value: { x, y: 50, width: 25, height: 10, rotation: 0, rectanglelabels: [label] },
  id, from_name: 'label', to_name: 'image', type: 'rectanglelabels', origin: 'manual',
});
const region = (id: string, start: number, end: number) => ({
  original_length: 12, value: { start, end, channel: 0, labels: ['person'] }, id, from_name: 'label', to_name: 'audio', type: 'labels', origin: 'manual',
});
const choice = (answer: 'yes' | 'no') => ({ value: { choices: [answer] }, id: 'c8JuL9Ujmt', from_name: 'answer', to_name: 'video', type: 'choices', origin: 'manual' });
const alice = { id: 4, email: 'alice@example.org' };

function goodExport(): Record<string, unknown>[] {
  return [
    exportedTask(15, taskData(BOXES, 'img-1', 'image'), [
      { id: 31, completedBy: alice, result: [box('Dx_aB91ISN', 12.5)] },
      { id: 32, completedBy: 7, result: [box('t5sp3TyXPo', 12.5), box('kJ2h1_Xx0a', 50, 'person')] },
    ]),
    exportedTask(16, taskData(BOXES, 'img-2', 'image'), [{ id: 33, completedBy: 7, result: [] }, { id: 34, completedBy: alice, result: [], cancelled: true }]),
    exportedTask(17, taskData(BOXES, 'img-3', 'image'), []),
    exportedTask(18, taskData(AUDIO, 'clip-1', 'audio'), [{ id: 35, completedBy: alice, result: [region('wavesurfer_abc', 0.5, 2.25)] }]),
    exportedTask(19, taskData(CHECK, 'q-1', 'video', { question: 'Is the caption right?', fps: 25 }), [{ id: 36, completedBy: 7, result: [choice('no')] }]),
  ];
}

function writeExport(dir: string, tasks: unknown, name = 'export.json'): string {
  const file = join(dir, name);
  writeFileSync(file, typeof tasks === 'string' ? tasks : JSON.stringify(tasks, null, 2));
  return file;
}

describe('importAnnotations', () => {
  it('records every answer in rlr units, by annotator, and reports per gate', async () => {
    const { dir, store } = await makeDataset();
    await seed(store);
    const file = writeExport(dir, goodExport());
    const report = await importAnnotations(store, file);
    expect(report.tasks).toBe(5);
    expect(report.gates).toEqual([
      { gate: CHECK, added: 1, replaced: 0, unchanged: 0, cancelled: 0, superseded: 0, unanswered: 0 },
      { gate: AUDIO, added: 1, replaced: 0, unchanged: 0, cancelled: 0, superseded: 0, unanswered: 0 },
      { gate: BOXES, added: 3, replaced: 0, unchanged: 0, cancelled: 1, superseded: 0, unanswered: 1 },
    ]);
    expect(store.pending.answers(BOXES, 'img-1').annotations).toEqual([
      { annotator: 'alice@example.org', value: [{ label: 'dog', box: { x1: 100, y1: 300, x2: 300, y2: 360 } }], origin: 'label-studio', ref: 'label-studio:31' },
      { annotator: 'ls-user-7', value: [{ label: 'dog', box: { x1: 100, y1: 300, x2: 300, y2: 360 } }, { label: 'person', box: { x1: 400, y1: 300, x2: 600, y2: 360 } }], origin: 'label-studio', ref: 'label-studio:32' },
    ]);
    expect(store.pending.answers(BOXES, 'img-2').annotations.map((a) => [a.annotator, a.value])).toEqual([['ls-user-7', []]]);
    expect(store.pending.answers(AUDIO, 'clip-1').annotations[0].value).toEqual([{ label: 'person', span: { start: 0.5, end: 2.25 } }]);
    expect(store.pending.answers(CHECK, 'q-1').annotations[0].value).toBe(false);
  });

  it('changes nothing when the same file is imported again', async () => {
    const { dir, store } = await makeDataset();
    await seed(store);
    const file = writeExport(dir, goodExport());
    await importAnnotations(store, file);
    const before = storeContents(store);
    const digest = store.pending.answersDigest(BOXES);
    const again = await importAnnotations(store, file);
    expect(again.gates.map((g) => [g.gate, g.added, g.replaced, g.unchanged])).toEqual([[CHECK, 0, 0, 1], [AUDIO, 0, 0, 1], [BOXES, 0, 0, 3]]);
    expect(storeContents(store)).toEqual(before);
    expect(store.pending.answersDigest(BOXES)).toBe(digest);
  });

  it('replaces a person\'s answer they changed in Label Studio', async () => {
    const { dir, store } = await makeDataset();
    await seed(store);
    await importAnnotations(store, writeExport(dir, goodExport()));
    const changed = goodExport();
    changed[4] = exportedTask(19, taskData(CHECK, 'q-1', 'video', { fps: 25 }), [{ id: 36, completedBy: 7, result: [choice('yes')] }]);
    const report = await importAnnotations(store, writeExport(dir, changed, 'export-2.json'));
    expect(report.gates.find((g) => g.gate === CHECK)).toMatchObject({ replaced: 1, added: 0 });
    expect(store.pending.answers(CHECK, 'q-1').annotations).toEqual([{ annotator: 'ls-user-7', value: true, origin: 'label-studio', ref: 'label-studio:36' }]);
  });

  it('records an adjudication for a task marked rlr_adjudicate', async () => {
    const { dir, store } = await makeDataset();
    await seed(store);
    const task = exportedTask(40, taskData(BOXES, 'img-1', 'image', { rlr_adjudicate: true }), [{ id: 41, completedBy: { id: 9, email: 'lead@example.org' }, result: [box('a', 0)] }]);
    await importAnnotations(store, writeExport(dir, [task]));
    const answers = store.pending.answers(BOXES, 'img-1');
    expect(answers.annotations).toEqual([]);
    expect(answers.adjudication).toEqual({ annotator: 'lead@example.org', value: [{ label: 'dog', box: { x1: 0, y1: 300, x2: 200, y2: 360 } }], origin: 'label-studio', ref: 'label-studio:41' });
  });

  it('keeps one answer per person and item: the later annotation in the file', async () => {
    const { dir, store } = await makeDataset();
    await seed(store);
    const round1 = exportedTask(50, taskData(BOXES, 'img-1', 'image'), [{ id: 51, completedBy: 7, result: [box('a', 0)] }]);
    const round2 = exportedTask(52, { ...taskData(BOXES, 'img-1', 'image'), rlr_round: 2 }, [{ id: 53, completedBy: 7, result: [box('b', 50)] }]);
    const report = await importAnnotations(store, writeExport(dir, [round1, round2]));
    expect(report.gates[0]).toMatchObject({ gate: BOXES, added: 1, superseded: 1 });
    expect(store.pending.answers(BOXES, 'img-1').annotations.map((a) => a.ref)).toEqual(['label-studio:53']);
  });
});

describe('a file that is not a good export is refused whole', () => {
  async function refused(tasks: unknown): Promise<{ error: AnnotationImportError; file: string }> {
    const { dir, store } = await makeDataset();
    await seed(store);
    const before = storeContents(store);
    const file = writeExport(dir, tasks);
    const error = await importAnnotations(store, file).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AnnotationImportError);
    // Nothing of the good tasks before the bad one was written.
    expect(storeContents(store)).toEqual(before);
    expect(store.stats().entries.pendingAnswers).toBe(0);
    return { error: error as AnnotationImportError, file };
  }

  it('names the first bad item: task, id, annotation and result', async () => {
    const tasks = goodExport();
    tasks[2] = exportedTask(17, taskData(BOXES, 'img-3', 'image'), [
      { id: 37, completedBy: 7, result: [box('ok', 1)] },
      { id: 38, completedBy: alice, result: [box('bad', 2, 'cat'), box('bad-too', 3, 'horse')] },
    ]);
    const { error, file } = await refused(tasks);
    expect(error.message).toBe(`${file}: task 3 (id 17), annotation 2, result 1: rectanglelabels label "cat" is not one of the gate's labels (dog, person)`);
    expect(error.hint).toMatch(/config\.xml/);
  });

  it('a result on an image of another size', async () => {
    const tasks = goodExport();
    (tasks[0].annotations as Array<{ result: Array<Record<string, unknown>> }>)[1].result[1].original_width = 1600;
    const { error, file } = await refused(tasks);
    expect(error.message).toBe(`${file}: task 1 (id 15), annotation 2, result 2: Label Studio saw the image as 1600x600, but item \`img-1\` is 800x600`);
  });

  it('a JSON object that is not an export (a COCO file)', async () => {
    const { error, file } = await refused({ images: [], annotations: [], categories: [] });
    expect(error.message).toBe(`${file}: not a Label Studio JSON export: expected an array of tasks, found object`);
    expect(error.hint).toMatch(/Export -> JSON/);
  });

  it('text that is not JSON', async () => {
    const { error } = await refused('id,image\n1,a.png\n');
    expect(error.message).toMatch(/: not JSON \(/);
  });

  it('a JSON-MIN export', async () => {
    const { error, file } = await refused([{ id: 15, image: '/data/upload/1/a.png', label: [], annotator: 4, annotation_id: 31, rlr_gate: BOXES, rlr_item: 'img-1' }]);
    expect(error.message).toBe(`${file}: task 1 (id 15): no \`data\` field (a JSON-MIN export?)`);
  });

  it('an annotation without completed_by, named by its path', async () => {
    const tasks = goodExport();
    delete (tasks[1].annotations as Array<Record<string, unknown>>)[0].completed_by;
    const { error, file } = await refused(tasks);
    expect(error.message.startsWith(`${file}: task 2 (id 16), annotation 1: \`completed_by\`: `)).toBe(true);
  });

  it('tasks of another project, of an unknown gate, or of an unknown item', async () => {
    const foreign = await refused([exportedTask(3, { image: 'https://example.com/1.jpg' }, [])]);
    expect(foreign.error.message).toBe(`${foreign.file}: task 1 (id 3): no \`data.rlr_gate\` and \`data.rlr_item\`, so it is not a task that rlr exported`);
    const gate = await refused([...goodExport(), exportedTask(20, taskData('other.gate', 'img-1', 'image'), [])]);
    expect(gate.error.message).toBe(`${gate.file}: task 6 (id 20): gate \`other.gate\` has no items in this dataset (its gates: ${CHECK}, ${AUDIO}, ${BOXES})`);
    expect(gate.error.hint).toMatch(/--dataset/);
    const item = await refused([exportedTask(21, taskData(BOXES, 'img-9', 'image'), [])]);
    expect(item.error.message).toBe(`${item.file}: task 1 (id 21): item \`img-9\` is not an item of gate \`${BOXES}\` in this dataset`);
  });
});
