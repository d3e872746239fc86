import { describe, expect, it } from 'vitest';
import { parseSweepConfig } from '../../runtime/sweep/config.js';
import { requireFailures } from '../../runtime/sweep/gate.js';
import { combineRepeats } from '../../runtime/sweep/repeat.js';
import { analyse, goodputRps, kneeOf, paretoOf } from '../../runtime/sweep/result.js';
import type { SweepStep } from '../../runtime/sweep/step-result.js';
import { steadyRate } from '../../runtime/sweep/step-result.js';
import { renderSweepTable } from '../../runtime/sweep/table.js';

function step(i: number, value: number, over: Partial<SweepStep> = {}): SweepStep {
  return {
    step: i,
    value,
    kind: 'vus',
    startedAt: 0,
    firstIteration: 0,
    measureStart: 0,
    measureEnd: 10_000,
    lastResponse: 10_000,
    requests: 100,
    failed: 0,
    achievedRps: 10,
    steadyRps: 10,
    outputTokensPerSecond: 640,
    ttft: { p50: 50, p95: 60, p99: 70 },
    tpotP95: 10,
    e2eP95: 700,
    goodputPct: null,
    inFlight: value,
    slo: [],
    pass: true,
    saturation: { saturated: false, reasons: [] },
    ...over,
  };
}

describe('sweep result', () => {
  // Throughput rises linearly to 16 VUs, then stays flat; TTFT p99 explodes past 16.
  const values = [2, 4, 8, 16, 32, 24, 20, 18, 17];
  const steps = values.map((v, i) => {
    const tok = 96 * Math.min(v, 16);
    const p99 = v <= 16 ? 60 + v : 700;
    const pass = v <= 16;
    return step(i, v, {
      achievedRps: tok / 64,
      outputTokensPerSecond: tok,
      ttft: { p50: 50, p95: p99 - 5, p99 },
      pass,
      slo: [{ metric: 'llm_ttft', threshold: 'p(95)<300', observed: p99 - 5, ok: pass, margin: (300 - (p99 - 5)) / 300 }],
    });
  });
  const cfg = parseSweepConfig({ mode: 'list', values });
  const a = analyse(cfg, steps, { reason: 'planned' });

  it('finds max passing, first failing, max goodput and the binding SLO', () => {
    expect(a.maxPassing).toBe(16);
    expect(a.firstFailing).toBe(17);
    expect(a.maxGoodput).toEqual({ step: 3, value: 16, rps: 24 });
    expect(a.bindingSlo).toEqual({ metric: 'llm_ttft', threshold: 'p(95)<300', observed: 71, margin: (300 - 71) / 300 });
    expect(a.contradictions).toEqual([]);
  });

  it('finds the Pareto steps and the knee', () => {
    // Best throughput at the lowest TTFT p99 is 16 VUs; lighter steps have lower TTFT and less throughput.
    expect(a.pareto.sort((x, y) => x - y)).toEqual([0, 1, 2, 3]);
    expect(a.knee).toEqual({ step: 3, value: 16 });
    expect(kneeOf(steps.slice(0, 3))).toBeNull();
    // A straight line has no knee.
    expect(kneeOf([1, 2, 3, 4].map((v, i) => step(i, v, { outputTokensPerSecond: 100 * v })))).toBeNull();
    expect(paretoOf([step(0, 1, { ttft: { p50: 1, p95: 1, p99: null } })])).toEqual([]);
  });

  it('counts goodput from llm_goodput when the run has goodput SLOs', () => {
    expect(goodputRps(step(0, 1, { achievedRps: 10, goodputPct: 80 }))).toBe(8);
    expect(goodputRps(step(0, 1, { achievedRps: 10, pass: false }))).toBe(0);
    expect(goodputRps(step(0, 1, { achievedRps: 10, requests: 100, failed: 10 }))).toBe(9);
  });

  it('gates capacity with sweep.require', () => {
    expect(requireFailures({ max_passing: '>=16' }, a)).toEqual([]);
    expect(requireFailures({ max_passing: '>=17' }, a)).toEqual(["max_passing: '>=17' not met (observed 16)"]);
    expect(requireFailures({ max_goodput: '>30' }, a)).toEqual(["max_goodput: '>30' not met (observed 24)"]);
  });

  it('renders one row per step and the conclusions', () => {
    const text = renderSweepTable(steps, a, () => 'VUs');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^step\s+value\s+req\/s\s+out tok\/s\s+TTFT p50\s+TTFT p95\s+TTFT p99\s+TPOT p95\s+E2E p95\s+goodput\s+in-flight\s+result$/);
    expect(lines.filter((l) => /(pass|FAIL)$/.test(l))).toHaveLength(values.length);
    expect(text).toContain('max passing:   16 VUs');
    expect(text).toContain('first failing: 17 VUs');
    expect(text).toContain('knee:          step 3 (16)');
  });

  it("measures GuideLLM's steady throughput without the pipeline fill", () => {
    expect(steadyRate([1000, 1500, 2000, 2500])).toBe(3 / 1.5);
    expect(steadyRate([1000])).toBeNull();
  });

  it('combines repeats into means with a 95 % interval', () => {
    const c = combineRepeats([step(0, 4, { achievedRps: 10 }), step(0, 4, { achievedRps: 12 }), step(0, 4, { achievedRps: 14, pass: false })]);
    expect(c.achievedRps).toBe(12);
    expect(c.pass).toBe(false);
    expect(c.requests).toBe(300);
    expect(c.repeats?.achieved_rps?.n).toBe(3);
    expect(c.repeats?.achieved_rps?.stddev).toBeCloseTo(2, 12);
  });
});
