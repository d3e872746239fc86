// Generated from runtime/modules/index.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
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
 * Failed checks do not fail the test; use a threshold on `checks`. A checker
 * that throws propagates the exception (as in k6).
 */
export declare function check<T>(value: T, checks: Record<string, Checker<T>>, tags?: Record<string, string | number | boolean>): boolean;
/**
 * Runs `fn` in a group: samples taken meanwhile are tagged `group` =
 * "::name" ("::outer::inner" when nested) and a `group_duration` (ms) sample
 * is recorded. `fn` may be async (await it; groups in concurrent promises of
 * one VU would interleave, so don't run groups concurrently).
 */
export declare function group<T>(name: string, fn: () => T): T;
/** Waits `seconds` (a host timer, cut short when the iteration is interrupted). Await it: `await sleep(1)`. */
export declare function sleep(seconds: number): Promise<void>;
/** Throws an Error with `message`, ending the iteration (counted as an error) unless caught. */
export declare function fail(message?: string): never;
declare const _default: {
	check: typeof check;
	group: typeof group;
	sleep: typeof sleep;
	fail: typeof fail;
};

export {
	_default as default,
};

export {};
