import type { MetricsEngine } from '../metrics/engine.js';
import type { GroupSummary } from '../metrics/groups.js';
import type { MetricRegistry } from '../metrics/metric-registry.js';
import { DEFAULT_TREND_STATS } from '../metrics/trend-stats.js';
import type { MetricType, ValueType } from '../metrics/types.js';
import type { ThresholdsEvaluation } from '../thresholds/thresholds.js';

/** One metric in handleSummary's data. */
export interface SummaryMetric {
  type: MetricType;
  contains: ValueType;
  /**
   * counter {count, rate}; gauge {value, min, max}; rate {rate, passes, fails};
   * trend: one key per summaryTrendStats entry, plus the aggregations its
   * thresholds use (so the text summary can show them).
   */
  values: Record<string, number>;
  /**
   * Threshold expression → result; only for metrics with thresholds. `empty`:
   * the metric got no sample, so the threshold failed (unless `allowEmpty`).
   */
  thresholds?: Record<string, { ok: boolean; empty?: true }>;
}

/** The object `handleSummary(data)` receives: k6's shape. */
export interface SummaryData {
  /** Metric name, or sub-metric `name{tag:value}` → values. Sorted by name, sub-metrics after their parent. */
  metrics: Record<string, SummaryMetric>;
  root_group: GroupSummary;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
}

export interface SummaryInput {
  engine: MetricsEngine;
  /** Accepted for symmetry with the other steps; the engine knows the definitions. */
  registry?: MetricRegistry;
  /** The final thresholds evaluation (undefined with --no-thresholds or none defined). */
  thresholds?: ThresholdsEvaluation;
  summaryTrendStats?: readonly string[];
  /** '' (automatic), 's', 'ms' or 'us'. */
  summaryTimeUnit?: string;
  testRunDurationMs: number;
  noColor?: boolean;
  isStdOutTTY?: boolean;
  isStdErrTTY?: boolean;
}

/**
 * Builds handleSummary's data from the engine: every metric with samples,
 * every metric or sub-metric with thresholds (even without samples, zeros),
 * the group/check tree, options and state.
 */
export function buildSummaryData(input: SummaryInput): SummaryData {
  const { engine, thresholds } = input;
  const trendStats = [...(input.summaryTrendStats ?? DEFAULT_TREND_STATS)];

  // Threshold results grouped by the engine's key for their metric.
  const byKey = new Map<string, { expr: string; ok: boolean; empty: boolean; aggregation: string }[]>();
  for (const r of thresholds?.results ?? []) {
    const key = engine.get(r.metric)?.key ?? r.metric;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push({ expr: r.threshold, ok: r.ok, empty: r.empty, aggregation: r.aggregation });
  }

  const snapshots = engine.snapshot(input.testRunDurationMs, trendStats);
  const metrics: Record<string, SummaryMetric> = {};
  for (const snap of sortByName(snapshots)) {
    const ths = byKey.get(snap.key);
    let values = snap.values;
    if (snap.type === 'trend' && ths) {
      const extra = ths.map((t) => t.aggregation).filter((a) => !(a in values));
      if (extra.length > 0) {
        const tracked = engine.get(snap.key)!;
        values = { ...values, ...tracked.sink.values(input.testRunDurationMs, [...new Set(extra)]) };
      }
    }
    const m: SummaryMetric = { type: snap.type, contains: snap.contains, values };
    if (ths) m.thresholds = Object.fromEntries(ths.map((t) => [t.expr, t.empty ? { ok: t.ok, empty: true as const } : { ok: t.ok }]));
    metrics[snap.key] = m;
  }

  return {
    metrics,
    root_group: engine.rootGroup(),
    options: { summaryTrendStats: trendStats, summaryTimeUnit: input.summaryTimeUnit ?? '', noColor: input.noColor ?? false },
    state: {
      isStdOutTTY: input.isStdOutTTY ?? false,
      isStdErrTTY: input.isStdErrTTY ?? false,
      testRunDurationMs: input.testRunDurationMs,
    },
  };
}

/** By parent metric name, then sub-metrics (k6's order). */
export function sortByName<T extends { key: string }>(items: T[]): T[] {
  const parent = (k: string) => k.split('{', 1)[0]!;
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...items].sort((a, b) => cmp(parent(a.key), parent(b.key)) || cmp(a.key, b.key));
}
