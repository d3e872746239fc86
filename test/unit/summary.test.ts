import { describe, expect, test } from 'vitest';
import { registerBuiltins } from '../../runtime/metrics/builtins.js';
import { MetricsEngine } from '../../runtime/metrics/engine.js';
import { MetricRegistry } from '../../runtime/metrics/metric-registry.js';
import type { ThresholdSpec } from '../../runtime/options/types.js';
import { humanizeBytes, humanizeDuration, humanizeNumber, percent } from '../../runtime/summary/format.js';
import { buildSummaryData } from '../../runtime/summary/summary-data.js';
import { toSummaryExport } from '../../runtime/summary/summary-export.js';
import { renderTextSummary } from '../../runtime/summary/text-summary.js';
import { createThresholds } from '../../runtime/thresholds/thresholds.js';

// Linear interpolation between ranks 2 and 3 of 0.5 1 1.5 2, written as computed.
const P95 = 1.5 + (2 - 1.5) * (0.95 * 3 - 2);
const P99 = 1.5 + (2 - 1.5) * (0.99 * 3 - 2);
const spec = (threshold: string): ThresholdSpec => ({ threshold, abortOnFail: false, delayAbortEval: 0, allowEmpty: false });

/** A small run: 4 requests, 4 checks (one failed, one in a group), 3 vus samples, 2 s. */
function run() {
  const registry = new MetricRegistry();
  registerBuiltins(registry);
  const engine = new MetricsEngine(registry);
  const thresholds = createThresholds(
    {
      http_req_duration: [spec('p(95)<1'), spec('avg<2'), spec('p(99)<5')],
      'http_req_duration{status:200}': [spec('max<5')],
      checks: [spec('rate>0.5')],
    },
    registry,
    engine,
  );
  const push = (metric: string, value: number, tags: Record<string, string> = {}) => engine.push({ metric, time: 0, value, tags });
  for (const [v, status] of [
    [1, '200'],
    [2, '200'],
    [1.5, '500'],
    [0.5, '200'],
  ] as const) {
    push('http_req_duration', v, { status, group: '' });
    push('http_reqs', 1, { status });
    push('data_received', 2500, { status });
  }
  push('checks', 1, { group: '', check: 'status is 200' });
  push('checks', 1, { group: '', check: 'status is 200' });
  push('checks', 0, { group: '', check: 'status is 200' });
  push('checks', 1, { group: '::login', check: 'has token' });
  for (const v of [1, 3, 2]) push('vus', v);
  const results = thresholds.evaluate(2000, { final: true });
  return buildSummaryData({ engine, registry, thresholds: results, testRunDurationMs: 2000, noColor: true });
}

