import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../plugins/telemetry/exposition-parser.js';
import { SERVER_METRICS } from '../../plugins/telemetry/server-fields.js';
import { ServerMapper } from '../../plugins/telemetry/server-mapper.js';
import { parseServerOptions } from '../../plugins/telemetry/server-metrics.js';
import type { Sample } from '../../runtime/metrics/types.js';
import { repoRoot } from '../support/cli.js';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/telemetry', name), 'utf8');

function setup(extra: unknown[] = []) {
  const samples: Sample[] = [];
  const opts = parseServerOptions({ url: 'http://s:8000/metrics', metrics: extra }, 'option "telemetry.server"')!;
  const mapper = new ServerMapper([...SERVER_METRICS, ...opts.extra], { push: (s) => samples.push(s) }, { testid: 't' });
  const scrape = (text: string, t: number) => mapper.map(parseExposition(text).series, t, 's:8000');
  const values = (metric: string) => samples.filter((s) => s.metric === metric).map((s) => s.value);
  return { samples, scrape, values };
}

/** Adds `by` to the number after `name{…} ` (or `name `) in an exposition. */
function bump(text: string, name: string, by: number): string {
  const re = new RegExp(`^(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\{[^}]*\\})?) (\\S+)$`, 'm');
  expect(re.test(text), name).toBe(true);
  return text.replace(re, (_, head: string, v: string) => `${head} ${Number(v) + by}`);
}

