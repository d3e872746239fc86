/** What the load generator's main thread did in one interval (normally 1 s). */
export interface HealthWindow {
  /** ms since the test started, at the end of the window. */
  at: number;
  /** Event-loop delay (how late a due timer, or a socket read that became ready, was handled), ms. */
  delayP50: number;
  delayP99: number;
  delayMax: number;
  /** Share of the window the main thread was busy (0..1): Node's event-loop utilization. */
  utilization: number;
  /** CPU the process used, in cores (1 = one core busy; includes GC and worker threads, e.g. `--mock`). */
  cpuCores: number;
}

/** Judgement of a run's windows (pure; see judgeSaturation). */
export interface SaturationVerdict {
  saturated: boolean;
  /** Windows where events waited too long to be handled. */
  badWindows: number;
  windows: number;
  /**
   * Why, when saturated: llmload's own main thread was pegged (`busy`), or it
   * was mostly idle and still late, so the machine starved it of CPU (`starved`).
   */
  cause: 'busy' | 'starved' | undefined;
}

const BUSY = 0.9;
const MOSTLY_BUSY = 0.6;
/** Late enough to distort a millisecond-scale latency, when the main thread is pegged. */
const LATE_BUSY_MS = 10;
/** Late enough whatever the cause (a lone GC pause stays under it). */
const LATE_ANY_MS = 25;

/** A window is bad when events waited for the main thread long enough to distort timestamps. */
export function isBadWindow(w: HealthWindow): boolean {
  return (w.utilization >= BUSY && w.delayP99 >= LATE_BUSY_MS) || w.delayP99 >= LATE_ANY_MS;
}

/**
 * The run is saturated when at least 2 windows, and at least 10 % of them,
 * are bad: a single GC pause or the first JIT second is not saturation, a
 * main thread pegged (or starved of CPU) for seconds is. Pure, for tests on
 * synthetic series.
 */
export function judgeSaturation(windows: readonly HealthWindow[]): SaturationVerdict {
  const bad = windows.filter(isBadWindow);
  const saturated = bad.length >= 2 && bad.length >= 0.1 * windows.length;
  // Busy most of the time in the bad seconds: its own work delayed it; mostly idle and still late: starved of CPU.
  const busy = bad.filter((w) => w.utilization >= MOSTLY_BUSY).length;
  return { saturated, badWindows: bad.length, windows: windows.length, cause: saturated ? (busy * 2 >= bad.length ? 'busy' : 'starved') : undefined };
}
