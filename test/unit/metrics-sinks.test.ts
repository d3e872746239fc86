import { describe, expect, test } from 'vitest';
import { CounterSink, GaugeSink, RateSink, createSink } from '../../runtime/metrics/sinks.js';
import { TrendSink } from '../../runtime/metrics/trend-sink.js';
import { checkTrendStats, percentileOf } from '../../runtime/metrics/trend-stats.js';

/** Linear interpolation between closest ranks over exact sorted values (the definition we approximate). */
function exactPercentile(sorted: number[], p: number): number {
  const r = (p / 100) * (sorted.length - 1);
  const lo = sorted[Math.floor(r)]!;
  const hi = sorted[Math.ceil(r)]!;
  return lo + (hi - lo) * (r - Math.floor(r));
}

describe('counter, gauge, rate', () => {
  test('counter: count and rate per second of the elapsed run time', () => {
    const c = new CounterSink();
    expect(c.isEmpty()).toBe(true);
    expect(c.values(0)).toEqual({ count: 0, rate: 0 });
    c.add(1);
    c.add(2);
    c.add(3.5);
    expect(c.isEmpty()).toBe(false);
    expect(c.values(2000)).toEqual({ count: 6.5, rate: 3.25 });
  });

  test('gauge: last value, min and max (negatives too)', () => {
    const g = new GaugeSink();
    for (const v of [5, -2, 7, 3]) g.add(v);
    expect(g.values()).toEqual({ value: 3, min: -2, max: 7 });
    const only = new GaugeSink();
    only.add(-4);
    expect(only.values()).toEqual({ value: -4, min: -4, max: -4 });
  });

  test('rate: any non-zero value passes', () => {
    const r = new RateSink();
    for (const v of [1, 0, 1, 1, 0.5]) r.add(v);
    expect(r.values()).toEqual({ rate: 0.8, passes: 4, fails: 1 });
    expect(new RateSink().values()).toEqual({ rate: 0, passes: 0, fails: 0 });
  });

  test('merge adds sinks of the same type and refuses others', () => {
    const a = new CounterSink();
    const b = new CounterSink();
    a.add(2);
    b.add(3);
    a.merge(b);
    expect(a.values(1000)).toEqual({ count: 5, rate: 5 });
    const r1 = new RateSink();
    const r2 = new RateSink();
    r1.add(1);
    r2.add(0);
    r1.merge(r2);
    expect(r1.values()).toEqual({ rate: 0.5, passes: 1, fails: 1 });
    const g1 = new GaugeSink();
    const g2 = new GaugeSink();
    g1.add(10);
    g2.add(-1);
    g2.add(4);
    g1.merge(g2);
    expect(g1.values()).toEqual({ value: 4, min: -1, max: 10 });
    expect(() => a.merge(r1)).toThrow(/cannot merge a rate sink into a counter sink/);
    expect(createSink('trend')).toBeInstanceOf(TrendSink);
  });
});

describe('trend', () => {
  test('count, sum, avg, min, max are exact', () => {
    const t = new TrendSink();
    for (let i = 1; i <= 1000; i++) t.add(i);
    expect(t.values(0, ['count', 'sum', 'avg', 'min', 'max'])).toEqual({ count: 1000, sum: 500500, avg: 500.5, min: 1, max: 1000 });
  });

  test('percentiles of 1..1000 ms are within HDR precision (≤ 0.05 %) of linear interpolation', () => {
    const t = new TrendSink();
    const sorted: number[] = [];
    for (let i = 1; i <= 1000; i++) {
      t.add(i);
      sorted.push(i);
    }
    for (const p of [1, 10, 25, 50, 75, 90, 95, 99, 99.9]) {
      const exact = exactPercentile(sorted, p);
      expect(Math.abs(t.percentile(p) - exact) / exact).toBeLessThanOrEqual(5e-4);
    }
    expect(exactPercentile(sorted, 90)).toBeCloseTo(900.1, 9);
    expect(t.percentile(0)).toBe(1);
    expect(t.percentile(100)).toBe(1000);
    const v = t.values(0, ['med', 'p(50)']);
    expect(v.med).toBe(v['p(50)']);
  });

  test('values below 2.048 units are exact: percentiles of 0.001..2.000', () => {
    const t = new TrendSink();
    for (let i = 1; i <= 2000; i++) t.add(i / 1000);
    // r = 0.5·1999 = 999.5 → between 1.000 and 1.001
    expect(t.percentile(50)).toBeCloseTo(1.0005, 12);
    // r = 0.9·1999 = 1799.1 → 1.8 + 0.1·0.001
    expect(t.percentile(90)).toBeCloseTo(1.8001, 12);
    expect(t.percentile(99.9)).toBeCloseTo(1.998001, 12);
  });

  test('negative and fractional values', () => {
    const t = new TrendSink();
    for (const v of [0.5, -1.5, 2, 0, -0.25]) t.add(v);
    expect(t.values(0, ['avg', 'min', 'med', 'max', 'count'])).toEqual({ avg: 0.15, min: -1.5, med: 0, max: 2, count: 5 });
    expect(t.percentile(10)).toBeCloseTo(-1.0, 12); // -1.5 + 0.4·1.25
    expect(t.percentile(25)).toBeCloseTo(-0.25, 12);
    expect(t.percentile(75)).toBeCloseTo(0.5, 12);
    expect(t.percentile(90)).toBeCloseTo(1.4, 12); // 0.5 + 0.6·1.5
  });

  test('all-negative trend', () => {
    const t = new TrendSink();
    for (const v of [-3, -1, -2]) t.add(v);
    expect(t.values(0, ['min', 'med', 'max', 'avg'])).toEqual({ min: -3, med: -2, max: -1, avg: -2 });
  });

  test('no samples → zeros; one sample → that sample', () => {
    const t = new TrendSink();
    expect(t.values(0)).toEqual({ avg: 0, min: 0, med: 0, max: 0, 'p(90)': 0, 'p(95)': 0 });
    t.add(42.5);
    expect(t.values(0)).toEqual({ avg: 42.5, min: 42.5, med: 42.5, max: 42.5, 'p(90)': 42.5, 'p(95)': 42.5 });
  });

  test('memory does not grow with the number of samples', () => {
    const t = new TrendSink();
    t.add(0);
    t.add(59_999.999);
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 60_000;
    for (let i = 0; i < 10_000; i++) t.add(next());
    const after1e4 = t.footprintBytes();
    for (let i = 0; i < 1_000_000; i++) t.add(next());
    expect(t.values(0, ['count']).count).toBe(1_010_002);
    expect(t.footprintBytes()).toBe(after1e4);
    expect(after1e4).toBeLessThanOrEqual(128 * 1024);
  });

  test('merge of two halves equals the whole', () => {
    const whole = new TrendSink();
    const a = new TrendSink();
    const b = new TrendSink();
    for (let i = 1; i <= 500; i++) {
      whole.add(i);
      whole.add(-i / 10);
      a.add(i);
      b.add(-i / 10);
    }
    a.merge(b);
    const stats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(99.9)', 'count'];
    expect(a.values(0, stats)).toEqual(whole.values(0, stats));
  });

  test('trend stat names', () => {
    expect(percentileOf('p(99.9)')).toBe(99.9);
    expect(percentileOf('p(101)')).toBeUndefined();
    expect(percentileOf('avg')).toBeUndefined();
    expect(checkTrendStats(['avg', 'p(95)', 'count'])).toBeUndefined();
    expect(checkTrendStats(['avg', 'p95'])).toBe('unknown trend stat "p95" (expected avg, min, med, max, count, sum or p(N) with 0 <= N <= 100)');
  });
});
