import type { MetricType, SampleSink, ValueType } from '../metrics/types.js';
import type { SummaryContributor } from '../summary/sections.js';
import type { PluginIdentity } from './identity.js';

/** What a telemetry plugin is given when it is created (after options are resolved). */
export interface TelemetryContext {
  /** Samples go into the same metrics engine as everything else. */
  sink: SampleSink;
  /** Declares a metric up front, so thresholds and outputs know it before the test. */
  defineMetric(name: string, type: MetricType, contains: ValueType): void;
  /** Run-level tags (`--tag`, `options.tags`). */
  runTags: Record<string, string>;
  /** The process environment plus `-e KEY=VALUE` (e.g. LLMLOAD_BASE_URL set by `run --mock`). */
  env: Record<string, string | undefined>;
  cwd: string;
  /** Non-fatal problems, printed once. */
  warn(message: string): void;
}

/**
 * One telemetry source of one run (GPU exporter, server /metrics): sampled on
 * an interval from `start` until `stop`, which takes one final sample so
 * counters cover the whole measured window.
 */
export interface TelemetrySource extends SummaryContributor {
  readonly name: string;
  /** One line for the run header. */
  description(): string;
  /** Fails with an LlmloadError only when the source is required and unreachable. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A telemetry plugin: creates its source from its section of `options.telemetry` (e.g.
 * `options.telemetry.dcgm`), or returns undefined when it is not configured.
 * `where` names the option for error messages.
 */
export interface TelemetryPlugin extends PluginIdentity<'telemetry'> {
  create(config: unknown, ctx: TelemetryContext, where: string): TelemetrySource | undefined;
}
