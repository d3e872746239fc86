/**
 * A bounded FIFO of protocol lines. `push` keeps what fits under the bound and
 * reports how many lines it refused (the newest ones: what was buffered first
 * is written first, so a long outage loses a contiguous stretch, not a random
 * scatter of points).
 */
export class LineQueue {
  private items: string[] = [];
  private head = 0;

  constructor(readonly bound: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** Appends as many lines as fit; returns the number refused. */
  push(lines: readonly string[]): number {
    const room = Math.max(0, this.bound - this.size);
    const n = Math.min(room, lines.length);
    for (let i = 0; i < n; i++) this.items.push(lines[i]);
    return lines.length - n;
  }

  /** The oldest `max` lines, left in the queue until `drop`. */
  peek(max: number): string[] {
    return this.items.slice(this.head, this.head + max);
  }

  /** Removes the oldest `n` lines. */
  drop(n: number): void {
    this.head += Math.min(n, this.size);
    // Compact now and then, so the array does not grow for the whole run.
    if (this.head >= 65_536 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Empties the queue; returns how many lines it held. */
  clear(): number {
    const n = this.size;
    this.items = [];
    this.head = 0;
    return n;
  }
}
