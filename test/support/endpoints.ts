import { LlmService } from '../../runtime/llm/service.js';
import { RecordBus } from '../../runtime/record-channel.js';
import type { Endpoint, EndpointContext, EndpointPlugin } from '../../runtime/plugin-api/endpoint.js';

/**
 * An EndpointContext with k6's defaults, for creating an endpoint outside a
 * run; its LLM kit (unless `over.llm`) is made from the same settings, with
 * `goodput` if given (a run's option).
 */
export function endpointContext(over: Partial<EndpointContext> = {}, goodput?: unknown): EndpointContext {
  const base = { extra: {}, connectionReuse: true, defineMetric: () => {}, cwd: process.cwd(), warn: () => {}, records: new RecordBus(), ...over };
  return { ...base, llm: over.llm ?? new LlmService({ ...base, goodput }) };
}

/** Endpoints by op name, as a run has them: each plugin created with `ctx`. */
export function endpointsOf(plugins: ReadonlyArray<EndpointPlugin<any>>, over: Partial<EndpointContext> = {}): Map<string, Endpoint> {
  const ctx = endpointContext(over);
  return new Map(plugins.map((p) => [p.name, p.create(ctx) as Endpoint]));
}
