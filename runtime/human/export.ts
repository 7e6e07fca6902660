// Writes the items that wait for people as Label Studio tasks to import:
// `<dataset>/annotations/<gate>/tasks-NNNNN.json` (and `qa-NNNNN.json`, the QA
// items again as round 2 for a second person, and `adjudicate-NNNNN.json`, the
// QA items whose two answers disagree, for a third), beside the gate's `config.xml`.
// Each item is exported once: the files are written (temporary name, flush,
// rename), then every item written is marked exported in one transaction. A
// crash between the two only means those items are written again next time.
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../writers/atomic-file.ts';
import type { Store } from '../store/store.ts';
import type { ExportPurpose, GateEntry } from '../store/pending.ts';
import { labelingConfig } from './label-studio/config.ts';
import { adjudicationTask, labelStudioTask, localFilesUrl, type LabelStudioImportTask } from './label-studio/tasks.ts';
import { resolve } from './resolve.ts';
import type { GateItem, MediaGateItem } from './types.ts';

export interface ExportOptions {
  /** The URL Label Studio loads an item's media from (default: Label Studio local files, see `localFilesUrl`). */
  readonly mediaUrl?: (item: MediaGateItem) => string;
}

export interface GateExport {
  readonly gate: string;
  /** Items exported by this call (QA items counted once). */
  readonly items: number;
  /** Of those, the QA items, also written as round 2. */
  readonly qa: number;
  /** Disputed QA items written for adjudication by this call. */
  readonly adjudication: number;
  /** The task files written by this call (absolute paths). */
  readonly files: readonly string[];
  /** The gate's labelling config (absolute path). */
  readonly config: string;
  /** Items that could not be made into tasks (left unexported), with the reason. */
  readonly skipped: ReadonlyArray<{ readonly itemKey: string; readonly reason: string }>;
}

export interface ExportReport {
  readonly gates: readonly GateExport[];
  /** Items exported by this call, over all gates. */
  readonly items: number;
}

interface PlannedGate {
  readonly report: GateExport;
  readonly marks: ReadonlyArray<{ readonly itemKey: string; readonly file: string; readonly purpose: ExportPurpose }>;
}

const TASK_FILE = /^(tasks|qa|adjudicate)-(\d{5,})\.json$/;

export async function exportPending(store: Store, dataset: string, options: ExportOptions = {}): Promise<ExportReport> {
  const mediaUrl = options.mediaUrl ?? ((item: MediaGateItem) => localFilesUrl(item.media.file));
  const planned: PlannedGate[] = [];
  for (const gate of store.pending.gates()) planned.push(await exportGate(store, dataset, gate, mediaUrl));
  const marks = planned.flatMap(({ report, marks: gateMarks }) => gateMarks.map((mark) => ({ gate: report.gate, ...mark })));
  if (marks.length > 0) {
    await store.transaction((tx) => {
      for (const mark of marks) tx.pending.markExported(mark.gate, mark.itemKey, mark.file, mark.purpose);
    });
  }
  const gates = planned.map((p) => p.report);
  return { gates, items: gates.reduce((sum, gate) => sum + gate.items, 0) };
}

