// A binary max-heap: keeps the `capacity` smallest items seen, in O(log n) per item.

export class BoundedMaxHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly capacity: number, private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  /** Offers an item; returns the item that no longer fits (the largest), or undefined when all fit. */
  offer(item: T): T | undefined {
    if (this.capacity <= 0) return item;
    if (this.items.length < this.capacity) {
      this.items.push(item);
      this.siftUp(this.items.length - 1);
      return undefined;
    }
    const largest = this.items[0];
    if (this.compare(item, largest) >= 0) return item;
    this.items[0] = item;
    this.siftDown(0);
    return largest;
  }

  /** The items held, in no particular order. */
  values(): readonly T[] {
    return this.items;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(this.items[i], this.items[parent]) <= 0) return;
      [this.items[i], this.items[parent]] = [this.items[parent], this.items[i]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.items.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < n && this.compare(this.items[left], this.items[largest]) > 0) largest = left;
      if (right < n && this.compare(this.items[right], this.items[largest]) > 0) largest = right;
      if (largest === i) return;
      [this.items[i], this.items[largest]] = [this.items[largest], this.items[i]];
      i = largest;
    }
  }
}
