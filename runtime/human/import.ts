// Reads a Label Studio JSON export of tasks that `exportPending` wrote and
// records every person's answer at its gate item, in rlr units. The whole file
// is checked and converted first; then every answer is written in one store
// transaction, so an import is applied whole or not at all, even if the
// process is killed. Importing the same file again changes nothing.
import { readFile } from 'node:fs/promises';
import type { ZodError } from 'zod';
import type { RecordOutcome } from '../store/pending.ts';
import type { Store } from '../store/store.ts';
import { annotatorOf } from './label-studio/annotator.ts';
import { ConversionError, resultsToValue } from './label-studio/convert.ts';
import { firstIssue, labelStudioExport, type LabelStudioTask } from './label-studio/export-schema.ts';
import type { Annotation } from './types.ts';

export class AnnotationImportError extends Error {
  override readonly name = 'AnnotationImportError';

  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

export interface GateImport {
  readonly gate: string;
  readonly added: number;
  readonly replaced: number;
  readonly unchanged: number;
  /** Annotations skipped because the person cancelled (skipped) the task. */
  readonly cancelled: number;
  /** Answers left out because a later annotation in the file, by the same person for the same item, replaced them. */
  readonly superseded: number;
  /** Tasks without any annotation. */
  readonly unanswered: number;
}

export interface ImportReport {
  readonly file: string;
  readonly tasks: number;
  /** Per gate, sorted by gate name. */
  readonly gates: readonly GateImport[];
}

interface PlannedAnswer {
  readonly gate: string;
  readonly itemKey: string;
  readonly annotation: Annotation;
  readonly adjudicate: boolean;
}

type Counts = { -readonly [K in Exclude<keyof GateImport, 'gate'>]: number };

const EXPORT_HINT = 'in Label Studio, export the project with Export -> JSON (not JSON-MIN or CSV) and import that file';

export async function importAnnotations(store: Store, file: string): Promise<ImportReport> {
  const tasks = await readExport(file);
  const counts = new Map<string, Counts>();
  const countsOf = (gate: string) => {
    let gateCounts = counts.get(gate);
    if (!gateCounts) counts.set(gate, (gateCounts = { added: 0, replaced: 0, unchanged: 0, cancelled: 0, superseded: 0, unanswered: 0 }));
    return gateCounts;
  };
  // Later annotations by the same person for the same item replace earlier ones, as recording them one by one would.
  const planned = new Map<string, PlannedAnswer>();
  const gates = store.pending.gates();
  tasks.forEach((task, index) => {
    const where = `${file}: ${taskName(index, task)}`;
    const { gate, itemKey, adjudicate } = taskTarget(store, gates, task, where);
    const gateCounts = countsOf(gate);
    const item = store.pending.item(gate, itemKey)!;
    const annotations = task.annotations ?? [];
    if (annotations.length === 0) gateCounts.unanswered++;
    annotations.forEach((annotation, position) => {
      if (annotation.was_cancelled) {
        gateCounts.cancelled++;
        return;
      }
      let value;
      try {
        value = resultsToValue(item, annotation.result);
      } catch (error) {
        if (!(error instanceof ConversionError)) throw error;
        throw new AnnotationImportError(`${where}, annotation ${position + 1}, ${error.message}`, error.hint ?? EXPORT_HINT);
      }
      const answer: Annotation = { annotator: annotatorOf(annotation.completed_by) ?? `ls-user-${String(annotation.completed_by)}`, value, origin: 'label-studio', ref: `label-studio:${annotation.id}` };
      const key = JSON.stringify(adjudicate ? ['adjudication', gate, itemKey] : ['answer', gate, itemKey, answer.annotator]);
      if (planned.has(key)) {
        gateCounts.superseded++;
        planned.delete(key);
      }
      planned.set(key, { gate, itemKey, annotation: answer, adjudicate });
    });
  });

  const writes = [...planned.values()];
  const outcomes = await store.transaction((tx) => writes.map((write): RecordOutcome => {
    const outcome = write.adjudicate
      ? tx.pending.adjudicate(write.gate, write.itemKey, write.annotation)
      : tx.pending.record(write.gate, write.itemKey, write.annotation);
    // Checked above; an item gone since would leave the import half done, so nothing is written.
    if (outcome === 'unknown-item') throw new AnnotationImportError(`${file}: item \`${write.itemKey}\` left gate \`${write.gate}\` during the import`, 'import the file again');
    return outcome;
  }));
  writes.forEach((write, i) => {
    const outcome = outcomes[i] as Exclude<RecordOutcome, 'unknown-item'>;
    countsOf(write.gate)[outcome]++;
  });
  const report = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([gate, gateCounts]) => ({ gate, ...gateCounts }));
  return { file, tasks: tasks.length, gates: report };
}

