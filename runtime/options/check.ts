/**
 * Small option-checking helpers, in the spirit of esbuild's: every reader
 * names where the option came from and what was wrong, and unknown keys are
 * rejected with a "did you mean" suggestion. `where` is the prefix of the
 * message, e.g. `scenario "steady"`; messages read
 * `scenario "steady": option "rate" must be a number, got "abc"`.
 */
import { LlmloadError } from '../errors.js';
import { parseDuration } from './duration.js';

type Obj = Record<string, unknown>;

/** An ERR_INVALID_OPTION error about one option: `${where}: option "${key}" ${problem}`. */
export function optionError(where: string, key: string, problem: string): LlmloadError {
  return new LlmloadError('ERR_INVALID_OPTION', `${where}: option "${key}" ${problem}`);
}

/** How a value is shown in messages: strings quoted, objects as short JSON. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'function') return 'a function';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** Levenshtein edit distance (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `name`, if it is close enough to be a typo:
 * case-insensitive equal, or at most a third of the name's length in edits.
 */
export function suggest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, c);
    if (d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return bestScore <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Throws for the first key of `obj` not in `allowed`:
 * `${where}: unknown option "rat" (did you mean "rate"?)`, or with the list of
 * known options when nothing is close.
 */
export function checkKeys(obj: object, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const close = suggest(key, allowed);
    const hint =
      close !== undefined
        ? `did you mean "${close}"?`
        : allowed.length > 0
          ? `known options: ${[...allowed].sort().join(', ')}`
          : 'no options are allowed here';
    throw new LlmloadError('ERR_INVALID_OPTION', `${where}: unknown option "${key}" (${hint})`);
  }
}

/** Throws `${where}: option "${key}" is required` unless the option is set. */
export function expectPresent(obj: Obj, key: string, where: string): void {
  if (obj[key] === undefined) throw optionError(where, key, 'is required');
}

/**
 * Each reader returns the option's value, `def` when it is absent (undefined),
 * or undefined when it is absent and no default was given. A present value of
 * the wrong type throws `option "key" must be <kind>, got <value>`.
 */
export function expectNumber(obj: Obj, key: string, where: string): number | undefined;
export function expectNumber(obj: Obj, key: string, where: string, def: number): number;
export function expectNumber(obj: Obj, key: string, where: string, def?: number): number | undefined {
  const v = obj[key];
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw optionError(where, key, `must be a number, got ${showValue(v)}`);
  return v;
}

export function expectInt(obj: Obj, key: string, where: string): number | undefined;
export function expectInt(obj: Obj, key: string, where: string, def: number): number;
export function expectInt(obj: Obj, key: string, where: string, def?: number): number | undefined {
  const v = obj[key];
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw optionError(where, key, `must be an integer, got ${showValue(v)}`);
  return v;
}

export function expectString(obj: Obj, key: string, where: string): string | undefined;
export function expectString(obj: Obj, key: string, where: string, def: string): string;
export function expectString(obj: Obj, key: string, where: string, def?: string): string | undefined {
  const v = obj[key];
  if (v === undefined) return def;
  if (typeof v !== 'string') throw optionError(where, key, `must be a string, got ${showValue(v)}`);
  return v;
}

export function expectBool(obj: Obj, key: string, where: string): boolean | undefined;
export function expectBool(obj: Obj, key: string, where: string, def: boolean): boolean;
export function expectBool(obj: Obj, key: string, where: string, def?: boolean): boolean | undefined {
  const v = obj[key];
  if (v === undefined) return def;
  if (typeof v !== 'boolean') throw optionError(where, key, `must be true or false, got ${showValue(v)}`);
  return v;
}

/** A k6 duration ("30s", "1m30s", or ms as a number) in milliseconds. `def` may be a string. */
export function expectDuration(obj: Obj, key: string, where: string): number | undefined;
export function expectDuration(obj: Obj, key: string, where: string, def: number | string): number;
export function expectDuration(obj: Obj, key: string, where: string, def?: number | string): number | undefined {
  const v = obj[key] ?? def;
  if (v === undefined) return undefined;
  return parseDuration(v, `${where}: option "${key}"`);
}

/** An object whose values are strings (numbers and booleans are converted). */
export function expectStringMap(obj: Obj, key: string, where: string): Record<string, string> | undefined;
export function expectStringMap(obj: Obj, key: string, where: string, def: Record<string, string>): Record<string, string>;
export function expectStringMap(obj: Obj, key: string, where: string, def?: Record<string, string>): Record<string, string> | undefined {
  const v = obj[key];
  if (v === undefined) return def;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw optionError(where, key, `must be an object of strings, got ${showValue(v)}`);
  }
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') {
      throw optionError(where, `${key}.${k}`, `must be a string, got ${showValue(x)}`);
    }
    out[k] = String(x);
  }
  return out;
}

/** One of a fixed set of strings: `must be one of "a", "b", got "c" (did you mean "a"?)`. */
export function expectOneOf<T extends string>(obj: Obj, key: string, where: string, allowed: readonly T[]): T | undefined;
export function expectOneOf<T extends string>(obj: Obj, key: string, where: string, allowed: readonly T[], def: T): T;
export function expectOneOf<T extends string>(obj: Obj, key: string, where: string, allowed: readonly T[], def?: T): T | undefined {
  const v = obj[key];
  if (v === undefined) return def;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  const close = typeof v === 'string' ? suggest(v, allowed) : undefined;
  const list = allowed.map((a) => `"${a}"`).join(', ');
  throw optionError(where, key, `must be one of ${list}, got ${showValue(v)}${close ? ` (did you mean "${close}"?)` : ''}`);
}

/** A plain object (not an array, not null). */
export function expectObject(obj: Obj, key: string, where: string): Obj | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw optionError(where, key, `must be an object, got ${showValue(v)}`);
  return v as Obj;
}

/** An array. */
export function expectArray(obj: Obj, key: string, where: string): unknown[] | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw optionError(where, key, `must be an array, got ${showValue(v)}`);
  return v;
}
