import { invalidOption } from '../errors.js';
import type { ExecutorPlugin } from '../plugin-api/executor.js';
import { DEFAULT_TREND_STATS, checkTrendStats } from '../metrics/trend-stats.js';
import { checkKeys, expectBool, expectOneOf, optionError } from './check.js';
import { parseDuration } from './duration.js';
import { resolveNetworkOptions } from './network.js';
import { deriveScenarios } from './scenarios.js';
import { resolveSystemTags } from './system-tags.js';
import type { RawOptions, ResolvedOptions, ThresholdSpec } from './types.js';
import { parseWaitFor } from './wait-for.js';
import { resolveSegmentOptions } from '../segments/segment-options.js';

/** Top-level option keys the runtime itself understands. */
const RUNTIME_KEYS = [
  'vus',
  'duration',
  'iterations',
  'stages',
  'scenarios',
  'thresholds',
  'tags',
  'summaryTrendStats',
  'summaryTimeUnit',
  'setupTimeout',
  'teardownTimeout',
  'handleSummaryTimeout',
  'noSetup',
  'noTeardown',
  'noThresholds',
  'noConnectionReuse',
  'minIterationDuration',
  // k6's network-level options: resolved here once, handed to every endpoint (EndpointConfigureContext).
  'blockHostnames',
  'blacklistIPs',
  'rps',
  'noVUConnectionReuse',
  'httpDebug',
  'systemTags',
  // llmload's: poll the server until it is ready, before setup() (runtime/readiness).
  'waitFor',
  // k6's: this instance's part of a test split over several (runtime/segments).
  'executionSegment',
  'executionSegmentSequence',
] as const;

/** k6 options that mean nothing for llmload, with why; accepted, and said so once. */
const K6_NOTED: Record<string, string> = {
  noUsageReport: 'llmload never sends usage reports',
  ext: 'it configures k6 Cloud, which llmload does not use',
  cloud: 'it configures k6 Cloud, which llmload does not use',
};

/** k6 options llmload does not implement, with why: an error (exit 104), never silently ignored. */
const K6_REFUSED: Record<string, string> = {
  dns: 'llmload resolves names with the operating system (use `hosts` to pin addresses)',
  linger: 'llmload exits when the test ends',
  paused: 'llmload has no REST API to resume a paused test',
  localIPs: 'binding to chosen local addresses is not implemented',
  tlsCipherSuites: 'choosing TLS cipher suites is not implemented (use tlsVersion)',
  consoleOutput: 'use --console-output (a CLI flag in k6 too)',
};

export interface ResolveContext {
  executors: { get(name: string, where: string): ExecutorPlugin };
  /** Top-level keys owned by plugins (e.g. `goodput`), kept in `extra`. */
  extraKeys: readonly string[];
  /** Where the options came from, per key, for messages. */
  sources: Record<string, string>;
  cwd: string;
  /** `--scenario NAME`: run only these. */
  onlyScenarios?: string[];
  warn(message: string): void;
}

