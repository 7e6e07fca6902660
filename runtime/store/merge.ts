// A k-way merge of sorted streams with a binary heap: memory holds one entry
// per stream, whatever their length. Equal sort keys come out in stream
// order, so that streams listed oldest first keep put order for ties.
import { compareKeyed, type SortKeyed } from './sort-key.ts';

export interface Sorted<T> extends SortKeyed {
  readonly value: T;
}

interface Head<T> {
  readonly entry: Sorted<T>;
  readonly stream: number;
  readonly iterator: Iterator<Sorted<T>, unknown, undefined>;
}

/** Merges streams each sorted by `compareSortKeys`; closes every stream when the consumer stops early. */
export function* mergeSorted<T>(streams: ReadonlyArray<Iterable<Sorted<T>>>): Generator<Sorted<T>, void, undefined> {
  const iterators = streams.map((stream) => stream[Symbol.iterator]());
  try {
    if (iterators.length === 1) {
      // The common case after one run: no heap.
      for (let step = iterators[0].next(); !step.done; step = iterators[0].next()) yield step.value;
      return;
    }
    const heap: Array<Head<T>> = [];
    iterators.forEach((iterator, stream) => {
      const step = iterator.next();
      if (!step.done) push(heap, { entry: step.value, stream, iterator });
    });
    while (heap.length > 0) {
      const head = heap[0];
      yield head.entry;
      const step = head.iterator.next();
      if (step.done) {
        const last = heap.pop()!;
        if (heap.length > 0) {
          heap[0] = last;
          siftDown(heap, 0);
        }
      } else {
        heap[0] = { entry: step.value, stream: head.stream, iterator: head.iterator };
        siftDown(heap, 0);
      }
    }
  } finally {
    for (const iterator of iterators) iterator.return?.();
  }
}

function before<T>(a: Head<T>, b: Head<T>): boolean {
  const order = compareKeyed(a.entry, b.entry);
  return order < 0 || (order === 0 && a.stream < b.stream);
}

function push<T>(heap: Array<Head<T>>, head: Head<T>): void {
  heap.push(head);
  let index = heap.length - 1;
  while (index > 0) {
    const parent = (index - 1) >>> 1;
    if (!before(heap[index], heap[parent])) return;
    [heap[index], heap[parent]] = [heap[parent], heap[index]];
    index = parent;
  }
}

function siftDown<T>(heap: Array<Head<T>>, index: number): void {
  for (;;) {
    const left = 2 * index + 1;
    const right = left + 1;
    let smallest = index;
    if (left < heap.length && before(heap[left], heap[smallest])) smallest = left;
    if (right < heap.length && before(heap[right], heap[smallest])) smallest = right;
    if (smallest === index) return;
    [heap[index], heap[smallest]] = [heap[smallest], heap[index]];
    index = smallest;
  }
}
