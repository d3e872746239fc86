import { describe, expect, it } from 'vitest';
import { parseServerOptions } from '../../plugins/telemetry/server-metrics.js';
import { bump, serverMapping as setup, telemetryFixture as fixture } from '../support/server-mapping.js';

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
    expect(() => parseServerOptions({ url: 'http://x', metrics: [{ name: 'a' }, { name: 'b', as: 'server_a' }] }, where)).toThrow(
      /option "metrics\[1\]\.as" "server_a" is already the name of metrics\[0\]/,
    );
    expect(() => parseServerOptions({ url: 'http://x', metrics: [{ name: 'a', as: 'bad-name' }] }, where)).toThrow(/metrics\[0\]\.as/);
    const o = parseServerOptions({ urls: ['localhost:8000', 'http://h:30000/metrics'], interval: '250ms' }, where)!;
    expect(o.urls).toEqual(['http://localhost:8000/metrics', 'http://h:30000/metrics']);
    expect(o.intervalMs).toBe(250);
  });
});

describe('telemetry.server.metrics "as" a built-in server metric', () => {
  const where = 'option "telemetry.server"';
  const parse = (m: unknown) => () => parseServerOptions({ url: 'http://x', metrics: [m] }, where);

  it('a gauge feeds a reading, a counter or histogram sum a counter, a histogram mean the queue time (in ms)', () => {
    const { scrape, values, samples } = setup([
      { name: 'my_queue_len', as: 'server_requests_waiting' },
      { name: 'my_out_tokens_total', as: 'server_generation_tokens' },
      { name: 'my_in_tokens', as: 'server_prompt_tokens', type: 'histogram' },
      { name: 'my_wait_seconds', as: 'server_queue_time', type: 'histogram' },
      { name: 'my_wait_us', as: 'server_queue_time', type: 'histogram' },
    ]);
    const t0 = 'my_queue_len 7\nmy_out_tokens_total 100\nmy_in_tokens_sum 50\nmy_in_tokens_count 5\nmy_wait_seconds_sum 1\nmy_wait_seconds_count 4\n';
    scrape(t0, 0);
    scrape('my_queue_len 3\nmy_out_tokens_total 164\nmy_in_tokens_sum 90\nmy_in_tokens_count 9\nmy_wait_seconds_sum 1.5\nmy_wait_seconds_count 6\n', 1000);
    expect(values('server_requests_waiting')).toEqual([7, 3]);
    expect(values('server_generation_tokens')).toEqual([64]);
    expect(values('server_prompt_tokens')).toEqual([40]);
    expect(values('server_queue_time')).toEqual([250]); // 0.5 s over 2 requests, in ms
    expect(samples.some((s) => s.metric.startsWith('server_my'))).toBe(false);
    // Microseconds convert too (when it is the family present).
    const us = setup([{ name: 'my_wait_us', as: 'server_queue_time', type: 'histogram' }]);
    us.scrape('my_wait_us_sum 1000\nmy_wait_us_count 1\n', 0);
    us.scrape('my_wait_us_sum 4000\nmy_wait_us_count 2\n', 1000);
    expect(us.values('server_queue_time')).toEqual([3]);
  });

  it("the alias goes before the engines' names: in a scrape that has both, it is the one used", () => {
    const { scrape, values } = setup([{ name: 'my_running', as: 'server_requests_running' }]);
    scrape(fixture('vllm-metrics.txt') + 'my_running 99\n', 0);
    expect(values('server_requests_running')).toEqual([99]);
  });

  it('types and units that do not fit the built-in metric are refused, naming the entry (exit 104)', () => {
    expect(parse({ name: 'q', as: 'server_prompt_tokens', type: 'gauge' })).toThrow(
      'option "telemetry.server": option "metrics[0].type" "server_prompt_tokens" is a counter: alias a counter, or a histogram',
    );
    expect(parse({ name: 'q_total', as: 'server_requests_running' })).toThrow(/metrics\[0\]\.type" "server_requests_running" is a reading: alias a gauge/);
    expect(parse({ name: 'q_total', as: 'server_queue_time' })).toThrow(/metrics\[0\]\.type" "server_queue_time" is a time per request/);
    expect(parse({ name: 'wait', as: 'server_queue_time', type: 'histogram' })).toThrow(
      /metrics\[0\]\.unit" "server_queue_time" is in ms and "wait" does not say its unit/,
    );
    expect(parse({ name: 'wait', as: 'server_queue_time', type: 'histogram', unit: 'h' })).toThrow(/metrics\[0\]\.unit" must be 's', 'ms' or 'us', got "h"/);
    expect(parse({ name: 'q', unit: 's' })).toThrow(/metrics\[0\]\.unit" only applies when "as" names a time metric/);
    const ok = parseServerOptions({ url: 'http://x', metrics: [{ name: 'wait', as: 'server_queue_time', type: 'histogram', unit: 'ms' }] }, where)!;
    expect(ok.extra.aliases.get('server_queue_time')).toEqual([{ name: 'wait', kind: 'histogram-mean', scale: 1 }]);
    expect(ok.extra.specs).toEqual([]);
  });
});
