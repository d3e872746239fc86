import { isLlmloadError, LlmloadError, invalidOption } from '../errors.js';
import type { Endpoint, EndpointContext } from '../plugin-api/endpoint.js';
import type { TelemetryContext, TelemetrySource } from '../plugin-api/telemetry.js';
import type { PluginRegistry } from './plugin-registry.js';

/**
 * A plugin factory's own failure is the plugin's problem, reported as such
 * (exit 104, naming it); a bad option it reports keeps its message.
 */
export function guarded<T>(kind: string, name: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (isLlmloadError(err)) throw err;
    throw new LlmloadError('ERR_INVALID_OPTION', `${kind} plugin "${name}": create() failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
}

/** This run's endpoints, by op name: each endpoint plugin's `create`, with the options it owns. */
export function createEndpoints(registry: PluginRegistry, ctx: Omit<EndpointContext, 'extra'>, options: Record<string, unknown>): Map<string, Endpoint> {
  const out = new Map<string, Endpoint>();
  for (const p of registry.list('endpoint')) {
    const extra: Record<string, unknown> = {};
    for (const k of p.optionKeys ?? []) if (options[k] !== undefined) extra[k] = options[k];
    out.set(
      p.name,
      guarded('endpoint', p.name, () => p.create({ ...ctx, extra })),
    );
  }
  return out;
}

/** `options.telemetry = { <source>: config }`: each key must name a telemetry plugin. */
export function createTelemetry(registry: PluginRegistry, raw: unknown, ctx: TelemetryContext): TelemetrySource[] {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidOption('option "telemetry"', 'must be an object of { <source>: options }');
  const config = raw as Record<string, unknown>;
  const plugins = registry.list('telemetry');
  const names = plugins.map((t) => t.name);
  for (const key of Object.keys(config)) {
    if (!names.includes(key)) throw invalidOption(`option "telemetry.${key}"`, `unknown telemetry source (known: ${names.join(', ') || 'none'})`);
  }
  const out: TelemetrySource[] = [];
  for (const p of plugins) {
    const t = guarded('telemetry', p.name, () => p.create(config[p.name], ctx, `option "telemetry.${p.name}"`));
    if (t) out.push(t);
  }
  return out;
}
