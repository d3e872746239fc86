import { describe, expect, it } from 'vitest';
import { parseSweepConfig } from '../../runtime/sweep/config.js';
import { bracketOf, guidellmRates, linspace, nextSearchStep, type SearchOutcome, type SearchSettings } from '../../runtime/sweep/planner.js';
import { nextStep, type PlannedRow } from '../../runtime/sweep/step-plan.js';

const settings = (over: Partial<SearchSettings> = {}): SearchSettings => ({
  range: [1, 64],
  precision: 1,
  maxSteps: 12,
  integer: true,
  confirm: true,
  ...over,
});

/** Runs the search against an oracle; returns the values asked for and the outcome. */
function search(s: SearchSettings, oracle: (value: number, call: number) => boolean): { asked: number[]; outcome: SearchOutcome } {
  const points: Array<{ value: number; pass: boolean }> = [];
  for (let i = 0; i < 100; i++) {
    const next = nextSearchStep(s, points);
    if ('done' in next) return { asked: points.map((p) => p.value), outcome: next.done };
    points.push({ value: next.value, pass: oracle(next.value, i) });
  }
  throw new Error('the search did not end');
}

describe('guidellm plan', () => {
  it('plans rates 2…9 for r_sync 1, r_thr 9 and 10 steps', () => {
    expect(guidellmRates(1, 9, 10)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('runs a synchronous step, a throughput step, then the rates from their measured throughputs', () => {
    const cfg = parseSweepConfig({ mode: 'guidellm', steps: 10, maxConcurrency: 16 });
    expect(nextStep(cfg, [], false)).toEqual({ value: 1, kind: 'synchronous', variable: 'vus' });
    const sync: PlannedRow = { value: 1, kind: 'synchronous', pass: true, saturated: false, achievedRps: 1, steadyRps: 1.1 };
    expect(nextStep(cfg, [sync], false)).toEqual({ value: 16, kind: 'throughput', variable: 'vus' });
    // The throughput step's steady rate (not its plain mean) ends the linspace.
    const thr: PlannedRow = { value: 16, kind: 'throughput', pass: true, saturated: false, achievedRps: 8.5, steadyRps: 9 };
    const rows = [sync, thr];
    const values: number[] = [];
    for (;;) {
      const n = nextStep(cfg, rows, false);
      if ('end' in n) break;
      values.push(n.value);
      rows.push({ value: n.value, kind: 'rate', pass: true, saturated: false, achievedRps: n.value, steadyRps: n.value });
    }
    expect(values).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows).toHaveLength(10);
  });

  it("stops right after the first failing step with stopOn: ['slo']", () => {
    const cfg = parseSweepConfig({ mode: 'list', values: [4, 1, 2, 8], stopOn: ['slo'] });
    const row = (value: number, pass: boolean): PlannedRow => ({ value, kind: 'vus', pass, saturated: false, achievedRps: 1, steadyRps: null });
    expect(nextStep(cfg, [], false)).toMatchObject({ value: 1 });
    expect(nextStep(cfg, [row(1, true)], false)).toMatchObject({ value: 2 });
    expect(nextStep(cfg, [row(1, true), row(2, false)], false)).toEqual({ end: { reason: 'stop-on-slo', step: 1 } });
    expect(nextStep(parseSweepConfig({ mode: 'list', values: [1, 2] }), [row(1, true), row(2, false)], false)).toEqual({ end: { reason: 'planned' } });
  });
});

describe('slo-search', () => {
  it('doubles, then bisects to the precision, then confirms the max passing value', () => {
    const { asked, outcome } = search(settings({ range: [2, 64] }), (v) => v <= 16);
    expect(asked).toEqual([2, 4, 8, 16, 32, 24, 20, 18, 17, 16]);
    expect(outcome).toMatchObject({ maxPassing: 16, firstFailing: 17, reason: 'converged', contradictions: [] });
    expect(asked.length).toBeLessThanOrEqual(12);
  });

  it('reports a failing first value and an exhausted range', () => {
    expect(search(settings(), () => false).outcome).toMatchObject({ maxPassing: undefined, firstFailing: 1, reason: 'first-failed' });
    const all = search(settings({ range: [1, 20] }), () => true);
    expect(all.asked).toEqual([1, 2, 4, 8, 16, 20, 20]);
    expect(all.outcome).toMatchObject({ maxPassing: 20, firstFailing: undefined, reason: 'range-exhausted' });
  });

  it('stops at maxSteps with the bracket so far', () => {
    const { asked, outcome } = search(settings({ maxSteps: 7 }), (v) => v <= 37);
    expect(asked).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(outcome).toMatchObject({ maxPassing: 32, firstFailing: 64, reason: 'max-steps' });
  });

  it('bisects fractional rates to the precision', () => {
    const { outcome } = search(settings({ range: [1, 64], precision: 0.5, integer: false }), (v) => v <= 10.3);
    expect(outcome.firstFailing! - outcome.maxPassing!).toBeLessThanOrEqual(0.5);
    expect(outcome.maxPassing!).toBeLessThanOrEqual(10.3);
    expect(outcome.firstFailing!).toBeGreaterThan(10.3);
  });

  it('reports a non-monotone oracle and keeps only what held consistently', () => {
    // 16 passes when first measured, fails when confirmed: noise, or a server that is not monotone.
    const flaky = search(settings({ range: [2, 64] }), (v, call) => v < 16 || (v === 16 && call < 5));
    expect(flaky.outcome.contradictions).toEqual([{ passed: 16, failed: 16 }]);
    expect(flaky.outcome.maxPassing).toBe(8);
    expect(flaky.outcome.firstFailing).toBe(16);
    // A scripted oracle: pass, pass, fail, then a higher value passes (replayed, e.g. a resumed sweep).
    const points = [
      { value: 1, pass: true },
      { value: 2, pass: false },
      { value: 4, pass: true },
    ];
    const next = nextSearchStep(settings(), points);
    expect('done' in next && next.done.contradictions).toEqual([{ passed: 4, failed: 2 }]);
    expect(bracketOf(points)).toEqual({ maxPassing: 1, firstFailing: 2 });
  });
});

describe('sweep options', () => {
  it('names the bad option', () => {
    expect(() => parseSweepConfig({ mode: 'bisect' })).toThrow(/options\.sweep.*mode/);
    expect(() => parseSweepConfig({ mode: 'list' })).toThrow(/options\.sweep\.values/);
    expect(() => parseSweepConfig({ stopOn: ['latency'] })).toThrow(/options\.sweep\.stopOn\[0\]/);
    expect(() => parseSweepConfig({ require: { max_passing: 'lots' } })).toThrow(/options\.sweep\.require\.max_passing/);
    expect(() => parseSweepConfig({ stepDuraton: '1s' })).toThrow(/stepDuraton/);
    try {
      parseSweepConfig({ range: [8, 2] });
      expect.unreachable();
    } catch (err) {
      expect((err as { exitCode: number }).exitCode).toBe(104);
    }
  });
});
