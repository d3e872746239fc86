import { describe, expect, test } from 'vitest';
import { LlmloadError } from '../../runtime/errors.js';
import { BUILTIN_METRICS, registerBuiltins } from '../../runtime/metrics/builtins.js';
import { MetricsEngine } from '../../runtime/metrics/engine.js';
import { parseMetricKey } from '../../runtime/metrics/metric-key.js';
import { MetricRegistry } from '../../runtime/metrics/metric-registry.js';
import type { Sample } from '../../runtime/metrics/types.js';

function setup() {
  const registry = new MetricRegistry();
  registerBuiltins(registry);
  return { registry, engine: new MetricsEngine(registry) };
}
const s = (metric: string, value: number, tags: Record<string, string> = {}, time = 1000): Sample => ({ metric, time, value, tags });

describe('registry', () => {
  test('built-ins are defined with k6 types', () => {
    const { registry } = setup();
    expect(registry.all()).toHaveLength(BUILTIN_METRICS.length);
    expect(registry.get('http_req_duration')).toEqual({ name: 'http_req_duration', type: 'trend', contains: 'time' });
    expect(registry.get('data_sent')).toEqual({ name: 'data_sent', type: 'counter', contains: 'data' });
    expect(registry.get('checks')).toEqual({ name: 'checks', type: 'rate', contains: 'default' });
    expect(registry.get('vus_max')).toEqual({ name: 'vus_max', type: 'gauge', contains: 'default' });
    expect(registry.get('iteration_schedule_lag')).toEqual({ name: 'iteration_schedule_lag', type: 'trend', contains: 'time' });
    expect(registry.get('interrupted_iterations')).toEqual({ name: 'interrupted_iterations', type: 'counter', contains: 'default' });
  });

  test('define is idempotent for the same definition and rejects clashes and bad names', () => {
    const { registry } = setup();
    const a = registry.define('llm_ttft', 'trend', 'time');
    expect(registry.define('llm_ttft', 'trend', 'time')).toBe(a);
    expect(() => registry.define('llm_ttft', 'counter')).toThrow('metric "llm_ttft" already exists as a trend, it cannot be redefined as a counter');
    expect(() => registry.define('llm_ttft', 'trend', 'default')).toThrow(/value type "time"/);
    expect(() => registry.define('1abc', 'counter')).toThrow(LlmloadError);
    expect(() => registry.define('a-b', 'counter')).toThrow(/invalid metric name "a-b"/);
    expect(() => registry.define('a'.repeat(129), 'counter')).toThrow(/invalid metric name/);
    expect(registry.define('_' + 'a'.repeat(127), 'counter').name).toHaveLength(128);
  });
});

describe('metric keys', () => {
  test('plain and tagged, quoted values, spaces', () => {
    expect(parseMetricKey('http_reqs')).toEqual({ key: 'http_reqs', name: 'http_reqs', tags: undefined });
    expect(parseMetricKey(` http_req_duration{status:"200", method : 'GET'} `)).toEqual({
      key: `http_req_duration{status:"200", method : 'GET'}`,
      name: 'http_req_duration',
      tags: { status: '200', method: 'GET' },
    });
    expect(parseMetricKey('m{url:http://x:8080/a}').tags).toEqual({ url: 'http://x:8080/a' });
    expect(parseMetricKey('m{flag}').tags).toEqual({ flag: '' });
    expect(() => parseMetricKey('m{a:1')).toThrow('missing closing "}"');
    expect(() => parseMetricKey('m{}')).toThrow('empty tag filter "{}"');
  });
});

