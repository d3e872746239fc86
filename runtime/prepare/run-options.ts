import type { RunFlags } from '../cli/flags.js';
import { flagsLayer, parsePairs } from '../cli/flags.js';
import { envLayer } from '../options/env-layer.js';
import { mergeLayers, type OptionLayer } from '../options/layers.js';
import { resolveOptions } from '../options/resolve.js';
import type { ResolvedOptions } from '../options/types.js';
import type { PluginRegistry } from '../plugin-host/plugin-registry.js';
import type { PrepareIO } from '../prepare.js';

export /** `__ENV`: the process environment (unless --no-include-system-env-vars), then the `-e` pairs over it. */
function scriptEnv(flags: RunFlags, processEnv: PrepareIO['processEnv']): Record<string, string> {
  const env: Record<string, string> = {};
  if (flags.includeSystemEnvVars) {
    for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[k] = v;
  }
  return Object.assign(env, parsePairs(flags.env, '--env'));
}

export /** The option layers, lowest first (config file, script), then the environment, the flags and run() on top: merged and validated. */
function resolveRunOptions(layers: OptionLayer[], flags: RunFlags, plugins: PluginRegistry, io: PrepareIO): ResolvedOptions {
  const fromEnv = envLayer(io.processEnv);
  layers.push({ source: 'LLMLOAD_*/K6_* environment', options: fromEnv.options, sources: fromEnv.source });
  layers.push({ source: 'command-line flags', options: flagsLayer(flags) });
  if (flags.overrides) layers.push({ source: 'run() options', options: flags.overrides });
  const { options: merged, sources } = mergeLayers(layers);
  return resolveOptions(merged, {
    executors: { get: (name, where) => plugins.get('executor', name, where) },
    extraKeys: [...plugins.optionKeys(), 'telemetry', 'plugins', 'goodput', 'sweep'],
    sources,
    cwd: io.cwd,
    onlyScenarios: flags.scenario,
    warn: io.warn,
  });
}
