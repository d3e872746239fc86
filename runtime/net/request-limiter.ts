/** Time and timers, injectable so tests can drive the limiter by hand. */
export interface LimiterClock {
  /** Monotonic ms. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: LimiterClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface Waiter {
  resolve(ok: boolean): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * k6's `rps`: one limiter for the whole run (every VU, every endpoint) on
 * when requests may start, at most `rps` per second: a token bucket holding
 * one token (golang.org/x/time/rate with burst 1, as k6 builds it). Requests
 * that find no token wait in a FIFO queue behind one timer, never polling;
 * each is released one interval after the previous one, so the rate does not
 * drift with timer lateness.
 */
export class RequestLimiter {
  /** ms between two request starts. */
  readonly interval: number;
  /** Monotonic ms from which the next request may start. */
  private nextFree = -Infinity;
  private readonly queue: Waiter[] = [];
  private timer: unknown;

  constructor(
    readonly rps: number,
    private readonly clock: LimiterClock = realClock,
  ) {
    this.interval = 1000 / rps;
  }

  /**
   * Takes a slot. Returns undefined when the request may start at once (no
   * promise on the common path), otherwise a promise of true when its slot
   * comes, or false when `signal` aborted the wait first (the slot goes to the
   * next in line).
   */
  acquire(signal?: AbortSignal): Promise<boolean> | undefined {
    const now = this.clock.now();
    if (this.queue.length === 0 && now >= this.nextFree) {
      this.nextFree = now + this.interval;
      return undefined;
    }
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const w: Waiter = { resolve, signal, onAbort: undefined };
      if (signal) {
        w.onAbort = () => this.drop(w);
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.queue.push(w);
      this.arm();
    });
  }

  /** Requests waiting for a slot now. */
  get waiting(): number {
    return this.queue.length;
  }

  private arm(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    this.timer = this.clock.setTimeout(() => this.release(), Math.max(0, this.nextFree - this.clock.now()));
  }

  private release(): void {
    this.timer = undefined;
    const now = this.clock.now();
    // A late timer releases every waiter whose slot has passed (each one interval after the last).
    while (this.queue.length > 0 && now >= this.nextFree) {
      const w = this.queue.shift()!;
      this.nextFree += this.interval;
      if (w.onAbort) w.signal!.removeEventListener('abort', w.onAbort);
      w.resolve(true);
    }
    this.arm();
  }

  private drop(w: Waiter): void {
    const i = this.queue.indexOf(w);
    if (i < 0) return;
    this.queue.splice(i, 1);
    w.resolve(false);
    if (this.queue.length === 0 && this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
