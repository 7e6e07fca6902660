// Human-gate items: a gate exports the items it needs people to look at, the
// run goes on without them, and imports or reviews record the answers. An item
// is identified by (gate, itemKey); adding it again keeps the first payload and
// never erases an answer, so re-running a stage is harmless. Answers are kept
// per annotator: recording the same answer again changes nothing.
import { createHash } from 'node:crypto';
import type { Database, RootDatabase } from 'lmdb';
import type { Annotation, GateItem, ItemAnswers } from '../human/types.ts';
import { NO_ANSWERS } from '../human/types.ts';
import { itemOf, scopeOf, scopeRange, scopedKey } from './keys.ts';
import type { StoreValue } from './value.ts';

export interface GateEntry {
  readonly itemKey: string;
  readonly item: GateItem;
  readonly answers: ItemAnswers;
}

export interface GateCounts {
  readonly items: number;
  /** Items with at least one answer (or an adjudication). */
  readonly answered: number;
}

/** What recording an answer did. */
export type RecordOutcome = 'added' | 'replaced' | 'unchanged' | 'unknown-item';

/** The tables behind the gates: payloads, answers under the same keys, and the export file of each exported item. */
export interface GateTables {
  readonly items: Database<StoreValue, Buffer>;
  readonly answers: Database<StoreValue, Buffer>;
  readonly exports: Database<StoreValue, Buffer>;
}

const key = (gate: string, itemKey: string) => scopedKey('gate', gate, itemKey);

/** An item is exported once as a task, and once more for adjudication if its two answers disagree. */
export type ExportPurpose = 'task' | 'adjudication';
const exportKey = (gate: string, itemKey: string, purpose: ExportPurpose) => key(gate, purpose === 'task' ? itemKey : `${itemKey}\u0000adjudication`);

export class HumanGates {
  private readonly writer: GateWriter;

  constructor(private readonly root: RootDatabase<StoreValue, Buffer>, private readonly tables: GateTables) {
    this.writer = new GateWriter(tables, () => {});
  }

  /** Resolves to true when the item is new, false when it was already there (left unchanged). */
  async add(itemKey: string, item: GateItem): Promise<boolean> {
    key(item.gate, itemKey);
    return this.root.childTransaction(() => this.writer.add(itemKey, item));
  }

  /** Records one annotator's answer (replacing their earlier one). */
  async record(gate: string, itemKey: string, annotation: Annotation): Promise<RecordOutcome> {
    key(gate, itemKey);
    return this.root.childTransaction(() => this.writer.record(gate, itemKey, annotation));
  }

  /** Records the deciding answer of a disputed QA item. */
  async adjudicate(gate: string, itemKey: string, annotation: Annotation): Promise<RecordOutcome> {
    key(gate, itemKey);
    return this.root.childTransaction(() => this.writer.adjudicate(gate, itemKey, annotation));
  }

  /** Removes one annotator's answer (an undo); resolves to false when there was none. */
  async withdraw(gate: string, itemKey: string, annotator: string): Promise<boolean> {
    key(gate, itemKey);
    return this.root.childTransaction(() => this.writer.withdraw(gate, itemKey, annotator));
  }

  /** Notes the export file an item was written to (as a task, or for adjudication), so that it is exported once. */
  async markExported(gate: string, itemKey: string, file: string, purpose: ExportPurpose = 'task'): Promise<void> {
    return this.root.childTransaction(() => this.writer.markExported(gate, itemKey, file, purpose));
  }

  item(gate: string, itemKey: string): GateItem | undefined {
    return this.tables.items.get(key(gate, itemKey)) as GateItem | undefined;
  }

  answers(gate: string, itemKey: string): ItemAnswers {
    return (this.tables.answers.get(key(gate, itemKey)) as ItemAnswers | undefined) ?? NO_ANSWERS;
  }

  exportedIn(gate: string, itemKey: string, purpose: ExportPurpose = 'task'): string | undefined {
    return this.tables.exports.get(exportKey(gate, itemKey, purpose)) as string | undefined;
  }

  /** Every gate that has items, sorted. */
  gates(): string[] {
    return [...countByScope(this.tables.items).keys()].sort();
  }

