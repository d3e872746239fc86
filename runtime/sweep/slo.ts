/**
 * A step's SLOs: threshold expressions (runtime/thresholds parses them, with
 * the same errors) judged on the step's own engine, and the goodput
 * attainment. A metric without samples in the step fails its SLO: nothing
 * measured is not a pass.
 */
import type { MetricsEngine } from '../metrics/engine.js';
import type { MetricRegistry } from '../metrics/metric-registry.js';
import type { ThresholdSpec } from '../options/types.js';
import { parseThresholds, type ParsedThreshold } from '../thresholds/parse.js';
import { compareThreshold } from '../thresholds/thresholds.js';

/** One SLO's outcome in one step. */
export interface SloOutcome {
  metric: string;
  /** As written, e.g. `p(95)<300`; `rate>=0.9` for the attainment. */
  threshold: string;
  observed: number | null;
  ok: boolean;
  /**
   * How far the observed value is from the limit, as a share of the limit:
   * positive inside the SLO, negative beyond it (`p(95)<300` at 240: 0.2).
   */
  margin: number | null;
}

export interface StepSlos {
  readonly parsed: readonly ParsedThreshold[];
  /** Adds the sub-metrics the SLOs name to a step's engine, before its samples arrive. */
  attach(engine: MetricsEngine): void;
  judge(engine: MetricsEngine, elapsedMs: number): SloOutcome[];
}

/** Validates the SLOs before the sweep starts (ERR_INVALID_THRESHOLD names the bad one). */
export function createStepSlos(specs: Record<string, ThresholdSpec[]>, registry: MetricRegistry, attainment: number | undefined): StepSlos {
  const all: Record<string, ThresholdSpec[]> = { ...specs };
  if (attainment !== undefined) {
    all.llm_goodput = [...(all.llm_goodput ?? []), { threshold: `rate>=${attainment}`, abortOnFail: false, delayAbortEval: 0, allowEmpty: false }];
  }
  const parsed = parseThresholds(all, registry);
  return {
    parsed,
    attach(engine) {
      for (const t of parsed) engine.addSubmetric(t.metricKey);
    },
    judge(engine, elapsedMs) {
      return parsed.map((t) => {
        const sink = engine.get(t.metricKey)?.sink;
        if (!sink || sink.isEmpty()) return { metric: t.metricKey, threshold: t.source, observed: null, ok: false, margin: null };
        const observed = sink.values(elapsedMs, [t.aggregation])[t.aggregation];
        if (observed === undefined || !Number.isFinite(observed)) return { metric: t.metricKey, threshold: t.source, observed: null, ok: false, margin: null };
        return { metric: t.metricKey, threshold: t.source, observed, ok: compareThreshold(t.operator, observed, t.value), margin: marginOf(t, observed) };
      });
    },
  };
}

/** Headroom as a share of the limit: + inside, − beyond; null for equality tests or a zero limit. */
function marginOf(t: ParsedThreshold, observed: number): number | null {
  if (t.value === 0) return null;
  if (t.operator === '<' || t.operator === '<=') return (t.value - observed) / Math.abs(t.value);
  if (t.operator === '>' || t.operator === '>=') return (observed - t.value) / Math.abs(t.value);
  return null;
}
