import type { MetricType, ValueType } from 'llmload/plugin';
import { ENGINE_SOURCES } from './server-engines.js';

/**
 * How a server's Prometheus family becomes an llmload sample:
 * - `gauge`: its value each scrape;
 * - `counter`: the delta since the previous scrape;
 * - `histogram-sum`: the delta of the histogram's `_sum` (TGI and Triton count tokens only in histograms);
 * - `histogram-mean`: Δsum / Δcount over the scrape interval (mean of the observations made in it);
 * - `gauge-ratio`: Σ `name` / Σ `per` each scrape (Triton's used / max KV-cache blocks).
 */
export type SourceKind = 'gauge' | 'counter' | 'histogram-sum' | 'histogram-mean' | 'gauge-ratio';

/** One family (or one label value of a family) that feeds a server metric. */
export interface ServerSource {
  /** Family name as the server prints it (without `_sum`/`_count`). */
  name: string;
  kind: SourceKind;
  /** Multiplier to llmload's unit (seconds → ms). */
  scale: number;
  /** Only the series with these label values (Triton's `request_type="active"`); other labels are summed over. */
  labels?: Readonly<Record<string, string>>;
  /** `gauge-ratio`: the denominator's family and labels. */
  per?: { name: string; labels?: Readonly<Record<string, string>> };
  /** The engine that prints this name (for the summary); absent for families named in telemetry.server.metrics. */
  engine?: string;
  /**
   * The server prints values to this many significant digits (llama.cpp: 6, so
   * a counter past 999,999 is rounded): the summary shows the rounding.
   */
  significantDigits?: number;
}

export interface ServerMetricSpec {
  metric: string;
  type: MetricType;
  contains: ValueType;
  unit: string;
  /** In order of preference: the first one present in a scrape is used. */
  sources: ServerSource[];
}

/** The server metrics llmload defines, with the unit each engine's names are converted to. */
const COMMON: ReadonlyArray<Omit<ServerMetricSpec, 'sources'>> = [
  { metric: 'server_requests_running', type: 'trend', contains: 'default', unit: 'requests' },
  { metric: 'server_requests_waiting', type: 'trend', contains: 'default', unit: 'requests' },
  { metric: 'server_kv_cache_usage', type: 'trend', contains: 'default', unit: '0..1' },
  { metric: 'server_preemptions', type: 'counter', contains: 'default', unit: 'preemptions' },
  { metric: 'server_prompt_tokens', type: 'counter', contains: 'default', unit: 'tokens' },
  { metric: 'server_generation_tokens', type: 'counter', contains: 'default', unit: 'tokens' },
  { metric: 'server_queue_time', type: 'trend', contains: 'time', unit: 'ms (mean per interval)' },
];

/**
 * The server metrics llmload knows, each fed by the names of vLLM, SGLang,
 * TGI, llama.cpp, TensorRT-LLM (trtllm-serve and Triton) and LMDeploy
 * (server-engines.ts). Gauge-like readings are trends so thresholds can use
 * avg / max / p(N) over the run.
 */
export const SERVER_METRICS: readonly ServerMetricSpec[] = COMMON.map((m) => ({ ...m, sources: [...(ENGINE_SOURCES[m.metric] ?? [])] }));

/**
 * Names compare after `:` → `_` (some scrapers rewrite the colon) and without
 * a `_total` suffix (counters gain or lose it between client libraries).
 */
export function canonicalName(name: string): string {
  const n = name.replace(/:/g, '_');
  return n.endsWith('_total') ? n.slice(0, -'_total'.length) : n;
}

/** `sglang:cache_hit_rate` → `server_sglang_cache_hit_rate`: a valid llmload metric name. */
export function extraMetricName(name: string): string {
  return 'server_' + canonicalName(name).replace(/[^a-zA-Z0-9_]/g, '_');
}
