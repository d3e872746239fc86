import type { ServerSource, SourceKind } from './server-fields.js';

/**
 * Each engine's names for the `server_*` metrics, from the engines' sources and
 * docs:
 * - vLLM `vllm:*`, SGLang `sglang:*`, TGI `tgi_*`;
 * - llama.cpp's `llama-server --metrics` (`llamacpp:*`): counters only move
 *   when a request finishes, the KV-cache gauges exist only in versions before
 *   mid-2025, and values print to 6 significant digits (C++ stream default);
 * - TensorRT-LLM's `trtllm-serve` (`trtllm_*` at /prometheus/metrics; token
 *   counters need `return_perf_metrics`, the rest `enable_iter_perf_stats`);
 * - Triton's TensorRT-LLM backend (`nv_trt_llm_*` gauges with a label per
 *   reading, `nv_llm_*_token_len` histograms per request);
 * - LMDeploy `lmdeploy:*` (`--enable-metrics`).
 * Ollama serves no Prometheus metrics.
 */
type Maker = (name: string, labels?: Record<string, string>) => ServerSource;

function engine(name: string, extra: Partial<ServerSource> = {}) {
  const make =
    (kind: SourceKind, scale = 1): Maker =>
    (n, labels) => ({ name: n, kind, scale, engine: name, ...(labels ? { labels } : {}), ...extra });
  return { g: make('gauge'), c: make('counter'), sum: make('histogram-sum'), ms: make('histogram-mean', 1000) };
}

const vllm = engine('vLLM');
const sglang = engine('SGLang');
const tgi = engine('TGI');
const llamacpp = engine('llama.cpp', { significantDigits: 6 });
const trtllm = engine('TensorRT-LLM');
const triton = engine('Triton TensorRT-LLM');
const lmdeploy = engine('LMDeploy');

const kvBlocks = (type: string) => ({ kv_cache_block_type: type });

/** `server_*` metric → its sources, in order of preference within one scrape. */
export const ENGINE_SOURCES: Readonly<Record<string, ServerSource[]>> = {
  server_requests_running: [
    vllm.g('vllm:num_requests_running'),
    sglang.g('sglang:num_running_reqs'),
    tgi.g('tgi_batch_current_size'),
    llamacpp.g('llamacpp:requests_processing'),
    trtllm.g('trtllm_num_requests_running'),
    // trtllm-serve's num_requests_running is this same executor count (numActiveRequests).
    triton.g('nv_trt_llm_request_metrics', { request_type: 'active' }),
    lmdeploy.g('lmdeploy:num_requests_running'),
  ],
  server_requests_waiting: [
    vllm.g('vllm:num_requests_waiting'),
    sglang.g('sglang:num_queue_reqs'),
    tgi.g('tgi_queue_size'),
    llamacpp.g('llamacpp:requests_deferred'),
    trtllm.g('trtllm_num_requests_waiting'),
    triton.g('nv_trt_llm_request_metrics', { request_type: 'waiting' }),
    lmdeploy.g('lmdeploy:num_requests_waiting'),
  ],
  server_kv_cache_usage: [
    vllm.g('vllm:kv_cache_usage_perc'),
    vllm.g('vllm:gpu_cache_usage_perc'),
    sglang.g('sglang:token_usage'),
    llamacpp.g('llamacpp:kv_cache_usage_ratio'),
    trtllm.g('trtllm_kv_cache_utilization'),
    triton.g('nv_trt_llm_kv_cache_block_metrics', kvBlocks('fraction')),
    // Backends older than the "fraction" reading: used / max blocks.
    {
      name: 'nv_trt_llm_kv_cache_block_metrics',
      labels: kvBlocks('used'),
      kind: 'gauge-ratio',
      scale: 1,
      per: { name: 'nv_trt_llm_kv_cache_block_metrics', labels: kvBlocks('max') },
      engine: 'Triton TensorRT-LLM',
    },
    lmdeploy.g('lmdeploy:gpu_cache_usage_perc'),
  ],
  server_preemptions: [vllm.c('vllm:num_preemptions_total'), sglang.c('sglang:num_retracted_requests_total')],
  server_prompt_tokens: [
    vllm.c('vllm:prompt_tokens_total'),
    sglang.c('sglang:prompt_tokens_total'),
    tgi.sum('tgi_request_input_length'),
    llamacpp.c('llamacpp:prompt_tokens_total'),
    trtllm.c('trtllm_prompt_tokens_total'),
    triton.sum('nv_llm_input_token_len', { response_metric_type: 'total_input_tokens' }),
    lmdeploy.c('lmdeploy:prompt_tokens_total'),
  ],
  server_generation_tokens: [
    vllm.c('vllm:generation_tokens_total'),
    sglang.c('sglang:generation_tokens_total'),
    tgi.sum('tgi_request_generated_tokens'),
    llamacpp.c('llamacpp:tokens_predicted_total'),
    trtllm.c('trtllm_generation_tokens_total'),
    triton.sum('nv_llm_output_token_len', { response_metric_type: 'total_output_tokens' }),
    lmdeploy.c('lmdeploy:generation_tokens_total'),
  ],
  server_queue_time: [
    vllm.ms('vllm:request_queue_time_seconds'),
    sglang.ms('sglang:queue_time_seconds'),
    tgi.ms('tgi_request_queue_duration'),
    trtllm.ms('trtllm_request_queue_time_seconds'),
    lmdeploy.ms('lmdeploy:request_queue_time_seconds'),
  ],
};
