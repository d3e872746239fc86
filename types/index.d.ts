/// <reference path="./globals.d.ts" />
/**
 * `llmload`: checks, groups, sleep (k6's `k6` module). VUs also have
 * `console.*` (to llmload's log), `setTimeout`/`setInterval` (host timers)
 * and `performance.now()`.
 */

/** A check: a predicate on the value, or a plain boolean. */
export type Checker<T> = ((value: T) => unknown) | boolean;

/**
 * Evaluates each named check on `value` and records a `checks` sample per
 * check (tag `check` = the name, plus `tags`). Returns true when all passed.
 * Failed checks do not fail the test; use a threshold on `checks`.
 */
export function check<T>(value: T, checks: Record<string, Checker<T>>, tags?: Record<string, string | number | boolean>): boolean;

/**
 * Runs `fn` in a group: samples taken meanwhile are tagged `group` =
 * "::name" ("::outer::inner" when nested) and a `group_duration` (ms) sample
 * is recorded. `fn` may be async (await it; don't run groups concurrently).
 */
export function group<T>(name: string, fn: () => T): T;

/** Waits `seconds`. Await it: `await sleep(1)`. */
export function sleep(seconds: number): Promise<void>;

/** Throws an Error with `message`, ending the iteration (counted as an error). */
export function fail(message?: string): never;

declare const llmload: {
  check: typeof check;
  group: typeof group;
  sleep: typeof sleep;
  fail: typeof fail;
};
export default llmload;