describe('server /metrics mapping', () => {
  it('vLLM: gauges each scrape, counters and queue time as deltas between scrapes', () => {
    const { scrape, values, samples } = setup();
    const t0 = fixture('vllm-metrics.txt');
    expect(scrape(t0, 0).matched).toBeGreaterThan(0);
    expect(values('server_requests_running')).toEqual([12]);
    expect(values('server_requests_waiting')).toEqual([3]);
    expect(values('server_kv_cache_usage')).toEqual([0.4375]);
    expect(values('server_prompt_tokens')).toEqual([]); // baseline
    let t1 = bump(t0, 'vllm:prompt_tokens_total', 4096);
    t1 = bump(t1, 'vllm:generation_tokens_total', 1000);
    t1 = bump(t1, 'vllm:num_preemptions_total', 1);
    t1 = bump(t1, 'vllm:request_queue_time_seconds_sum', 0.5); // 10 more requests waited 0.5 s in all
    t1 = bump(t1, 'vllm:request_queue_time_seconds_count', 10);
    scrape(t1, 1000);
    expect(values('server_prompt_tokens')).toEqual([4096]);
    expect(values('server_generation_tokens')).toEqual([1000]);
    expect(values('server_preemptions')).toEqual([1]);
    expect(values('server_queue_time')[0]).toBeCloseTo(50, 9); // ms
    const tokens = samples.find((s) => s.metric === 'server_generation_tokens')!;
    expect(tokens.tags).toEqual({ testid: 't', host: 's:8000', model: 'meta-llama/Llama-3.1-8B-Instruct', engine: '0' });
    // No new requests in the next interval: no queue-time sample (0/0 is not a mean).
    scrape(t1, 2000);
    expect(values('server_queue_time')).toHaveLength(1);
    expect(values('server_generation_tokens')).toEqual([1000, 0]);
  });

  it('SGLang names', () => {
    const { scrape, values } = setup();
    const t0 = fixture('sglang-metrics.txt');
    scrape(t0, 0);
    expect(values('server_requests_running')).toEqual([162]);
    expect(values('server_requests_waiting')).toEqual([2826]);
    expect(values('server_kv_cache_usage')).toEqual([0.28]);
    let t1 = bump(t0, 'sglang:generation_tokens_total', 512);
    t1 = bump(t1, 'sglang:num_retracted_requests_total', 2);
    t1 = bump(t1, 'sglang:queue_time_seconds_sum', 3);
    t1 = bump(t1, 'sglang:queue_time_seconds_count', 2);
    scrape(t1, 500);
    expect(values('server_generation_tokens')).toEqual([512]);
    expect(values('server_preemptions')).toEqual([2]);
    expect(values('server_queue_time')).toEqual([1500]);
  });

  it('TGI names: token counters from histogram sums, unlabelled histograms', () => {
    const { scrape, values } = setup();
    const t0 = fixture('tgi-metrics.txt');
    scrape(t0, 0);
    expect(values('server_requests_running')).toEqual([16]);
    expect(values('server_requests_waiting')).toEqual([4]);
    let t1 = bump(t0, 'tgi_request_generated_tokens_sum', 256);
    t1 = bump(t1, 'tgi_request_input_length_sum', 1024);
    t1 = bump(t1, 'tgi_request_queue_duration_sum', 0.1);
    t1 = bump(t1, 'tgi_request_queue_duration_count', 4);
    scrape(t1, 1000);
    expect(values('server_generation_tokens')).toEqual([256]);
    expect(values('server_prompt_tokens')).toEqual([1024]);
    expect(values('server_queue_time')[0]).toBeCloseTo(25, 9);
  });

  it('a server restart (counters go down) counts the new value as the delta', () => {
    const { scrape, values } = setup();
    const t0 = fixture('vllm-metrics.txt');
    scrape(t0, 0);
    scrape(
      t0.replace(
        'vllm:generation_tokens_total{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 25600.0',
        'vllm:generation_tokens_total{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 40.0',
      ),
      1000,
    );
    expect(values('server_generation_tokens')).toEqual([40]);
  });

  it('extra metric names for unknown servers: gauge, counter (by _total or type), histogram mean', () => {
    const { scrape, values } = setup([
      'sglang:cache_hit_rate',
      'vllm:prefix_cache_hits_total',
      { name: 'vllm:time_to_first_token_seconds', as: 'server_ttft_s', type: 'histogram' },
    ]);
    const t0 = fixture('vllm-metrics.txt') + fixture('sglang-metrics.txt');
    scrape(t0, 0);
    expect(values('server_sglang_cache_hit_rate')).toEqual([0.0075]);
    let t1 = bump(t0, 'vllm:prefix_cache_hits_total', 512);
    t1 = bump(t1, 'vllm:time_to_first_token_seconds_sum', 1);
    t1 = bump(t1, 'vllm:time_to_first_token_seconds_count', 4);
    scrape(t1, 1000);
    expect(values('server_vllm_prefix_cache_hits')).toEqual([512]);
    expect(values('server_ttft_s')).toEqual([0.25]);
  });

  it('names compare with ":" as "_" and with or without _total', () => {
    const { scrape, values } = setup();
    scrape('vllm_num_requests_running 5\nvllm_generation_tokens 10\n', 0);
    scrape('vllm_num_requests_running 6\nvllm_generation_tokens 15\n', 1000);
    expect(values('server_requests_running')).toEqual([5, 6]);
    expect(values('server_generation_tokens')).toEqual([5]);
  });
});

describe('server options', () => {
  const where = 'option "telemetry.server"';
  it('needs a URL, rejects unknown keys naming the option, validates extra metrics', () => {
    expect(parseServerOptions(undefined, where)).toBeUndefined();
    expect(() => parseServerOptions({}, where)).toThrow(/option "telemetry.server": option "url" is required/);
    expect(() => parseServerOptions({ url: 'http://x', metric: [] }, where)).toThrow(/unknown option "metric" \(did you mean "metrics"\?\)/);
    expect(() => parseServerOptions({ url: 'http://x', metrics: [{ name: 'a', type: 'summary' }] }, where)).toThrow(/metrics\[0\]\.type/);
    expect(() => parseServerOptions({ url: 'http://x', metrics: [{ name: 'a', as: 'server_queue_time' }] }, where)).toThrow(/built-in/);
    expect(() => parseServerOptions({ url: 'http://x', metrics: [{ name: 'a', as: 'bad-name' }] }, where)).toThrow(/metrics\[0\]\.as/);
    const o = parseServerOptions({ urls: ['localhost:8000', 'http://h:30000/metrics'], interval: '250ms' }, where)!;
    expect(o.urls).toEqual(['http://localhost:8000/metrics', 'http://h:30000/metrics']);
    expect(o.intervalMs).toBe(250);
  });
});
