import type { MetricView } from './api/types.js';
import type { MetricsEngine } from './metrics/engine.js';
import { parseMetricKey } from './metrics/metric-key.js';
import type { MetricRegistry } from './metrics/metric-registry.js';

/** Finds a metric or sub-metric of the run by key; undefined for a name the run does not define. */
export type MetricLookup = (key: string) => MetricView | undefined;

/** Looks metrics up in a finished run's engine, at its final duration. */
export function lookupMetric(engine: MetricsEngine, registry: MetricRegistry, testRunDurationMs: number): MetricLookup {
  return (key) => {
    let name: string;
    let sub: boolean;
    try {
      const parsed = parseMetricKey(key);
      name = parsed.name;
      sub = parsed.tags !== undefined;
    } catch {
      return undefined;
    }
    const definition = registry.get(name);
    if (!definition) return undefined;
    const m = engine.find(key);
    const measured = m !== undefined && !m.sink.isEmpty();
    return {
      key,
      type: definition.type,
      tracked: m !== undefined || !sub,
      measured,
      values: (stats) => (measured ? m.sink.values(testRunDurationMs, stats) : {}),
    };
  };
}