async function readExport(file: string): Promise<LabelStudioTask[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AnnotationImportError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'pass the path of a Label Studio JSON export');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AnnotationImportError(`${file}: not JSON (${(error as Error).message})`, EXPORT_HINT);
  }
  if (!Array.isArray(raw)) {
    throw new AnnotationImportError(`${file}: not a Label Studio JSON export: expected an array of tasks, found ${raw === null ? 'null' : typeof raw}`, EXPORT_HINT);
  }
  const parsed = labelStudioExport.safeParse(raw);
  if (!parsed.success) throw new AnnotationImportError(`${file}: ${describeIssue(parsed.error, raw)}`, EXPORT_HINT);
  return parsed.data;
}

/** Where the first schema problem is, in the words of the error: task, annotation and result numbers (1-based), then the field. */
function describeIssue(error: ZodError, tasks: unknown[]): string {
  const { path, message } = firstIssue(error);
  const [taskIndex, ...rest] = path;
  if (typeof taskIndex !== 'number') return message;
  const task = tasks[taskIndex];
  const parts = [taskName(taskIndex, task as { id?: unknown })];
  let field = rest;
  if (field[0] === 'annotations' && typeof field[1] === 'number') {
    parts.push(`annotation ${field[1] + 1}`);
    field = field.slice(2);
    if (field[0] === 'result' && typeof field[1] === 'number') {
      parts.push(`result ${field[1] + 1}`);
      field = field.slice(2);
    }
  }
  if (rest.length === 1 && rest[0] === 'data' && typeof task === 'object' && task !== null && !('data' in task)) {
    return `${parts.join(', ')}: no \`data\` field (a JSON-MIN export?)`;
  }
  const name = field.map(String).join('.');
  return `${parts.join(', ')}: ${name ? `\`${name}\`: ` : ''}${message}`;
}

function taskName(index: number, task: { id?: unknown } | null | undefined): string {
  const id = typeof task === 'object' && task !== null && (typeof task.id === 'number' || typeof task.id === 'string') ? ` (id ${task.id})` : '';
  return `task ${index + 1}${id}`;
}

function taskTarget(store: Store, gates: readonly string[], task: LabelStudioTask, where: string): { gate: string; itemKey: string; adjudicate: boolean } {
  const { rlr_gate: gate, rlr_item: itemKey, rlr_adjudicate: adjudicate } = task.data;
  if (typeof gate !== 'string' || typeof itemKey !== 'string') {
    throw new AnnotationImportError(`${where}: no \`data.rlr_gate\` and \`data.rlr_item\`, so it is not a task that rlr exported`,
      'import an export of a Label Studio project whose tasks came from annotations/<gate>/tasks-*.json or qa-*.json');
  }
  if (!gates.includes(gate)) {
    throw new AnnotationImportError(`${where}: gate \`${gate}\` has no items in this dataset${gates.length > 0 ? ` (its gates: ${gates.join(', ')})` : ' (it has no gates)'}`,
      'pass --dataset with the dataset folder that exported these tasks');
  }
  if (store.pending.item(gate, itemKey) === undefined) {
    throw new AnnotationImportError(`${where}: item \`${itemKey}\` is not an item of gate \`${gate}\` in this dataset`,
      'pass --dataset with the dataset folder that exported these tasks');
  }
  return { gate, itemKey, adjudicate: adjudicate === true };
}
