import type { EndpointPlugin } from './endpoint.js';
import type { ExecutorPlugin } from './executor.js';
import { PLUGIN_API_VERSION, type PluginKind } from './identity.js';
import type { OutputPlugin } from './output.js';
import type { TelemetryPlugin } from './telemetry.js';

/** Any plugin. A plugin module's default (or `plugins`) export is one of these, or an array of them. */
export type Plugin = ExecutorPlugin<never> | EndpointPlugin<never> | OutputPlugin | TelemetryPlugin;

type Body<P> = Omit<P, 'kind' | 'apiVersion'>;

/** An executor plugin, stamped with its kind and this API's version. */
export function defineExecutor<C>(p: Body<ExecutorPlugin<C>>): ExecutorPlugin<C> {
  return { ...p, kind: 'executor', apiVersion: PLUGIN_API_VERSION };
}

/** An endpoint plugin, stamped with its kind and this API's version. */
export function defineEndpoint<S>(p: Body<EndpointPlugin<S>>): EndpointPlugin<S> {
  return { ...p, kind: 'endpoint', apiVersion: PLUGIN_API_VERSION };
}

/** An output plugin, stamped with its kind and this API's version. */
export function defineOutput(p: Body<OutputPlugin>): OutputPlugin {
  return { ...p, kind: 'output', apiVersion: PLUGIN_API_VERSION };
}

/** A telemetry plugin, stamped with its kind and this API's version. */
export function defineTelemetry(p: Body<TelemetryPlugin>): TelemetryPlugin {
  return { ...p, kind: 'telemetry', apiVersion: PLUGIN_API_VERSION };
}

/** The members each kind must have besides kind, name and apiVersion (checked when a plugin loads). */
export const REQUIRED_MEMBERS: Record<PluginKind, readonly string[]> = {
  executor: ['validate', 'schedule', 'maxDuration', 'describe'],
  endpoint: ['create'],
  output: ['create'],
  telemetry: ['create'],
};
