/** `llmload`: check, group, sleep, fail (k6's `k6` module). */
import { host, hostCall, vu } from './internal/state.js';

type Checker<T> = ((value: T) => unknown) | boolean;

/**
 * Runs each named check against `value` and records a `checks` sample per
 * check (tag `check` = name). Returns true when all passed. A checker that
 * throws propagates the exception (as in k6).
 */
export function check<T>(value: T, checks: Record<string, Checker<T>>, tags?: Record<string, string | number | boolean>): boolean {
  let all = true;
  for (const name of Object.keys(checks)) {
    const c = checks[name];
    const ok = typeof c === 'function' ? !!(c as (v: T) => unknown)(value) : !!c;
    if (!ok) all = false;
    host.sample('checks', ok ? 1 : 0, vu.group, tags ? { ...stringTags(tags), check: name } : { check: name });
  }
  return all;
}

/**
 * Runs `fn` inside a group: samples taken meanwhile get the tag
 * `group` = "::name" (nested: "::outer::inner"), and a `group_duration` sample
 * (ms) is recorded when it ends. `fn` may be async; groups in concurrent
 * promises of one VU would interleave, so await them one at a time.
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

/** Waits `seconds` (a host timer); interrupt() cuts it short. */
export function sleep(seconds: number): Promise<void> {
  const ms = Number(seconds) * 1000;
  if (!Number.isFinite(ms) || ms < 0) throw new TypeError(`sleep(): invalid duration ${String(seconds)}`);
  return hostCall<void>('sleep', ms);
}

/** Throws an Error with `message` (ends the iteration unless caught). */
export function fail(message?: string): never {
  throw new Error(message ?? 'fail() called');
}

/** Tag values are strings (k6 converts numbers and booleans). */
export function stringTags(tags: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(tags)) {
    const v = tags[k];
    if (v === undefined || v === null) continue;
    if (typeof v === 'object') throw new TypeError(`tag "${k}" must be a string, number or boolean`);
    out[k] = String(v);
  }
  return out;
}

export default { check, group, sleep, fail };
