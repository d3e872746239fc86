import { describe, expect, test } from 'vitest';
import { llmDelta, captureLlm, mergeLlm } from '../../runtime/distributed/llm-state.js';
import { checkRawExport } from '../../runtime/distributed/raw-export.js';
import { captureState, createDeltaEngine, mergeState, type RawState } from '../../runtime/distributed/raw-state.js';
import { LlmRunStats } from '../../runtime/llm/run-stats.js';
import type { Measurement } from '../../runtime/llm/measure.js';
import { registerBuiltins } from '../../runtime/metrics/builtins.js';
import { MetricsEngine } from '../../runtime/metrics/engine.js';
import { MetricRegistry } from '../../runtime/metrics/metric-registry.js';
import { TrendSink } from '../../runtime/metrics/trend-sink.js';
import type { Sample } from '../../runtime/metrics/types.js';
import { buildSummaryData } from '../../runtime/summary/summary-data.js';

/** Deterministic PRNG (mulberry32): failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATS = ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'count', 'sum'];
/** JSON on the wire, as agents and files carry it. */
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function registry(): MetricRegistry {
  const r = new MetricRegistry();
  registerBuiltins(r);
  r.define('my_trend', 'trend', 'default');
  r.define('my_gauge', 'gauge', 'default');
  return r;
}

describe('TrendSink toRaw/fromRaw', () => {
  for (const seed of [1, 2, 3]) {
    test(`merging parts equals one sink fed all samples (seed ${seed}, negatives, lognormal latencies)`, () => {
      const next = rng(seed);
      const all = new TrendSink();
      const parts = [new TrendSink(), new TrendSink(), new TrendSink()];
      for (let i = 0; i < 20_000; i++) {
        // A latency spread over 4 decades, some negatives, some exact small values; dyadic so sums are exact in any order.
        const u = next();
        const v = u < 0.1 ? -Math.round(next() * 8192) / 64 : u < 0.2 ? Math.round(next() * 16) / 8 : Math.round(Math.exp(next() * 9) * 64) / 64;
        all.add(v);
        parts[Math.floor(next() * parts.length)]!.add(v);
      }
      const merged = TrendSink.fromRaw(wire(parts[0]!.toRaw()!));
      merged.mergeRaw(wire(parts[1]!.toRaw()!));
      merged.mergeRaw(wire(parts[2]!.toRaw()!));
      expect(merged.values(0, STATS)).toEqual(all.values(0, STATS));
      expect(all.min).toBeLessThan(0);
    });
  }

  test('arbitrary floats: percentiles, count, min, max exact; sum up to addition order', () => {
    const next = rng(7);
    const all = new TrendSink();
    const a = new TrendSink();
    const b = new TrendSink();
    for (let i = 0; i < 5000; i++) {
      const v = (next() - 0.2) * 1000 * next();
      all.add(v);
      (i % 3 === 0 ? a : b).add(v);
    }
    const merged = TrendSink.fromRaw(wire(a.toRaw()!));
    merged.mergeRaw(wire(b.toRaw()!));
    const { sum, avg, ...rest } = merged.values(0, STATS);
    const { sum: sumAll, avg: avgAll, ...restAll } = all.values(0, STATS);
    expect(rest).toEqual(restAll);
    expect(sum).toBeCloseTo(sumAll!, 6);
    expect(avg).toBeCloseTo(avgAll!, 9);
  });

  test('an empty sink has no raw state; a sink without negatives sends no negative histogram', () => {
    expect(new TrendSink().toRaw()).toBeUndefined();
    const s = new TrendSink();
    s.add(1.5);
    const raw = s.toRaw()!;
    expect(raw.neg).toBeUndefined();
    expect(TrendSink.fromRaw(raw).values(0, STATS)).toEqual(s.values(0, STATS));
  });
});

/** Samples of every metric type with sub-metric tags, groups and checks. */
function randomSamples(seed: number, n: number, t0 = 1_700_000_000_000): Sample[] {
  const next = rng(seed);
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const time = t0 + i * 3;
    const status = next() < 0.9 ? '200' : '500';
    const group = next() < 0.5 ? '::chat' : next() < 0.5 ? '::chat::long' : '';
    const tags = { status, ...(group && { group }) };
    out.push({ metric: 'http_req_duration', time, value: Math.exp(next() * 7), tags });
    out.push({ metric: 'http_reqs', time, value: 1, tags });
    out.push({ metric: 'http_req_failed', time, value: status === '500' ? 1 : 0, tags });
    out.push({ metric: 'my_trend', time, value: (next() - 0.5) * 100, tags });
    out.push({ metric: 'my_gauge', time, value: Math.round(next() * 50), tags: {} });
    out.push({ metric: 'checks', time, value: status === '200' ? 1 : 0, tags: { group, check: next() < 0.5 ? 'ok' : 'has body' } });
  }
  return out;
}

