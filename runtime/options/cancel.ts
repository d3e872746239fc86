import { checkKeys, expectDuration, optionError, showValue } from './check.js';

/** A scenario's `cancel`: the share of its LLM requests the client gives up on, and when. */
export interface CancelOptions {
  /** 0–1: the chance that one request is cancelled (AIPerf's cancellation rate, as a fraction). */
  rate: number;
  /** ms after a request was sent (AIPerf's cancellation delay). */
  after: number;
  /** Seeds the draws (default 0: the same requests, by order, are cancelled on every run). */
  seed: number | string;
}

/** Reads `cancel: { rate: 0.1, after: '500ms', seed? }`; undefined when absent. `where` names the scenario. */
export function parseCancel(raw: unknown, where: string): CancelOptions | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw optionError(where, 'cancel', `must be { rate, after }, got ${showValue(raw)}`);
  const o = raw as Record<string, unknown>;
  const at = `${where}: option "cancel"`;
  checkKeys(o, ['rate', 'after', 'seed'], at);
  const rate = o.rate;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
    throw optionError(at, 'rate', `must be a number from 0 to 1 (0.1 cancels one request in ten), got ${showValue(rate)}`);
  }
  if (o.after === undefined) throw optionError(at, 'after', 'is required (how long after a request was sent to cancel it, e.g. "500ms")');
  const after = expectDuration(o, 'after', at)!;
  const seed = o.seed ?? 0;
  if (typeof seed !== 'number' && typeof seed !== 'string') throw optionError(at, 'seed', `must be a number or a string, got ${showValue(seed)}`);
  return { rate, after, seed };
}
