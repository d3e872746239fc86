import { monoNow } from './clock.js';

const SLICE_MS = 5;

/**
 * A VU loop whose iterations settle without real I/O (an invalid URL fails
 * at once, a script that only computes) resolves through microtasks alone and
 * would starve timers: the duration would never end. Each loop yields to the
 * event loop at least every few ms; loops that do I/O yield anyway, so this
 * costs them nothing.
 */
export function createYielder(): () => Promise<void> | undefined {
  let last = monoNow();
  return () => {
    const now = monoNow();
    if (now - last < SLICE_MS) return undefined;
    last = now;
    return new Promise<void>((resolve) => setImmediate(resolve));
  };
}
