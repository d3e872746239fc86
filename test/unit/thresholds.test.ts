import { describe, expect, test } from 'vitest';
import { LlmloadError } from '../../runtime/errors.js';
import { registerBuiltins } from '../../runtime/metrics/builtins.js';
import { MetricsEngine } from '../../runtime/metrics/engine.js';
import { MetricRegistry } from '../../runtime/metrics/metric-registry.js';
import type { ThresholdSpec } from '../../runtime/options/types.js';
import { parseThresholdExpression, parseThresholds } from '../../runtime/thresholds/parse.js';
import { createThresholds } from '../../runtime/thresholds/thresholds.js';

const spec = (threshold: string, abortOnFail = false, delayAbortEval = 0, allowEmpty = false): ThresholdSpec => ({
  threshold,
  abortOnFail,
  delayAbortEval,
  allowEmpty,
});

function setup() {
  const registry = new MetricRegistry();
  registerBuiltins(registry);
  registry.define('tokens', 'counter');
  return { registry, engine: new MetricsEngine(registry) };
}

function errorOf(fn: () => unknown): LlmloadError {
  try {
    fn();
  } catch (err) {
    return err as LlmloadError;
  }
  throw new Error('expected an error');
}

describe('threshold expressions', () => {
  test.each([
    ['p(95)<500', 'p', 'p(95)', '<', 500],
    ['p(95) <= 500', 'p', 'p(95)', '<=', 500],
    ['avg>1.5', 'avg', 'avg', '>', 1.5],
    ['  min >= 0 ', 'min', 'min', '>=', 0],
    ['max==3', 'max', 'max', '==', 3],
    ['med === 2', 'med', 'med', '===', 2],
    ['count!=0', 'count', 'count', '!=', 0],
    ['rate<0.01', 'rate', 'rate', '<', 0.01],
    ['value>-2', 'value', 'value', '>', -2],
    ['p(99.9)<1e3', 'p', 'p(99.9)', '<', 1000],
    ['p( 99.90 )<.5', 'p', 'p(99.9)', '<', 0.5],
  ])('%s', (source, method, aggregation, operator, value) => {
    expect(parseThresholdExpression(source)).toMatchObject({ source, method, aggregation, operator, value });
  });

  test('percentile N is kept', () => {
    expect(parseThresholdExpression('p(99.9)<5').percentile).toBe(99.9);
  });

  test.each([
    ['p(95<500', 'malformed percentile "p(95" (expected p(N), e.g. p(95))'],
    ['p(101)<5', 'percentile "p(101)" must be p(N) with 0 <= N <= 100'],
    ['mean<5', 'unknown aggregation "mean" (expected count, rate, value, avg, min, med, max or p(N))'],
    ['avg 5', 'no comparison operator (expected one of < <= > >= == === !=)'],
    ['avg<abc', 'right-hand side "abc" is not a number'],
    ['avg<', 'right-hand side "" is not a number'],
    ['avg=5', 'no comparison operator (expected one of < <= > >= == === !=)'],
  ])('%s is rejected', (source, message) => {
    expect(() => parseThresholdExpression(source)).toThrow(message);
  });
});

describe('threshold validation', () => {
  test('errors name the threshold and the metric', () => {
    const { registry } = setup();
    const e = errorOf(() => parseThresholds({ http_req_duration: [spec('p(95<500')] }, registry));
    expect(e).toBeInstanceOf(LlmloadError);
    expect(e.code).toBe('ERR_INVALID_THRESHOLD');
    expect(e.exitCode).toBe(104);
    expect(e.message).toBe('threshold "p(95<500" on "http_req_duration": malformed percentile "p(95" (expected p(N), e.g. p(95))');
  });

  test('unknown metric, with a suggestion', () => {
    const { registry } = setup();
    expect(() => parseThresholds({ http_req_durations: [spec('p(95)<500')] }, registry)).toThrow(
      'threshold "p(95)<500" on "http_req_durations": no metric named "http_req_durations" (did you mean "http_req_duration"?)',
    );
    expect(() => parseThresholds({ 'zzz{a:1}': [spec('count>1')] }, registry)).toThrow('threshold "count>1" on "zzz{a:1}": no metric named "zzz"');
  });

  test('aggregations must fit the metric type', () => {
    const { registry } = setup();
    const cases: Array<[string, string, string]> = [
      ['http_req_duration', 'rate<1', 'aggregation "rate" does not apply to trend metric "http_req_duration" (use avg, min, med, max, p(N))'],
      ['http_req_duration', 'count>1', 'does not apply to trend metric'],
      ['iterations', 'avg<1', 'aggregation "avg" does not apply to counter metric "iterations" (use count, rate)'],
      ['vus', 'max<1', 'does not apply to gauge metric "vus" (use value)'],
      ['checks', 'value>0', 'does not apply to rate metric "checks" (use rate)'],
    ];
    for (const [metric, expr, message] of cases) {
      expect(() => parseThresholds({ [metric]: [spec(expr)] }, registry)).toThrow(message);
    }
    expect(parseThresholds({ iterations: [spec('count>1'), spec('rate>1')], vus: [spec('value<10')], checks: [spec('rate>0.9')] }, registry)).toHaveLength(4);
  });

  test('malformed metric keys', () => {
    const { registry } = setup();
    expect(() => parseThresholds({ 'http_reqs{status:200': [spec('count>1')] }, registry)).toThrow(
      'thresholds on "http_reqs{status:200": missing closing "}": a sub-metric is written metric{tag:value}',
    );
  });
});

