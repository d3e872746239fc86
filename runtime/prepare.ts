import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleScript, type ScriptBundle } from './bundle/bundle.js';
import type { RunFlags } from './cli/flags.js';
import { flagsLayer, parsePairs } from './cli/flags.js';
import { envLayer } from './options/env-layer.js';
import { invalidOption } from './errors.js';
import type { ExecutorPlugin } from './executor.js';
import { MetricsEngine } from './metrics/engine.js';
import { MetricRegistry } from './metrics/registry.js';
import { registerBuiltins } from './metrics/builtins.js';
import { SampleGate } from './metrics/sample-gate.js';
import { mergeLayers, type OptionLayer } from './options/layers.js';
import { networkSettings } from './options/network.js';
import { resolveOptions } from './options/resolve.js';
import { systemTagSet } from './options/system-tags.js';
import type { RawOptions, ResolvedOptions } from './options/types.js';
import type { MetricType, ValueType } from './metrics/types.js';
import type { PlannedScenario } from './scheduler/scheduler.js';
import { createVuFactory, type VuFactory } from './vu/factory.js';
import type { VuHostContext } from './vu/types.js';
import type { Plugins } from './plugins.js';
import type { TelemetryContext, TelemetryPlugin } from './telemetry.js';

/** Everything decided before the test starts. */
export interface Prepared {
  bundle: ScriptBundle;
  options: ResolvedOptions;
  planned: PlannedScenario[];
  registry: MetricRegistry;
  engine: MetricsEngine;
  /** What VUs and endpoints push to: the engine, unless the warm-up diverts it. */
  gate: SampleGate;
  factory: VuFactory;
  env: Record<string, string>;
  /** Exported function names of the script. */
  exports: string[];
  /** Runtime warm-ups the bundled modules registered (`http`). */
  warmups: string[];
  /** Configured telemetry sources (started by run() around the test). */
  telemetry: TelemetryPlugin[];
}

export interface PrepareIO {
  warn(message: string): void;
  /** An INFO line on stderr (the run's own messages, e.g. httpDebug dumps); absent: through `log` as VU 0. */
  info?(message: string): void;
  log: VuHostContext['log'];
  stdin(): Promise<string>;
  cwd: string;
  processEnv: Record<string, string | undefined>;
}

/**
 * script → bundle → init code in a probe VU (reads `export const options`,
 * registers custom metrics) → options merged and validated → scenario plans.
 * Any failure here is an LlmloadError and the test never starts.
 */
export async function prepare(flags: RunFlags, plugins: Plugins, io: PrepareIO): Promise<Prepared> {
  const bundle =
    flags.script === '-'
      ? await bundleScript({ source: await io.stdin(), cwd: io.cwd })
      : await bundleScript({ file: path.resolve(io.cwd, flags.script), cwd: io.cwd });

  const env: Record<string, string> = {};
  if (flags.includeSystemEnvVars) {
    for (const [k, v] of Object.entries(io.processEnv)) if (v !== undefined) env[k] = v;
  }
  Object.assign(env, parsePairs(flags.env, '--env'));

  const registry = new MetricRegistry();
  registerBuiltins(registry);
  const engine = new MetricsEngine(registry);
  // VUs and endpoints push through the gate: the warm-up diverts it.
  const gate = new SampleGate(engine);
  const layers: OptionLayer[] = [];
  if (flags.config) layers.push({ source: `config file "${flags.config}"`, options: await readConfig(io.cwd, flags.config) });
  const runTags = { ...(layers[0]?.options.tags as Record<string, string> | undefined), ...parsePairs(flags.tag, '--tag') };

  const host: VuHostContext = {
    sink: gate,
    defineMetric: (name, type, contains) => registry.define(name, type, contains),
    runTags,
    env,
    scriptDir: bundle.scriptDir,
    log: io.log,
    warn: io.warn,
  };
  const factory = await createVuFactory(bundle, host, { endpoints: plugins.endpoints });
  const { options: scriptOptions, functions, warmups } = await factory.readExports();

  layers.push({ source: `script options (${bundle.filename})`, options: (scriptOptions ?? {}) as RawOptions });
  const fromEnv = envLayer(io.processEnv);
  layers.push({ source: 'LLMLOAD_*/K6_* environment', options: fromEnv.options, sources: fromEnv.source });
  layers.push({ source: 'command-line flags', options: flagsLayer(flags) });
  const { options: merged, sources } = mergeLayers(layers);
  const options = resolveOptions(merged, {
    executors: plugins.executors,
    extraKeys: plugins.optionKeys,
    sources,
    cwd: io.cwd,
    onlyScenarios: flags.scenario,
    warn: io.warn,
  });
  // Run tags are known only now (script options.tags): give them to the VUs too.
  Object.assign(runTags, options.tags);

  // Decided once for the run: the VUs, the scheduler and every endpoint share these objects.
  const systemTags = systemTagSet(options.systemTags);
  host.systemTags = systemTags;
  const network = networkSettings(options);
  const info = io.info ?? ((m: string) => io.log('info', 0, m));

  const defineMetric = (name: string, type: MetricType, contains: ValueType) => registry.define(name, type, contains);
  for (const e of plugins.endpoints) {
    e.configure?.({ extra: options.extra, connectionReuse: !options.noConnectionReuse, network, systemTags, defineMetric, cwd: io.cwd, warn: io.warn, info });
  }
  // Telemetry sees `-e` values too (LLMLOAD_BASE_URL from --mock resolves relative /metrics URLs).
  const telemetryEnv = { ...io.processEnv, ...env };
  const telemetry = createTelemetry(options.extra.telemetry, plugins, { sink: engine, defineMetric, runTags, env: telemetryEnv, cwd: io.cwd, warn: io.warn });

  const planned = options.scenarios.map((scenario) => {
    if (!functions.includes(scenario.exec)) {
      const what = scenario.exec === 'default' ? 'a default export' : `an exported function "${scenario.exec}"`;
      throw invalidOption(`scenario "${scenario.name}"`, `the script (${bundle.filename}) has no ${what}`);
    }
    const executor: ExecutorPlugin = plugins.executors.get(scenario.executor, `scenario "${scenario.name}"`);
    return { scenario, executor, schedule: executor.schedule(scenario.config), systemTags };
  });
  return { bundle, options, planned, registry, engine, gate, factory, env, exports: functions, warmups, telemetry };
}

/** `options.telemetry = { <source>: config }`: each key must name a telemetry plugin. */
function createTelemetry(raw: unknown, plugins: Plugins, ctx: TelemetryContext): TelemetryPlugin[] {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidOption('option "telemetry"', 'must be an object of { <source>: options }');
  const config = raw as Record<string, unknown>;
  const names = plugins.telemetry.map((t) => t.name);
  for (const key of Object.keys(config)) {
    if (!names.includes(key)) throw invalidOption(`option "telemetry.${key}"`, `unknown telemetry source (known: ${names.join(', ') || 'none'})`);
  }
  const out: TelemetryPlugin[] = [];
  for (const f of plugins.telemetry) {
    const t = f.create(config[f.name], ctx, `option "telemetry.${f.name}"`);
    if (t) out.push(t);
  }
  return out;
}

async function readConfig(cwd: string, file: string): Promise<RawOptions> {
  const where = `config file "${file}"`;
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    throw invalidOption(where, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw invalidOption(where, `is not valid JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidOption(where, 'must hold a JSON object');
  // k6 config files keep options at the top level (or under "options").
  const o = parsed as Record<string, unknown>;
  return (typeof o.options === 'object' && o.options !== null ? o.options : o) as RawOptions;
}
