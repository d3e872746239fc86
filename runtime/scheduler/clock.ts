/**
 * One clock for the whole run. Schedules and latencies use the monotonic
 * clock (performance.now(), ms); sample timestamps are wall-clock epoch ms
 * derived from that same monotonic reading, so they never jump backwards.
 */
export function monoNow(): number {
  return performance.now();
}

let origin: number | undefined;

/**
 * The epoch ms at monotonic 0, read from the wall clock's own millisecond
 * tick. `performance.timeOrigin` pairs two clock readings taken at process
 * start, and a process started on a busy machine can be preempted between
 * them: its timestamps are then off by that gap (tenths of a ms) for its whole
 * life, and records from two processes (client and server, agents) disagree.
 * A tick edge brackets the true offset within microseconds; calibrating spins
 * for 1–4 ms, once per process, and is done before a test starts.
 */
export function epochOrigin(): number {
  if (origin === undefined) origin = measureEpochOrigin();
  return origin;
}

/**
 * A fresh reading of the epoch ms at monotonic 0 (epochOrigin() keeps its
 * first one for the process's life): it moves when the wall clock is stepped
 * or slewed, which is how a test tells a moved clock from a late stamp.
 */
export function measureEpochOrigin(): number {
  let best = { width: Number.POSITIVE_INFINITY, origin: performance.timeOrigin };
  const start = performance.now();
  // Up to four ticks, until one is bracketed within 20 µs (a preempted bracket is wide).
  for (let edge = 0; edge < 4 && best.width > 0.02; edge++) {
    let before = performance.now();
    const ms = Date.now();
    let tick = ms;
    let last = before;
    // Bounded by time and by count: under fake timers neither clock may move. Then Node's origin stays.
    for (let spins = 0; tick === ms; spins++) {
      last = before;
      before = performance.now();
      tick = Date.now();
      if (before - start > 10 || spins > 1_000_000) return best.origin;
    }
    const after = performance.now();
    // The tick happened between `last` (still the old ms) and `after`.
    const width = after - last;
    if (width < best.width) best = { width, origin: tick - (last + after) / 2 };
  }
  return best.origin;
}

/** Epoch ms for a monotonic reading (default: now). */
export function wallTime(mono: number = performance.now()): number {
  return epochOrigin() + mono;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
