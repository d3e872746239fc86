/** `llmload/timers` (k6's `k6/timers`): the VU's timers, also available as globals. */
// They run on host timers, and the end of an iteration's time (interrupt) drops them.
type TimerFn = (...args: unknown[]) => void;
const g = globalThis as unknown as {
  setTimeout(fn: TimerFn, ms?: number, ...args: unknown[]): number;
  clearTimeout(id: number): void;
  setInterval(fn: TimerFn, ms?: number, ...args: unknown[]): number;
  clearInterval(id: number): void;
};

/** Calls `fn(...args)` once, after `ms` (default 0); returns the id for clearTimeout(). */
export const setTimeout = (fn: TimerFn, ms?: number, ...args: unknown[]): number => g.setTimeout(fn, ms, ...args);
export const clearTimeout = (id: number): void => g.clearTimeout(id);
/** Calls `fn(...args)` every `ms` (at least 1) until clearInterval(). */
export const setInterval = (fn: TimerFn, ms?: number, ...args: unknown[]): number => g.setInterval(fn, ms, ...args);
export const clearInterval = (id: number): void => g.clearInterval(id);

export default { setTimeout, clearTimeout, setInterval, clearInterval };
