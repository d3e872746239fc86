import type { MetricType, ValueType } from 'llmload/plugin';

/**
 * How a server's Prometheus family becomes an llmload sample:
 * - `gauge`: its value each scrape;
 * - `counter`: the delta since the previous scrape;
 * - `histogram-sum`: the delta of the histogram's `_sum` (TGI counts tokens only in histograms);
 * - `histogram-mean`: Δsum / Δcount over the scrape interval (mean of the observations made in it).
 */
export type SourceKind = 'gauge' | 'counter' | 'histogram-sum' | 'histogram-mean';

export interface ServerSource {
  /** Family name as the server prints it (without `_sum`/`_count`). */
  name: string;
  kind: SourceKind;
  /** Multiplier to llmload's unit (seconds → ms). */
  scale: number;
}

export interface ServerMetricSpec {
  metric: string;
  type: MetricType;
  contains: ValueType;
  unit: string;
  /** In order of preference: the first one present in a scrape is used. */
  sources: ServerSource[];
}

const g = (name: string): ServerSource => ({ name, kind: 'gauge', scale: 1 });
const c = (name: string): ServerSource => ({ name, kind: 'counter', scale: 1 });

/**
 * vLLM (`vllm:`), SGLang (`sglang:`) and TGI (`tgi_`) names for the server
 * metrics llmload knows. Gauge-like readings are trends so thresholds can use
 * avg / max / p(N) over the run.
 */
export const SERVER_METRICS: readonly ServerMetricSpec[] = [
  {
    metric: 'server_requests_running',
    type: 'trend',
    contains: 'default',
    unit: 'requests',
    sources: [g('vllm:num_requests_running'), g('sglang:num_running_reqs'), g('tgi_batch_current_size')],
  },
  {
    metric: 'server_requests_waiting',
    type: 'trend',
    contains: 'default',
    unit: 'requests',
    sources: [g('vllm:num_requests_waiting'), g('sglang:num_queue_reqs'), g('tgi_queue_size')],
  },
  {
    metric: 'server_kv_cache_usage',
    type: 'trend',
    contains: 'default',
    unit: '0..1',
    sources: [g('vllm:kv_cache_usage_perc'), g('vllm:gpu_cache_usage_perc'), g('sglang:token_usage')],
  },
  {
    metric: 'server_preemptions',
    type: 'counter',
    contains: 'default',
    unit: 'preemptions',
    sources: [c('vllm:num_preemptions_total'), c('sglang:num_retracted_requests_total')],
  },
  {
    metric: 'server_prompt_tokens',
    type: 'counter',
    contains: 'default',
    unit: 'tokens',
    sources: [c('vllm:prompt_tokens_total'), c('sglang:prompt_tokens_total'), { name: 'tgi_request_input_length', kind: 'histogram-sum', scale: 1 }],
  },
  {
    metric: 'server_generation_tokens',
    type: 'counter',
    contains: 'default',
    unit: 'tokens',
    sources: [
      c('vllm:generation_tokens_total'),
      c('sglang:generation_tokens_total'),
      { name: 'tgi_request_generated_tokens', kind: 'histogram-sum', scale: 1 },
    ],
  },
  {
    metric: 'server_queue_time',
    type: 'trend',
    contains: 'time',
    unit: 'ms (mean per interval)',
    sources: [
      { name: 'vllm:request_queue_time_seconds', kind: 'histogram-mean', scale: 1000 },
      { name: 'sglang:queue_time_seconds', kind: 'histogram-mean', scale: 1000 },
      { name: 'tgi_request_queue_duration', kind: 'histogram-mean', scale: 1000 },
    ],
  },
];

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
