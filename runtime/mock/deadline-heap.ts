import type { Timed } from './deadline-timers.js';

/** A binary min-heap of deadlines by `at`; each item's `heapIndex` is its slot (-1 = not in a heap). */
export class DeadlineHeap {
  readonly items: Timed[] = [];

  get size(): number {
    return this.items.length;
  }

  top(): Timed | undefined {
    return this.items[0];
  }

  has(t: Timed): boolean {
    return t.heapIndex >= 0 && this.items[t.heapIndex] === t;
  }

  push(t: Timed): void {
    t.heapIndex = this.items.length;
    this.items.push(t);
    this.up(t.heapIndex);
  }

  remove(t: Timed): void {
    const i = t.heapIndex;
    const last = this.items.pop()!;
    t.heapIndex = -1;
    if (last !== t) {
      this.items[i] = last;
      last.heapIndex = i;
      this.down(i);
      this.up(last.heapIndex);
    }
  }

  /** Forgets every item. */
  clear(): void {
    for (const t of this.items) t.heapIndex = -1;
    this.items.length = 0;
  }

  private up(i: number): void {
    const h = this.items;
    const item = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= item.at) break;
      h[i] = h[p]!;
      h[i]!.heapIndex = i;
      i = p;
    }
    h[i] = item;
    item.heapIndex = i;
  }

  private down(i: number): void {
    const h = this.items;
    const n = h.length;
    const item = h[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && h[c + 1]!.at < h[c]!.at) c++;
      if (h[c]!.at >= item.at) break;
      h[i] = h[c]!;
      h[i]!.heapIndex = i;
      i = c;
    }
    h[i] = item;
    item.heapIndex = i;
  }
}
