import { LlmService } from '../llm/service.js';
import type { MetricsEngine } from '../metrics/engine.js';
import type { MetricRegistry } from '../metrics/metric-registry.js';
import type { MetricType, ValueType } from '../metrics/types.js';
import { networkSettings } from '../options/network.js';
import type { ResolvedOptions } from '../options/types.js';
import type { Endpoint } from '../plugin-api/endpoint.js';
import type { TelemetrySource } from '../plugin-api/telemetry.js';
import { createEndpoints, createTelemetry } from '../plugin-host/instances.js';
import type { PluginRegistry } from '../plugin-host/plugin-registry.js';
import type { PrepareIO } from '../prepare.js';
import type { PlannedScenario } from '../scheduler/scheduler.js';

export /** This run's LLM kit, endpoints (added to `endpoints`) and telemetry, from the resolved options. */
function createRunServices(
  options: ResolvedOptions,
  plugins: PluginRegistry,
  run: {
    registry: MetricRegistry;
    engine: MetricsEngine;
    env: Record<string, string>;
    runTags: Record<string, string>;
    systemTags: PlannedScenario['systemTags'];
    endpoints: Map<string, Endpoint>;
  },
  io: PrepareIO,
): { llm: LlmService; telemetry: TelemetrySource[] } {
  const { registry, systemTags } = run;
  const network = networkSettings(options);
  const info = io.info ?? ((m: string) => io.log('info', 0, m));
  const defineMetric = (name: string, type: MetricType, contains: ValueType) => registry.define(name, type, contains);
  const connectionReuse = !options.noConnectionReuse;
  // One per run, whatever number of LLM endpoints use it; `goodput` is its option.
  const llm = new LlmService({
    goodput: options.extra.goodput,
    connectionReuse,
    network,
    systemTags,
    defineMetric,
    records: io.records,
    cwd: io.cwd,
    warn: io.warn,
  });
  const ctx = { connectionReuse, network, systemTags, defineMetric, cwd: io.cwd, warn: io.warn, info, records: io.records, llm };
  for (const [name, e] of createEndpoints(plugins, ctx, options.extra)) run.endpoints.set(name, e);
  // Telemetry sees `-e` values too (LLMLOAD_BASE_URL from --mock resolves relative /metrics URLs).
  const env = { ...io.processEnv, ...run.env };
  const telemetry = createTelemetry(plugins, options.extra.telemetry, {
    sink: run.engine,
    defineMetric,
    runTags: run.runTags,
    env,
    cwd: io.cwd,
    warn: io.warn,
  });
  return { llm, telemetry };
}
