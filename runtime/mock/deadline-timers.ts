import { DeadlineHeap } from './deadline-heap.js';
import { PreciseWaker } from './precise-waker.js';

/**
 * One timer for thousands of sequences: min-heaps of absolute deadlines
 * (performance.now() ms) and a single setTimeout armed for the earliest one.
 * Deadlines are absolute, so a late wake-up never shifts the tokens after it
 * (no drift), and many sequences due at once cost one wake-up.
 *
 * Node timers run on a 1 ms clock: chunk deadlines are met within about
 * ±1 ms (a chunk goes out from COARSE_SLACK before its deadline to about a
 * millisecond after). `precise` deadlines (first tokens: what TTFT measures)
 * live in a heap of their own and are woken by a PreciseWaker, which sleeps
 * on another thread until just before them: they are written within tens of
 * µs after their deadline, never before it. Nothing busy-waits.
 */

/** Something with a deadline; `heapIndex` is owned by the timers (-1 = not scheduled). */
export interface Timed {
  at: number;
  heapIndex: number;
  /** Timed to the tens of µs (a first token). Must not change while scheduled. */
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

/** How early a chunk may go out rather than wait for the next 1 ms tick (ms). */
const COARSE_SLACK = 0.75;
/** How long chunk writes due just before a first token are held back for it (ms). */
const PRECISE_GUARD = 1;
/** Work done per wake-up before yielding to I/O (keeps sockets serviced under load). */
const MAX_PER_DRAIN = 4096;

export class DeadlineTimers implements Timers {
  private readonly normal = new DeadlineHeap();
  private readonly precise = new DeadlineHeap();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private immediate: NodeJS.Immediate | undefined;
  private readonly waker: PreciseWaker | undefined;
  /** The deadline the waker is armed for (Infinity: none). */
  private wakerAt = Infinity;
  private stopped = false;
  private deferred: (() => void)[] = [];

  /** Settles once first tokens can be timed precisely (the waker's thread runs), or never will be. */
  readonly ready: Promise<void>;

  /** `precise: false` times first tokens with Node's timers too (no helper thread). */
  constructor(options: { precise?: boolean } = {}) {
    this.waker = options.precise === false ? undefined : new PreciseWaker(this.onWake, () => this.arm());
    this.ready = this.waker?.started ?? Promise.resolve();
  }

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
    if (this.precise.has(t)) {
      const wasNext = this.precise.top() === t;
      this.precise.remove(t);
      if (!wasNext) return;
      // Chunks held back for this first token, and work deferred for it, must not wait for it any more.
      this.arm();
      if (this.deferred.length > 0 && !this.firstTokenNear(performance.now())) queueMicrotask(this.runDeferred);
    } else if (this.normal.has(t)) this.normal.remove(t);
  }

  /** Drops every pending deadline and timer (server shutdown). */
  stop(): void {
    this.stopped = true;
    this.normal.clear();
    this.precise.clear();
    this.deferred = [];
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = this.immediate = undefined;
    this.waker?.close();
  }

  /**
   * Runs `fn` now or, while a first token is due within PRECISE_GUARD, right
   * after it is written: handling a new request (~0.3 ms) that landed just
   * before a first token otherwise made it late.
   */
  defer(fn: () => void): void {
    if (this.stopped || !this.firstTokenNear(performance.now())) fn();
    else this.deferred.push(fn);
  }

  /** Whether first tokens are timed precisely now (else, and until the waker runs, by Node's timers). */
  private get sharp(): boolean {
    return this.waker?.ready === true;
  }

  private firstTokenNear(now: number): boolean {
    const first = this.precise.top();
    return this.sharp && first !== undefined && first.at <= now + PRECISE_GUARD;
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.timerAt = Infinity;
    this.drain();
  };

  private readonly onImmediate = (): void => {
    this.immediate = undefined;
    this.drain();
  };

  private readonly onWake = (): void => {
    this.wakerAt = Infinity;
    this.drain();
  };

  private readonly runDeferred = (): void => {
    const fns = this.deferred;
    this.deferred = [];
    for (const fn of fns) fn();
  };

  /** Fires what is due: a first token on its deadline (its last fraction of a ms slept out), chunks within COARSE_SLACK. */
  private drain(): void {
    if (this.stopped) return;
    let now = performance.now();
    let firedFirst = false;
    let slept = false;
    const guard = this.sharp ? PRECISE_GUARD : 0;
    for (let n = 1; ; n++) {
      const first = this.precise.top();
      const chunk = this.normal.top();
      // At a decode step every stream's chunk is due at once: those due just before a first token wait for it.
      if (chunk && chunk.at <= now + COARSE_SLACK && !(first && chunk.at >= first.at - guard)) {
        if (n > MAX_PER_DRAIN) return this.yieldToIo();
        this.normal.remove(chunk);
        chunk.fire();
      } else if (first && first.at <= now + this.sleepLimit()) {
        // One sleep per wake-up: the next first token, if as near, waits for a turn of the event loop.
        if (first.at > now && slept) return this.yieldToIo();
        if (first.at > now) this.waker!.sleepUntil(first.at);
        slept ||= first.at > now;
        this.precise.remove(first);
        firedFirst = true;
        first.fire();
        now = performance.now();
        continue;
      } else break;
      if ((n & 63) === 0) now = performance.now();
    }
    // Deferred work waits for one first token at most; as a microtask it runs after that token's write.
    if (this.deferred.length > 0 && (firedFirst || !this.firstTokenNear(now))) queueMicrotask(this.runDeferred);
    this.arm();
  }

  private yieldToIo(): void {
    this.immediate ??= setImmediate(this.onImmediate);
  }

  /** A first token this near is slept out on this thread (ms): as early as the waker may wake it. */
  private sleepLimit(): number {
    return this.sharp ? this.waker!.lead + 0.05 : 0;
  }

  /** Arms the waker for the next first token and the 1 ms timer for the next chunk not waiting for one. */
  private arm(): void {
    if (this.stopped || this.immediate) return;
    const sharp = this.sharp;
    const first = this.precise.top();
    if (sharp && first && first.at !== this.wakerAt) {
      this.waker!.arm(first.at);
      this.wakerAt = first.at;
    } else if (!first && this.wakerAt !== Infinity) {
      this.waker?.disarm();
      this.wakerAt = Infinity;
    }
    const now = performance.now();
    let wakeAt = Infinity;
    const chunk = this.normal.top();
    // A chunk held back for a first token goes out on that token's wake-up.
    if (chunk && !(sharp && first && chunk.at >= first.at - PRECISE_GUARD)) {
      const wait = chunk.at - now;
      if (wait <= COARSE_SLACK) return this.yieldToIo();
      wakeAt = now + Math.max(1, Math.round(wait - 0.5));
    }
    // Without the waker a first token waits for Node's timer, never firing early (nor spinning).
    if (!sharp && first) {
      if (first.at <= now) return this.yieldToIo();
      wakeAt = Math.min(wakeAt, now + Math.max(1, Math.ceil(first.at - now)));
    }
    if (wakeAt === Infinity) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
      return;
    }
    // Already armed to wake early enough: nothing to do.
    if (this.timer && this.timerAt <= wakeAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.onTimer, wakeAt - now);
    this.timerAt = wakeAt;
  }
}
