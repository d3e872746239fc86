import { describe, expect, it } from 'vitest';
import { errorText } from '../../plugins/telemetry/scrape-loop.js';
import { readServerBody } from '../../plugins/telemetry/server-body.js';
import { neverSeenWarnings } from '../../plugins/telemetry/server-extra.js';
import { roundingOf } from '../../plugins/telemetry/server-mapper.js';
import { serverSummary } from '../../plugins/telemetry/server-summary.js';
import type { SectionContext } from '../../runtime/summary/sections.js';
import { bump, serverMapping, setValue, telemetryFixture as fixture } from '../support/server-mapping.js';

/** The server_* metrics a scrape sequence emitted, each with its values. */
function emitted(samples: Array<{ metric: string; value: number }>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const s of samples) (out[s.metric] ??= []).push(s.value);
  return out;
}

describe('golden /metrics captures map to the server_* metrics', () => {
  it('llama.cpp (llama-server --metrics): requests, deferred requests and token counters; no labels', () => {
    const { scrape, samples } = serverMapping();
    const t0 = fixture('llamacpp-metrics.txt');
    const first = scrape(t0, 0);
    expect(first.engines).toEqual(new Set(['llama.cpp']));
    expect(first.matched).toBe(4);
    let t1 = bump(t0, 'llamacpp:prompt_tokens_total', 1024);
    t1 = bump(t1, 'llamacpp:tokens_predicted_total', 256);
    t1 = bump(t1, 'llamacpp:prompt_seconds_total', 0.5);
    t1 = setValue(t1, 'llamacpp:requests_processing', '1');
    t1 = setValue(t1, 'llamacpp:requests_deferred', '0');
    scrape(t1, 1000);
    expect(emitted(samples)).toEqual({
      server_requests_running: [4, 1],
      server_requests_waiting: [2, 0],
      server_prompt_tokens: [1024],
      server_generation_tokens: [256],
    });
    expect(samples[0]!.tags).toEqual({ testid: 't', host: 's:8000' });
  });

  it('llama.cpp before mid-2025: the KV-cache gauge too; counters past 999,999 are rounded to 6 digits, and say so', () => {
    const { scrape, samples, mapper } = serverMapping();
    const t0 = fixture('llamacpp-metrics-2024.txt');
    scrape(t0, 0);
    // 1,234,567 + 4,096 prompt tokens and 987,654 + 12,500 generated, printed as the server prints them.
    let t1 = setValue(t0, 'llamacpp:prompt_tokens_total', '1.23866e+06');
    t1 = setValue(t1, 'llamacpp:tokens_predicted_total', '1.00015e+06');
    scrape(t1, 1000);
    expect(emitted(samples)).toEqual({
      server_requests_running: [4, 4],
      server_requests_waiting: [7, 7],
      server_kv_cache_usage: [0.257812, 0.257812],
      server_prompt_tokens: [4090],
      server_generation_tokens: [12496],
    });
    expect(mapper.uncertainty('server_prompt_tokens')).toBe(10); // ±5 at each end
    expect(mapper.uncertainty('server_generation_tokens')).toBe(5); // exact at the start
    expect(mapper.uncertainty('server_requests_running')).toBe(0);
  });

  it('Triton with the TensorRT-LLM backend: label-selected gauges, token histograms; other models and readings left out', () => {
    const { scrape, samples } = serverMapping();
    const t0 = fixture('triton-trtllm-metrics.txt');
    expect(scrape(t0, 0).engines).toEqual(new Set(['Triton TensorRT-LLM']));
    let t1 = bump(t0, 'nv_llm_output_token_len_sum', 1280);
    t1 = bump(t1, 'nv_llm_output_token_len_count', 10);
    t1 = bump(t1, 'nv_llm_input_token_len_sum', 5120);
    t1 = bump(t1, 'nv_llm_input_token_len_count', 10);
    t1 = bump(t1, 'nv_inference_request_success', 10);
    scrape(t1, 1000);
    expect(emitted(samples)).toEqual({
      server_requests_running: [9, 9],
      server_requests_waiting: [3, 3],
      server_kv_cache_usage: [0.3125, 0.3125],
      server_prompt_tokens: [5120],
      server_generation_tokens: [1280],
    });
    expect(samples.find((s) => s.metric === 'server_generation_tokens')!.tags).toEqual({ testid: 't', host: 's:8000', model: 'tensorrt_llm' });
  });

  it('Triton backends without the "fraction" reading: KV-cache usage is used / max blocks', () => {
    const { scrape, values } = serverMapping();
    const old = fixture('triton-trtllm-metrics.txt')
      .split('\n')
      .filter((l) => !l.includes('kv_cache_block_type="fraction"'))
      .join('\n');
    scrape(old, 0);
    scrape(setValue(old, 'nv_trt_llm_kv_cache_block_metrics', '3000', 'kv_cache_block_type="used"'), 1000);
    expect(values('server_kv_cache_usage')).toEqual([0.3125, 0.75]);
  });

  it('TensorRT-LLM trtllm-serve: trtllm_* gauges, token counters and queue time; _created series ignored', () => {
    const { scrape, samples } = serverMapping();
    const t0 = fixture('trtllm-serve-metrics.txt');
    expect(scrape(t0, 0).engines).toEqual(new Set(['TensorRT-LLM']));
    let t1 = bump(t0, 'trtllm_prompt_tokens_total', 5120);
    t1 = bump(t1, 'trtllm_generation_tokens_total', 1280);
    t1 = bump(t1, 'trtllm_request_queue_time_seconds_sum', 0.3);
    t1 = bump(t1, 'trtllm_request_queue_time_seconds_count', 2);
    t1 = bump(t1, 'trtllm_prompt_tokens_created', 1000);
    scrape(t1, 1000);
    const got = emitted(samples);
    expect(got.server_queue_time![0]).toBeCloseTo(150, 9);
    delete got.server_queue_time;
    expect(got).toEqual({
      server_requests_running: [9, 9],
      server_requests_waiting: [3, 3],
      server_kv_cache_usage: [0.421875, 0.421875],
      server_prompt_tokens: [5120],
      server_generation_tokens: [1280],
    });
    expect(samples[0]!.tags).toEqual({ testid: 't', host: 's:8000', model: 'meta-llama/Llama-3.1-8B-Instruct' });
  });

  it('LMDeploy (--enable-metrics): lmdeploy:* gauges, token counters and queue time, tagged model and engine', () => {
    const { scrape, samples } = serverMapping();
    const t0 = fixture('lmdeploy-metrics.txt');
    expect(scrape(t0, 0).engines).toEqual(new Set(['LMDeploy']));
    let t1 = bump(t0, 'lmdeploy:prompt_tokens_total', 2048);
    t1 = bump(t1, 'lmdeploy:generation_tokens_total', 1024);
    t1 = bump(t1, 'lmdeploy:request_queue_time_seconds_sum', 0.5);
    t1 = bump(t1, 'lmdeploy:request_queue_time_seconds_count', 5);
    scrape(t1, 1000);
    const got = emitted(samples);
    expect(got.server_queue_time![0]).toBeCloseTo(100, 9);
    delete got.server_queue_time;
    expect(got).toEqual({
      server_requests_running: [8, 8],
      server_requests_waiting: [2, 2],
      server_kv_cache_usage: [0.5625, 0.5625],
      server_prompt_tokens: [2048],
      server_generation_tokens: [1024],
    });
    expect(samples[0]!.tags).toEqual({ testid: 't', host: 's:8000', model: 'internlm/internlm2_5-7b-chat', engine: '0' });
  });

  it('vLLM: every built-in metric from one capture', () => {
    const { scrape, samples } = serverMapping();
    const t0 = fixture('vllm-metrics.txt');
    expect(scrape(t0, 0).engines).toEqual(new Set(['vLLM']));
    let t1 = bump(t0, 'vllm:prompt_tokens_total', 4096);
    t1 = bump(t1, 'vllm:generation_tokens_total', 1000);
    t1 = bump(t1, 'vllm:num_preemptions_total', 1);
    t1 = bump(t1, 'vllm:request_queue_time_seconds_sum', 0.5);
    t1 = bump(t1, 'vllm:request_queue_time_seconds_count', 10);
    scrape(t1, 1000);
    const got = emitted(samples);
    expect(got.server_queue_time![0]).toBeCloseTo(50, 9);
    delete got.server_queue_time;
    expect(got).toEqual({
      server_requests_running: [12, 12],
      server_requests_waiting: [3, 3],
      server_kv_cache_usage: [0.4375, 0.4375],
      server_preemptions: [1],
      server_prompt_tokens: [4096],
      server_generation_tokens: [1000],
    });
  });

  it('a capture with no family llmload knows matches nothing', () => {
    const { scrape, samples } = serverMapping();
    const r = scrape(fixture('dcgm-issue.txt'), 0);
    expect(r).toEqual({ samples: 0, matched: 0, engines: new Set() });
    expect(samples).toEqual([]);
  });
});

