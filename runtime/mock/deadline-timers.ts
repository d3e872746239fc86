import { DeadlineHeap } from './deadline-heap.js';

/**
 * One timer for thousands of sequences: min-heaps of absolute deadlines
 * (performance.now() ms) and a single setTimeout armed for the earliest one.
 * Deadlines are absolute, so a late wake-up never shifts the tokens after it
 * (no drift), and many sequences due at once cost one wake-up.
 *
 * Node timers have 1 ms granularity and may fire up to ~1 ms early or late.
 * While few sequences are active (`spin()` true) the timer is armed 1–2 ms
 * early and the rest is waited out with setImmediate, so writes land within
 * a few tens of µs of their deadline. That busy-wait costs CPU the streams may
 * need, so it is also capped at SPIN_BUDGET_MS per second; beyond it (or with
 * many sequences) deadlines are met within about ±1 ms, without busy-waiting.
 * `precise` deadlines (first tokens: what TTFT measures) live in a heap of
 * their own and are busy-waited (from 2–3 ms before) whatever the number of
 * sequences, from a budget of their own, so chunk deadlines can neither use up that budget nor
 * arm a coarse wake-up that lands after a first token is due.
 */

/** Something with a deadline; `heapIndex` is owned by the timers (-1 = not scheduled). */
export interface Timed {
  at: number;
  heapIndex: number;
  /** Timed as precisely as the budget allows, whatever the load. Must not change while scheduled. */
  precise?: boolean;
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
/** Busy-wait allowed per second (ms): 15 % of a core for any deadline, 10 % more for precise ones. */
const SPIN_BUDGET_MS = 150;
const PRECISE_BUDGET_MS = 100;
/** How long chunk writes due just before a busy-waited first token are held back for it (ms). */
const PRECISE_GUARD = 1;
/** Work done per wake-up before yielding to I/O (keeps sockets serviced under load). */
const MAX_PER_DRAIN = 4096;

export class DeadlineTimers implements Timers {
  private readonly normal = new DeadlineHeap();
  private readonly precise = new DeadlineHeap();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private immediate: NodeJS.Immediate | undefined;
  private stopped = false;
  private deferred: (() => void)[] = [];
  /** Busy-wait accounting: time spent spinning in the current one-second window, per budget. */
  private spinSince: number | undefined;
  private spinPrecise = false;
  private spinSpent = 0;
  private preciseSpent = 0;
  private spinWindow = 0;

  /**
   * `spin()`: whether busy-waiting the last millisecond is affordable right
   * now; `spinPreciseAlways`: precise deadlines are busy-waited even when not.
   */
  constructor(
    private readonly spin: () => boolean,
    private readonly spinPreciseAlways = true,
  ) {}

  now(): number {
    return performance.now();
  }

  get size(): number {
    return this.normal.size + this.precise.size;
  }

  schedule(t: Timed, at: number): void {
    this.cancel(t);
    t.at = at;
    const heap = t.precise ? this.precise : this.normal;
    heap.push(t);
    if (heap.top() === t) this.arm();
  }

  cancel(t: Timed): void {
    if (this.precise.has(t)) this.precise.remove(t);
    else if (this.normal.has(t)) this.normal.remove(t);
  }

  /** Drops every pending deadline and timer (server shutdown). */
  stop(): void {
    this.stopped = true;
    this.normal.clear();
    this.precise.clear();
    this.deferred = [];
    this.clear();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    this.timerAt = Infinity;
  }

  /** Whether a (precise) deadline gets busy-waited now: few sequences and budget left, or precise with its own budget left. */
  private spinsFor(precise: boolean, now: number): boolean {
    if (now - this.spinWindow >= 1000) {
      this.spinWindow = now;
      this.spinSpent = this.preciseSpent = 0;
    }
    return (this.spinSpent < SPIN_BUDGET_MS && this.spin()) || (precise && this.spinPreciseAlways && this.preciseSpent < PRECISE_BUDGET_MS);
  }

  private readonly drain = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    this.timerAt = Infinity;
    let now = performance.now();
    if (this.spinSince !== undefined) {
      if (this.spinPrecise) this.preciseSpent += now - this.spinSince;
      else this.spinSpent += now - this.spinSince;
      this.spinSince = undefined;
    }
    // Decided once per wake-up, per kind of deadline (a drain may fire thousands).
    const slack = this.spinsFor(false, now) ? SPIN_SLACK : COARSE_SLACK;
    const preciseSpins = this.spinsFor(true, now);
    const preciseSlack = preciseSpins ? SPIN_SLACK : COARSE_SLACK;
    // While first tokens are busy-waited, a chunk due less than PRECISE_GUARD before one waits for it:
    // at a decode step every stream's chunk is due at once, and writing them first made it late.
    const guard = preciseSpins ? PRECISE_GUARD : 0;
    let firedFirst = false;
    for (let n = 1; ; n++) {
      const first = this.precise.top();
      const chunk = this.normal.top();
      const heap = chunk && (!first || chunk.at < first.at - guard) ? this.normal : this.precise;
      const top = heap.top();
      if (!top || top.at > now + (heap === this.precise ? preciseSlack : slack)) break;
      if (n > MAX_PER_DRAIN) {
        this.immediate = setImmediate(this.drain);
        return;
      }
      heap.remove(top);
      if (heap === this.precise) firedFirst = true;
      top.fire();
      if ((n & 63) === 0) now = performance.now();
    }
    const next = this.precise.top();
    // Deferred work waits for one first token at most; as a microtask it runs after that token's write.
    if (this.deferred.length > 0 && (firedFirst || !next || next.at > now + guard)) queueMicrotask(this.runDeferred);
    this.arm();
  };

  private readonly runDeferred = (): void => {
    const fns = this.deferred;
    this.deferred = [];
    for (const fn of fns) fn();
  };

  /**
   * Runs `fn` now or, while a busy-waited first token is due within
   * PRECISE_GUARD, right after it is written: handling a new request
   * (~0.3 ms) that landed just before a first token otherwise made it late.
   */
  defer(fn: () => void): void {
    const first = this.precise.top();
    const now = performance.now();
    if (this.stopped || !first || first.at > now + PRECISE_GUARD || !this.spinsFor(true, now)) fn();
    else this.deferred.push(fn);
  }

  /** Arms one wake-up for the earlier of the two heaps' needs. */
  private arm(): void {
    if (this.stopped || this.immediate) return;
    const now = performance.now();
    let wakeAt = Infinity;
    for (const top of [this.precise.top(), this.normal.top()]) {
      if (!top) continue;
      const wait = top.at - now;
      const spin = this.spinsFor(top.precise === true, now);
      // A timer wakes up to ~1 ms late here, plus the VM's wake-up latency: precise ones are armed earlier.
      const lead = top.precise ? 2 : 1;
      if (wait <= (spin ? lead + 0.5 : 0)) {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        this.timerAt = Infinity;
        if (wait > 0 && this.spinSince === undefined) {
          this.spinSince = now;
          // Charged to the precise budget only when the shared one would not pay.
          this.spinPrecise = !(this.spinSpent < SPIN_BUDGET_MS && this.spin());
        }
        this.immediate = setImmediate(this.drain);
        return;
      }
      wakeAt = Math.min(wakeAt, now + Math.max(1, spin ? Math.floor(wait - lead) : Math.round(wait)));
    }
    if (wakeAt === Infinity) return this.clear();
    // Already armed to wake early enough: nothing to do.
    if (this.timer && this.timerAt <= wakeAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.drain, wakeAt - now);
    this.timerAt = wakeAt;
  }
}
