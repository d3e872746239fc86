/**
 * Threshold expressions judged on a finished run's result, with the parser
 * and comparison the run's own thresholds use: what `toMeetSlo` and
 * `toPassThresholds` of `llmload/vitest` report.
 */
import { AGGREGATIONS_BY_TYPE, parseThresholdExpression } from '../thresholds/parse.js';
import { compareThreshold } from '../thresholds/thresholds.js';
import type { RunResult } from './types.js';

/** Metric key → one expression or several, as `options.thresholds` takes them: `{ llm_ttft: 'p(95)<500' }`. */
export type Slo = Record<string, string | readonly string[]>;

/** One expression judged on a result. */
export interface SloCheck {
  metric: string;
  expression: string;
  ok: boolean;
  observed?: number;
  /** Why there is nothing to compare (no samples, not tracked, unknown metric, wrong aggregation). */
  problem?: string;
}

/** Throws a TypeError unless `v` looks like run()'s result (a plain object would have no `metric()`). */
export function assertRunResult(v: unknown, matcher: string): asserts v is RunResult {
  const r = v as Partial<RunResult> | null;
  if (typeof r !== 'object' || r === null || typeof r.metric !== 'function' || !Array.isArray(r.thresholds)) {
    throw new TypeError(`${matcher}: expected the result of run() from llmload/api, got ${r === null ? 'null' : typeof r}`);
  }
}

/**
 * Judges every expression on the metric's values at the end of the test. Any
 * statistic works, also ones `summaryTrendStats` left out of the summary
 * (the result keeps the run's aggregates); a sub-metric works when the run
 * tracked it (a threshold of the run names it). Nothing measured fails, as
 * for the run's own thresholds. A malformed expression throws.
 */
export function evaluateSlo(result: RunResult, slo: Slo): SloCheck[] {
  if (typeof slo !== 'object' || slo === null || Array.isArray(slo))
    throw new TypeError("toMeetSlo(slo): slo must be an object like { llm_ttft: 'p(95)<500' }");
  const out: SloCheck[] = [];
  for (const [metric, list] of Object.entries(slo)) {
    for (const expression of typeof list === 'string' ? [list] : list) out.push(judge(result, metric, expression));
  }
  return out;
}

function judge(result: RunResult, metric: string, expression: string): SloCheck {
  const expr = parseThresholdExpression(expression);
  const failed = (problem: string): SloCheck => ({ metric, expression, ok: false, problem });
  const view = result.metric(metric);
  if (!view) return failed(result.summary ? 'not a metric of this run' : 'the run ended before its summary');
  if (!view.tracked) return failed("this sub-metric was not tracked: name it in the run's options.thresholds so the run aggregates it");
  const allowed = AGGREGATIONS_BY_TYPE[view.type];
  if (!allowed.includes(expr.method === 'p' ? 'p(N)' : expr.method))
    return failed(`"${expr.aggregation}" does not apply to a ${view.type} (use ${allowed.join(', ')})`);
  if (!view.measured) return failed('no samples: nothing was measured');
  const observed = view.values([expr.aggregation])[expr.aggregation] ?? 0;
  return { metric, expression, ok: compareThreshold(expr.operator, observed, expr.value), observed };
}

/** One line per check: `✓ llm_ttft p(95)<500 (observed 123.4)`. */
export function describeChecks(checks: readonly SloCheck[]): string {
  return checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${c.metric} ${c.expression} (${c.problem ?? `observed ${round(c.observed!)}`})`).join('\n');
}

/** The run's own thresholds as checks (their observed values at the final evaluation). */
export function thresholdChecks(result: RunResult): SloCheck[] {
  return result.thresholds.map((t) => ({
    metric: t.metric,
    expression: t.expression,
    ok: t.ok,
    observed: t.observed,
    problem: t.empty ? 'no samples: nothing was measured' : t.observed === undefined ? 'not evaluated' : undefined,
  }));
}

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v * 10) / 10 : Number(v.toPrecision(4));
}
