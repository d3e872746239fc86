/**
 * Error injection: which share of requests fails, and how.
 *
 *   "429:0.01,500:0.005,stream:0.02,disconnect:0.01"   (or the same as an object)
 *
 * An HTTP status (400–599) answers at once with that status and an
 * OpenAI-style JSON error body; `stream` sends `data: {"error":...}` part way
 * through the output (then `[DONE]`, as vLLM does); `disconnect` destroys the
 * socket part way through. Each request draws once, so the rates are exact in
 * expectation and independent of each other.
 */
import { invalidOption } from '../errors.js';
import type { Random } from '../random.js';

export type InjectedError = { kind: 'status'; status: number } | { kind: 'stream' } | { kind: 'disconnect' };

export interface ErrorRates {
  /** Canonical spec, '' when none. */
  readonly spec: string;
  /** Sum of all rates (≤ 1). */
  readonly total: number;
  /** One draw per request: the error to inject, or undefined. */
  pick(rng: Random): InjectedError | undefined;
}

export function parseErrorRates(raw: unknown, where: string): ErrorRates {
  let entries: [string, unknown][];
  if (typeof raw === 'string') {
    entries = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((part) => {
        const colon = part.lastIndexOf(':');
        if (colon <= 0) throw invalidOption(where, `expected KIND:RATE items such as "429:0.01", got "${part}"`);
        return [part.slice(0, colon).trim(), part.slice(colon + 1).trim()];
      });
  } else if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    entries = Object.entries(raw);
  } else {
    throw invalidOption(where, `expected "429:0.01,stream:0.02" or an object, got ${JSON.stringify(raw)}`);
  }
  const table: { error: InjectedError; rate: number; name: string }[] = [];
  for (const [name, value] of entries) {
    const rate = typeof value === 'number' ? value : Number(value);
    if (typeof value === 'string' && value === '') throw invalidOption(where, `"${name}" needs a rate`);
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw invalidOption(where, `rate of "${name}" must be between 0 and 1, got ${JSON.stringify(value)}`);
    let error: InjectedError;
    if (name === 'stream' || name === 'disconnect') error = { kind: name };
    else if (/^\d{3}$/.test(name) && Number(name) >= 400 && Number(name) <= 599) error = { kind: 'status', status: Number(name) };
    else throw invalidOption(where, `unknown error kind "${name}" (use an HTTP status 400–599, "stream" or "disconnect")`);
    if (rate > 0) table.push({ error, rate, name });
  }
  const total = table.reduce((s, e) => s + e.rate, 0);
  if (total > 1 + 1e-9) throw invalidOption(where, `rates add up to ${total}, more than 1`);
  return {
    spec: table.map((e) => `${e.name}:${e.rate}`).join(','),
    total,
    pick(rng) {
      if (table.length === 0) return undefined;
      let u = rng.next();
      for (const e of table) {
        if (u < e.rate) return e.error;
        u -= e.rate;
      }
      return undefined;
    },
  };
}
