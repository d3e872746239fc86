import type { MetricsEngine, TrackedMetric } from '../metrics/engine.js';
import type { MetricRegistry } from '../metrics/metric-registry.js';
import type { ThresholdSpec } from '../options/types.js';
import { parseThresholds, type Operator, type ParsedThreshold } from './parse.js';

/** The outcome of one threshold at one evaluation. */
export interface ThresholdResult {
  /** Metric key as written in options, e.g. `http_req_duration{status:200}`. */
  metric: string;
  /** The expression as written, e.g. `p(95)<500`. */
  threshold: string;
  /** The key of the observed value in the metric's values, e.g. `p(95)`. */
  aggregation: string;
  ok: boolean;
  /** The value compared; undefined when the threshold has not been evaluated yet. */
  observed: number | undefined;
  abortOnFail: boolean;
  /** False while the metric has had no samples (see `evaluate`). */
  evaluated: boolean;
  /** The final evaluation found no samples: failed unless `allowEmpty`. */
  empty: boolean;
}

export interface ThresholdsEvaluation {
  /** Every threshold is ok. */
  ok: boolean;
  results: ThresholdResult[];
  /** Metric keys with at least one failed threshold, sorted. */
  failed: string[];
  /**
   * Non-final evaluations only: the metric keys (comma-separated) whose failed
   * thresholds have abortOnFail and are past their delayAbortEval; the run
   * should stop. Undefined otherwise.
   */
  shouldAbort: string | undefined;
}

export interface Thresholds {
  readonly parsed: readonly ParsedThreshold[];
  /**
   * Evaluates every threshold on the cumulative values since the start.
   * `elapsedMs` is the test run duration so far (counter rates, delayAbortEval).
   *
   * Metrics without samples are skipped by periodic evaluations (the
   * threshold keeps its previous state, initially ok). At the final
   * evaluation a threshold whose metric never got a sample FAILS (`empty`),
   * unless it has `allowEmpty`: nothing measured is not a pass. (k6 evaluates
   * empty counters and trends on zeros and leaves empty rates ok.)
   */
  evaluate(elapsedMs: number, opts: { final: boolean }): ThresholdsEvaluation;
}

/** `observed <op> value`, as a threshold compares (the matchers of `llmload/vitest` too). */
export function compareThreshold(op: Operator, observed: number, value: number): boolean {
  return COMPARE[op](observed, value);
}

const COMPARE: Record<Operator, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '===': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/**
 * Validates the thresholds (LlmloadError ERR_INVALID_THRESHOLD before the
 * test), registers the sub-metrics they need in the engine and pins their
 * metrics so the summary lists them even without samples.
 */
export function createThresholds(specs: Record<string, ThresholdSpec[]>, registry: MetricRegistry, engine: MetricsEngine): Thresholds {
  const parsed = parseThresholds(specs, registry);
  const groups = new Map<string, { metric: TrackedMetric; items: number[]; aggregations: string[] }>();
  parsed.forEach((t, index) => {
    let g = groups.get(t.metricKey);
    if (!g) {
      const metric = engine.addSubmetric(t.metricKey);
      metric.pinned = true;
      if (metric.parent !== undefined) engine.get(metric.parent)!.pinned = true;
      groups.set(t.metricKey, (g = { metric, items: [], aggregations: [] }));
    }
    g.items.push(index);
    if (!g.aggregations.includes(t.aggregation)) g.aggregations.push(t.aggregation);
  });
  const state = parsed.map((t) => ({
    metric: t.metricKey,
    threshold: t.source,
    aggregation: t.aggregation,
    ok: true,
    observed: undefined as number | undefined,
    abortOnFail: t.abortOnFail,
    evaluated: false,
    empty: false,
  }));

  return {
    parsed,
    evaluate(elapsedMs, { final }) {
      const abortKeys = new Set<string>();
      for (const [key, g] of groups) {
        const sink = g.metric.sink;
        if (sink.isEmpty()) {
          if (final) for (const index of g.items) markEmpty(state[index]!, parsed[index]!.allowEmpty);
          continue;
        }
        const values = sink.values(elapsedMs, g.aggregations);
        for (const index of g.items) {
          const t = parsed[index]!;
          const s = state[index]!;
          const observed = values[t.aggregation] ?? 0;
          s.observed = observed;
          s.evaluated = true;
          s.empty = false;
          s.ok = COMPARE[t.operator](observed, t.value);
          if (!s.ok && !final && t.abortOnFail && elapsedMs > t.delayAbortEval) abortKeys.add(key);
        }
      }
      const results = state.map((s) => ({ ...s }));
      const failed = [...new Set(results.filter((r) => !r.ok).map((r) => r.metric))].sort();
      return {
        ok: failed.length === 0,
        results,
        failed,
        shouldAbort: abortKeys.size > 0 ? [...abortKeys].sort().join(', ') : undefined,
      };
    },
  };
}

function markEmpty(s: ThresholdResult, allowEmpty: boolean): void {
  s.observed = undefined;
  s.evaluated = false;
  s.empty = true;
  s.ok = allowEmpty;
}
