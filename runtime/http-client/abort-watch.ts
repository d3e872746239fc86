/**
 * Watching an AbortSignal for many short requests. A VU's requests share its
 * signal, and Node's EventTarget add/removeEventListener, twice per request,
 * showed in closed-loop profiles (bench/README); here each signal gets one
 * listener, and a request joins or leaves a table (a Set would reallocate
 * its hash table every request or two: runtime/modules/shared/small-table.ts).
 */
import { SmallTable } from '../modules/shared/small-table.js';

type Watchers = SmallTable<() => void, true>;
const watchers = new WeakMap<AbortSignal, Watchers>();

/** Calls `fn` once when `signal` aborts (not if it already has: check `signal.aborted` first). */
export function watchAbort(signal: AbortSignal, fn: () => void): void {
  let set = watchers.get(signal);
  if (!set) {
    const mine: Watchers = new SmallTable();
    set = mine;
    watchers.set(signal, mine);
    signal.addEventListener('abort', () => fireAll(mine), { once: true });
  }
  set.set(fn, true);
}

/** Stops watching (a request that finished). */
export function unwatchAbort(signal: AbortSignal, fn: () => void): void {
  watchers.get(signal)?.delete(fn);
}

function fireAll(set: Watchers): void {
  const fns = set.keys();
  set.clear();
  for (const fn of fns) {
    try {
      fn();
    } catch (err) {
      // As an EventTarget listener's exception: reported, and the other watchers still run.
      queueMicrotask(() => {
        throw err;
      });
    }
  }
}