describe('server metrics helpers', () => {
  it('rounding of whole numbers printed to N significant digits', () => {
    expect(roundingOf(999_999, 6)).toBe(0);
    expect(roundingOf(1.23457e6, 6)).toBe(5);
    expect(roundingOf(1e6, 6)).toBe(5);
    expect(roundingOf(1.2e7, 6)).toBe(50);
    expect(roundingOf(-1.5e8, 6)).toBe(500);
  });

  it("an error answer's own words: llama-server started without --metrics says what to do", () => {
    const body = JSON.stringify({
      error: { code: 501, message: 'This server does not support metrics endpoint. Start it with `--metrics`', type: 'not_supported_error' },
    });
    expect(errorText(body)).toBe('This server does not support metrics endpoint. Start it with `--metrics`');
    expect(errorText('404 page not found\n')).toBe('404 page not found');
    expect(errorText('')).toBe('');
    expect(errorText('x'.repeat(300))).toBe(`${'x'.repeat(160)}…`);
  });

  it('bodies that are not Prometheus text are named, with the trtllm-serve hint for a JSON /metrics', () => {
    expect(readServerBody('', 'http://h/metrics')).toEqual({ problem: 'an empty body, not Prometheus text' });
    expect(readServerBody('{"iter": 1}', 'http://h:8000/metrics').problem).toBe(
      "a JSON body, not Prometheus text (trtllm-serve's /metrics is JSON: its Prometheus metrics are at /prometheus/metrics)",
    );
    expect(readServerBody('[{"iter": 1}]', 'http://h:8000/prometheus/metrics').problem).toBe('a JSON body, not Prometheus text');
    expect(readServerBody('<!doctype html><html>', 'http://h/').problem).toMatch(/^an HTML body/);
    expect(readServerBody('# just a comment\n', 'http://h/metrics').problem).toBe('no metrics in its answer');
    const ok = readServerBody(fixture('llamacpp-metrics.txt'), 'http://h/metrics');
    expect(ok.problem).toBeUndefined();
    expect(ok.problem === undefined && ok.series.length).toBe(11);
  });

  it('listed families that never appeared: a histogram listed as a gauge, a near name, or absent', () => {
    const { opts, scrape, mapper } = serverMapping([
      'vllm:time_to_first_token_seconds',
      'vllm:prefix_cache_hit_total',
      'sglang:cache_hit_rate',
      { name: 'vllm:num_requests_running', type: 'histogram' },
      'vllm:prompt_tokens_total',
    ]);
    scrape(fixture('vllm-metrics.txt'), 0);
    const served = new Map([
      ['vllm_time_to_first_token_seconds', { name: 'vllm:time_to_first_token_seconds', type: 'histogram' }],
      ['vllm_prefix_cache_hits', { name: 'vllm:prefix_cache_hits_total', type: 'counter' }],
      ['vllm_num_requests_running', { name: 'vllm:num_requests_running', type: 'gauge' }],
      ['vllm_prompt_tokens', { name: 'vllm:prompt_tokens_total', type: 'counter' }],
    ]);
    expect(neverSeenWarnings(opts.extra.listed, mapper.seen, served, 3)).toEqual([
      `metrics[0] "vllm:time_to_first_token_seconds" never appeared in 3 answered scrapes (it is a histogram: give type: 'histogram'), so server_vllm_time_to_first_token_seconds has no samples from it`,
      'metrics[1] "vllm:prefix_cache_hit_total" never appeared in 3 answered scrapes (did you mean "vllm:prefix_cache_hits_total"?), so server_vllm_prefix_cache_hit has no samples from it',
      'metrics[2] "sglang:cache_hit_rate" never appeared in 3 answered scrapes (the server does not serve it), so server_sglang_cache_hit_rate has no samples from it',
      'metrics[3] "vllm:num_requests_running" never appeared in 3 answered scrapes (it is a gauge, not a histogram: give its type), so server_vllm_num_requests_running has no samples from it',
    ]);
    expect(neverSeenWarnings(opts.extra.listed, mapper.seen, served, 0)).toEqual([]);
  });
});

