import { registerBuiltins } from '../runtime/metrics/builtins.js';
import { MetricsEngine } from '../runtime/metrics/engine.js';
import { MetricRegistry } from '../runtime/metrics/metric-registry.js';
import { httpEndpoint } from '../plugins/endpoints/http/index.js';

/** The llmload/http endpoint as a run makes it, with a metrics engine (all built-ins) for its samples. */
export function httpEndpointWithEngine() {
  const registry = new MetricRegistry();
  registerBuiltins(registry);
  const engine = new MetricsEngine(registry, { batch: false });
  const endpoint = httpEndpoint.create({
    extra: {},
    connectionReuse: true,
    defineMetric: (name, type, contains) => registry.define(name, type, contains),
    cwd: process.cwd(),
    warn: (m) => console.warn(m),
    // Neither is used by llmload/http.
    records: undefined as never,
    llm: undefined as never,
  });
  return { engine, endpoint };
}
