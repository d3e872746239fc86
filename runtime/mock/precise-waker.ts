/**
 * Sub-millisecond wake-ups without busy-waiting, for the mock's first tokens.
 *
 * Node's timers run on a 1 ms clock and fire up to about a millisecond early
 * or late. Atomics.wait takes a fractional timeout and sleeps in the kernel
 * until it (about 0.1 ms late on a VM), but on this thread it would also hold
 * up every socket. So a small helper thread does the sleeping: told a deadline through
 * shared memory, it waits until just before it and wakes this thread's event
 * loop with a message; the fraction of a millisecond left (`lead`, learnt from
 * how late those messages arrive) is slept here with Atomics.wait. Both
 * threads sleep in between: no CPU is spent waiting.
 */
import { Worker } from 'node:worker_threads';

// The helper: [0] generation (bumped by every change), [1] lead in µs, [2] stop; then the target (hrtime ns, 0 = none).
const HELPER = `
const { parentPort, workerData } = require('node:worker_threads');
const i32 = new Int32Array(workerData, 0, 4);
const target = new BigInt64Array(workerData, 16, 1);
while (Atomics.load(i32, 2) === 0) {
  const gen = Atomics.load(i32, 0);
  const at = Atomics.load(target, 0);
  if (at === 0n) { Atomics.wait(i32, 0, gen); continue; }
  const ms = Number(at - process.hrtime.bigint()) / 1e6 - Atomics.load(i32, 1) / 1000;
  if (ms > 0 && Atomics.wait(i32, 0, gen, ms) !== 'timed-out') continue;
  if (Atomics.compareExchange(target, 0, at, 0n) === at) parentPort.postMessage(gen);
}`;

/** Bounds of the early start the helper is given (ms): its message takes this long to wake this thread. */
const MIN_LEAD = 0.05;
const MAX_LEAD = 1;

export class PreciseWaker {
  private readonly shared = new SharedArrayBuffer(24);
  private readonly ctl = new Int32Array(this.shared, 0, 4);
  private readonly target = new BigInt64Array(this.shared, 16, 1);
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  private worker: Worker | undefined;
  private online = false;
  /** Settles once the helper thread runs (or could not start): until then `ready` is false. */
  readonly started: Promise<void>;
  /** When the helper was asked to wake this thread (performance.now() ms), to learn its latency. */
  private wakeAsked = 0;
  /** Smoothed message latency and its mean deviation (ms), as TCP smooths round trips. */
  private latency = 0.15;
  private deviation = 0.05;

  /**
   * `onWake` runs on this thread's event loop at (or just before) the deadline
   * given to `arm`; `onReady` once the helper runs (it takes tens of ms to start).
   */
  constructor(
    private readonly onWake: () => void,
    onReady: () => void,
  ) {
    this.setLead();
    let settle = () => {};
    this.started = new Promise<void>((resolve) => (settle = resolve));
    try {
      const w = new Worker(HELPER, { eval: true, workerData: this.shared });
      w.on('message', this.received);
      w.once('online', () => {
        // Kept referenced until here: a process waiting for it to start must not exit meanwhile.
        w.unref();
        this.online = this.worker !== undefined;
        settle();
        onReady();
      });
      // A helper that fails leaves precise deadlines to Node's timers (see `ready`).
      w.on('error', () => {
        this.worker = undefined;
        this.online = false;
        settle();
      });
      this.worker = w;
    } catch {
      settle();
    }
  }

  /** Whether the helper thread runs: until then (or if it cannot) callers use Node's timers. */
  get ready(): boolean {
    return this.online;
  }

  /** How much earlier than a deadline this thread may be woken (ms): the most `sleepUntil` then sleeps. */
  get lead(): number {
    return Atomics.load(this.ctl, 1) / 1000;
  }

  /** Wakes this thread at about `at` (performance.now() ms), replacing any earlier request. */
  arm(at: number): void {
    const now = performance.now();
    const ns = process.hrtime.bigint() + BigInt(Math.round((at - now) * 1e6));
    this.wakeAsked = at - this.lead;
    Atomics.store(this.target, 0, ns);
    Atomics.add(this.ctl, 0, 1);
    Atomics.notify(this.ctl, 0);
  }

  disarm(): void {
    if (Atomics.load(this.target, 0) === 0n) return;
    Atomics.store(this.target, 0, 0n);
    Atomics.add(this.ctl, 0, 1);
    Atomics.notify(this.ctl, 0);
  }

  /** Sleeps this thread until `at` (a fraction of a millisecond: it holds up the event loop meanwhile). */
  sleepUntil(at: number): void {
    const ms = at - performance.now();
    if (ms > 0) Atomics.wait(this.sleeper, 0, 0, ms);
  }

  close(): void {
    this.online = false;
    Atomics.store(this.ctl, 2, 1);
    Atomics.add(this.ctl, 0, 1);
    Atomics.notify(this.ctl, 0);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private readonly received = (gen: number): void => {
    // How late the message came against the helper's wake-up, smoothed (not when the deadline moved since):
    // the lead covers most of its spread.
    if (gen === Atomics.load(this.ctl, 0)) {
      const late = Math.max(0, performance.now() - this.wakeAsked);
      this.deviation += (Math.abs(late - this.latency) - this.deviation) / 4;
      this.latency += (late - this.latency) / 8;
      this.setLead();
    }
    this.onWake();
  };

  private setLead(): void {
    const lead = Math.min(MAX_LEAD, Math.max(MIN_LEAD, this.latency + 2 * this.deviation));
    Atomics.store(this.ctl, 1, Math.round(lead * 1000));
  }
}
