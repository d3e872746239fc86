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
 * randomness and the record channel outputs subscribe to.
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
export type { Endpoint, EndpointContext, EndpointPlugin, OpContext, SyncOpContext } from './endpoint.js';
export type { Output, OutputContext, OutputPlugin } from './output.js';
export type { TelemetryContext, TelemetryPlugin, TelemetrySource } from './telemetry.js';

export type { MetricDefinition, MetricType, Sample, SampleSink, Tags, ValueType } from '../metrics/types.js';
export { METRIC_NAME_PATTERN } from '../metrics/registry.js';
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
export { DEFAULT_NETWORK, type HttpDebug, type NetworkSettings } from '../options/network.js';
export { DEFAULT_SYSTEM_TAGS, type SystemTags } from '../options/system-tags.js';
export type { ConnectGuard } from '../net/connect-guard.js';
export type { RequestLimiter } from '../net/request-limiter.js';
export { getTokenizer, loadedTokenizer, tokenizerSource, type Tokenizer } from '../tokenizers/index.js';
export { CountThread } from '../tokenizers/count-thread.js';
