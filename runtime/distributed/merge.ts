import type { RunInfo } from '../compare/run-numbers.js';
import { LlmloadError } from '../errors.js';
import { parseGoodput } from '../llm/goodput.js';
import { LlmRunStats } from '../llm/run-stats.js';
import { llmSection } from '../llm/summary.js';
import { registerBuiltins } from '../metrics/builtins.js';
import { MetricsEngine } from '../metrics/engine.js';
import { canonicalTags, parseMetricKey } from '../metrics/metric-key.js';
import { MetricRegistry } from '../metrics/metric-registry.js';
import { GaugeSink } from '../metrics/sinks.js';
import type { MetricDefinition } from '../metrics/types.js';
import type { ThresholdSpec } from '../options/types.js';
import type { SectionContext, SummarySection } from '../summary/sections.js';
import { buildSummaryData, type SummaryData } from '../summary/summary-data.js';
import { toSummaryExport, type SummaryExport } from '../summary/summary-export.js';
import { createThresholds, type ThresholdsEvaluation } from '../thresholds/thresholds.js';
import type { RawExport } from './raw-export.js';
import { mergeState, type RawGauge, type RawState } from './raw-state.js';

/** One `--summary-export-raw` file, read and checked. */
export interface MergeInput {
  file: string;
  raw: RawExport;
}

export interface MergeOptions {
  /** Thresholds to evaluate instead of the inputs' own (`--thresholds-from`). */
  thresholds?: Record<string, ThresholdSpec[]>;
  /** Metrics the thresholds' script defines (custom metrics without samples). */
  definitions?: readonly MetricDefinition[];
  warn(message: string): void;
}

/** The merged run. */
export interface MergeResult {
  data: SummaryData;
  /** The `--summary-export` object of the merged data. */
  exported: SummaryExport;
  sections: SummarySection[];
  /** Undefined when no thresholds are defined. */
  thresholds: ThresholdsEvaluation | undefined;
  testRunDurationMs: number;
}

/**
 * Merges raw exports of runs that ran at the same time (segments of one
 * test) into one engine, as if it had received every sample: the summary,
 * the thresholds and the `llm` block are computed from it with the same
 * builders as a run's. The test ran as long as its longest part. Summary
 * options, goodput SLOs and thresholds come from the first input (a warning
 * says when the others differ); run tags are those all inputs share.
 */
export function mergeRawExports(inputs: readonly MergeInput[], opts: MergeOptions): MergeResult {
  if (inputs.length === 0) throw new LlmloadError('ERR_INVALID_OPTION', 'merge: no input file');
  const first = inputs[0]!.raw;
  for (const { file, raw } of inputs.slice(1)) warnIfDiffers(first, raw, file, opts);

  const registry = new MetricRegistry();
  registerBuiltins(registry);
  for (const { file, raw } of inputs) defineAll(registry, raw.definitions, `"${file}"`);
  defineAll(registry, opts.definitions ?? [], 'the thresholds script');
  const engine = new MetricsEngine(registry, { batch: false });
  const specs = opts.thresholds ?? first.options.thresholds;
  if (opts.thresholds) requireTrackedSubmetrics(Object.keys(specs), inputs);
  const thresholds = Object.keys(specs).length > 0 ? createThresholds(specs, registry, engine) : undefined;

  const llm = new LlmRunStats();
  const summed = new Map<string, RawGauge[]>();
  for (const { raw } of inputs) mergeState(engine, withoutSummedGauges(raw, summed), { llm });
  for (const [name, states] of summed) addSummedGauge(engine, name, states);
  const testRunDurationMs = Math.max(...inputs.map((i) => i.raw.testRunDurationMs));
  const evaluation = thresholds?.evaluate(testRunDurationMs, { final: true });

  const data = buildSummaryData({
    engine,
    registry,
    thresholds: evaluation,
    summaryTrendStats: first.options.summaryTrendStats,
    summaryTimeUnit: first.options.summaryTimeUnit,
    testRunDurationMs,
  });
  const ctx: SectionContext = { data, testRunDurationMs, trendValues: (key, stats) => engine.get(key)?.sink.values(testRunDurationMs, stats) };
  const sections: SummarySection[] = [];
  const llmBlock = llmSection(llm, parseGoodput(first.options.goodput), ctx);
  if (llmBlock) sections.push(llmBlock);
  const run = mergedRun(inputs);
  const exported = [...sections, ...(run ? [{ title: 'run', rows: [], export: { key: 'run', values: run as unknown as Record<string, unknown> } }] : [])];
  return { data, exported: toSummaryExport(data, exported, sharedTags(inputs)), sections, thresholds: evaluation, testRunDurationMs };
}