function summaryOf(engine: MetricsEngine) {
  return buildSummaryData({ engine, summaryTrendStats: STATS, testRunDurationMs: 10_000 });
}

function trackThresholdKeys(engine: MetricsEngine): void {
  engine.addSubmetric('http_req_duration{status:200}').pinned = true;
  engine.addSubmetric('http_reqs{status:500}');
}

describe('captureState / mergeState', () => {
  test('merging the states of three engines = one engine fed all samples (every type, sub-metrics, groups, checks)', () => {
    const samples = randomSamples(11, 3000);
    const one = new MetricsEngine(registry(), { batch: false });
    trackThresholdKeys(one);
    const parts = [0, 1, 2].map(() => {
      const e = new MetricsEngine(registry(), { batch: false });
      trackThresholdKeys(e);
      return e;
    });
    samples.forEach((s, i) => {
      one.push(s);
      parts[i % 3]!.push(s);
    });
    const target = new MetricsEngine(registry(), { batch: false });
    // The target tracks nothing yet: metrics and sub-metrics are created from the states.
    for (const p of parts) mergeState(target, wire(captureState(p, { testRunDurationMs: 10_000 })));
    expect(withoutSums(summaryOf(target))).toEqual(withoutSums(summaryOf(one)));
    expect(target.get('http_req_duration{status:200}')!.pinned).toBe(true);
    expect(target.rootGroup()).toEqual(one.rootGroup());
  });

  test('repeated 1 s deltas merged = one engine fed every sample', () => {
    const samples = randomSamples(12, 4000);
    const one = new MetricsEngine(registry(), { batch: false });
    trackThresholdKeys(one);
    const agent = new MetricsEngine(registry(), { batch: false });
    trackThresholdKeys(agent);
    const coordinator = new MetricsEngine(registry(), { batch: false });
    let delta = createDeltaEngine(agent);
    let pushes = 0;
    let second = Math.floor(samples[0]!.time / 1000);
    for (const s of samples) {
      if (Math.floor(s.time / 1000) !== second) {
        mergeState(coordinator, wire(captureState(delta, { testRunDurationMs: 0 })));
        pushes++;
        delta = createDeltaEngine(agent);
        second = Math.floor(s.time / 1000);
      }
      one.push(s);
      agent.push(s);
      delta.push(s);
    }
    mergeState(coordinator, wire(captureState(delta, { testRunDurationMs: 0 })));
    expect(pushes).toBeGreaterThan(10);
    expect(withoutSums(summaryOf(coordinator))).toEqual(withoutSums(summaryOf(one)));
    expect(summaryOf(coordinator).metrics.http_reqs!.values.count).toBe(4000);
  });

  test('gauges keep the latest value by sample time, whatever the merge order', () => {
    const reg = registry();
    const early = new MetricsEngine(reg, { batch: false });
    const late = new MetricsEngine(reg, { batch: false });
    early.push({ metric: 'my_gauge', time: 1000, value: 7, tags: {} });
    early.push({ metric: 'my_gauge', time: 3000, value: 1, tags: {} });
    late.push({ metric: 'my_gauge', time: 2000, value: 99, tags: {} });
    late.push({ metric: 'my_gauge', time: 4000, value: 5, tags: {} });
    for (const order of [
      [early, late],
      [late, early],
    ]) {
      const target = new MetricsEngine(reg, { batch: false });
      for (const e of order) mergeState(target, captureState(e, { testRunDurationMs: 0 }));
      expect(target.get('my_gauge')!.sink.values(0)).toEqual({ value: 5, min: 1, max: 99 });
    }
  });

  test('a metric the target defines differently is refused', () => {
    const src = new MetricsEngine(registry(), { batch: false });
    src.push({ metric: 'my_trend', time: 1, value: 1, tags: {} });
    const other = new MetricRegistry();
    other.define('my_trend', 'counter');
    expect(() => mergeState(new MetricsEngine(other), captureState(src, { testRunDurationMs: 0 }))).toThrow(/my_trend/);
  });
});