async function exportGate(store: Store, dataset: string, gate: string, mediaUrl: (item: MediaGateItem) => string): Promise<PlannedGate> {
  if (gate === '.' || gate === '..' || /[/\\\0]/.test(gate)) throw new Error(`gate \`${gate}\` cannot name a folder under annotations/`);
  const folder = path.join(dataset, 'annotations', gate);
  await mkdir(folder, { recursive: true });
  await sweepTemporaryFiles(folder);
  const entries = [...store.pending.entries(gate)].sort((a, b) => compareKeys(a.itemKey, b.itemKey));
  const config = path.join(folder, 'config.xml');
  await writeIfChanged(config, gateConfig(gate, entries));

  const fresh = entries.filter((entry) => store.pending.exportedIn(gate, entry.itemKey) === undefined && !answered(entry));
  const tasks: LabelStudioImportTask[] = [];
  const qaTasks: LabelStudioImportTask[] = [];
  const exported: string[] = [];
  const skipped: Array<{ itemKey: string; reason: string }> = [];
  for (const { itemKey, item } of fresh) {
    try {
      const task = labelStudioTask(itemKey, item, { mediaUrl, round: 1 });
      const second = item.qa ? labelStudioTask(itemKey, item, { mediaUrl, round: 2 }) : null;
      tasks.push(task);
      if (second) qaTasks.push(second);
      exported.push(itemKey);
    } catch (error) {
      skipped.push({ itemKey, reason: (error as Error).message });
    }
  }
  const disputes: LabelStudioImportTask[] = [];
  const disputed: string[] = [];
  for (const { itemKey, item, answers } of entries) {
    if (store.pending.exportedIn(gate, itemKey, 'adjudication') !== undefined) continue;
    const resolution = resolve(item, answers);
    if (resolution.status !== 'waiting' || resolution.need !== 'adjudication') continue;
    try {
      disputes.push(adjudicationTask(itemKey, item, answers.annotations.slice(0, 2), { mediaUrl, round: 1 }));
      disputed.push(itemKey);
    } catch (error) {
      skipped.push({ itemKey, reason: (error as Error).message });
    }
  }
  const report = { gate, items: exported.length, qa: qaTasks.length, adjudication: disputed.length, config, skipped };
  if (exported.length === 0 && disputed.length === 0) return { report: { ...report, files: [] }, marks: [] };

  const number = String(await nextFileNumber(folder)).padStart(5, '0');
  const files: string[] = [];
  const marks: Array<{ itemKey: string; file: string; purpose: ExportPurpose }> = [];
  const write = async (prefix: string, list: readonly LabelStudioImportTask[]): Promise<string> => {
    const file = path.join(folder, `${prefix}-${number}.json`);
    await writeFileAtomic(file, JSON.stringify(list, null, 2) + '\n');
    files.push(file);
    return path.relative(dataset, file).split(path.sep).join('/');
  };
  if (exported.length > 0) {
    const relative = await write('tasks', tasks);
    if (qaTasks.length > 0) await write('qa', qaTasks);
    marks.push(...exported.map((itemKey) => ({ itemKey, file: relative, purpose: 'task' as const })));
  }
  if (disputed.length > 0) {
    const relative = await write('adjudicate', disputes);
    marks.push(...disputed.map((itemKey) => ({ itemKey, file: relative, purpose: 'adjudication' as const })));
  }
  return { report: { ...report, files }, marks };
}

function answered(entry: GateEntry): boolean {
  return entry.answers.annotations.length > 0 || entry.answers.adjudication !== null;
}

/**
 * The config for the gate's open items (all items when every one is settled). Items of one gate
 * share their task and media; an earlier version of the recipe may have left items with other
 * labels, so the config offers every label of those items, in order of first appearance.
 */
function gateConfig(gate: string, entries: readonly GateEntry[]): string {
  const open = entries.filter((entry) => !answered(entry));
  const basis = open.length > 0 ? open : entries;
  const first = basis[0].item;
  const shown = (item: GateItem) => item.media?.kind ?? null;
  const labels: string[] = [];
  for (const { itemKey, item } of basis) {
    if (item.task !== first.task || shown(item) !== shown(first)) {
      const describe = (of: GateItem) => `${of.task} on ${shown(of) ?? 'text alone'}`;
      throw new Error(`gate \`${gate}\` holds items of two kinds (${describe(first)}, and ${describe(item)} for item \`${itemKey}\`); one Label Studio project cannot show both`);
    }
    for (const label of item.labels) if (!labels.includes(label)) labels.push(label);
  }
  const instructions = basis.find((entry) => entry.item.instructions !== null)?.item.instructions ?? null;
  return labelingConfig(first.task, shown(first), labels, instructions);
}

/** One number for the tasks and QA files of one export, after every number used so far. */
async function nextFileNumber(folder: string): Promise<number> {
  let next = 0;
  for (const name of await readdir(folder)) {
    const match = TASK_FILE.exec(name);
    if (match) next = Math.max(next, Number(match[2]) + 1);
  }
  return next;
}


async function writeIfChanged(file: string, text: string): Promise<void> {
  const current = await readFile(file, 'utf8').catch(() => null);
  if (current !== text) await writeFileAtomic(file, text);
}

async function sweepTemporaryFiles(folder: string): Promise<void> {
  for (const name of await readdir(folder)) if (/\.tmp-\d+$/.test(name)) await rm(path.join(folder, name), { force: true });
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
