/**
 * One clock for the whole run. Schedules and latencies use the monotonic
 * clock (performance.now(), ms); sample timestamps are wall-clock epoch ms
 * derived from that same monotonic reading, so they never jump backwards.
 */
export function monoNow(): number {
  return performance.now();
}

/** Epoch ms for a monotonic reading (default: now). */
export function wallTime(mono: number = performance.now()): number {
  return performance.timeOrigin + mono;
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
