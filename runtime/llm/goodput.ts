import { invalidOption } from '../errors.js';
import { checkKeys, expectDuration, showValue } from '../options/check.js';

/** Per-request values a goodput SLO can bound (ms). */
export type SloMetric = 'llm_ttft' | 'llm_ttft_content' | 'llm_tpot' | 'llm_e2e' | 'llm_ttft_intended' | 'llm_e2e_intended';
export const SLO_METRICS: readonly SloMetric[] = ['llm_ttft', 'llm_ttft_content', 'llm_tpot', 'llm_e2e', 'llm_ttft_intended', 'llm_e2e_intended'];

/** `options.goodput`: metric → the most it may be (ms, inclusive, as vLLM's `--goodput`). */
export type Slos = ReadonlyArray<readonly [SloMetric, number]>;

/** Reads `options.goodput = { llm_ttft: 500, llm_tpot: '50ms' }`; undefined when absent. */
export function parseGoodput(raw: unknown): Slos | undefined {
  if (raw === undefined || raw === null) return undefined;
  const where = 'option "goodput"';
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidOption(where, `must be an object of { <metric>: <ms or duration> }, got ${showValue(raw)}`);
  const obj = raw as Record<string, unknown>;
  checkKeys(obj, SLO_METRICS, where);
  const slos = SLO_METRICS.filter((m) => obj[m] !== undefined).map((m) => [m, expectDuration(obj, m, where)!] as const);
  if (slos.length === 0) throw invalidOption(where, `names no SLO (use ${SLO_METRICS.join(', ')})`);
  return slos;
}

/**
 * A successful request is good when every SLO holds. A value the request
 * does not have (no TPOT for a one-token answer, no intended start in a
 * closed-model scenario) cannot break its SLO.
 */
export function isGood(slos: Slos, values: Partial<Record<SloMetric, number>>): boolean {
  for (const [metric, max] of slos) {
    const v = values[metric];
    if (v !== undefined && v > max) return false;
  }
  return true;
}

/** `llm_ttft≤500ms, llm_tpot≤50ms` for the summary. */
export function describeSlos(slos: Slos): string {
  return slos.map(([m, v]) => `${m}≤${v}ms`).join(', ');
}
