// A run with human gates: it finishes what does not wait on people, exports
// the items once, and after answers arrive a rerun computes the gated part only.
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runDag, type RunResult } from '../../runtime/run/run.ts';
import { openStore } from '../../runtime/store/store.ts';
import { importAnnotations } from '../../runtime/human/import.ts';
import { compileFixture } from '../runtime/fixture.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'gated.rlr');
const SCENES = 'checked_points.yes_no';
const SOUNDS = 'counted_sounds.heard';

interface GateSummary { waiting: number; passed: number; answers: { items: number; answered: number; yes?: number; no?: number; qa: { items: number; pairs: number } } }
interface Manifest {
  splits: { rl: Record<string, number> };
  stages: { rl: Record<string, number> };
  gates: Record<string, GateSummary>;
  accounting: Record<string, { stage: string | null; kind: string; op: string; balanced: boolean; waiting: number }>;
}

function setUp(): { dir: string; out: string; run: () => Promise<RunResult> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rlr-gated-'));
  cpSync(FIXTURE, path.join(dir, 'gated.rlr'));
  const dag = compileFixture(path.join(dir, 'gated.rlr'));
  const out = path.join(dir, 'out');
  return { dir, out, run: () => runDag({ dag, directory: dir, out, concurrency: 3 }) };
}

const manifestOf = (result: RunResult) => result.manifest as unknown as Manifest;
const rlRows = (m: Manifest) => Object.values(m.splits.rl).reduce((a, b) => a + b, 0);
const nodeOf = (m: Manifest, stage: string, kind: string) => Object.entries(m.accounting).find(([, n]) => n.stage === stage && n.kind === kind)![0];

function exportFiles(out: string, gate: string): string[] {
  const folder = path.join(out, 'annotations', gate);
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

type Task = { data: Record<string, unknown>; predictions?: Array<{ result: unknown[] }> };
const tasksIn = (out: string, gate: string, prefix: string): Task[] =>
  exportFiles(out, gate).filter((f) => f.startsWith(prefix)).flatMap((f) => JSON.parse(readFileSync(path.join(out, 'annotations', gate, f), 'utf8')) as Task[]);

describe('a run with human gates', () => {
  it('finishes the ungated stages, holds the gated records as waiting, and exports each item once', async () => {
    const { out, run } = setUp();
    const first = manifestOf(await run());
    expect(first.stages.rl.arithmetic).toBe(12);
    expect(rlRows(first)).toBe(12);
    expect(first.gates[SCENES].waiting).toBe(6);
    expect(first.gates[SOUNDS].waiting).toBe(4);
    expect(first.gates[SCENES].answers.items).toBe(6);
    for (const node of Object.values(first.accounting)) expect(node.balanced).toBe(true);
    expect(first.accounting[nodeOf(first, 'checked_points', 'gate')].waiting).toBe(6);

    const sceneTasks = tasksIn(out, SCENES, 'tasks-');
    expect(sceneTasks).toHaveLength(6);
    expect(new Set(sceneTasks.map((t) => t.data.rlr_item)).size).toBe(6);
    const qa = tasksIn(out, SCENES, 'qa-');
    expect(qa.length).toBe(first.gates[SCENES].answers.qa.items);
    expect(qa.length).toBeGreaterThan(0);
    expect(exportFiles(out, SCENES)).toContain('config.xml');
    // The sound tasks carry the generator's regions as pre-annotations in Label Studio's units.
    const soundTasks = tasksIn(out, SOUNDS, 'tasks-');
    expect(soundTasks).toHaveLength(4);
    for (const task of soundTasks) expect(task.predictions?.[0]?.result.length).toBeGreaterThan(0);

    const before = exportFiles(out, SCENES);
    const again = await run();
    expect(again.stats.stagesComputed).toBe(0);
    expect(exportFiles(out, SCENES)).toEqual(before);
    expect(manifestOf(again).gates[SCENES].waiting).toBe(6);
  });

  it('after answers, a rerun recomputes from the gates on only, keeps the yeses, and reports the noes as filtered', async () => {
    const { out, run } = setUp();
    const first = manifestOf(await run());
    const preGate = nodeOf(first, 'checked_points', 'operator');

    const store = await openStore(path.join(out, '.rlr', 'store'));
    const items = [...store.pending.entries(SCENES)];
    let answered = 0;
    for (const [i, { itemKey, item }] of items.entries()) {
      const value = i % 3 !== 0;
      for (const annotator of item.qa ? ['ann', 'bob'] : ['ann']) {
        await store.pending.record(SCENES, itemKey, { annotator, value, origin: 'review', ref: `test:${i}` });
      }
      answered++;
    }
    await store.close();
    const noes = items.filter((_, i) => i % 3 === 0).length;

    const second = await run();
    const manifest = manifestOf(second);
    expect(second.stats.invocations[preGate]).toBeUndefined();
    expect(second.stats.invocations[nodeOf(first, 'arithmetic', 'emit')]).toBeUndefined();
    expect(second.stats.invocations[nodeOf(first, 'checked_points', 'gate')]).toBe(6);
    expect(manifest.stages.rl.checked_points).toBe(answered - noes);
    expect(manifest.gates[SCENES].waiting).toBe(0);
    expect(manifest.gates[SCENES].answers.yes).toBe(answered - noes);
    expect(manifest.gates[SCENES].answers.no).toBe(noes);
    expect(manifest.gates[SOUNDS].waiting).toBe(4);
    const rejects = readFileSync(path.join(out, 'rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { stage: string; reason: string });
    expect(rejects.filter((r) => r.stage === 'checked_points' && r.reason === `answered no at gate \`${SCENES}\``)).toHaveLength(noes);
  });

  it('imports a Label Studio export of the exported tasks and a rerun emits the annotated examples', async () => {
    const { dir, out, run } = setUp();
    await run();
    // An annotator who accepts the pre-annotation and drops its last region.
    const exported = tasksIn(out, SOUNDS, 'tasks-').map((task, i) => ({
      id: 100 + i,
      data: task.data,
      annotations: [{ id: 500 + i, completed_by: { id: 3, email: 'ann@example.com' }, was_cancelled: false, result: task.predictions![0].result.slice(0, Math.max(1, task.predictions![0].result.length - 1)) }],
      predictions: [],
    }));
    const file = path.join(dir, 'export.json');
    writeFileSync(file, JSON.stringify(exported));
    const store = await openStore(path.join(out, '.rlr', 'store'));
    try {
      await importAnnotations(store, file);
    } finally {
      await store.close();
    }
    const manifest = manifestOf(await run());
    expect(manifest.gates[SOUNDS].waiting).toBe(0);
    expect(manifest.stages.rl.counted_sounds).toBe(4);
    expect(rlRows(manifest)).toBe(12 + 4);
  });
});
