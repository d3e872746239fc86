import { describe, expect, it } from 'vitest';
import type { MetricType, OutputFinal, Sample } from 'llmload/plugin';
import { BucketRecorder } from '../../plugins/outputs/report/recorder.js';
import { buildReportData } from '../../plugins/outputs/report/report-data.js';
import { renderReportHtml } from '../../plugins/outputs/report/html-page.js';

const TYPES: Record<string, MetricType> = {
  llm_ttft: 'trend',
  llm_e2e: 'trend',
  llm_itl: 'trend',
  llm_reqs: 'counter',
  llm_req_failed: 'rate',
  llm_output_tokens_total: 'counter',
  vus: 'gauge',
};
const typeOf = (m: string) => TYPES[m];
const T0 = 1_700_000_000_000;
const s = (metric: string, time: number, value: number, tags: Record<string, string> = {}): Sample => ({ metric, time, value, tags });

describe('BucketRecorder', () => {
  it('keeps count, sum, min, max, last and the percentiles per 1 s bucket', () => {
    const rec = new BucketRecorder(typeOf);
    const samples: Sample[] = [];
    // Bucket 0: 1..100 ms; bucket 1: 1000 once; bucket 5: nothing but a gauge.
    for (let v = 1; v <= 100; v++) samples.push(s('llm_ttft', T0 + v, v));
    samples.push(s('llm_ttft', T0 + 1500, 1000));
    samples.push(s('vus', T0 + 5000, 3), s('vus', T0 + 5900, 7));
    rec.add(samples);
    const cols = rec.columns();
    const t = cols.llm_ttft!;
    expect(t.t).toEqual([T0 / 1000, T0 / 1000 + 1]);
    expect(t.count).toEqual([100, 1]);
    expect(t.sum).toEqual([5050, 1000]);
    expect(t.min).toEqual([1, 1000]);
    expect(t.max).toEqual([100, 1000]);
    // k6's percentile definition (linear between closest ranks): p50 of 1..100 = 50.5, p99 = 99.01.
    expect(t.p50![0]).toBeCloseTo(50.5, 1);
    expect(t.p99![0]).toBeCloseTo(99.01, 1);
    expect(t.p95![1]).toBe(1000);
    expect(cols.vus!.last).toEqual([7]);
    expect(cols.vus!.min).toEqual([3]);
  });

  it('splits failures by error_type and collects the models', () => {
    const rec = new BucketRecorder(typeOf);
    rec.add([
      s('llm_req_failed', T0, 0, { model: 'a' }),
      s('llm_req_failed', T0 + 1, 1, { model: 'a', error_type: 'timeout' }),
      s('llm_req_failed', T0 + 2, 1, { model: 'b', error_type: 'http_5xx' }),
      s('llm_req_failed', T0 + 3, 1, { model: 'b', error_type: 'timeout' }),
    ]);
    const cols = rec.columns();
    expect(cols.llm_req_failed!.sum).toEqual([3]);
    expect(cols.llm_req_failed!.count).toEqual([4]);
    expect(cols['llm_req_failed{error_type:timeout}']!.count).toEqual([2]);
    expect(cols['llm_req_failed{error_type:http_5xx}']!.count).toEqual([1]);
    expect([...rec.models].sort()).toEqual(['a', 'b']);
  });

  it('closes old buckets as time moves on (late samples still count, percentiles kept)', () => {
    const rec = new BucketRecorder(typeOf);
    rec.add([s('llm_ttft', T0, 10), s('llm_ttft', T0 + 10_000, 20)]);
    rec.add([s('llm_ttft', T0 + 5, 30)]); // late, for a closed bucket
    const t = rec.columns().llm_ttft!;
    expect(t.count).toEqual([2, 1]);
    expect(t.max[0]).toBe(30);
    expect(t.p50![0]).toBe(10);
  });

  it('ignores metrics it cannot type and keeps whole-run distributions as p0..p100', () => {
    const rec = new BucketRecorder(typeOf);
    const samples: Sample[] = [s('unknown_metric', T0, 1)];
    for (let i = 0; i <= 100; i++) samples.push(s('llm_e2e', T0 + i, i * 10));
    rec.add(samples);
    expect(rec.columns().unknown_metric).toBeUndefined();
    const d = rec.distributionsOut().llm_e2e!;
    expect(d.count).toBe(101);
    expect(d.quantiles).toHaveLength(101);
    expect(d.quantiles[0]).toBe(0);
    // HDR buckets: 3 significant digits (TrendSink's precision).
    expect(Math.abs(d.quantiles[50]! - 500) / 500).toBeLessThan(0.001);
    expect(d.quantiles[100]).toBe(1000);
  });
});

/** What a run at `rps` for `seconds` sends the output: per request TTFT, E2E, 16 ITLs, counters; VUs each second. */
function feed(rec: BucketRecorder, rps: number, seconds: number): void {
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let sec = 0; sec < seconds; sec++) {
    const batch: Sample[] = [s('vus', T0 + sec * 1000, 50)];
    for (let r = 0; r < rps; r++) {
      const time = T0 + sec * 1000 + (r * 1000) / rps;
      const tags = { model: 'm' };
      batch.push(s('llm_ttft', time, 50 + rnd() * 100, tags), s('llm_e2e', time, 1000 + rnd() * 500, tags));
      for (let k = 0; k < 16; k++) batch.push(s('llm_itl', time, 10 + rnd() * 20, tags));
      batch.push(s('llm_reqs', time, 1, tags), s('llm_req_failed', time, 0, tags), s('llm_output_tokens_total', time, 128, tags));
    }
    rec.add(batch);
  }
}

function reportSize(seconds: number): number {
  const rec = new BucketRecorder(typeOf);
  feed(rec, 500, seconds);
  const final = {
    script: 'chat.ts',
    startTime: T0,
    endTime: T0 + seconds * 1000,
    testRunDurationMs: seconds * 1000,
    summary: {},
    thresholds: [],
    locate: () => undefined,
  } satisfies OutputFinal;
  return Buffer.byteLength(renderReportHtml(buildReportData(rec, 'size', final)));
}

describe('report size', () => {
  it('grows with the duration, not with the requests: 10 min at 500 req/s is at most 10× a 1 min run', () => {
    const oneMinute = reportSize(60);
    const tenMinutes = reportSize(600);
    console.log(`report size: 1 min ${oneMinute} B, 10 min ${tenMinutes} B (${(tenMinutes / oneMinute).toFixed(2)}×)`);
    // 30 000 vs 300 000 requests (and 16× as many ITL samples): bytes per request would be ≥ 10×.
    expect(tenMinutes).toBeLessThanOrEqual(10 * oneMinute);
    expect(tenMinutes).toBeGreaterThan(oneMinute);
    // Well under a byte per sample: the buckets, not the samples, are stored.
    expect(tenMinutes / (600 * 500 * 21)).toBeLessThan(0.2);
  }, 120_000);
});
