import type { ExecutorPlugin } from './executor.js';
import type { OutputFactory } from './output.js';
import type { TelemetryFactory } from './telemetry.js';
import type { EndpointPlugin } from './vu/endpoint.js';
import { builtinExecutors, createExecutorRegistry } from '../plugins/executors/index.js';
import { builtinOutputs } from '../plugins/outputs/index.js';
import { httpEndpoint } from '../plugins/endpoints/http/index.js';

/**
 * The plugins a run uses. Built-ins are registered here; a third-party
 * executor, endpoint, output or telemetry source is one more object in these
 * lists. Call once per run: endpoints keep per-run state.
 */
export interface Plugins {
  executors: { get(name: string, where: string): ExecutorPlugin; names(): string[] };
  /** Host sides of the I/O modules (`llmload/http`, `llmload/openai`). */
  endpoints: EndpointPlugin[];
  outputs: OutputFactory[];
  /** Sources under `options.telemetry.<name>`. */
  telemetry: TelemetryFactory[];
  /** Top-level script option keys owned by plugins (not the runtime). */
  optionKeys: string[];
}

export interface ExtraPlugins {
  executors?: ExecutorPlugin[];
  endpoints?: EndpointPlugin[];
  outputs?: OutputFactory[];
  telemetry?: TelemetryFactory[];
  optionKeys?: string[];
}

export function defaultPlugins(extra: ExtraPlugins = {}): Plugins {
  const executors = createExecutorRegistry([...builtinExecutors, ...(extra.executors ?? [])]);
  return {
    executors,
    endpoints: [httpEndpoint(), ...(extra.endpoints ?? [])],
    outputs: [...builtinOutputs, ...(extra.outputs ?? [])],
    telemetry: [...(extra.telemetry ?? [])],
    optionKeys: ['telemetry', ...(extra.optionKeys ?? [])],
  };
}
