/**
 * The plugin API's version. A plugin states the version it was written
 * against; llmload loads plugins of its own major version and refuses others
 * (exit 104), naming the plugin.
 */
export const PLUGIN_API_VERSION = 1;

/** The four kinds of plugins. */
export type PluginKind = 'executor' | 'endpoint' | 'output' | 'telemetry';

/** What every plugin object carries. */
export interface PluginIdentity<K extends PluginKind> {
  readonly kind: K;
  /** Unique per kind: an executor's `executor:` value, an output's `--out` name, an endpoint's op name, a telemetry key. */
  readonly name: string;
  /** PLUGIN_API_VERSION of the llmload the plugin was written for. */
  readonly apiVersion: number;
}
