import { LlmloadError } from '../errors.js';
import type { LlmRunStats } from '../llm/run-stats.js';
import { MetricsEngine, type TrackedMetric } from '../metrics/engine.js';
import type { RawGroups } from '../metrics/groups.js';
import { parseMetricKey } from '../metrics/metric-key.js';
import { CounterSink, GaugeSink, RateSink, type MetricSink } from '../metrics/sinks.js';
import { TrendSink, type RawTrend } from '../metrics/trend-sink.js';
import type { MetricType, ValueType } from '../metrics/types.js';
import { captureLlm, mergeLlm, type RawLlmStats } from './llm-state.js';

/** The version of the RawState format; a reader refuses any other. */
export const RAW_STATE_VERSION = 1;

export type RawCounter = { count: number };
export type RawRate = { passes: number; fails: number };
/** `time`: epoch ms of `value`, so a merge keeps the latest value. */
export type RawGauge = { value: number; min: number; max: number; time: number };
export type RawSinkState = RawCounter | RawRate | RawGauge | RawTrend;

/** One tracked metric or sub-metric. */
export interface RawMetricState {
  type: MetricType;
  contains: ValueType;
  /** The sink's exact state; null while it has no sample. */
  state: RawSinkState | null;
  /** Listed in the summary even without samples (it has thresholds). */
  pinned?: true;
}

/**
 * The mergeable state of a metrics engine: the wire format of agents' pushes
 * and of `--summary-export-raw`. Merging the states of N engines into one
 * gives the numbers of one engine fed all their samples (see mergeState).
 */
export interface RawState {
  version: typeof RAW_STATE_VERSION;
  /** By metric name or sub-metric key (`name{tag:value}`), in first-seen order. */
  metrics: Record<string, RawMetricState>;
  /** The group/check tree's counts. */
  groups: RawGroups;
  /** The LLM run tallies, when the run has an LLM service. */
  llm?: RawLlmStats;
  /** ms the test ran (for a delta: up to its capture). */
  testRunDurationMs: number;
  /** Epoch ms of the test's start and of this capture, when known. */
  window?: { start: number; end: number };
}

/** What captureState adds to the engine's metrics. */
export interface CaptureExtras {
  llm?: LlmRunStats;
  testRunDurationMs: number;
  window?: { start: number; end: number };
}

/** The exact state of every tracked metric and sub-metric of `engine`, its groups and (optionally) the LLM tallies. */
export function captureState(engine: MetricsEngine, extras: CaptureExtras): RawState {
  const metrics: Record<string, RawMetricState> = {};
  for (const m of engine.tracked()) {
    const entry: RawMetricState = { type: m.definition.type, contains: m.definition.contains, state: sinkState(m.sink) };
    if (m.pinned) entry.pinned = true;
    metrics[m.key] = entry;
  }
  const state: RawState = { version: RAW_STATE_VERSION, metrics, groups: engine.groups().toRaw(), testRunDurationMs: extras.testRunDurationMs };
  if (extras.llm) state.llm = captureLlm(extras.llm);
  if (extras.window) state.window = { ...extras.window };
  return state;
}

/**
 * Adds a captured state into `target`: sinks merge exactly (counts add up,
 * min/max widen, gauges keep the latest value, histograms add counter by
 * counter), metrics and sub-metrics the target does not track yet are created
 * (and defined in its registry), groups and checks add up, and the LLM
 * tallies go into `extras.llm`. Cheap enough for every agent's push each
 * second: one lookup per series, and trends decode their histograms only
 * when they have samples.
 */
export function mergeState(target: MetricsEngine, state: RawState, extras: { llm?: LlmRunStats } = {}): void {
  for (const [key, m] of Object.entries(state.metrics)) {
    const tracked = target.get(key) ?? trackIn(target, key, m);
    if (tracked.definition.type !== m.type) {
      throw new LlmloadError('ERR_INVALID_OPTION', `metric "${key}" is a ${m.type} in the merged state but a ${tracked.definition.type} here`);
    }
    if (m.pinned) pin(target, tracked);
    if (m.state !== null) mergeSink(tracked.sink, m.state);
  }
  target.groups().mergeRaw(state.groups);
  if (state.llm && extras.llm) mergeLlm(extras.llm, state.llm);
}

/**
 * A fresh engine tracking the same metrics and sub-metrics as `like` (same
 * registry, pinned flags), without samples and without an output batch: an
 * agent feeds it one push interval's samples and sends captureState() of it.
 */
export function createDeltaEngine(like: MetricsEngine): MetricsEngine {
  const delta = new MetricsEngine(like.registry, { batch: false });
  for (const m of like.tracked()) delta.addSubmetric(m.key).pinned = m.pinned;
  return delta;
}

function sinkState(sink: MetricSink): RawSinkState | null {
  if (sink.isEmpty()) return null;
  if (sink instanceof TrendSink) return sink.toRaw() ?? null;
  if (sink instanceof CounterSink) return { count: sink.count };
  if (sink instanceof RateSink) return { passes: sink.passes, fails: sink.fails };
  if (sink instanceof GaugeSink) return { value: sink.value, min: sink.min, max: sink.max, time: sink.time };
  throw new LlmloadError('ERR_INTERNAL', `cannot capture a ${sink.type} sink of an unknown kind`);
}

function mergeSink(sink: MetricSink, state: RawSinkState): void {
  if (sink instanceof TrendSink) sink.mergeRaw(state as RawTrend);
  else if (sink instanceof CounterSink) sink.add((state as RawCounter).count);
  else if (sink instanceof RateSink) {
    sink.passes += (state as RawRate).passes;
    sink.fails += (state as RawRate).fails;
  } else if (sink instanceof GaugeSink) {
    const g = state as RawGauge;
    sink.mergeState(g.value, g.min, g.max, g.time);
  } else throw new LlmloadError('ERR_INTERNAL', `cannot merge into a ${sink.type} sink of an unknown kind`);
}

/** Defines the metric in the target's registry when it is new there, then tracks the key. */
function trackIn(target: MetricsEngine, key: string, m: RawMetricState): TrackedMetric {
  let name: string;
  try {
    name = parseMetricKey(key).name;
  } catch (err) {
    throw new LlmloadError('ERR_INVALID_OPTION', `metric key "${key}" in the merged state: ${(err as Error).message}`);
  }
  try {
    target.registry.define(name, m.type, m.contains);
  } catch (err) {
    throw new LlmloadError('ERR_INVALID_OPTION', `metric "${key}" in the merged state: ${(err as Error).message}`);
  }
  return target.addSubmetric(key);
}

function pin(target: MetricsEngine, m: TrackedMetric): void {
  m.pinned = true;
  if (m.parent !== undefined) target.get(m.parent)!.pinned = true;
}
