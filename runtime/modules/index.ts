/**
 * `llmload`: checks, groups, sleep (k6's `k6` module). VUs also have
 * `console.*` (to llmload's log), `setTimeout`/`setInterval` (host timers)
 * and `performance.now()`.
 */
import { host, hostCall, vu } from './internal/state.js';
import { stringTags } from './internal/string-tags.js';

/** A check: a predicate on the value, or a plain boolean. */
export type Checker<T> = ((value: T) => unknown) | boolean;

/**
 * Evaluates each named check on `value` and records a `checks` sample per
 * check (tag `check` = the name, plus `tags`). Returns true when all passed.
 * Failed checks do not fail the test; use a threshold on `checks`. A checker
 * that throws propagates the exception (as in k6).
 */
export function check<T>(value: T, checks: Record<string, Checker<T>>, tags?: Record<string, string | number | boolean>): boolean {
  let all = true;
  for (const name of Object.keys(checks)) {
    const c = checks[name];
    const ok = typeof c === 'function' ? !!(c as (v: T) => unknown)(value) : !!c;
    if (!ok) all = false;
    if (tags) host.sample('checks', ok ? 1 : 0, vu.group, { ...stringTags(tags), check: name });
    else host.check(name, ok, vu.group);
  }
  return all;
}

/**
 * Runs `fn` in a group: samples taken meanwhile are tagged `group` =
 * "::name" ("::outer::inner" when nested) and a `group_duration` (ms) sample
 * is recorded. `fn` may be async (await it; groups in concurrent promises of
 * one VU would interleave, so don't run groups concurrently).
 */
export function group<T>(name: string, fn: () => T): T {
  if (typeof name !== 'string' || name === '') throw new TypeError('group() needs a non-empty name');
  if (name.includes('::')) throw new TypeError(`group name "${name}" must not contain "::"`);
  const parent = vu.group;
  const path = `${parent}::${name}`;
  const start = host.now();
  const end = () => {
    host.sample('group_duration', host.now() - start, path, undefined);
    vu.group = parent;
  };
  vu.group = path;
  let result: T;
  try {
    result = fn();
  } catch (err) {
    end();
    throw err;
  }
  if (result !== null && typeof result === 'object' && typeof (result as unknown as PromiseLike<unknown>).then === 'function') {
    // Async group: the tag stays set until the promise settles.
    return (result as unknown as Promise<unknown>).then(
      (v) => {
        end();
        return v;
      },
      (err) => {
        end();
        throw err;
      },
    ) as unknown as T;
  }
  end();
  return result;
}

/** Waits `seconds` (a host timer, cut short when the iteration is interrupted). Await it: `await sleep(1)`. */
export function sleep(seconds: number): Promise<void> {
  const ms = Number(seconds) * 1000;
  if (!Number.isFinite(ms) || ms < 0) throw new TypeError(`sleep(): invalid duration ${String(seconds)}`);
  return hostCall<void>('sleep', ms);
}

/** Throws an Error with `message`, ending the iteration (counted as an error) unless caught. */
export function fail(message?: string): never {
  throw new Error(message ?? 'fail() called');
}

export default { check, group, sleep, fail };
