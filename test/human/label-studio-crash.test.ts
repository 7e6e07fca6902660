// An import killed with SIGKILL at any moment leaves the store exactly as it
// was or fully imported, never with part of the file's answers.
import { spawn } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../runtime/store/store.ts';
import { cleanUp, exportedTask, gateItem, scratchFolder, taskData } from './fixtures/gate-items.ts';

const child = fileURLToPath(new URL('./fixtures/import-child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const GATE = 'clips.regions';
const TASKS = 20_000;

interface StoreState {
  readonly answers: number;
  readonly digest: string;
  /** One answer checked in full, far into the file. */
  readonly sample: unknown;
}

async function stateOf(storePath: string): Promise<StoreState> {
  const store = await openStore(storePath);
  try {
    return { answers: store.stats().entries.pendingAnswers, digest: store.pending.answersDigest(GATE), sample: store.pending.answers(GATE, 'clip-17777').annotations };
  } finally {
    await store.close();
  }
}

type Moment = 'importing' | 'committing' | 'committed';

interface Run {
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  /** When the child reported each moment (ms since it started). */
  readonly at: Partial<Record<Moment, number>>;
  readonly stderr: string;
}

/** Runs the importing child on `storePath`; with `kill`, SIGKILLs it `after` ms past the moment it reports as `moment`. */
function runChild(storePath: string, exportFile: string, kill: { moment: Moment; after: number } | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const importer = spawn(process.execPath, ['--import', 'tsx', child, storePath, exportFile], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const at: Partial<Record<Moment, number>> = {};
    let pending = '';
    let stderr = '';
    const deadline = setTimeout(() => {
      importer.kill('SIGKILL');
      reject(new Error(`the import did not finish in 60 s: ${stderr}`));
    }, 60_000);
    importer.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    importer.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines as Moment[]) {
        at[line] = performance.now() - started;
        if (kill?.moment === line) setTimeout(() => importer.kill('SIGKILL'), kill.after);
      }
    });
    importer.on('close', (code, signal) => {
      clearTimeout(deadline);
      resolve({ code, signal, at, stderr });
    });
  });
}

describe('an import killed with SIGKILL', () => {
  let template = '';
  let exportFile = '';
  let before: StoreState;

  beforeAll(async () => {
    const folder = scratchFolder();
    template = join(folder, 'template', '.rlr', 'store');
    const store = await openStore(template);
    const item = gateItem('audio_regions', { gate: GATE });
    await store.transaction((tx) => {
      for (let n = 0; n < TASKS; n++) tx.pending.add(`clip-${n}`, { ...item, record: `clip-${n}` });
    });
    // An answer from before the import, which must survive either way.
    await store.pending.record(GATE, 'clip-0', { annotator: 'earlier', value: [], origin: 'review', ref: 'review:1' });
    await store.close();
    const tasks = Array.from({ length: TASKS }, (_, n) => exportedTask(n + 1, taskData(GATE, `clip-${n}`, 'audio'), [{
      id: 100_000 + n,
      completedBy: { id: 2, email: 'ann@example.org' },
      result: [{ original_length: 12, value: { start: (n % 11) / 4, end: (n % 11) / 4 + 0.5, channel: 0, labels: [n % 2 ? 'dog' : 'person'] }, id: `wavesurfer_${n}`, from_name: 'label', to_name: 'audio', type: 'labels', origin: 'manual' }],
    }]));
    exportFile = join(folder, 'export.json');
    writeFileSync(exportFile, JSON.stringify(tasks));
    before = await stateOf(template);
  });

  afterAll(cleanUp);

  it('leaves the store as before or fully imported, wherever it dies', async () => {
    expect(before.answers).toBe(1);
    const copy = () => {
      const path = join(scratchFolder(), '.rlr', 'store');
      cpSync(template, path, { recursive: true });
      return path;
    };

    // A full run first: what "fully imported" is, and when its phases come.
    const fullPath = copy();
    const full = await runChild(fullPath, exportFile, null);
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);
    const after = await stateOf(fullPath);
    expect(after.answers).toBe(TASKS);
    expect(after.sample).toEqual([{ annotator: 'ann@example.org', value: [{ label: 'dog', span: { start: 0.25, end: 0.75 } }], origin: 'label-studio', ref: 'label-studio:117777' }]);
    const reading = full.at.committing! - full.at.importing!;
    const committing = full.at.committed! - full.at.committing!;

    // While reading and converting the file, while the transaction is written, about when it commits (most
    // kills near the end of the full run's commit time), and after.
    const kills: Array<{ moment: Moment; after: number }> = [
      { moment: 'importing', after: 0 },
      { moment: 'importing', after: Math.round(reading / 2) },
      ...[0, 0.5, 0.7, 0.8, 0.85, 0.9, 1.2].map((share) => ({ moment: 'committing' as const, after: Math.round(share * committing) })),
    ];
    const outcomes: string[] = [];
    for (const kill of kills) {
      const path = copy();
      const run = await runChild(path, exportFile, kill);
      const state = await stateOf(path);
      const outcome = state.digest === before.digest ? 'before' : state.digest === after.digest ? 'imported' : 'partial';
      outcomes.push(`${kill.moment}+${kill.after}ms: ${run.signal ?? `exit ${run.code}`} -> ${outcome} (${state.answers} answers)`);
      expect(state, outcomes.join('; ')).toEqual(outcome === 'imported' ? after : before);
    }
    expect(outcomes[0]).toMatch(/SIGKILL -> before/);
  }, 180_000);
});
