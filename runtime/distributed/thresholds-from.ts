import { createConsole } from '../console.js';
import type { RunFlags } from '../cli/flags.js';
import type { MetricDefinition } from '../metrics/types.js';
import type { ThresholdSpec } from '../options/types.js';
import { BUILTIN_PLUGINS } from '../plugin-host/builtin.js';
import { PluginRegistry } from '../plugin-host/plugin-registry.js';
import { prepare } from '../prepare.js';
import { RecordBus } from '../record-channel.js';

/** A script's thresholds and the metrics its init code defines. */
export interface ScriptThresholds {
  thresholds: Record<string, ThresholdSpec[]>;
  definitions: MetricDefinition[];
}

/**
 * `llmload merge --thresholds-from script.ts`: the thresholds the script's
 * options resolve to (script < config < environment < flags, as `llmload
 * inspect` resolves them), by the same path as a run up to its start: the
 * script is bundled and its init code runs once; no test runs. Invalid
 * options or thresholds are LlmloadErrors (exit 104).
 */
export async function thresholdsFrom(script: string, opts: { env?: string[]; config?: string }): Promise<ScriptThresholds> {
  const flags: RunFlags = {
    script,
    env: opts.env,
    config: opts.config,
    thresholds: true,
    setup: false,
    teardown: false,
    quiet: true,
    color: false,
    includeSystemEnvVars: true,
    verbose: false,
  };
  const con = createConsole({ ...flags, consoleOutput: undefined });
  const prepared = await prepare(flags, new PluginRegistry(BUILTIN_PLUGINS), { ...con, records: new RecordBus() });
  try {
    return { thresholds: prepared.options.thresholds, definitions: prepared.registry.all() };
  } finally {
    prepared.factory.dispose();
    await Promise.allSettled([...prepared.endpoints.values()].map(async (e) => e.close?.()));
    await prepared.llm.close();
  }
}
