/**
 * One timer for thousands of sequences: a binary min-heap of absolute
 * deadlines (performance.now() ms) and a single setTimeout armed for the
 * earliest one. Deadlines are absolute, so a late wake-up never shifts the
 * tokens after it (no drift), and many sequences due at once cost one wake-up.
 *
 * Node timers have 1 ms granularity and may fire up to ~1 ms early or late.
 * While few sequences are active (`spin()` true) the timer is armed 1–2 ms
 * early and the rest is waited out with setImmediate, so writes land within
 * a few tens of µs of their deadline. That busy-wait costs CPU the streams may
 * need, so it is also capped at SPIN_BUDGET_MS per second; beyond it (or with
 * many sequences) deadlines are met within about ±1 ms, without busy-waiting.
 */

/** Something with a deadline; `heapIndex` is owned by the timers (-1 = not scheduled). */
export interface Timed {
  at: number;
  heapIndex: number;
  fire(): void;
}

/** The clock and scheduling the engine needs (a virtual one in unit tests). */
export interface Timers {
  now(): number;
  /** (Re)schedules `t` at absolute time `at`. */
  schedule(t: Timed, at: number): void;
  cancel(t: Timed): void;
}

const SPIN_SLACK = 0.02;
const COARSE_SLACK = 0.75;
/** Busy-wait allowed per second (ms): 15 % of a core at most. */
const SPIN_BUDGET_MS = 150;
/** Work done per wake-up before yielding to I/O (keeps sockets serviced under load). */
const MAX_PER_DRAIN = 4096;

export class DeadlineTimers implements Timers {
  private readonly heap: Timed[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerFor = Infinity;
  private immediate: NodeJS.Immediate | undefined;
  private stopped = false;
  /** Busy-wait accounting: time spent spinning in the current one-second window. */
  private spinSince: number | undefined;
  private spinSpent = 0;
  private spinWindow = 0;

  /** `spin()`: whether busy-waiting the last millisecond is affordable right now. */
  constructor(private readonly spin: () => boolean) {}

  now(): number {
    return performance.now();
  }

  get size(): number {
    return this.heap.length;
  }

  schedule(t: Timed, at: number): void {
    if (t.heapIndex >= 0) this.remove(t);
    t.at = at;
    t.heapIndex = this.heap.length;
    this.heap.push(t);
    this.up(t.heapIndex);
    if (this.heap[0] === t) this.arm();
  }

  cancel(t: Timed): void {
    if (t.heapIndex >= 0) this.remove(t);
  }

  /** Drops every pending deadline and timer (server shutdown). */
  stop(): void {
    this.stopped = true;
    for (const t of this.heap) t.heapIndex = -1;
    this.heap.length = 0;
    this.clear();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    this.timerFor = Infinity;
  }

  /** Whether to busy-wait now: few sequences and budget left in this second. */
  private spinning(now: number): boolean {
    if (now - this.spinWindow >= 1000) {
      this.spinWindow = now;
      this.spinSpent = 0;
    }
    return this.spinSpent < SPIN_BUDGET_MS && this.spin();
  }

  private readonly drain = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    this.timerFor = Infinity;
    let now = performance.now();
    if (this.spinSince !== undefined) {
      this.spinSpent += now - this.spinSince;
      this.spinSince = undefined;
    }
    const slack = this.spinning(now) ? SPIN_SLACK : COARSE_SLACK;
    for (let n = 1; this.heap.length > 0; n++) {
      const top = this.heap[0]!;
      if (top.at > now + slack) break;
      if (n > MAX_PER_DRAIN) {
        this.immediate = setImmediate(this.drain);
        return;
      }
      this.remove(top);
      top.fire();
      if ((n & 63) === 0) now = performance.now();
    }
    this.arm();
  };

  private arm(): void {
    if (this.stopped || this.immediate) return;
    const top = this.heap[0];
    if (!top) return this.clear();
    const now = performance.now();
    const wait = top.at - now;
    const spin = this.spinning(now);
    if (wait <= (spin ? 1.5 : 0)) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerFor = Infinity;
      if (wait > 0) this.spinSince ??= now;
      this.immediate = setImmediate(this.drain);
      return;
    }
    // Already armed early enough for this deadline: nothing to do.
    if (this.timer && this.timerFor <= top.at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.drain, Math.max(1, spin ? Math.floor(wait - 1) : Math.round(wait)));
    this.timerFor = top.at;
  }

  private remove(t: Timed): void {
    const i = t.heapIndex;
    const last = this.heap.pop()!;
    t.heapIndex = -1;
    if (last !== t) {
      this.heap[i] = last;
      last.heapIndex = i;
      this.down(i);
      this.up(last.heapIndex);
    }
  }

  private up(i: number): void {
    const h = this.heap;
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
    const h = this.heap;
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
