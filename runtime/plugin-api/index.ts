/**
 * `llmload/plugin`: the one public contract for plugins, used by the
 * built-in ones as by third parties. Four kinds, each a small object with a
 * kind, a name, the apiVersion it was written for and typed hooks, made by a
 * factory from validated options:
 *
 *   executor   a pure schedule (`scenarios.x.executor: 'name'`)
 *   endpoint   the host half of a VU module (`llmload/x/<name>`): per-VU state and calls
 *   output     `--out name=arg`: receives every sample in batches
 *   telemetry  `options.telemetry.<name>`: samples from outside (GPUs, servers)
 *
 * Plus the toolkit the built-ins use: option checks (k6's messages and exit
 * codes), errors, clocks, metrics and summary types, formatting, seeded
 * randomness, the record channel outputs subscribe to, the HTTP client kit
 * (runtime/http-client: per-VU connections, the request state machine) and
 * the LLM measurement kit (runtime/llm: EndpointContext.llm).
 */
export { PLUGIN_API_VERSION, PLUGIN_API_VERSION as apiVersion, type PluginIdentity, type PluginKind } from './identity.js';
export { defineEndpoint, defineExecutor, defineOutput, defineTelemetry, REQUIRED_MEMBERS, type Plugin } from './define.js';
export type {
  Arrival,
  ArrivalsSchedule,
  CommonScenarioOptions,
  ExecutorContext,
  ExecutorPlugin,
  IterationsSchedule,
  Schedule,
  VusSchedule,
} from './executor.js';
export type { CancelPlan, Endpoint, EndpointContext, EndpointPlugin, OpContext, SyncOpContext } from './endpoint.js';
export type { Output, OutputContext, OutputFinal, OutputPlugin, SourceLocation } from './output.js';
export type { ThresholdResult } from '../thresholds/thresholds.js';
export type { TelemetryContext, TelemetryPlugin, TelemetrySource } from './telemetry.js';

export type { MetricDefinition, MetricType, Sample, SampleSink, Tags, ValueType } from '../metrics/types.js';
export { METRIC_NAME_PATTERN } from '../metrics/metric-registry.js';
export { TrendSink } from '../metrics/trend-sink.js';
export { DEFAULT_TREND_STATS, isTrendStat } from '../metrics/trend-stats.js';
export type { SectionContext, SummaryContributor, SummarySection } from '../summary/sections.js';
export { humanizeBytes, humanizeDuration, humanizeNumber, percent, toFixedNoTrailingZeros } from '../summary/format.js';

export { ErrorCodeExit, ExitCode, invalidOption, isLlmloadError, LlmloadError, type ErrorCode } from '../errors.js';
export {
  checkKeys,
  expectArray,
  expectBool,
  expectDuration,
  expectInt,
  expectNumber,
  expectObject,
  expectOneOf,
  expectString,
  expectStringMap,
  optionError,
  showValue,
  suggest,
} from '../options/check.js';
export { formatDuration, parseDuration } from '../options/duration.js';
export { delay, monoNow, wallTime } from '../scheduler/clock.js';
export { Random, randomSeed, type Seed } from '../random.js';
export { RecordBus, RecordChannel } from '../record-channel.js';
export { readJsonl, type JsonlRow } from '../jsonl.js';
export { DEFAULT_NETWORK, type HttpDebug, type NetworkSettings } from '../options/network.js';
export { DEFAULT_SYSTEM_TAGS, type SystemTags } from '../options/system-tags.js';
export type { ConnectGuard } from '../net/connect-guard.js';
export type { RequestLimiter } from '../net/request-limiter.js';
export { getTokenizer, loadedTokenizer, tokenizerSource, type Tokenizer } from '../tokenizers/index.js';
export { CountThread } from '../tokenizers/count-thread.js';
export { LLMLOAD_VERSION } from '../version.js';
export { lazyPackage } from './lazy-package.js';
export { extractReportData, REPORT_DATA_ID } from '../compare/report-file.js';

// The HTTP client toolkit: per-VU connections, the one request state machine, k6's timings and error codes.
export * from '../http-client/index.js';
// The LLM measurement kit: EndpointContext.llm's clients, protocol interpreters, llm_* metrics and records.
export * from '../llm/index.js';