  /** The items of `gate` with their answers, in item-key byte order. */
  *entries(gate: string): Generator<GateEntry, void, undefined> {
    const range = scopeRange('gate', gate);
    for (const { key: k, value } of this.tables.items.getRange({ start: range.start, end: range.end })) {
      yield {
        itemKey: itemOf(k, range.prefixBytes),
        item: value as unknown as GateItem,
        answers: (this.tables.answers.get(k) as ItemAnswers | undefined) ?? NO_ANSWERS,
      };
    }
  }

  /** A digest of every answer recorded at `gate`: it changes whenever an answer does. */
  answersDigest(gate: string): string {
    const range = scopeRange('gate', gate);
    const hash = createHash('sha256');
    for (const { key: k, value } of this.tables.answers.getRange({ start: range.start, end: range.end })) {
      hash.update(k).update('\0').update(JSON.stringify(value)).update('\0');
    }
    return hash.digest('hex').slice(0, 16);
  }

  /** Item and answered counts for every gate that has items, by gate name. */
  counts(): Record<string, GateCounts> {
    const items = countByScope(this.tables.items);
    const answered = countByScope(this.tables.answers);
    return Object.fromEntries(
      [...items].sort(([a], [b]) => a.localeCompare(b)).map(([gate, total]): [string, GateCounts] => [gate, { items: total, answered: answered.get(gate) ?? 0 }]),
    );
  }
}

const sameAnswer = (a: Annotation, b: Annotation) => a.annotator === b.annotator && JSON.stringify(a.value) === JSON.stringify(b.value);

/** Gate writes inside a write transaction (also the body of the async methods above). */
export class GateWriter {
  constructor(private readonly tables: GateTables, private readonly guard: () => void) {}

  add(itemKey: string, item: GateItem): boolean {
    this.guard();
    const k = key(item.gate, itemKey);
    if (this.tables.items.doesExist(k)) return false;
    this.tables.items.putSync(k, item as unknown as StoreValue);
    return true;
  }

  record(gate: string, itemKey: string, annotation: Annotation): RecordOutcome {
    this.guard();
    const k = key(gate, itemKey);
    if (!this.tables.items.doesExist(k)) return 'unknown-item';
    const current = (this.tables.answers.get(k) as ItemAnswers | undefined) ?? NO_ANSWERS;
    const previous = current.annotations.find((a) => a.annotator === annotation.annotator);
    if (previous && sameAnswer(previous, annotation)) return 'unchanged';
    const annotations = [...current.annotations.filter((a) => a.annotator !== annotation.annotator), annotation]
      .sort((a, b) => (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0));
    this.tables.answers.putSync(k, { annotations, adjudication: current.adjudication } as unknown as StoreValue);
    return previous ? 'replaced' : 'added';
  }

  adjudicate(gate: string, itemKey: string, annotation: Annotation): RecordOutcome {
    this.guard();
    const k = key(gate, itemKey);
    if (!this.tables.items.doesExist(k)) return 'unknown-item';
    const current = (this.tables.answers.get(k) as ItemAnswers | undefined) ?? NO_ANSWERS;
    if (current.adjudication && sameAnswer(current.adjudication, annotation)) return 'unchanged';
    this.tables.answers.putSync(k, { annotations: current.annotations, adjudication: annotation } as unknown as StoreValue);
    return current.adjudication ? 'replaced' : 'added';
  }

  withdraw(gate: string, itemKey: string, annotator: string): boolean {
    this.guard();
    const k = key(gate, itemKey);
    const current = this.tables.answers.get(k) as ItemAnswers | undefined;
    if (!current) return false;
    if (current.adjudication?.annotator === annotator) {
      this.putOrRemove(k, { annotations: current.annotations, adjudication: null });
      return true;
    }
    const annotations = current.annotations.filter((a) => a.annotator !== annotator);
    if (annotations.length === current.annotations.length) return false;
    this.putOrRemove(k, { annotations, adjudication: current.adjudication });
    return true;
  }

  markExported(gate: string, itemKey: string, file: string, purpose: ExportPurpose = 'task'): void {
    this.guard();
    this.tables.exports.putSync(exportKey(gate, itemKey, purpose), file);
  }

  private putOrRemove(k: Buffer, answers: ItemAnswers): void {
    if (answers.annotations.length === 0 && answers.adjudication === null) this.tables.answers.removeSync(k);
    else this.tables.answers.putSync(k, answers as unknown as StoreValue);
  }
}

function countByScope(db: Database<StoreValue, Buffer>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of db.getKeys()) {
    const gate = scopeOf(k);
    counts.set(gate, (counts.get(gate) ?? 0) + 1);
  }
  return counts;
}
