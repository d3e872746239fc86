import type { EndpointPlugin } from './endpoint.js';
import type { ExecutorPlugin } from './executor.js';
import type { PLUGIN_API_VERSION, PluginKind } from './identity.js';
import type { OutputPlugin } from './output.js';
import type { TelemetryPlugin } from './telemetry.js';

/** Any plugin. A plugin module's default (or `plugins`) export is one of these, or an array of them. */
// biome-ignore lint/suspicious/noExplicitAny: a plugin's private state/config type is its own; any makes each plugin assignable.
export type Plugin = ExecutorPlugin<any> | EndpointPlugin<any> | OutputPlugin | TelemetryPlugin;

/**
 * What a define* helper takes: everything but `kind`, with `apiVersion` stated
 * by the plugin itself. The literal type makes a plugin written for another
 * version fail to compile, and the loader refuses it at run time (exit 104).
 */
type Body<P> = Omit<P, 'kind' | 'apiVersion'> & { readonly apiVersion: typeof PLUGIN_API_VERSION };

/** An executor plugin, stamped with its kind. */
export function defineExecutor<C>(p: Body<ExecutorPlugin<C>>): ExecutorPlugin<C> {
  return { ...p, kind: 'executor' };
}

/** An endpoint plugin, stamped with its kind. */
export function defineEndpoint<S>(p: Body<EndpointPlugin<S>>): EndpointPlugin<S> {
  return { ...p, kind: 'endpoint' };
}

/** An output plugin, stamped with its kind. */
export function defineOutput(p: Body<OutputPlugin>): OutputPlugin {
  return { ...p, kind: 'output' };
}

/** A telemetry plugin, stamped with its kind. */
export function defineTelemetry(p: Body<TelemetryPlugin>): TelemetryPlugin {
  return { ...p, kind: 'telemetry' };
}

/** The members each kind must have besides kind, name and apiVersion (checked when a plugin loads). */
export const REQUIRED_MEMBERS: Record<PluginKind, readonly string[]> = {
  executor: ['validate', 'schedule', 'maxDuration', 'describe'],
  endpoint: ['create'],
  output: ['create'],
  telemetry: ['create'],
};