describe('engine', () => {
  test('aggregates samples into metrics and matching sub-metrics', () => {
    const { engine } = setup();
    const ok = engine.addSubmetric('http_req_duration{status:200}');
    const okGet = engine.addSubmetric('http_req_duration{ method:GET, status:"200" }');
    expect(engine.addSubmetric("http_req_duration{status:'200'}")).toBe(ok);
    expect(engine.get("http_req_duration{status:'200'}")).toBe(ok);
    engine.push(s('http_req_duration', 10, { status: '200', method: 'GET' }));
    engine.push(s('http_req_duration', 20, { status: '200', method: 'POST' }));
    engine.push(s('http_req_duration', 30, { status: '500', method: 'GET' }));
    engine.push(s('http_req_duration', 40, {}));
    expect(engine.get('http_req_duration')!.sink.values(0, ['count', 'sum'])).toEqual({ count: 4, sum: 100 });
    expect(ok.sink.values(0, ['count', 'sum'])).toEqual({ count: 2, sum: 30 });
    expect(okGet.sink.values(0, ['count', 'sum'])).toEqual({ count: 1, sum: 10 });
    expect(ok.parent).toBe('http_req_duration');
    expect(ok.tags).toEqual({ status: '200' });
  });

  test('unknown metrics and non-finite values are refused', () => {
    const { engine } = setup();
    expect(() => engine.push(s('nope', 1))).toThrow('metric "nope" is not defined (define it before pushing samples)');
    expect(() => engine.addSubmetric('nope{a:1}')).toThrow(/"nope" is not defined/);
    expect(() => engine.push(s('iterations', NaN))).toThrow('metric "iterations": sample value NaN is not a finite number');
  });

  test('metrics defined after the engine was created are accepted', () => {
    const { registry, engine } = setup();
    registry.define('tokens', 'counter');
    engine.push(s('tokens', 7));
    expect(engine.get('tokens')!.sink.values(1000)).toEqual({ count: 7, rate: 7 });
  });

  test('drainBatch returns the pending samples in order and starts a new batch', () => {
    const { engine } = setup();
    const a = s('iterations', 1);
    const b = s('vus', 3);
    engine.push(a);
    engine.push(b);
    const batch = engine.drainBatch();
    expect(batch).toEqual([a, b]);
    expect(batch[0]).toBe(a);
    expect(engine.drainBatch()).toEqual([]);
    const quiet = new MetricsEngine(setup().registry, { batch: false });
    quiet.push(a);
    expect(quiet.drainBatch()).toEqual([]);
  });

  test('checks build the group tree with k6 ids', () => {
    const { engine } = setup();
    engine.push(s('checks', 1, { group: '', check: 'status is 200' }));
    engine.push(s('checks', 0, { group: '', check: 'status is 200' }));
    engine.push(s('http_reqs', 1, { group: '::auth::login' }));
    engine.push(s('checks', 1, { group: '::auth', check: 'token ok' }));
    expect(engine.rootGroup()).toEqual({
      name: '',
      path: '',
      id: 'd41d8cd98f00b204e9800998ecf8427e',
      groups: [
        {
          name: 'auth',
          path: '::auth',
          id: '7974aac4a665813eaeed4ec3fc0411a7',
          groups: [{ name: 'login', path: '::auth::login', id: '493ea6e0059b7e0601fe0411c3545728', groups: [], checks: [] }],
          checks: [{ name: 'token ok', path: '::auth::token ok', id: 'c871ac7a108b1d76bede86ced1d2d04f', passes: 1, fails: 0 }],
        },
      ],
      checks: [{ name: 'status is 200', path: '::status is 200', id: '6210a8cd14cd70477eba5c5e4cb3fb5f', passes: 1, fails: 1 }],
    });
  });

  test('snapshot lists metrics with samples and pinned ones, sub-metrics after their parent', () => {
    const { engine } = setup();
    const sub = engine.addSubmetric('http_req_failed{scenario:a}');
    engine.addSubmetric('http_reqs{scenario:a}');
    engine.push(s('http_req_failed', 1, { scenario: 'b' }));
    engine.push(s('iterations', 2));
    expect(engine.snapshot(2000).map((m) => m.key)).toEqual(['http_req_failed', 'iterations']);
    sub.pinned = true;
    const snap = engine.snapshot(2000);
    expect(snap).toEqual([
      { key: 'http_req_failed', type: 'rate', contains: 'default', values: { rate: 1, passes: 1, fails: 0 }, empty: false },
      {
        key: 'http_req_failed{scenario:a}',
        type: 'rate',
        contains: 'default',
        values: { rate: 0, passes: 0, fails: 0 },
        empty: true,
        parent: 'http_req_failed',
        tags: { scenario: 'a' },
      },
      { key: 'iterations', type: 'counter', contains: 'default', values: { count: 2, rate: 1 }, empty: false },
    ]);
  });

  test('push is fast enough for the hot path (200k samples with 3 sub-metrics)', () => {
    const { engine } = setup();
    engine.addSubmetric('http_req_duration{status:200}');
    engine.addSubmetric('http_req_duration{scenario:a,status:500}');
    engine.addSubmetric('http_req_duration{expected_response:true}');
    const tags = { scenario: 'a', group: '', status: '200', expected_response: 'true', method: 'GET', url: 'http://x/' };
    const t0 = performance.now();
    for (let i = 0; i < 200_000; i++) {
      engine.push({ metric: 'http_req_duration', time: i, value: (i % 1000) + 0.5, tags });
      if (i % 1000 === 0) engine.drainBatch();
    }
    const ms = performance.now() - t0;
    expect(engine.get('http_req_duration{status:200}')!.sink.values(0, ['count']).count).toBe(200_000);
    expect(engine.get('http_req_duration{scenario:a,status:500}')!.sink.isEmpty()).toBe(true);
    expect(ms).toBeLessThan(2000);
  });
});