export function resolveOptions(raw: RawOptions, rctx: ResolveContext): ResolvedOptions {
  const where = (k: string) => `${rctx.sources[k] ?? 'options'}: option "${k}"`;
  // A plugin may implement a k6 option by owning its key.
  const owned = (k: string) => (RUNTIME_KEYS as readonly string[]).includes(k) || rctx.extraKeys.includes(k);
  for (const k of Object.keys(raw)) {
    if (owned(k) || raw[k] === undefined) continue;
    if (K6_REFUSED[k]) throw optionError(rctx.sources[k] ?? 'options', k, `is a k6 option llmload does not support: ${K6_REFUSED[k]}`);
    if (K6_NOTED[k]) rctx.warn(`${where(k)} has no effect: ${K6_NOTED[k]}`);
  }
  const known = [...RUNTIME_KEYS, ...rctx.extraKeys, ...Object.keys(K6_NOTED)];
  checkKeys(raw, known, rctx.sources[Object.keys(raw).find((k) => !known.includes(k)) ?? ''] ?? 'options');

  let scenarios = deriveScenarios(raw, rctx);
  if (rctx.onlyScenarios?.length) {
    for (const name of rctx.onlyScenarios) {
      if (!scenarios.some((s) => s.name === name)) {
        throw invalidOption('--scenario', `no scenario named "${name}" (scenarios: ${scenarios.map((s) => s.name).join(', ')})`);
      }
    }
    scenarios = scenarios.filter((s) => rctx.onlyScenarios!.includes(s.name));
  }

  const extra: Record<string, unknown> = {};
  for (const k of rctx.extraKeys) if (raw[k] !== undefined) extra[k] = raw[k];

  return {
    scenarios,
    thresholds: normaliseThresholds(raw.thresholds, where('thresholds')),
    tags: stringMap(raw.tags, where('tags')),
    summaryTrendStats: trendStats(raw.summaryTrendStats, where('summaryTrendStats')),
    summaryTimeUnit: expectOneOf(raw, 'summaryTimeUnit', rctx.sources.summaryTimeUnit ?? 'options', ['', 's', 'ms', 'us'], ''),
    setupTimeout: raw.setupTimeout === undefined ? 60_000 : parseDuration(raw.setupTimeout, where('setupTimeout')),
    teardownTimeout: raw.teardownTimeout === undefined ? 60_000 : parseDuration(raw.teardownTimeout, where('teardownTimeout')),
    handleSummaryTimeout: raw.handleSummaryTimeout === undefined ? 120_000 : parseDuration(raw.handleSummaryTimeout, where('handleSummaryTimeout')),
    minIterationDuration: raw.minIterationDuration === undefined ? 0 : parseDuration(raw.minIterationDuration, where('minIterationDuration')),
    noSetup: raw.noSetup === true,
    noTeardown: raw.noTeardown === true,
    noThresholds: raw.noThresholds === true,
    noConnectionReuse: expectBool(raw, 'noConnectionReuse', rctx.sources.noConnectionReuse ?? 'options', false),
    ...resolveNetworkOptions(raw, (k) => rctx.sources[k] ?? 'options'),
    systemTags: resolveSystemTags(raw.systemTags, rctx.sources.systemTags ?? 'options'),
    waitFor: parseWaitFor(raw.waitFor, rctx.sources.waitFor ?? 'options'),
    ...resolveSegmentOptions(raw, where),
    extra,
  };
}

function trendStats(v: unknown, where: string): string[] {
  if (v === undefined) return [...DEFAULT_TREND_STATS];
  if (!Array.isArray(v)) throw invalidOption(where, 'must be a list such as ["avg", "p(95)", "p(99.9)"]');
  const problem = checkTrendStats(v);
  if (problem) throw invalidOption(where, problem);
  return v as string[];
}

function stringMap(v: unknown, where: string): Record<string, string> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidOption(where, 'must be an object of strings');
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') {
      throw invalidOption(where, `value of "${k}" must be a string`);
    }
    out[k] = String(x);
  }
  return out;
}

function normaliseThresholds(raw: RawOptions['thresholds'], where: string): Record<string, ThresholdSpec[]> {
  const out: Record<string, ThresholdSpec[]> = {};
  if (raw === undefined) return out;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidOption(where, 'must be an object');
  for (const [metric, list] of Object.entries(raw)) {
    const items = Array.isArray(list) ? list : [list];
    out[metric] = items.map((item) => {
      if (typeof item === 'string') return { threshold: item, abortOnFail: false, delayAbortEval: 0, allowEmpty: false };
      if (typeof item === 'object' && item !== null && typeof item.threshold === 'string') {
        const at = `${where} "${metric}"`;
        checkKeys(item, ['threshold', 'abortOnFail', 'delayAbortEval', 'allowEmpty'], at);
        return {
          threshold: item.threshold,
          abortOnFail: expectBool(item, 'abortOnFail', at, false),
          delayAbortEval: item.delayAbortEval === undefined ? 0 : parseDuration(item.delayAbortEval, `${at} delayAbortEval`),
          allowEmpty: expectBool(item, 'allowEmpty', at, false),
        };
      }
      throw invalidOption(`${where} "${metric}"`, 'each threshold must be a string or { threshold, abortOnFail, delayAbortEval, allowEmpty }');
    });
  }
  return out;
}