describe('SERVER METRICS summary', () => {
  const ctx = (counts: Record<string, number>) =>
    ({
      data: { metrics: Object.fromEntries(Object.entries(counts).map(([k, count]) => [k, { values: { count } }])) },
      testRunDurationMs: 1000,
    }) as unknown as SectionContext;

  it("one row per URL (engine, or why an answer had nothing), then server tokens beside the client's, with the rounding", () => {
    const section = serverSummary(
      {
        counts: new Map([
          ['http://a/metrics', { ok: 12, failed: 0 }],
          ['http://b/metrics', { ok: 12, failed: 1, lastError: 'timed out' }],
          ['http://c/metrics', { ok: 0, failed: 12, lastError: 'HTTP 501: Start it with --metrics' }],
        ]),
        urls: new Map([
          ['http://a/metrics', { engines: new Set(['llama.cpp']), known: 12 }],
          ['http://b/metrics', { engines: new Set<string>(), known: 0, note: 'no metric family llmload knows' }],
          ['http://c/metrics', { engines: new Set<string>(), known: 0 }],
        ]),
        uncertainty: (m) => (m === 'server_prompt_tokens' ? 10 : 0),
      },
      ctx({ server_generation_tokens: 1600, llm_output_tokens_total: 1600, server_prompt_tokens: 1200, llm_prompt_tokens_total: 12800 }),
    );
    expect(section).toEqual({
      title: 'Server metrics',
      rows: [
        { label: 'http://a/metrics', value: '12 scrapes ok (llama.cpp)' },
        { label: 'http://b/metrics', value: '12 scrapes ok, no metric family llmload knows, 1 failed (timed out)' },
        { label: 'http://c/metrics', value: '0 scrapes ok, 12 failed (HTTP 501: Start it with --metrics)' },
        { label: 'generation tokens server / client', value: '1,600 / 1,600' },
        {
          label: 'prompt tokens server / client',
          value: '1,200 ± 10 / 12,800 (llama.cpp counts only the prompt tokens it computed, not a cached prefix it reused)',
        },
      ],
    });
  });

  it('no comparison without both counters', () => {
    const section = serverSummary({ counts: new Map(), urls: new Map(), uncertainty: () => 0 }, ctx({ server_generation_tokens: 5 }));
    expect(section.rows).toEqual([]);
  });
});