describe('evaluation', () => {
  test('pass and fail on cumulative values, sub-metrics filter by tags', () => {
    const { registry, engine } = setup();
    const th = createThresholds(
      {
        http_req_duration: [spec('p(95)<500'), spec('avg<50')],
        'http_req_duration{status:"500"}': [spec('max<50')],
        http_reqs: [spec('count>=4'), spec('rate>1')],
        http_req_failed: [spec('rate<0.5')],
        vus: [spec('value==3')],
      },
      registry,
      engine,
    );
    for (const [v, status] of [
      [10, '200'],
      [20, '200'],
      [30, '500'],
      [300, '200'],
    ] as const) {
      engine.push({ metric: 'http_req_duration', time: 0, value: v, tags: { status } });
      engine.push({ metric: 'http_reqs', time: 0, value: 1, tags: { status } });
      engine.push({ metric: 'http_req_failed', time: 0, value: status === '500' ? 1 : 0, tags: { status } });
    }
    engine.push({ metric: 'vus', time: 0, value: 3, tags: {} });
    const r = th.evaluate(2000, { final: false });
    expect(r.results.map((x) => [x.metric, x.threshold, x.ok, x.observed])).toEqual([
      // r = 0.95·3 = 2.85 → 30 + 0.85·270 = 259.5 (30 is read back as its bucket median 30.008)
      ['http_req_duration', 'p(95)<500', true, expect.closeTo(259.5, 1)],
      ['http_req_duration', 'avg<50', false, 90],
      ['http_req_duration{status:"500"}', 'max<50', true, 30],
      ['http_reqs', 'count>=4', true, 4],
      ['http_reqs', 'rate>1', true, 2],
      ['http_req_failed', 'rate<0.5', true, 0.25],
      ['vus', 'value==3', true, 3],
    ]);
    expect(r.ok).toBe(false);
    expect(r.failed).toEqual(['http_req_duration']);
    expect(r.shouldAbort).toBeUndefined();
  });

  test('abortOnFail waits for delayAbortEval and never aborts from the final evaluation', () => {
    const { registry, engine } = setup();
    const th = createThresholds({ http_req_duration: [spec('max<100', true, 10_000)], iterations: [spec('count<1', true)] }, registry, engine);
    engine.push({ metric: 'http_req_duration', time: 0, value: 150, tags: {} });
    const early = th.evaluate(5000, { final: false });
    expect(early.ok).toBe(false);
    expect(early.shouldAbort).toBeUndefined();
    expect(th.evaluate(10_000, { final: false }).shouldAbort).toBeUndefined();
    expect(th.evaluate(10_001, { final: false }).shouldAbort).toBe('http_req_duration');
    engine.push({ metric: 'iterations', time: 0, value: 1, tags: {} });
    expect(th.evaluate(12_000, { final: false }).shouldAbort).toBe('http_req_duration, iterations');
    const final = th.evaluate(14_000, { final: true });
    expect(final.shouldAbort).toBeUndefined();
    expect(final.failed).toEqual(['http_req_duration', 'iterations']);
  });

  test('metrics without samples: skipped while running, failed at the end unless allowEmpty', () => {
    const { registry, engine } = setup();
    const th = createThresholds(
      {
        http_req_duration: [spec('p(95)<500'), spec('avg>0', false, 0, true)],
        tokens: [spec('count<1')],
        vus: [spec('value<1', false, 0, true)],
        http_req_failed: [spec('rate<0.01'), spec('rate>0.5')],
        iterations: [spec('count>=0')],
      },
      registry,
      engine,
    );
    const running = th.evaluate(2000, { final: false });
    expect(running.ok).toBe(true);
    expect(running.results.every((r) => !r.evaluated && r.ok && r.observed === undefined && !r.empty)).toBe(true);
    engine.push({ metric: 'iterations', time: 0, value: 0, tags: {} });
    const final = th.evaluate(4000, { final: true });
    expect(final.results.map((r) => [r.threshold, r.ok, r.observed, r.evaluated, r.empty])).toEqual([
      ['p(95)<500', false, undefined, false, true],
      ['avg>0', true, undefined, false, true],
      ['count<1', false, undefined, false, true],
      ['value<1', true, undefined, false, true],
      ['rate<0.01', false, undefined, false, true],
      ['rate>0.5', false, undefined, false, true],
      // A counter that got an explicit 0 was measured: it is evaluated.
      ['count>=0', true, 0, true, false],
    ]);
    expect(final.failed).toEqual(['http_req_duration', 'http_req_failed', 'tokens']);
  });

  test('threshold metrics are pinned for the summary, parents too', () => {
    const { registry, engine } = setup();
    createThresholds({ 'http_req_waiting{scenario:x}': [spec('avg<1')] }, registry, engine);
    expect(engine.snapshot(0).map((m) => m.key)).toEqual(['http_req_waiting', 'http_req_waiting{scenario:x}']);
  });
});