describe('summary data', () => {
  test("k6's handleSummary shape", () => {
    const data = run();
    expect(Object.keys(data.metrics)).toEqual(['checks', 'data_received', 'http_req_duration', 'http_req_duration{status:200}', 'http_reqs', 'vus']);
    expect(data.metrics.http_req_duration).toEqual({
      type: 'trend',
      contains: 'time',
      // sorted 0.5 1 1.5 2: med r=1.5, p(90) r=2.7, p(95) r=2.85, p(99) r=2.97 (added for its threshold)
      values: { avg: 1.25, min: 0.5, med: 1.25, max: 2, 'p(90)': 1.85, 'p(95)': P95, 'p(99)': P99 },
      thresholds: { 'p(95)<1': { ok: false }, 'avg<2': { ok: true }, 'p(99)<5': { ok: true } },
    });
    expect(data.metrics.checks).toEqual({
      type: 'rate',
      contains: 'default',
      values: { rate: 0.75, passes: 3, fails: 1 },
      thresholds: { 'rate>0.5': { ok: true } },
    });
    expect(data.metrics.vus).toEqual({ type: 'gauge', contains: 'default', values: { value: 2, min: 1, max: 3 } });
    expect(data.options).toEqual({ summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'], summaryTimeUnit: '', noColor: true });
    expect(data.state).toEqual({ isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 2000 });
    expect(data.root_group.checks).toEqual([{ name: 'status is 200', path: '::status is 200', id: '6210a8cd14cd70477eba5c5e4cb3fb5f', passes: 2, fails: 1 }]);
  });

  test('--summary-export: legacy shape, rate → value, thresholds true = failed, checks keyed by name', () => {
    const exported = toSummaryExport(run());
    expect(exported).toEqual({
      root_group: {
        name: '',
        path: '',
        id: 'd41d8cd98f00b204e9800998ecf8427e',
        groups: {
          login: {
            name: 'login',
            path: '::login',
            id: 'a7d10b3a6c9a385ee254f0dbc7f9c8c9',
            groups: {},
            checks: {
              'has token': { name: 'has token', path: '::login::has token', id: '81eb53e60dc45f7bf56533845654042e', passes: 1, fails: 0 },
            },
          },
        },
        checks: {
          'status is 200': { name: 'status is 200', path: '::status is 200', id: '6210a8cd14cd70477eba5c5e4cb3fb5f', passes: 2, fails: 1 },
        },
      },
      metrics: {
        checks: { value: 0.75, passes: 3, fails: 1, thresholds: { 'rate>0.5': false } },
        data_received: { count: 10000, rate: 5000 },
        http_req_duration: {
          avg: 1.25,
          min: 0.5,
          med: 1.25,
          max: 2,
          'p(90)': 1.85,
          'p(95)': P95,
          'p(99)': P99,
          thresholds: { 'p(95)<1': true, 'avg<2': false, 'p(99)<5': false },
        },
        'http_req_duration{status:200}': {
          avg: 3.5 / 3,
          min: 0.5,
          med: 1,
          max: 2,
          'p(90)': 1.8,
          'p(95)': 1.9,
          thresholds: { 'max<5': false },
        },
        http_reqs: { count: 4, rate: 2 },
        vus: { value: 2, min: 1, max: 3 },
      },
      tags: {},
    });
  });

  test('--summary-export carries the run tags, so a result file knows its matrix cell', () => {
    const tags = { model: 'Qwen2.5-7B', gpu: 'H100', gpus: '4', framework: 'vllm', quant: 'fp16', use_case: 'chatbot' };
    expect(toSummaryExport(run(), [], tags).tags).toEqual(tags);
  });
});

describe('text summary', () => {
  test('thresholds, checks and metrics in k6 style, without ANSI when color is false', () => {
    const text = renderTextSummary(run(), { color: false });
    expect(text).not.toContain('\x1b');
    const lines = text.split('\n');
    for (const expected of [
      '  █ THRESHOLDS',
      '    http_req_duration',
      "    ✗ 'p(95)<1' p(95)=1.92ms",
      "    ✓ 'avg<2' avg=1.25ms",
      "    ✓ 'p(99)<5' p(99)=1.98ms",
      '      {status:200}',
      "      ✓ 'max<5' max=2ms",
      "    ✓ 'rate>0.5' rate=75.00%",
      '  █ TOTAL RESULTS',
      '    checks..............: 75.00% 3 out of 4',
      '    ✗ status is 200',
      '      ↳  66% — ✓ 2 / ✗ 1',
      '    HTTP',
      '    http_req_duration...: avg=1.25ms min=500µs med=1.25ms max=2ms p(90)=1.85ms p(95)=1.92ms',
      '      { status:200 }....: avg=1.16ms min=500µs med=1ms    max=2ms p(90)=1.8ms  p(95)=1.9ms',
      '    http_reqs...........: 4      2/s',
      '    EXECUTION',
      '    vus.................: 2      min=1      max=3',
      '    NETWORK',
      '    data_received.......: 10 kB  5.0 kB/s',
      '  █ GROUP: login',
      '    ✓ has token',
    ]) {
      expect(lines).toContain(expected);
    }
  });

  test('ANSI colours when color is true', () => {
    const text = renderTextSummary(run(), { color: true });
    expect(text).toContain('\x1b[32m✓\x1b[0m');
    expect(text).toContain('\x1b[31m✗ status is 200\x1b[0m');
    expect(text).toContain('\x1b[1mTOTAL RESULTS\x1b[0m');
  });

  test('humanized values', () => {
    expect([0, 0.0005, 0.5, 1.234567, 999.999, 1500, 90_000, 3_723_000].map((v) => humanizeDuration(v))).toEqual([
      '0s',
      '500ns',
      '500µs',
      '1.23ms',
      '999.99ms',
      '1.5s',
      '1m30s',
      '1h2m3s',
    ]);
    expect(humanizeDuration(1234.5, 's')).toBe('1.23s');
    expect(humanizeDuration(1.5, 'us')).toBe('1500.00µs');
    expect([5, 1234, 5_400_000, 12_345_678_901].map(humanizeBytes)).toEqual(['5 B', '1.2 kB', '5.4 MB', '12 GB']);
    expect([0.29, 1, 0.123456, 0].map(percent)).toEqual(['29.00%', '100.00%', '12.34%', '0.00%']);
    // Plain numbers: no 6-decimal averages.
    expect([12, 116.55937, 68.821257, 0.0123456, -3.14159].map(humanizeNumber)).toEqual(['12', '116.56', '68.82', '0.0123', '-3.14']);
  });
});