/**
 * A sub-metric aggregates only the samples pushed after it was added, and a
 * raw export holds its sinks, not the samples: a sub-metric no input tracked
 * cannot be computed now. Refused rather than judged on nothing.
 */
function requireTrackedSubmetrics(keys: readonly string[], inputs: readonly MergeInput[]): void {
  const tracked = new Set<string>();
  for (const { raw } of inputs) for (const key of Object.keys(raw.metrics)) tracked.add(canonicalKey(key));
  for (const key of keys) {
    const parsed = parseMetricKey(key);
    if (!parsed.tags || tracked.has(canonicalKey(key))) continue;
    throw new LlmloadError(
      'ERR_INVALID_OPTION',
      `merge: --thresholds-from: the threshold on "${key}" needs a sub-metric the merged runs did not track ` +
        '(a run records the sub-metrics its own thresholds name): add that threshold to the script the runs ran',
    );
  }
}

function canonicalKey(key: string): string {
  const parsed = parseMetricKey(key);
  return parsed.tags ? `${parsed.name}{${canonicalTags(parsed.tags)}}` : parsed.name;
}

/**
 * Gauges whose test-wide value is the sum of the instances' (k6's VU counts), as the coordinator sums its
 * agents' (push-tally.ts): value, min and max add up over the inputs. The instances of one test peak together
 * (the same schedule, segmented), so the summed max is the test's peak.
 */
const SUMMED_GAUGES = ['vus', 'vus_max'];

function withoutSummedGauges(raw: RawState, summed: Map<string, RawGauge[]>): RawState {
  const metrics = { ...raw.metrics };
  for (const name of SUMMED_GAUGES) {
    const m = metrics[name];
    if (m?.type !== 'gauge') continue;
    delete metrics[name];
    if (m.state === null) continue;
    const list = summed.get(name) ?? [];
    list.push(m.state as RawGauge);
    summed.set(name, list);
  }
  return { ...raw, metrics };
}

function addSummedGauge(engine: MetricsEngine, name: string, states: readonly RawGauge[]): void {
  const sink = engine.addSubmetric(name).sink;
  if (!(sink instanceof GaugeSink)) return;
  const sum = (f: (g: RawGauge) => number) => states.reduce((n, g) => n + f(g), 0);
  sink.mergeState(
    sum((g) => g.value),
    sum((g) => g.min),
    sum((g) => g.max),
    Math.max(...states.map((g) => g.time)),
  );
}

function defineAll(registry: MetricRegistry, defs: readonly MetricDefinition[], where: string): void {
  for (const d of defs) {
    try {
      registry.define(d.name, d.type, d.contains);
    } catch (err) {
      throw new LlmloadError('ERR_INVALID_OPTION', `merge: ${where}: ${(err as Error).message}`);
    }
  }
}

function warnIfDiffers(first: RawExport, raw: RawExport, file: string, opts: MergeOptions): void {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const differ: string[] = [];
  if (!same(first.options.summaryTrendStats, raw.options.summaryTrendStats)) differ.push('summaryTrendStats');
  if (first.options.summaryTimeUnit !== raw.options.summaryTimeUnit) differ.push('summaryTimeUnit');
  if (!same(first.options.goodput, raw.options.goodput)) differ.push('goodput');
  if (!opts.thresholds && !same(first.options.thresholds, raw.options.thresholds)) differ.push('thresholds');
  if (differ.length > 0) opts.warn(`merge: "${file}" differs from the first input in ${differ.join(', ')}; the first input's are used`);
}

/** Tags with the same value in every input (a per-instance tag is not the merged run's). */
function sharedTags(inputs: readonly MergeInput[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(inputs[0]!.raw.options.tags)) {
    if (inputs.every((i) => i.raw.options.tags[k] === v)) out[k] = v;
  }
  return out;
}

/** The first input's `run` block, spanning every input's test phase. */
function mergedRun(inputs: readonly MergeInput[]): RunInfo | undefined {
  const run = inputs[0]!.raw.run;
  if (!run) return undefined;
  const start = Math.min(...inputs.map((i) => i.raw.startTime));
  const end = Math.max(...inputs.map((i) => i.raw.endTime));
  return { ...run, start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}
