import { RecordBus } from '../../runtime/record-channel.js';
import type { Endpoint, EndpointContext, EndpointPlugin } from '../../runtime/plugin-api/endpoint.js';

/** An EndpointContext with k6's defaults, for creating an endpoint outside a run. */
export function endpointContext(over: Partial<EndpointContext> = {}): EndpointContext {
  return { extra: {}, connectionReuse: true, defineMetric: () => {}, cwd: process.cwd(), warn: () => {}, records: new RecordBus(), ...over };
}

/** Endpoints by op name, as a run has them: each plugin created with `ctx`. */
export function endpointsOf(plugins: ReadonlyArray<EndpointPlugin<any>>, over: Partial<EndpointContext> = {}): Map<string, Endpoint> {
  const ctx = endpointContext(over);
  return new Map(plugins.map((p) => [p.name, p.create(ctx) as Endpoint]));
}
