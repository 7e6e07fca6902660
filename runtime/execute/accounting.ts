// Every record is accounted for: for each node, records in = passed on +
// filtered (by reason) + rejected (by reason) + waiting at a human gate. Dropped records are handed to
// subscribers (the run stores them; they become rejects.jsonl), not kept here,
// so memory does not grow with the number of drops.

export interface NodeCounts {
  in: number;
  /** Input records passed on (an `explode` passes one record on as several). */
  passed: number;
  out: number;
  /** Records held at a human gate until people answer (not dropped: a later run passes them on). */
  waiting: number;
  filtered: Record<string, number>;
  rejected: Record<string, number>;
}

export interface Drop {
  readonly stage: string | null;
  readonly node: string;
  readonly key: string;
  readonly kind: 'filtered' | 'rejected';
  readonly reason: string;
  /** The cause may pass on its own (see RecordRejected): a later run tries the record again. */
  readonly transient?: boolean;
}

type Listener = (drop: Drop) => void;

export class Accounting {
  readonly counts = new Map<string, NodeCounts>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly everyDrop = new Set<Listener>();

  node(id: string): NodeCounts {
    let counts = this.counts.get(id);
    if (!counts) this.counts.set(id, (counts = { in: 0, passed: 0, out: 0, waiting: 0, filtered: {}, rejected: {} }));
    return counts;
  }

  reset(id: string): void {
    this.counts.set(id, { in: 0, passed: 0, out: 0, waiting: 0, filtered: {}, rejected: {} });
  }

  /** Counts read back from a stored stage output. */
  restore(id: string, counts: NodeCounts): void {
    this.counts.set(id, { in: counts.in, passed: counts.passed, out: counts.out, waiting: counts.waiting ?? 0, filtered: { ...counts.filtered }, rejected: { ...counts.rejected } });
  }

  /** A drop read back from a stored stage output: passed to listeners, not counted again. */
  restoreDrop(drop: Drop): void {
    for (const listener of this.everyDrop) listener(drop);
  }

  drop(drop: Drop): void {
    const counts = this.node(drop.node);
    const table = drop.kind === 'filtered' ? counts.filtered : counts.rejected;
    table[drop.reason] = (table[drop.reason] ?? 0) + 1;
    for (const listener of this.listeners.get(drop.node) ?? []) listener(drop);
    for (const listener of this.everyDrop) listener(drop);
  }

  /** Listens to drops of the given nodes; returns the function that stops listening. */
  subscribe(nodes: readonly string[], listener: Listener): () => void {
    for (const node of nodes) {
      let set = this.listeners.get(node);
      if (!set) this.listeners.set(node, (set = new Set()));
      set.add(listener);
    }
    return () => nodes.forEach((node) => this.listeners.get(node)?.delete(listener));
  }

  /** Listens to every drop, computed or read back. */
  onEveryDrop(listener: Listener): () => void {
    this.everyDrop.add(listener);
    return () => this.everyDrop.delete(listener);
  }
}

export function balanced(counts: NodeCounts): boolean {
  const sum = (table: Record<string, number>) => Object.values(table).reduce((a, b) => a + b, 0);
  return counts.in === counts.passed + counts.waiting + sum(counts.filtered) + sum(counts.rejected);
}
