import path from 'node:path';
import type { ScriptBundle } from './bundle/bundle.js';
import type { RunFlags } from './cli/flags.js';
import { parsePairs } from './cli/flags.js';
import type { LlmService } from './llm/service.js';
import { registerBuiltins } from './metrics/builtins.js';
import { MetricsEngine } from './metrics/engine.js';
import { MetricRegistry } from './metrics/metric-registry.js';
import { SampleGate } from './metrics/sample-gate.js';
import type { OptionLayer } from './options/layers.js';
import { systemTagSet } from './options/system-tags.js';
import type { RawOptions, ResolvedOptions } from './options/types.js';
import type { Endpoint } from './plugin-api/endpoint.js';
import type { TelemetrySource } from './plugin-api/telemetry.js';
import type { PluginRegistry } from './plugin-host/plugin-registry.js';
import { upfrontSpecs } from './plugin-host/specs.js';
import { readConfigFile } from './prepare/config-file.js';
import { planScenarios } from './prepare/plan-scenarios.js';
import { resolveRunOptions, scriptEnv } from './prepare/run-options.js';
import { createRunServices } from './prepare/run-services.js';
import { loadPlugins, loadScript } from './prepare/load-script.js';
import type { RecordBus } from './record-channel.js';
import { segmentTuple } from './segments/segment-options.js';
import type { PlannedScenario } from './scheduler/scheduler.js';
import type { SummaryContributor } from './summary/sections.js';
import type { VuFactory } from './vu/factory.js';
import type { VuHostContext } from './vu/types.js';

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
  /** What init code asked endpoints to do before the test (Endpoint.beforeTest), by op name. */
  beforeTest: Record<string, unknown[]>;
  /** Origins each VU connects to before the clock starts (Endpoint.preconnect), by op name. */
  preconnect: Record<string, string[]>;
  /** This run's endpoints (host halves of the modules), by op name. */
  endpoints: Map<string, Endpoint>;
  /** Configured telemetry sources (started by run() around the test). */
  telemetry: TelemetrySource[];
  /** What adds blocks to the end-of-test summary: endpoints, telemetry, the run's own services. */
  contributors: SummaryContributor[];
  /** The run's LLM measurement kit (every LLM endpoint's, one summary block): close() it at the run's end. */
  llm: LlmService;
}

export interface PrepareIO {
  warn(message: string): void;
  /** An INFO line on stderr (the run's own messages, e.g. httpDebug dumps); absent: through `log` as VU 0. */
  info?(message: string): void;
  log: VuHostContext['log'];
  stdin(): Promise<string>;
  cwd: string;
  processEnv: Record<string, string | undefined>;
  /** The run's record channels (records from endpoints to outputs). */
  records: RecordBus;
}

/**
 * plugins (--plugin, LLMLOAD_PLUGINS) → script → bundle → init code in a probe
 * VU (reads `export const options`, registers custom metrics; `options.plugins`
 * loads more) → options merged and validated → this run's endpoints and
 * telemetry → scenario plans. Any failure here is an LlmloadError and the test
 * never starts.
 */
export async function prepare(flags: RunFlags, plugins: PluginRegistry, io: PrepareIO): Promise<Prepared> {
  const source = flags.source ?? (flags.script === '-' ? await io.stdin() : undefined);
  const scriptDir = source !== undefined ? io.cwd : path.dirname(path.resolve(io.cwd, flags.script));
  const loadedSpecs = new Set<string>();
  await loadPlugins(plugins, upfrontSpecs(flags.plugin, io.processEnv.LLMLOAD_PLUGINS, io.cwd, scriptDir), loadedSpecs);

  const env = scriptEnv(flags, io.processEnv);

  const registry = new MetricRegistry();
  registerBuiltins(registry);
  const engine = new MetricsEngine(registry);
  // VUs and endpoints push through the gate: the warm-up diverts it.
  const gate = new SampleGate(engine);
  const layers: OptionLayer[] = [];
  if (flags.config) layers.push({ source: `config file "${flags.config}"`, options: await readConfigFile(io.cwd, flags.config) });
  const runTags = { ...(layers[0]?.options.tags as Record<string, string> | undefined), ...parsePairs(flags.tag, '--tag') };

  const host: VuHostContext = {
    sink: gate,
    defineMetric: (name, type, contains) => registry.define(name, type, contains),
    runTags,
    env,
    scriptDir,
    log: io.log,
    warn: io.warn,
  };
  const endpoints = new Map<string, Endpoint>();
  const script = await loadScript({ script: flags.script, source, cwd: io.cwd, bundled: flags.bundled }, plugins, host, endpoints, {
    configPlugins: layers[0]?.options.plugins,
    loaded: loadedSpecs,
  });
  const { bundle, factory } = script;
  try {
    layers.push({ source: `script options (${bundle.filename})`, options: (script.scriptOptions ?? {}) as RawOptions });
    const options = resolveRunOptions(layers, flags, plugins, io);
    // Run tags are known only now (script options.tags): give them to the VUs too.
    Object.assign(runTags, options.tags);

    // Decided once for the run: the VUs, the scheduler and every endpoint share these objects.
    const systemTags = systemTagSet(options.systemTags);
    host.systemTags = systemTags;
    const { llm, telemetry } = createRunServices(options, plugins, { registry, engine, env, runTags, systemTags, endpoints }, io);

    // An execution segment (k6's) cuts every schedule to this instance's part; VU ids and
    // workload indices become test-wide numbers.
    const tuple = segmentTuple(options);
    if (tuple) host.inTest = { vuId: (id) => tuple.globalIndex(id - 1) + 1, index: (k) => tuple.globalIndex(k) };
    host.vuIdsInTest = flags.vuIdsInTest === true;
    const planned = planScenarios(options, { functions: script.functions, filename: bundle.filename }, plugins, systemTags, tuple, io.warn);
    const contributors: SummaryContributor[] = [...endpoints.values(), llm, ...telemetry];
    return {
      bundle,
      options,
      planned,
      registry,
      engine,
      gate,
      factory,
      env,
      exports: script.functions,
      warmups: script.warmups,
      beforeTest: script.beforeTest,
      preconnect: script.preconnect,
      endpoints,
      telemetry,
      contributors,
      llm,
    };
  } catch (err) {
    factory.dispose();
    throw err;
  }
}
