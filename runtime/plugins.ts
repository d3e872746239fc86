import type { ExecutorPlugin } from './executor.js';
import type { OutputFactory } from './output.js';
import type { TelemetryFactory } from './telemetry.js';
import type { EndpointPlugin } from './vu/endpoint.js';
import { builtinExecutors, createExecutorRegistry } from '../plugins/executors/index.js';
import { builtinOutputs } from '../plugins/outputs/index.js';
import { httpEndpoint, HTTP_OPTION_KEYS } from '../plugins/endpoints/http/index.js';
import { builtinTelemetry } from '../plugins/telemetry/index.js';
import { openaiEndpoint, OPENAI_OPTION_KEYS, type LlmRequestRecord } from '../plugins/endpoints/openai/index.js';
import { requestsOutput } from '../plugins/outputs/requests.js';
import { RecordChannel } from './record-channel.js';

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
  // LLM request records: from the openai endpoint to `--out requests=…`.
  const requests = new RecordChannel<LlmRequestRecord>();
  return {
    executors,
    endpoints: [httpEndpoint(), openaiEndpoint({ records: requests }), ...(extra.endpoints ?? [])],
    outputs: [...builtinOutputs, requestsOutput(requests), ...(extra.outputs ?? [])],
    telemetry: [...builtinTelemetry, ...(extra.telemetry ?? [])],
    optionKeys: ['telemetry', ...HTTP_OPTION_KEYS, ...OPENAI_OPTION_KEYS, ...(extra.optionKeys ?? [])],
  };
}