/** Float sums depend on addition order: compared separately (to 1e-9 relative). */
function withoutSums(data: ReturnType<typeof summaryOf>) {
  const metrics: Record<string, unknown> = {};
  for (const [k, m] of Object.entries(data.metrics)) {
    const { sum, avg, ...values } = m.values;
    metrics[k] = {
      ...m,
      values,
      sum: sum === undefined ? undefined : Number(sum.toPrecision(10)),
      avg: avg === undefined ? undefined : Number(avg.toPrecision(10)),
    };
  }
  return { ...data, metrics };
}

function measurement(next: () => number, t: number): { m: Measurement; good: boolean } {
  const u = next();
  const error = u < 0.1 ? { type: 'timeout' } : u < 0.15 ? { type: 'http_5xx' } : u < 0.2 ? { type: 'cancelled' } : undefined;
  const output = 1 + Math.floor(next() * 200);
  const client = next() < 0.3 ? output + Math.floor((next() - 0.5) * 6) : undefined;
  const m = {
    exchange: { start: t, end: t + 50 + next() * 900, retries: next() < 0.05 ? 1 : 0 },
    result: { error, reasoning: next() < 0.1 ? 'hmm' : '' },
    tokens: error ? undefined : { prompt: 100 + Math.floor(next() * 50), output, clientOutput: client },
  } as unknown as Measurement;
  return { m, good: next() < 0.7 };
}

describe('LlmRunStats capture / merge', () => {
  test('merged tallies of two processes = one process that saw every request; deltas too', () => {
    const next = rng(5);
    const all = new LlmRunStats();
    const a = new LlmRunStats();
    const b = new LlmRunStats();
    let before: ReturnType<typeof captureLlm> | undefined;
    const viaDeltas = new LlmRunStats();
    for (let i = 0; i < 2000; i++) {
      const { m, good } = measurement(next, 100 + i * 7 + next() * 5);
      all.add(m, good);
      (i % 2 === 0 ? a : b).add(m, good);
      if (i % 2 === 0 && i % 100 === 0) {
        const now = captureLlm(a);
        mergeLlm(viaDeltas, wire(llmDelta(now, before)));
        before = now;
      }
    }
    mergeLlm(viaDeltas, wire(llmDelta(captureLlm(a), before)));
    mergeLlm(viaDeltas, wire(captureLlm(b)));
    const merged = new LlmRunStats();
    mergeLlm(merged, wire(captureLlm(a)));
    mergeLlm(merged, wire(captureLlm(b)));
    const expected = comparable(all);
    expect(expected.errors).toEqual({ timeout: expect.any(Number), http_5xx: expect.any(Number) });
    expect(expected.tokenDiff.differing).toBeGreaterThan(0);
    expect(comparable(merged)).toEqual(expected);
    expect(comparable(viaDeltas)).toEqual(expected);
  });
});

/** The window through epoch ms loses sub-µs precision: compared to 1 µs. */
function comparable(s: LlmRunStats) {
  const raw = captureLlm(s);
  return { ...raw, window: undefined, windowMs: Math.round(s.windowMs() * 1000), errors: Object.fromEntries([...s.errors].sort()) };
}

describe('checkRawExport', () => {
  const valid = (): Record<string, unknown> => {
    const e = new MetricsEngine(registry(), { batch: false });
    e.push({ metric: 'http_req_duration', time: 1, value: 12, tags: {} });
    const state: RawState = captureState(e, { testRunDurationMs: 1000 });
    return {
      ...state,
      kind: 'llmload-summary-raw',
      options: { summaryTrendStats: ['avg'], summaryTimeUnit: '', thresholds: {}, tags: {} },
      definitions: [],
      startTime: 0,
      endTime: 1000,
    };
  };

  test('accepts an export and refuses other files, naming them', () => {
    expect(checkRawExport(valid(), 'a.json').metrics.http_req_duration!.type).toBe('trend');
    expect(() => checkRawExport({ metrics: {}, root_group: {} }, 'summary.json')).toThrow(
      /"summary.json" is not a --summary-export-raw file.*looks like a --summary-export file/,
    );
    expect(() => checkRawExport({ ...valid(), version: 2 }, 'v2.json')).toThrow(/"v2.json".*version 2 is not supported/);
    const bad = valid();
    (bad.metrics as Record<string, { state: unknown }>).http_req_duration!.state = { count: 1, sum: 1, min: 1, max: 'x', pos: '' };
    expect(() => checkRawExport(bad, 'bad.json')).toThrow(/"bad.json".*max must be a finite number/);
  });
});
